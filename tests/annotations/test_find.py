"""`kg find` and `near:`: pointing at one occurrence of a repeated quote without counting."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path

import yaml

from kg.annotations import load_corpus
from kg.annotations.find import find
from kg.annotations.text import Span
from tests.conftest import CORPUS, run_kg

_NUMBERED = re.compile(r'quote: ("[^"]*"|[^,{}"]+?), occurrence: (\d+)')


def _spans(value, seen=None) -> list[Span]:
    """Every resolved quote in a loaded document, in a stable order."""
    if isinstance(value, Span):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [s for f in dataclasses.fields(value) if f.name not in ("text", "path")
                for s in _spans(getattr(value, f.name))]
    if isinstance(value, list | tuple):
        return [s for item in value for s in _spans(item)]
    return []


def test_near_from_kg_find_selects_the_same_span_as_the_occurrence_it_replaces(tmp_path):
    """Every `occurrence: N` in the seed annotations, replaced by the near: that kg find
    suggests for occurrence N, must resolve to the very same span."""
    seeds = tmp_path / "seeds"
    shutil.copytree(CORPUS, seeds)
    before = {d.doc_id: _spans(d) for d in load_corpus(seeds).documents}
    replaced = kept = 0
    for path in sorted(seeds.glob("0*.yaml")):
        def anchor(match: re.Match, doc=path.stem) -> str:
            nonlocal replaced, kept
            quote, number = yaml.safe_load(match.group(1)), int(match.group(2))
            occurrences = find(seeds, doc, quote).occurrences
            near = occurrences[number - 1].near
            if near is None:  # a unique quote, or no words tell its sentence apart
                kept += 1
                return match.group(0)
            replaced += 1
            return f"quote: {match.group(1)}, near: {json.dumps(near, ensure_ascii=False)}"
        path.write_text(_NUMBERED.sub(anchor, path.read_text(encoding="utf-8")),
                        encoding="utf-8")
    assert "occurrence:" not in "".join(p.read_text() for p in seeds.glob("0*.yaml")) or kept
    after = {d.doc_id: _spans(d) for d in load_corpus(seeds).documents}
    assert after == before  # Span equality includes the occurrence number
    assert replaced >= 60, (replaced, kept)


def test_kg_find_prints_line_context_and_an_anchor_that_validates(mini_copy: Path):
    result = run_kg("find", "mini", "Moscow", "--seeds", "seeds", cwd=mini_copy.parent)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == '"Moscow" occurs 2 times in the body of seeds/mini.txt:'
    assert lines[1] == "  1. line 3: Lavrov Hosts Bayramov in [Moscow]"
    assert lines[3] == ("  2. line 5: … Foreign Minister Jeyhun Bayramov in [Moscow] on Tuesday, "
                        "the Russian ministry …")
    near = re.search(r'near: "([^"]+)"', lines[4]).group(1)
    assert "{quote: Moscow, occurrence: 2}" in lines[4]
    annotation = mini_copy / "mini.yaml"
    text = annotation.read_text(encoding="utf-8").replace(
        "{place: moscow, quote: Moscow, occurrence: 2}",
        f'{{place: moscow, quote: Moscow, near: "{near}"}}')
    annotation.write_text(text, encoding="utf-8")
    assert run_kg("validate", "--seeds", "seeds", cwd=mini_copy.parent).exit_code == 0


def test_kg_find_lists_inflected_forms_when_the_quote_is_only_inside_longer_words():
    result = run_kg("find", "002_5e2404ba774d2ddf", "Москва", "--seeds", str(CORPUS))
    assert result.exit_code == 1
    assert '"Москва" does not occur in the body of' in result.output
    assert 'longer forms of "Москва" in the body (quote them as written): Москвой' \
        in result.output


def test_kg_find_forms_are_body_words_starting_with_the_stem():
    found = find(CORPUS, "002_5e2404ba774d2ddf", "Азербайджан")
    body = found.text.text[found.text.body_start:found.text.body_end]
    for form, count in found.forms["Азербайджан"].items():
        assert form.startswith("Азербайджан") and form != "Азербайджан"
        assert len(re.findall(rf"(?<!\w){form}(?!\w)", body)) == count


def test_kg_find_unknown_document_is_exit_2_with_did_you_mean(mini_copy: Path):
    result = run_kg("find", "mnii", "Moscow", "--seeds", "seeds", cwd=mini_copy.parent)
    assert result.exit_code == 2
    assert "error: seeds: no article 'mnii' (no mnii.txt) (did you mean \"mini\"?)" \
        in result.output
    assert "Traceback" not in result.output


def test_kg_find_before_the_annotation_exists_searches_the_whole_text(mini_copy: Path):
    (mini_copy / "mini.yaml").unlink()
    result = run_kg("find", "mini.txt", "Moscow", "--seeds", "seeds", cwd=mini_copy.parent)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("note: no annotation yet: searching the whole text")
    assert '"Moscow" occurs 3 times' in result.output  # the footer counts too, until body:


def test_kg_find_with_a_broken_annotation_still_uses_its_body(mini_copy: Path):
    annotation = mini_copy / "mini.yaml"
    annotation.write_text(annotation.read_text(encoding="utf-8").replace(
        "status: planned", "status: plannd"), encoding="utf-8")
    result = run_kg("find", "mini", "Moscow", "--seeds", "seeds", cwd=mini_copy.parent)
    assert result.exit_code == 0, result.output
    assert "note: the annotation has problems" in result.output
    assert '"Moscow" occurs 2 times' in result.output


def test_printed_anchors_are_yaml_that_reads_back_as_the_quote_and_its_near():
    """A quote with a comma ("October 14, 2022") must be printed quoted, or the pasted
    mapping would end the quote at the comma."""
    quote = "October 14, 2022"
    result = run_kg("find", "004_1a4210c7dcf5edc4", quote, "--seeds", str(CORPUS))
    assert result.exit_code == 0, result.output
    found = find(CORPUS, "004_1a4210c7dcf5edc4", quote).occurrences
    pasted = [line.strip().split("  or  ") for line in result.output.splitlines()
              if line.startswith("     {")]
    assert len(pasted) == len(found) == 2
    for occurrence, (numbered, anchored) in zip(found, pasted, strict=True):
        assert yaml.safe_load(numbered) == {"quote": quote, "occurrence": occurrence.number}
        assert yaml.safe_load(anchored) == {"quote": quote, "near": occurrence.near}


def test_kg_find_skips_occurrences_inside_the_bodys_cut_outs(mini_copy: Path):
    # A "Read more" line excluded from the body: its Moscow is not an occurrence, so kg find
    # numbers occurrences as the loader does and never offers the cut-out one.
    text = mini_copy / "mini.txt"
    text.write_text(text.read_text(encoding="utf-8").replace(
        "the Russian ministry said.\n",
        "the Russian ministry said.\n\nRead more: Bayramov meets Lavrov in Moscow again\n"),
        encoding="utf-8")
    annotation = mini_copy / "mini.yaml"
    annotation.write_text(annotation.read_text(encoding="utf-8").replace(
        "    last: planned for November in Baku.\n",
        "    last: planned for November in Baku.\n"
        "    exclude:\n      - {first: Read more, last: Moscow again}\n"), encoding="utf-8")
    assert run_kg("validate", "--seeds", "seeds", cwd=mini_copy.parent).exit_code == 0
    result = run_kg("find", "mini", "Moscow", "--seeds", "seeds", cwd=mini_copy.parent)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == \
        '"Moscow" occurs 2 times in the body of seeds/mini.txt:'
    assert "again" not in result.output


def test_kg_find_reads_the_text_an_annotation_names_with_text_field(mini_copy: Path):
    """An annotation whose text is `text: 000_body.md`: kg find searches that file, as the
    loader does, instead of saying there is no article."""
    (mini_copy / "mini.txt").rename(mini_copy / "000_body.md")
    annotation = mini_copy / "mini.yaml"
    annotation.write_text(annotation.read_text(encoding="utf-8").replace(
        "document: mini\n", "document: mini\ntext: 000_body.md\n"), encoding="utf-8")
    assert run_kg("validate", "--seeds", "seeds", cwd=mini_copy.parent).exit_code == 0
    result = run_kg("find", "mini", "Moscow", "--seeds", "seeds", cwd=mini_copy.parent)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == \
        '"Moscow" occurs 2 times in the body of seeds/000_body.md:'


def test_kg_find_never_prints_control_characters_raw(mini_copy: Path):
    """An escape sequence in the quote is shown, not sent to the terminal, where it could
    retitle or clear it. (An article's text with one is refused by the loader.)"""
    hostile = "\x1b]0;pwned\x07"
    result = run_kg("find", "mini", hostile, "--seeds", "seeds", cwd=mini_copy.parent)
    assert result.exit_code == 1, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert '"\u241b]0;pwned\u2407" does not occur in the body of' in result.output
