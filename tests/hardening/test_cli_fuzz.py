"""Property-based tests of the command line itself: whatever arguments `kg query`,
`validate`, `export` and `stats` are given, they answer with output or a message and exit
0, 1 or 2. Never a traceback.

Arguments are drawn from each command's real option names, values that have broken it
before (an IRI-breaking graph name, bytes that are not UTF-8, escape sequences, a huge
number) and random text. The examples per command are KG_FUZZ_EXAMPLES (default 100, the
same every run); set it for a longer run that explores new ones:
    KG_FUZZ_EXAMPLES=2000 python -m pytest tests/hardening/test_cli_fuzz.py
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.cli import cli
from tests.conftest import MINI, run_kg

EXAMPLES = int(os.environ.get("KG_FUZZ_EXAMPLES", "100"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                derandomize="KG_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

# Values that broke a command once, or sit on a boundary.
AWKWARD = ["-", "--", "", " ", "000>", "a b", "x=y", "=", "actor=", "\udcff", "caf\udce9",
           "\x1b]0;owned\x07", "\x01", "\u200b", "\udc80", "9" * 4400, "-1", "0",
           "2020-02-30", "2020-10-01", "9999-12-31", "SELECT * { ?s ?p ?o }", "ASK {}",
           "SERVICE", "{", "<>", "<http://x/>", "actor:sergei-lavrov", "lavrov", "Лавров",
           "meetings-of", "timeline", "all", "occurred", "person", "nt", "csv", "table",
           "seeds", "store", "out.graphml", "missing.rq", "README.md", ".", "x.rq"]
# What a real command line can hold: no NUL (argv entries are C strings), and of the
# surrogates only U+DC80-U+DCFF, which is how Python passes on bytes that are not UTF-8.
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"], exclude_characters="\x00")
               | st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF), max_size=20)


def _options(command: click.Command) -> list[str]:
    return sorted({name for p in command.params if isinstance(p, click.Option)
                   for name in [*p.opts, *p.secondary_opts]})


def _safe(token: str) -> str:
    # Random paths stay inside the test's folder: an -o must never land elsewhere.
    return token.replace("..", "__").lstrip("/") if token not in ("-", "--") else token


def argv(command: click.Command, prefix: list[str]):
    token = st.one_of(st.sampled_from(_options(command)), st.sampled_from(AWKWARD), TEXT)
    return st.lists(token, max_size=6).map(lambda tokens: [*prefix, *map(_safe, tokens)])


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """A folder with the mini seeds and a store built from them, as the default places."""
    work = tmp_path_factory.mktemp("cli-fuzz")
    shutil.copytree(MINI, work / "seeds")
    result = run_kg("build", "--seeds", "seeds", "--store", "store", "--out", "exports",
                    cwd=work)
    assert result.exit_code == 0, result.output
    return work


def _run(workdir: Path, args: list[str]) -> None:
    old = Path.cwd()
    os.chdir(workdir)
    try:
        result = CliRunner().invoke(cli, args, env={"KG_STORE": "store"})
    finally:
        os.chdir(old)
    shown = f"kg {args!r}\n{result.output}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{shown}\nraised {result.exception!r}") from result.exception
    assert result.exit_code in (0, 1, 2), shown
    assert "Traceback" not in result.output, shown


EXPORT = cli.commands["export"]


@FUZZ
@given(args=argv(cli.commands["query"], ["query"]))
def test_query_arguments_never_give_a_traceback(workdir: Path, args: list[str]):
    _run(workdir, args)


@FUZZ
@given(args=argv(cli.commands["validate"], ["validate"]))
def test_validate_arguments_never_give_a_traceback(workdir: Path, args: list[str]):
    _run(workdir, args)


@FUZZ
@given(args=argv(cli.commands["stats"], ["stats"]))
def test_stats_arguments_never_give_a_traceback(workdir: Path, args: list[str]):
    _run(workdir, args)


@FUZZ
@given(data=st.data())
def test_export_arguments_never_give_a_traceback(workdir: Path, data):
    name = data.draw(st.sampled_from(sorted(EXPORT.commands)))
    _run(workdir, data.draw(argv(EXPORT.commands[name], ["export", name])))
