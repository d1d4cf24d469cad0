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
