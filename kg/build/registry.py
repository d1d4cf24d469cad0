"""The registry graph: actors, places, posts, tenures and memberships."""

from __future__ import annotations

from collections.abc import Iterable

from kg.annotations.records import Registry
from kg.build import terms
from kg.build.sink import GraphSink
from kg.namespaces import KG, MROLE, ORG, RDF, RDFS, REGISTRY_GRAPH, SCHEMA, SKOS

ACTOR_CLASSES = {
    "person": KG.Person,
    "state": KG.State,
    "government-body": KG.GovernmentBody,
    "igo": KG.IntergovernmentalOrganisation,
    "news-outlet": KG.NewsOutlet,
    "organisation": KG.Organisation,
}


def registry_graph(registry: Registry, used_as_places: Iterable[str] = ()) -> GraphSink:
    """`used_as_places`: states and organisations that some meeting gives as its place;
    see territories()."""
    sink = GraphSink(REGISTRY_GRAPH)
    for actor in registry.actors.values():
        node = terms.actor(actor.id)
        sink.origin(node, registry.path, actor.line)
        sink.add(node, RDF.type, ACTOR_CLASSES[actor.kind])
        _labels(sink, node, actor.names, actor.aliases)
        if actor.iso3166:
            sink.add(node, KG.iso3166Alpha3, terms.text(actor.iso3166))
        if actor.part_of:
            sink.add(node, ORG.subOrganizationOf, terms.actor(actor.part_of))
        for member in actor.members:
            link = terms.membership(member.actor, actor.id)
            sink.origin(link, registry.path, member.line)
            sink.add(link, RDF.type, KG.Membership)
            sink.add(link, ORG.member, terms.actor(member.actor))
            sink.add(link, ORG.organization, node)
            sink.add(link, ORG.role, MROLE[member.role])
            sink.add(terms.actor(member.actor), ORG.memberOf, node)
        for held in actor.posts:
            link = terms.tenure(actor.id, held.post, held.start)
            sink.origin(link, registry.path, held.line)
            sink.add(link, RDF.type, KG.Tenure)
            sink.add(link, KG.holder, node)
            sink.add(link, KG.post, terms.post(held.post))
            if held.start:
                sink.add(link, KG.startDate, terms.day(held.start.start))
            if held.end:
                sink.add(link, KG.endDate, terms.day(held.end.end))
            sink.add(node, ORG.holds, terms.post(held.post))
    for place in registry.places.values():
        node = terms.place(place.id)
        sink.origin(node, registry.path, place.line)
        sink.add(node, RDF.type, KG.Place)
        _labels(sink, node, place.names, place.aliases)
        if place.within:
            container = terms.place(place.within) if place.within in registry.places \
                else terms.actor(place.within)
            sink.add(node, SCHEMA.containedInPlace, container)
    for post in registry.posts.values():
        node = terms.post(post.id)
        sink.origin(node, registry.path, post.line)
        sink.add(node, RDF.type, KG.Post)
        _labels(sink, node, post.names, post.aliases)
        if post.within:
            sink.add(node, ORG.postIn, terms.actor(post.within))
    extra = territories(registry, used_as_places)
    sink.quads += extra.quads
    sink.origins.update(extra.origins)
    return sink


def territories(registry: Registry, actors: Iterable[str]) -> GraphSink:
    """A place node (place/<id>, kg:territoryOf the actor) for each state or organisation
    that a meeting gives as its place. Only those used get one, so that a corpus that
    places no meeting in a state has the registry graph it always had."""
    sink = GraphSink(REGISTRY_GRAPH)
    wanted = sorted(set(actors))
    for ident in wanted:
        actor = registry.actors[ident]
        node = terms.place(ident)
        sink.origin(node, registry.path, actor.line)
        sink.add(node, RDF.type, KG.Place)
        _labels(sink, node, actor.names, actor.aliases)
        sink.add(node, KG.territoryOf, terms.actor(ident))
    for place in registry.places.values():
        if place.within in wanted:
            # Baku lies in Azerbaijan the place too, so that a meeting placed in Baku
            # refines one placed in Azerbaijan when accounts are reconciled.
            sink.add(terms.place(place.id), SCHEMA.containedInPlace, terms.place(place.within))
    return sink


def place_kind_actors(registry: Registry) -> list[str]:
    """Every actor an annotation may give as a meeting's place: states and organisations."""
    return sorted(a.id for a in registry.actors.values() if a.kind != "person")


def _labels(sink: GraphSink, node, names: dict[str, str], aliases: dict[str, list[str]]) -> None:
    if "en" in names:
        sink.add(node, RDFS.label, terms.text(names["en"], "en"))
    for lang, name in names.items():
        sink.add(node, SKOS.prefLabel, terms.text(name, lang))
    for lang, values in aliases.items():
        for alias in values:
            if alias != names.get(lang):
                sink.add(node, SKOS.altLabel, terms.text(alias, lang))
