"""What a build says agrees with itself: the progress's store size is the summary's
`quads`, and a build with nothing to do says so once."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.conftest import MINI
from tests.hardening import kg


def test_build_progress_and_summary_count_the_same_quads(tmp_path: Path):
    shutil.copytree(MINI, tmp_path / "seeds")
    result = kg("build", "--seeds", "seeds", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    said = re.search(r"reconciled view: the store holds (\d+) quads", result.stderr)
    summary = re.search(r"^quads\s+(\d+)$", result.stdout, re.MULTILINE)
    assert said and summary, result.stderr + result.stdout
    assert said.group(1) == summary.group(1)


def test_a_build_with_nothing_to_do_says_so_once(tmp_path: Path):
    shutil.copytree(MINI, tmp_path / "seeds")
    assert kg("build", "--seeds", "seeds", cwd=tmp_path).returncode == 0
    result = kg("build", "--seeds", "seeds", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    both = result.stdout + result.stderr
    assert both.count("nothing to do: inputs unchanged") == 1
    assert "unchanged since" not in both and "up to date" not in both
