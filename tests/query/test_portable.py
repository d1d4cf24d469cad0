"""The library files run elsewhere: rdflib's SPARQL engine, which nobody here wrote, on the
exported TriG of the fixture corpus, with only the PREFIX lines, FROM clauses and defaults
the files carry, gives the same answer as `kg query`.

Only each example's own values are bound (as initBindings, the way another client binds a
variable); the defaults `kg` would fill in (?_lang) are left to the file's COALESCE.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.plugins import sparql as rdflib_sparql

from kg.query import QueryLibrary
from kg.query.params import Resolver, bind, values_from_args

LIBRARY = QueryLibrary()
SELECTS = [q.name for q in LIBRARY if not q.text.split("\n\n")[-1].lstrip().startswith(
    ("CONSTRUCT", "DESCRIBE"))]
# Parameters for queries whose examples name seed meetings the fixture corpus lacks.
FIXTURE_VALUES = {
    "meeting-sides": ["2020-10-14-istanbul-consultations"],
    "accounts": ["2020-10-lavrov-bayramov-moscow"],
    "status-history": ["2020-10-23-pompeo-mnatsakanyan-bayramov"],
    "posts-on-meeting-date": [],
    "statements-about": [],
    "sources-per-meeting": ["2020-10-27-lavrov-mnatsakanyan-call"],
    "meetings-by-status": [],
    "meetings-by-cameo": ["043"],
}


@pytest.fixture(scope="module")
def elsewhere(reconcile_built, monkeypatch_module):
    # FROM names graphs of the dataset: rdflib must not try to fetch them from the web.
    monkeypatch_module.setattr(rdflib_sparql, "SPARQL_LOAD_GRAPHS", False)
    dataset = rdflib.Dataset(default_union=False)
    dataset.parse(reconcile_built / "exports" / "kg.trig", format="trig")
    return dataset


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def _rdflib_term(term):
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def _cell(value) -> str | None:
    # GROUP_CONCAT's order is not defined by SPARQL: compare its parts as a set.
    return None if value is None else " ".join(sorted(str(value).replace(",", " ").split()))


@pytest.mark.parametrize("name", SELECTS)
def test_the_file_gives_the_same_answer_in_rdflib(name, rstore, elsewhere):
    entry = LIBRARY[name]
    example = entry.examples[0].split()[3:]
    options = next((i for i, a in enumerate(example) if a.startswith("-")), len(example))
    given = values_from_args(entry, FIXTURE_VALUES.get(name, example[:options]))
    subs = bind(entry, given, Resolver(rstore.raw))
    ours = rstore.run(name, **given)
    bindings = {str(var.value): _rdflib_term(term) for var, term in subs.items()
                if str(var.value)[1:] in given}
    theirs = elsewhere.query(entry.text, initBindings=bindings)
    if isinstance(ours, ox.QueryBoolean):
        assert bool(ours) == theirs.askAnswer
        return
    # The ?_name columns echo the bindings (kg fills in ?_lang's default; elsewhere it is
    # unbound): the answer is in the other columns.
    names = [v.value for v in ours.variables if not v.value.startswith("_")]
    mine = sorted((tuple(_cell(s[n].value if s[n] is not None else None) for n in names)
                   for s in ours), key=repr)
    other = sorted((tuple(_cell(row[n]) for n in names) for row in theirs), key=repr)
    assert mine == other
    assert mine or name == "statements-about"  # a real answer, not two empty ones
