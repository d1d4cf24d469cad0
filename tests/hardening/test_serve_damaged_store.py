"""`kg serve` on a damaged store: the same message as `kg query` gives, exit code 2 at
start, and no worker traceback on stderr."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.hardening import kg


@pytest.mark.parametrize("writable", [False, True])
def test_serve_on_a_damaged_store_says_why_without_a_traceback(built_corpus: Path,
                                                                tmp_path: Path,
                                                                writable: bool):
    store = tmp_path / "store"
    shutil.copytree((built_corpus / ".kg" / "store").resolve(), store)
    (store / "CURRENT").write_text("garbage\n")
    options = ["--allow-update"] if writable else []
    result = kg("serve", "--host", "127.0.0.1", "--port", "0", "--store", str(store),
                *options, cwd=tmp_path, timeout=90)
    assert result.returncode == 2, result.stderr
    assert "error: cannot open the store at store: Corruption" in result.stderr
    assert "rebuild it with `kg build --force`" in result.stderr
    assert "Traceback" not in result.stderr
    assert "SPARQL endpoint" not in result.stdout
