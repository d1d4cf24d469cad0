"""A build reads only the corpus: texts that are regular files inside the seeds folder,
named by the annotations; anything else in their place is `FILE[:LINE]: reason`, exit 2,
never a traceback and never a wait. And the fingerprint covers exactly what was read."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kg.annotations.text import MAX_TEXT_BYTES
from tests.conftest import MINI
from tests.hardening import kg

TEXT_LINE = 3  # where _name_text puts the `text:` field in mini.yaml


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copytree(MINI, tmp_path / "seeds")
    return tmp_path


def _name_text(seeds: Path, name: str) -> None:
    annotation = seeds / "mini.yaml"
    lines = annotation.read_text().splitlines(keepends=True)
    assert lines[1] == "document: mini\n"
    lines.insert(TEXT_LINE - 1, f"text: {name!r}\n")
    annotation.write_text("".join(lines))


@pytest.mark.parametrize("command", ["build", "validate"])
@pytest.mark.parametrize("name,reason", [
    ("../secret.txt", "is outside the seeds folder"),
    ("/etc/hostname", "is outside the seeds folder"),
    ("/dev/zero", "is outside the seeds folder"),
    ("inside-link.txt", "is outside the seeds folder"),  # a link in the folder, to outside
    ("sub", "is a directory, expected a file"),
    ("pipe", "is a FIFO (named pipe), expected a regular file"),
    ("missing.txt", "not found"),
])
def test_text_field_reads_only_regular_files_in_the_seeds_folder(work: Path, command: str,
                                                                  name: str, reason: str):
    seeds = work / "seeds"
    secret = "Sergei Lavrov hosted a secret line that must never be published"
    (work / "secret.txt").write_text(secret + "\n" + (seeds / "mini.txt").read_text())
    (seeds / "inside-link.txt").symlink_to(work / "secret.txt")
    (seeds / "sub").mkdir()
    os.mkfifo(seeds / "pipe")
    (seeds / "mini.txt").rename(seeds / "mini.text")  # so that no other problem hides it
    _name_text(seeds, name)
    args = ["--seeds", "seeds"] + (["--out", "exports"] if command == "build" else [])
    result = kg(command, *args, cwd=work, timeout=60)  # a FIFO must not be waited on
    assert result.returncode == 2, result.stdout
    assert f"seeds/mini.yaml:{TEXT_LINE}: text '{name}' {reason}" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list(work.glob("exports/*")) and secret not in result.stdout + result.stderr


def test_text_over_the_size_limit_is_refused_at_its_line(work: Path):
    seeds = work / "seeds"
    big = seeds / "big.txt"
    big.write_bytes((seeds / "mini.txt").read_bytes().ljust(MAX_TEXT_BYTES + 1, b" "))
    _name_text(seeds, "big.txt")
    result = kg("validate", "--seeds", "seeds", cwd=work)
    assert result.returncode == 2
    assert (f"seeds/mini.yaml:{TEXT_LINE}: text 'big.txt' is {MAX_TEXT_BYTES + 1:,} bytes, "
            f"over the {MAX_TEXT_BYTES:,}-byte limit") in result.stderr


def test_default_text_linking_outside_the_seeds_folder_is_refused(work: Path):
    seeds = work / "seeds"
    (seeds / "mini.txt").rename(work / "outside.txt")
    (seeds / "mini.txt").symlink_to(work / "outside.txt")
    result = kg("validate", "--seeds", "seeds", cwd=work)
    assert result.returncode == 2
    assert "seeds/mini.txt: links to a file that is outside the seeds folder" in result.stderr


def test_text_in_a_subfolder_of_the_seeds_folder_is_read(work: Path):
    seeds = work / "seeds"
    (seeds / "texts").mkdir()
    (seeds / "mini.txt").rename(seeds / "texts" / "mini.md")
    _name_text(seeds, "texts/mini.md")
    result = kg("validate", "--seeds", "seeds", cwd=work)
    assert result.returncode == 0, result.stderr


def test_fingerprint_covers_a_text_named_with_another_extension(work: Path):
    """Editing the text an annotation names by `text:` (not `*.txt`) must rebuild."""
    seeds = work / "seeds"
    (seeds / "mini.txt").rename(seeds / "mini.md")
    _name_text(seeds, "mini.md")
    assert kg("build", "--seeds", "seeds", cwd=work).returncode == 0
    assert "nothing to do" in kg("build", "--seeds", "seeds", cwd=work).stdout
    text = (seeds / "mini.md").read_text()
    assert "Sergei Lavrov" in text
    (seeds / "mini.md").write_text(text.replace("Sergei Lavrov", "Sergei  Lavrov", 1))
    again = kg("build", "--seeds", "seeds", cwd=work)
    assert again.returncode == 0, again.stderr
    assert "nothing to do" not in again.stdout
    assert "Sergei  Lavrov" in (work / "exports" / "kg.nq").read_text()


@pytest.mark.parametrize("command", ["build", "validate"])
def test_seeds_folder_entries_that_are_not_files_are_reported(work: Path, command: str):
    seeds = work / "seeds"
    (seeds / "loop.txt").symlink_to("loop.txt")
    (seeds / "gone.txt").symlink_to("nowhere.txt")
    (seeds / "folder.txt").mkdir()
    os.mkfifo(seeds / "pipe.txt")
    os.mkfifo(seeds / "pipe.yaml")
    result = kg(command, "--seeds", "seeds", cwd=work, timeout=60)
    assert result.returncode == 2, result.stdout
    assert "Traceback" not in result.stderr
    for expected in ("seeds/loop.txt: symbolic link loop",
                     "seeds/gone.txt: dangling symbolic link (to nowhere.txt)",
                     "seeds/folder.txt: is a directory, expected a file",
                     "seeds/pipe.txt: is a FIFO (named pipe), expected a regular file",
                     "seeds/pipe.yaml: is a FIFO (named pipe), expected a regular file"):
        assert expected in result.stderr, result.stderr


def test_streaming_build_refuses_a_text_outside_the_seeds_folder(work: Path):
    """The streaming build (large corpora) checks each annotation in worker processes:
    the same rule holds there."""
    seeds = work / "seeds"
    (work / "secret.txt").write_text((seeds / "mini.txt").read_text())
    _name_text(seeds, "../secret.txt")
    code = ("import sys; from kg import pipeline; from kg.errors import KgError\n"
            "try:\n"
            "    pipeline.build('seeds', 'exports', '.kg/store', streaming=True, workers=2)\n"
            "except KgError as exc:\n"
            "    print(exc); sys.exit(2)\n")
    import subprocess
    import sys
    result = subprocess.run([sys.executable, "-c", code], cwd=work, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert f"seeds/mini.yaml:{TEXT_LINE}: text '../secret.txt' is outside" in result.stdout


def test_a_build_that_cannot_start_creates_no_folders(tmp_path: Path):
    """A missing seeds folder is found before the store folder is claimed, and an output
    folder is made only when the exports are written: nothing is left behind."""
    result = kg("build", "--seeds", str(tmp_path / "nope"), "--store", "st/kg", "--out", "o",
                cwd=tmp_path)
    assert result.returncode == 2
    assert "nope: seeds folder not found" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "actors.yaml").write_text("actors: [\n")  # fails on its inputs
    result = kg("build", "--seeds", "seeds", "--store", "st/kg", "--out", "o", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert not (tmp_path / "o").exists()
