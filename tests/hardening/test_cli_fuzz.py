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
from hypothesis import HealthCheck, example, given, settings
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


def _safe(token: str) -> str:
    # Random paths stay inside the test's folder: an -o must never land elsewhere.
    return token.replace("..", "__").lstrip("/") if token not in ("-", "--") else token


VALUE = st.one_of(st.sampled_from(AWKWARD), TEXT).map(_safe)


def _option(option: click.Option):
    """The option with a value, as a user would write it (a flag alone)."""
    names = st.sampled_from([*option.opts, *option.secondary_opts])
    if option.is_flag:
        return names.map(lambda name: [name])
    return st.tuples(names, VALUE).map(list)


def argv(command: click.Command, prefix: list[str]):
    """Options with values, bare values, and now and then a stray option name."""
    options = [p for p in command.params if isinstance(p, click.Option)]
    group = st.one_of(*map(_option, options), VALUE.map(lambda v: [v]),
                      st.sampled_from([n for p in options for n in p.opts]).map(lambda n: [n]))
    return st.lists(group, max_size=5).map(
        lambda groups: [*prefix, *(token for g in groups for token in g)])


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """A folder with the mini seeds and a store built from them, as the default places."""
    work = tmp_path_factory.mktemp("cli-fuzz")
    shutil.copytree(MINI, work / "seeds")
    result = run_kg("build", "--seeds", "seeds", "--store", "store", "--out", "exports",
                    cwd=work)
    assert result.exit_code == 0, result.output
    (work / "caf\udce9").mkdir()  # a folder whose name is not UTF-8
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
# Inputs that gave a traceback once, kept as examples so every run tries them.
@example(args=["query", "--graph", "000>", "-e", "ASK {}"])
@example(args=["query", "-e", "SELECT * { ?s ?p ?o }", "name=caf\udce9"])
@example(args=["query", "-e", "SELECT * { ?s ?p \"caf\udce9\" }"])
@example(args=["query", "9" * 4400])
def test_query_arguments_never_give_a_traceback(workdir: Path, args: list[str]):
    _run(workdir, args)


@FUZZ
@given(args=argv(cli.commands["validate"], ["validate"]))
@example(args=["validate", "--seeds", "9" * 4400])
def test_validate_arguments_never_give_a_traceback(workdir: Path, args: list[str]):
    _run(workdir, args)


@FUZZ
@given(args=argv(cli.commands["stats"], ["stats"]))
@example(args=["stats", "--store", "9" * 4400])
@example(args=["stats", "--store", "seeds"])
@example(args=["stats", "--store", "caf\udce9"])  # exists: made by the fixture
def test_stats_arguments_never_give_a_traceback(workdir: Path, args: list[str]):
    _run(workdir, args)


@FUZZ
@given(data=st.data())
def test_export_arguments_never_give_a_traceback(workdir: Path, data):
    name = data.draw(st.sampled_from(sorted(EXPORT.commands)))
    _run(workdir, data.draw(argv(EXPORT.commands[name], ["export", name])))


@pytest.mark.parametrize("args", [["export", "gexf", "-o", "caf\udce9.gexf"],
                                  ["export", "graphml", "-o", "9" * 4400]])
def test_export_to_awkward_file_names_gives_no_traceback(workdir: Path, args: list[str]):
    _run(workdir, args)
