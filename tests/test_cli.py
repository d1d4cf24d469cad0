"""The command line as a user meets it: help, version, exit codes, no tracebacks."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest

from kg import __version__
from kg.cli import cli
from tests.conftest import ROOT, run_kg

COMMANDS = sorted(cli.commands)


def test_version():
    result = run_kg("--version")
    assert result.exit_code == 0 and __version__ in result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name):
    result = run_kg(name, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output, f"kg {name} --help shows no example"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme(name):
    assert f"kg {name}" in (ROOT / "README.md").read_text()


def test_every_option_has_help():
    for name, command in cli.commands.items():
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"kg {name} {param.opts[0]} has no help text"


def test_bad_input_through_a_real_process(tmp_path):
    """The installed entry point: exit code 2, the message on stderr, no traceback."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "actors.yaml").write_text("actors: [\n")
    proc = subprocess.run([sys.executable, "-m", "kg", "validate", "--seeds", str(seeds)],
                          capture_output=True, text=True, cwd=tmp_path, stdin=subprocess.DEVNULL)
    assert proc.returncode == 2
    assert "actors.yaml:2: YAML syntax error" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout


def test_stats_without_a_store_says_what_to_do(tmp_path):
    result = run_kg("stats", "--store", str(tmp_path / "none"), cwd=tmp_path)
    assert result.exit_code == 2
    assert "run `kg build` first" in result.output


def test_missing_seeds_folder(tmp_path):
    result = run_kg("validate", "--seeds", "nowhere", cwd=tmp_path)
    assert result.exit_code == 2 and "nowhere: seeds folder not found" in result.output
