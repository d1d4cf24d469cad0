"""`kg query` and `kg stats` against hostile input: escape sequences in data, bytes that are
not UTF-8, a damaged store, and a result too big to hold in memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.query import table
from tests.conftest import MINI, run_kg


@pytest.fixture(scope="module")
def mini_store(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("mini-store")
    result = run_kg("build", "--seeds", str(MINI), "--store", str(work / "store"),
                    "--out", str(work / "out"), cwd=work)
    assert result.exit_code == 0, result.output
    return work / "store"


def _kg(*args: str, stdin: bytes | None = None):
    return CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=False)


# A window title change, a bell, and "clear the screen": what a hostile value would send.
HOSTILE = r'"\u001B]0;owned\u0007\u001B[2J\u009B31m"'


def test_table_shows_escape_sequences_instead_of_sending_them(mini_store: Path):
    result = _kg("query", "--store", str(mini_store), "-e",
                 f"SELECT ?x WHERE {{ BIND({HOSTILE} AS ?x) }}")
    assert result.exit_code == 0, result.output
    assert not any(ord(c) < 0x20 and c != "\n" or 0x7F <= ord(c) <= 0x9F for c in result.output)
    assert "␛]0;owned␇␛[2J\\x9b31m" in result.output


def test_csv_output_keeps_data_exact(mini_store: Path):
    # Machine formats are not for terminals: they carry the value as it is.
    result = _kg("query", "--store", str(mini_store), "-f", "json", "-e",
                 f"SELECT ?x WHERE {{ BIND({HOSTILE} AS ?x) }}")
    value = json.loads(result.output)["results"]["bindings"][0]["x"]["value"]
    assert value == "\x1b]0;owned\x07\x1b[2J\x9b31m"


def test_query_from_non_utf8_stdin_names_the_line(mini_store: Path):
    result = _kg("query", "--store", str(mini_store), "-",
                 stdin=b"SELECT * WHERE {\n  ?s ?p \"Mosc\xe9w\" }\n")
    assert result.exit_code == 2
    assert "<stdin>:2: not valid UTF-8 (byte 0xe9" in result.output


def test_non_utf8_command_line_argument_is_refused(mini_store: Path):
    # Python hands undecodable argv bytes over as lone surrogates.
    result = _kg("query", "--store", str(mini_store), "-e",
                 "SELECT * WHERE { ?s ?p ?o }", "name=\udcff")
    assert result.exit_code == 2
    assert "argument 'name=\\udcff' is not valid UTF-8" in result.output


@pytest.mark.parametrize("command", [["query", "-e", "ASK { ?s ?p ?o }"], ["stats"]])
@pytest.mark.parametrize("damage", ["garbage CURRENT", "empty folder", "truncated tables"])
def test_damaged_store_gives_a_message_not_a_traceback(tmp_path: Path, mini_store: Path,
                                                       command: list[str], damage: str):
    store = tmp_path / "store"
    if damage == "empty folder":
        store.mkdir()
    elif damage == "garbage CURRENT":
        store.mkdir()
        (store / "CURRENT").write_bytes(os.urandom(64))
        (store / "000001.sst").write_bytes(os.urandom(4096))
    else:
        import shutil

        shutil.copytree(mini_store.resolve(), store)
        for table in store.glob("*.sst"):
            with table.open("r+b") as f:
                f.truncate(100)
    result = _kg(*command, "--store", str(store))
    assert result.exit_code == 2, result.output
    assert f"cannot open the store at {store}" in result.output


def test_table_widths_come_from_the_first_rows_and_later_rows_stream():
    class Var:
        def __init__(self, value):
            self.value = value

    class Solutions:  # the shape of pyoxigraph's QuerySolutions the table reads
        variables = [Var("x")]

        def __iter__(self):
            import pyoxigraph as ox

            for i in range(table.SIZING_ROWS + 2):
                yield {"x": ox.Literal("wide" * 5 if i == table.SIZING_ROWS + 1 else "a")}

    lines = list(table.render_lines(Solutions(), None))
    assert lines[1] == "-"  # one column, as wide as its name and the first rows
    assert lines[-2] == "wide" * 5  # printed whole, though wider than the column
    assert lines[-1] == f"({table.SIZING_ROWS + 2} rows)"


# Peak memory of a child process, measured by a parent that runs nothing else.
_PEAK = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
sys.stderr.write(done.stderr.decode(errors="replace"))
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
"""


@pytest.mark.parametrize("fmt", ["csv", "table"])
def test_large_result_streams_in_bounded_memory(mini_store: Path, fmt: str):
    """A cross product of 300,000 rows (about 50 MB of CSV): buffered, the old code's peak
    grew by the size of the output; streamed, it stays at the interpreter's own size."""
    rows = 300_000
    sparql = f"SELECT * WHERE {{ ?a ?b ?c . ?d ?e ?f }} LIMIT {rows}"
    kg = [sys.executable, "-m", "kg", "query", "--store", str(mini_store), "-f", fmt,
          "-e", sparql]
    small = subprocess.run([sys.executable, "-c", _PEAK, *kg[:-1], sparql.replace(
        str(rows), "10")], capture_output=True, text=True, check=True)
    big = subprocess.run([sys.executable, "-c", _PEAK, *kg], capture_output=True, text=True,
                         check=True)
    (code_small, peak_small), (code_big, peak_big) = (map(int, r.stdout.split())
                                                      for r in (small, big))
    assert code_small == code_big == 0, big.stderr
    assert peak_big - peak_small < 40, f"peak {peak_small} MB for 10 rows, {peak_big} MB " \
        f"for {rows:,}"


def test_error_messages_show_control_characters_instead_of_sending_them(mini_store: Path):
    result = _kg("query", "--store", str(mini_store), "--graph", "\x1b]0;owned\x07",
                 "-e", "ASK { ?s ?p ?o }")
    assert result.exit_code == 2
    assert "graph=␛]0;owned␇: not a document id" in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output


def test_a_file_and_standard_input_report_bad_utf8_in_one_wording(tmp_path: Path):
    """files.read_utf8 no longer repeats characters.decode_utf8: a file and standard input
    with the same bytes give the same line and reason."""
    from kg.annotations.files import read_utf8
    from kg.characters import decode_utf8
    from kg.errors import KgError

    raw = "Москва\nMosc".encode() + b"\xe9w\n"
    (tmp_path / "a.txt").write_bytes(raw)
    messages = []
    for read in (lambda: read_utf8(tmp_path / "a.txt", 1 << 20),
                 lambda: decode_utf8(raw, str(tmp_path / "a.txt"))):
        with pytest.raises(KgError) as caught:
            read()
        messages.append(str(caught.value).replace(str(tmp_path) + "/", ""))
    assert messages[0] == messages[1]
    assert "a.txt:2: not valid UTF-8 (byte 0xe9 at offset 17)" in messages[0]
