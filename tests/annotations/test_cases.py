"""The case catalogue: each file under tests/cases/ edits a copy of the mini corpus and
states what `kg validate` must say about it.

A case file has:
  description: what is wrong (or, under valid/, what unusual input must still work)
  edit:        {file: [{find: ..., replace: ...}]}  textual edits; each `find` must occur once.
               An edit may add `expand: {PLACEHOLDER: [text, count]}`: each placeholder in
               `replace` becomes `text` repeated `count` times (a 4,400-digit number,
               nesting 500 levels deep) without writing it out here.
  write:       {file: text}  files to create or replace
  rename:      {file: new name}
  transform:   {file: bom | crlf | cr | latin-1 | empty | delete | huge}
  setup:       [kg arguments], commands that must succeed first (e.g. a build)
  command:     the kg arguments to run (default: validate --seeds seeds)
  expect:      [substrings of the error output]  (invalid cases only; exit code 2)
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, run_kg

CASES = ROOT / "tests" / "cases"


def _cases(kind: str) -> list[Path]:
    return sorted((CASES / kind).glob("*.yaml"))


def apply_case(case: dict, seeds: Path) -> None:
    for name, edits in (case.get("edit") or {}).items():
        path = seeds / name
        text = path.read_text(encoding="utf-8")
        for edit in edits:
            count = text.count(edit["find"])
            assert count == 1, f"case is broken: {edit['find']!r} occurs {count} times in {name}"
            replacement = edit["replace"]
            for placeholder, (unit, times) in (edit.get("expand") or {}).items():
                replacement = replacement.replace(placeholder, unit * times)
            text = text.replace(edit["find"], replacement)
        path.write_text(text, encoding="utf-8")
    for name, content in (case.get("write") or {}).items():
        (seeds / name).parent.mkdir(parents=True, exist_ok=True)
        (seeds / name).write_text(content, encoding="utf-8")
    for name, new_name in (case.get("rename") or {}).items():
        (seeds / name).rename(seeds / new_name)
    for name, how in (case.get("transform") or {}).items():
        path = seeds / name
        if how == "delete":
            path.unlink()
            continue
        path.write_bytes(_transformed(path.read_text(encoding="utf-8"), how))


def _transformed(text: str, how: str) -> bytes:
    if how == "bom":
        return b"\xef\xbb\xbf" + text.encode()
    if how == "crlf":
        return text.replace("\n", "\r\n").encode()
    if how == "cr":  # classic Mac OS line ends
        return text.replace("\n", "\r").encode()
    if how == "latin-1":
        # Encodable as Latin-1, with one non-ASCII letter so the UTF-8 check has a byte to name.
        plain = text.replace("“", '"').replace("”", '"').replace("–", "-")
        return plain.encode("latin-1").replace(b"Moscow", b"Moskv\xe1")
    if how == "empty":
        return b""
    if how == "huge":
        # Past the size limits (5 MB for YAML, 2 MB for a text): a pasted corpus, not a file.
        return text.encode() + b"# padding\n" * 700_000
    raise ValueError(f"unknown transform {how!r}")


@pytest.mark.parametrize("case_path", _cases("invalid"), ids=lambda p: p.stem)
def test_invalid_case(case_path: Path, mini_copy: Path):
    case = yaml.safe_load(case_path.read_text(encoding="utf-8"))
    apply_case(case, mini_copy)
    for command in case.get("setup", []):
        assert run_kg(*command, cwd=mini_copy.parent).exit_code == 0, command
    result = run_kg(*case.get("command", ["validate", "--seeds", "seeds"]), cwd=mini_copy.parent)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for expected in case["expect"]:
        assert expected in result.output, f"expected {expected!r} in:\n{result.output}"


@pytest.mark.parametrize("case_path", _cases("valid"), ids=lambda p: p.stem)
def test_valid_case(case_path: Path, mini_copy: Path):
    case = yaml.safe_load(case_path.read_text(encoding="utf-8"))
    apply_case(case, mini_copy)
    result = run_kg("validate", "--seeds", "seeds", cwd=mini_copy.parent)
    assert result.exit_code == 0, result.output
    for expected in case.get("expect", []):
        assert expected in result.output


def test_catalogue_is_not_empty():
    assert len(_cases("invalid")) >= 15
