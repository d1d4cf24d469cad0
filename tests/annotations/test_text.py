"""Quote resolution: offsets in NFC code points, word boundaries, sentences."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from kg.annotations.text import ArticleText, sentence_bounds
from kg.errors import KgError, Problems


def article(tmp_path: Path, data: bytes) -> ArticleText:
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    return ArticleText.load(path)


def resolve(text: ArticleText, quote: str, occurrence=None):
    problems = Problems("a.yaml")
    span = text.resolve(quote, occurrence, problems, 1)
    return span, [p.message for p in problems.items]


def test_offsets_are_code_points_of_the_nfc_text(tmp_path):
    # "Çavuşoğlu" written with combining marks (NFD) is 12 code points; NFC makes it 9.
    decomposed = unicodedata.normalize("NFD", "Minister Çavuşoğlu said.")
    text = article(tmp_path, decomposed.encode())
    span, problems = resolve(text, "Çavuşoğlu")
    assert problems == []
    assert (span.start, span.end) == (9, 18)
    assert text.text[span.start:span.end] == "Çavuşoğlu"


def test_bom_is_dropped_and_crlf_kept(tmp_path):
    text = article(tmp_path, b"\xef\xbb\xbfFirst line.\r\nLavrov spoke.\r\n")
    span, _ = resolve(text, "Lavrov")
    assert text.text.startswith("First")
    assert span.start == len("First line.\r\n")


def test_word_boundaries(tmp_path):
    text = article(tmp_path, b"Russian officials said Russia would host.")
    span, problems = resolve(text, "Russia")
    assert problems == [] and span.start == 23


def test_cyrillic_inflection_is_not_a_match(tmp_path):
    text = article(tmp_path, "Бои в Карабахе продолжаются.".encode())
    assert resolve(text, "Карабах")[0] is None
    assert resolve(text, "Карабахе")[0].start == 6


def test_quote_starting_with_punctuation(tmp_path):
    text = article(tmp_path, "He said: “Talks took place,” adding more.".encode())
    span, problems = resolve(text, "“Talks took place,”")
    assert problems == [] and text.text[span.start] == "“"


def test_occurrence_selects_in_reading_order(tmp_path):
    text = article(tmp_path, b"Moscow said. Then Moscow agreed. Moscow.")
    assert resolve(text, "Moscow", 3)[0].start == 33
    assert "ambiguous" in resolve(text, "Moscow")[1][0]


def test_case_difference_is_suggested(tmp_path):
    text = article(tmp_path, b"The Kremlin confirmed it.")
    _, problems = resolve(text, "the kremlin")
    assert 'did you mean "The Kremlin"? case differs' in problems[0]


@pytest.mark.parametrize("sentence", [
    "The ministers visited Moscow ahead of meetings with U.S. Secretary of State Mike Pompeo "
    "on Friday.",
    "Talks took place on Sept. 17 in Istanbul.",
])
def test_abbreviations_do_not_end_sentences(sentence):
    text = f"Before. {sentence} After this."
    start = text.index(sentence)
    quote_at = text.index("Pompeo" if "Pompeo" in sentence else "Istanbul")
    assert sentence_bounds(text, quote_at, quote_at + 3) == (start, start + len(sentence))


def test_sentence_stops_at_line_break():
    text = "Headline without stop\nBody sentence one. Body two."
    at = text.index("one")
    assert text[slice(*sentence_bounds(text, at, at + 3))] == "Body sentence one."


def test_not_utf8_names_line(tmp_path):
    with pytest.raises(KgError) as err:
        article(tmp_path, b"ok\nbad \xff byte")
    assert ":2: not valid UTF-8" in str(err.value)


def test_cr_only_text_counts_lines_and_keeps_sentences_to_their_line(tmp_path):
    # Classic Mac OS line ends: before, every quote was "on line 1".
    text = article(tmp_path, b"Title\rLavrov met Bayramov\rLavrov spoke.\r")
    first, second = text.occurrences("Lavrov")
    assert (text.line_at(first.start()), text.line_at(second.start())) == (2, 3)
    span, _ = resolve(text, "Bayramov")
    assert text.sentence(span) == "Lavrov met Bayramov"


def test_quote_ending_before_a_combining_mark_is_not_an_occurrence(tmp_path):
    # "за́мок" keeps its stress accent as a separate code point even in NFC.
    text = article(tmp_path, "Это за\u0301мок и за городом.".encode())
    span, problems = resolve(text, "за")
    assert problems == [] and text.text[span.end] == " "  # the whole word "за" only
    span, problems = resolve(text, "Это за")
    assert span is None
    assert "ends inside a character" in problems[0]
    assert "U+0301 COMBINING ACUTE ACCENT" in problems[0]


def test_quote_starting_on_a_combining_mark_is_refused(tmp_path):
    text = article(tmp_path, "Baku\u0332 city".encode())
    span, problems = resolve(text, "\u0332 city")
    assert span is None and "ends inside a character" in problems[0]


@pytest.mark.parametrize("char", ["\x00", "\x0b", "\x0c", "\x1b", "\x7f", "\x9b"])
def test_control_characters_in_a_text_are_refused_with_the_line(tmp_path, char):
    with pytest.raises(KgError) as caught:
        article(tmp_path, f"Title\r\nLavrov{char} spoke.\n".encode())
    problem = caught.value.problems[0]
    assert problem.line == 2 and problem.message.startswith("control character U+")


def test_near_miss_names_an_invisible_difference(tmp_path):
    text = article(tmp_path, b"Lavrov met Bayramov in Moscow.")
    _, problems = resolve(text, "met Bayramov\u200b")
    assert 'did you mean "met Bayramov"? they differ by U+200B ZERO WIDTH SPACE' in problems[0]
