"""Examples in the documentation work when pasted."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from tests.conftest import CORPUS, ROOT, SEEDS, run_kg


def _yaml_blocks(markdown: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", markdown, flags=re.S)


def test_annotation_example_in_seeds_readme_validates(tmp_path):
    blocks = _yaml_blocks((SEEDS / "README.md").read_text(encoding="utf-8"))
    article = next(b for b in blocks if b.startswith("document:"))
    doc_id = yaml.safe_load(article)["document"]
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(CORPUS / "actors.yaml", seeds)
    shutil.copy(CORPUS / f"{doc_id}.txt", seeds)
    (seeds / f"{doc_id}.yaml").write_text(article, encoding="utf-8")
    result = run_kg("validate", "--seeds", "seeds", cwd=tmp_path)
    assert result.exit_code == 0, result.output


def test_registry_example_in_seeds_readme_loads(tmp_path):
    blocks = _yaml_blocks((SEEDS / "README.md").read_text(encoding="utf-8"))
    registry = next(b for b in blocks if b.startswith("actors:"))
    data = yaml.safe_load(registry)
    # The example is an excerpt: complete it with the ids it refers to, then load it.
    data["actors"] += [{"id": "osce", "type": "igo", "name": {"en": "OSCE"}},
                       {"id": "fra", "type": "state", "iso3166": "FRA", "name": {"en": "France"}},
                       {"id": "tur", "type": "state", "iso3166": "TUR", "name": {"en": "Turkey"}}]
    (tmp_path / "actors.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    from kg.annotations import load_registry

    registry = load_registry(tmp_path / "actors.yaml")
    assert registry.actors["sergei-lavrov"].posts[0].post == "rus-foreign-minister"


def test_readme_quickstart_is_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^\$ (.+)$", quick, flags=re.M)
    assert commands[:2] == ["pip install . && kg build",
                            "pip install -e '.[test]' && python -m pytest"]
    ci = (ROOT / ".ci" / "run").read_text()
    assert "pip install -e '.[test]' && python -m pytest" in ci


def _console_sessions(markdown: str, program: str):
    """(command, expected output) pairs from ```console blocks, for commands of `program`."""
    import shlex

    for block in re.findall(r"```console\n(.*?)```", markdown, flags=re.S):
        lines = block.splitlines()
        i = 0
        while i < len(lines):
            if not lines[i].startswith("$ "):
                i += 1
                continue
            command = lines[i][2:]
            while True:  # a quoted query may continue over several lines
                try:
                    argv = shlex.split(command)
                    break
                except ValueError:
                    i += 1
                    command += "\n" + lines[i]
            i += 1
            output = []
            while i < len(lines) and not lines[i].startswith("$ "):
                output.append(lines[i])
                i += 1
            if argv[:2] == ["kg", program]:
                yield argv[1:], "\n".join(output).strip()


def test_readme_query_sessions_print_what_the_readme_shows(built_corpus):
    sessions = list(_console_sessions((ROOT / "README.md").read_text(encoding="utf-8"),
                                      "query"))
    assert len(sessions) >= 5
    for argv, expected in sessions:
        result = run_kg(*argv, "--store", str(built_corpus / ".kg" / "store"))
        assert result.exit_code == 0, (argv, result.output)
        actual = "\n".join(line.rstrip() for line in result.output.strip().splitlines())
        assert actual == "\n".join(line.rstrip() for line in expected.splitlines()), argv


def _readme_sparql(markdown: str) -> list[str]:
    """Every SPARQL text the README gives: `kg query -e '...'` and curl's `query=...`."""
    import shlex

    found = []
    for block in re.findall(r"```console\n(.*?)```", markdown, flags=re.S):
        for command in re.split(r"^\$ ", block, flags=re.M)[1:]:
            try:
                argv = shlex.split(command.replace("\\\n", " "))
            except ValueError:
                continue
            if argv[:2] == ["kg", "query"]:
                found += [argv[i + 1] for i, a in enumerate(argv[:-1])
                          if a in ("-e", "--expression")]
            found += [a.removeprefix("query=") for a in argv if a.startswith("query=")]
    return found


def test_readme_sparql_examples_are_standard_sparql():
    """Pasted into Jena or rdflib, where nothing is predefined, each example parses."""
    from rdflib.plugins.sparql import prepareQuery

    examples = _readme_sparql((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(examples) >= 4
    for text in examples:
        prepareQuery(text, initNs={})


def test_readme_build_summary_is_what_kg_build_prints(built_corpus):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ kg build\n", 1)[1].split("```", 1)[0]
    shown = [line for line in block.splitlines() if line.split(" ", 1)[0] in SUMMARY_KEYS]
    result = run_kg("stats", "--store", str(built_corpus / ".kg" / "store"))
    assert result.exit_code == 0
    assert shown == result.output.strip().splitlines()


SUMMARY_KEYS = {"articles", "actors", "places", "posts", "meetings", "participations",
                "statements", "mentions", "graphs", "quads"}


@pytest.mark.parametrize("program", ["find", "meetings"])
def test_readme_annotating_sessions_print_what_the_readme_shows(tmp_path, program):
    shutil.copytree(CORPUS, tmp_path / "seeds")
    sessions = list(_console_sessions((ROOT / "README.md").read_text(encoding="utf-8"),
                                      program))
    assert sessions
    for argv, expected in sessions:
        result = run_kg(*argv, cwd=tmp_path)
        assert result.exit_code in (0, 1), (argv, result.output)  # find: 1 = not found
        assert result.output.strip() == expected, argv


def test_near_example_in_seeds_readme_is_the_one_in_its_annotation_example():
    readme = (SEEDS / "README.md").read_text(encoding="utf-8")
    article = next(b for b in _yaml_blocks(readme) if b.startswith("document:"))
    assert "{actor: dmitry-peskov, quote: Peskov, near: added without elaborating}" in article
    assert "{value: 2023-10-04, quote: Wednesday, near: told reporters}" in article
