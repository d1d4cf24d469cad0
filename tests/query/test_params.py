"""Parameters: names in any language resolve to one IRI, and values never become SPARQL."""

from __future__ import annotations

import pytest

from kg.errors import KgError
from kg.query.library import Parameter
from kg.query.params import Resolver, values_from_args
from tests.query.conftest import short

ACTOR = Parameter("actor", "actor", "")


@pytest.mark.parametrize("typed", ["lavrov", "Lavrov", "Лавров", "Лаврова", "sergei-lavrov",
                                   "Sergey Lavrov", "  LAVROV "])
def test_every_spelling_of_lavrov_resolves_to_one_iri(corpus_store, typed):
    assert short(Resolver(corpus_store).term(ACTOR, typed).value) == "sergei-lavrov"


def test_accents_and_ids_resolve(corpus_store):
    resolver = Resolver(corpus_store)
    assert short(resolver.term(ACTOR, "cavusoglu").value) == "mevlut-cavusoglu"
    assert short(resolver.term(ACTOR, "Çavuşoğlu").value) == "mevlut-cavusoglu"
    assert short(resolver.term(ACTOR, "rus").value) == "rus"  # an id beats "Russian ..." names
    assert short(resolver.term(Parameter("s", "state", ""), "США").value) == "usa"


def test_an_ambiguous_name_lists_the_candidates(corpus_store):
    with pytest.raises(KgError) as caught:
        Resolver(corpus_store).term(ACTOR, "foreign ministry")
    message = str(caught.value)
    assert "is ambiguous" in message and "actor:rus-mfa" in message and "actor:arm-mfa" in message


def test_an_unknown_name_is_a_clear_error(corpus_store):
    with pytest.raises(KgError, match=r"actor=Lavrof: no actor has this id or name "
                                      r"\(did you mean 'Lavrov'"):
        Resolver(corpus_store).term(ACTOR, "Lavrof")


def test_a_place_is_not_an_actor(corpus_store):
    with pytest.raises(KgError, match="no actor"):
        Resolver(corpus_store).term(ACTOR, "Istanbul")


@pytest.mark.parametrize(("kind", "value", "message"), [
    ("date", "2020-13-01", "not a date"), ("lang", "english!", "not a language tag"),
    ("integer", "ten", "not a whole number"), ("iri", "nope", "not an IRI"),
    ("status", "happened", "no status")])
def test_bad_values_are_refused(corpus_store, kind, value, message):
    with pytest.raises(KgError, match=message):
        Resolver(corpus_store).term(Parameter("x", kind, ""), value)


def test_hostile_text_stays_a_literal(kgstore):
    """A value is an RDF term, so SPARQL in it is only text to search for."""
    hostile = 'x")) } } SELECT * WHERE { ?s ?p ?o } #'
    assert kgstore.rows("actors-by-name", name=hostile) == []
    with pytest.raises(KgError, match="no actor"):
        kgstore.run("meetings-of", actor='lavrov" } UNION { ?s ?p ?o')


def test_missing_and_unknown_parameters(kgstore):
    with pytest.raises(KgError, match=r"needs actor=\.\.\."):
        kgstore.run("meetings-of")
    with pytest.raises(KgError, match="has no parameter 'who'"):
        kgstore.run("meetings-of", who="lavrov")


def test_positional_and_named_values(library):
    entry = library["meetings-of"]
    assert values_from_args(entry, ["lavrov", "to=2021-01-01"]) == {
        "actor": "lavrov", "to": "2021-01-01"}
    assert values_from_args(entry, ["from=2020-01-01", "lavrov"]) == {
        "actor": "lavrov", "from": "2020-01-01"}
    with pytest.raises(KgError, match="too many values"):
        values_from_args(library["have-met"], ["a", "b", "c"])
