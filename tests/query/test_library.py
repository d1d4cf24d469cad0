"""The query library as a reader meets it: every file says what it answers, with an example."""

from __future__ import annotations

import re

import pytest

from kg.errors import KgError
from kg.query.library import QueryLibrary, parse_header
from kg.query.params import TYPES
from tests.conftest import run_kg

NAMES = QueryLibrary().names()


def test_at_least_fifteen_queries():
    assert len(NAMES) >= 15


@pytest.mark.parametrize("name", NAMES)
def test_header_says_what_it_answers_with_parameters_and_an_example(name, library):
    entry = library[name]
    assert entry.title and len(entry.description) > 40, name
    assert entry.examples and all(e.startswith(f"kg query {name}") for e in entry.examples)
    for param in entry.params:
        assert param.type in TYPES, f"{name}: ?_{param.name} has unknown type {param.type}"
        # Oxigraph substitutes only variables the query projects (or, for CONSTRUCT and
        # ASK, uses anywhere), so each parameter must appear in the query's text.
        body = entry.text.split("\n\n", 1)[1]
        assert f"?_{param.name}" in body, f"{name}: ?_{param.name} is documented but unused"
    used = set(re.findall(r"\?_(\w+)", entry.text.split("\n\n", 1)[1]))
    assert used == {p.name for p in entry.params}, f"{name}: undocumented parameters"


@pytest.mark.parametrize("name", NAMES)
def test_the_first_example_runs(name, built_corpus):
    example = QueryLibrary()[name].examples[0]
    args = example.split()[2:]
    result = run_kg("query", *args, "--store", str(built_corpus / ".kg" / "store"))
    assert result.exit_code == 0, result.output
    assert result.output.strip()


@pytest.mark.parametrize("name", NAMES)
def test_every_library_file_is_standard_sparql_with_its_own_prefixes(name, library):
    """Pasted into Jena, Virtuoso or rdflib, the file parses as it is: no prefix is
    predefined there (issue 16)."""
    from rdflib.plugins.sparql import prepareQuery

    prepareQuery(library[name].text, initNs={})


@pytest.mark.parametrize("name", NAMES)
def test_every_default_lives_in_the_file_too(name, library):
    """A parameter with a default is given it in the file (COALESCE), so the same file run
    elsewhere, with the parameter unbound, answers as `kg query` does."""
    entry = library[name]
    for param in entry.params:
        if param.default is not None:
            assert f'COALESCE(?_{param.name}, "{param.default}")' in entry.text, param.name


@pytest.mark.parametrize("name", NAMES)
def test_the_file_names_its_dataset(name, library):
    """kg runs a library file on the dataset it names, so the file says where its answer
    comes from: FROM (the reconciled view, the registry) or explicit GRAPH patterns."""
    body = re.sub(r"#[^\n]*", "", library[name].text)
    assert re.search(r"^FROM\b", body, re.M) or "GRAPH " in body, name


def test_list_shows_every_query_with_its_parameters():
    result = run_kg("query", "--list")
    assert result.exit_code == 0
    for name in NAMES:
        assert re.search(rf"^{re.escape(name)}$", result.output, re.M)
    assert "actor=  (actor)" in result.output and f"{len(NAMES)} queries" in result.output


def test_header_parsing_defaults_and_optional():
    title, description, params, examples = parse_header(
        "# A title\n#\n# What it does.\n#\n# Parameters:\n"
        "#   ?_who   actor  someone\n#   ?_from  date   a start (optional)\n"
        "#   ?_lang  lang   labels (default: ru)\n#\n# Example:\n#   kg query x lavrov\n"
        "SELECT ?_who WHERE {}\n")
    assert (title, description, examples) == ("A title", "What it does.", ["kg query x lavrov"])
    assert [(p.name, p.required, p.default) for p in params] == [
        ("who", True, None), ("from", False, None), ("lang", False, "ru")]


def test_a_malformed_parameter_line_names_file_and_line():
    with pytest.raises(KgError, match=r"x.rq:3: parameter line"):
        parse_header("# T\n# Parameters:\n#   actor without question mark\n", "x.rq")


def test_unknown_name_suggests_the_nearest(library):
    with pytest.raises(KgError, match="did you mean 'meetings-of'"):
        library["meeting-of"]
