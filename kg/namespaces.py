"""Every IRI the project writes starts here. No other module spells out a namespace."""

from __future__ import annotations

from functools import lru_cache

from pyoxigraph import NamedNode

BASE = "https://w3id.org/diplomacy-kg/"


class Namespace:
    """An IRI prefix; `NS.term` or `NS["local-name"]` gives a pyoxigraph NamedNode.

    Not a `str` subclass: `KG.format` must be the IRI kg:format, not `str.format`.
    """

    __slots__ = ("iri",)

    def __init__(self, iri: str):
        self.iri = iri

    def __getattr__(self, local: str) -> NamedNode:
        if local.startswith("__"):
            raise AttributeError(local)
        return _node(self.iri + local)

    def __getitem__(self, local: str) -> NamedNode:
        return _node(self.iri + local)

    def __str__(self) -> str:
        return self.iri

    def __repr__(self) -> str:
        return f"Namespace({self.iri!r})"


@lru_cache(maxsize=65536)
def _node(iri: str) -> NamedNode:
    return NamedNode(iri)


# The project's own namespaces. Each kind of resource has its own prefix so that
# serialisations read `actor:sergei-lavrov`, not an escaped path.
KG = Namespace(BASE + "ontology#")
KGR = Namespace(BASE + "id/")
KGG = Namespace(BASE + "graph/")
ACTOR = Namespace(BASE + "id/actor/")
PLACE = Namespace(BASE + "id/place/")
POST = Namespace(BASE + "id/post/")
TENURE = Namespace(BASE + "id/tenure/")
MEMBERSHIP = Namespace(BASE + "id/membership/")
MEETING = Namespace(BASE + "id/meeting/")
PARTICIPATION = Namespace(BASE + "id/participation/")
STATEMENT = Namespace(BASE + "id/statement/")
RESOLUTION = Namespace(BASE + "id/resolution/")
ARTICLE = Namespace(BASE + "id/article/")
MENTION = Namespace(BASE + "id/mention/")
ACCOUNT = Namespace(BASE + "graph/article/")
CONCEPT = BASE + "concept/"
MTYPE = Namespace(CONCEPT + "meeting-type/")
MODALITY = Namespace(CONCEPT + "modality/")
FORMAT = Namespace(CONCEPT + "format/")
STATUS = Namespace(CONCEPT + "status/")
ROLE = Namespace(CONCEPT + "role/")
STANCE = Namespace(CONCEPT + "stance/")
PRECISION = Namespace(CONCEPT + "precision/")
MROLE = Namespace(CONCEPT + "membership-role/")
CAMEO = Namespace(CONCEPT + "cameo/")
RULE = Namespace(CONCEPT + "rule/")

# Standard vocabularies.
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
PROV = Namespace("http://www.w3.org/ns/prov#")
TIME = Namespace("http://www.w3.org/2006/time#")
OA = Namespace("http://www.w3.org/ns/oa#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SH = Namespace("http://www.w3.org/ns/shacl#")

# The prefixes used in every serialisation and prepended to library queries.
PREFIXES: dict[str, str] = {
    "kg": str(KG),
    "kgr": str(KGR),
    "kgg": str(KGG),
    "actor": str(ACTOR),
    "place": str(PLACE),
    "post": str(POST),
    "tenure": str(TENURE),
    "membership": str(MEMBERSHIP),
    "meeting": str(MEETING),
    "participation": str(PARTICIPATION),
    "statement": str(STATEMENT),
    "resolution": str(RESOLUTION),
    "article": str(ARTICLE),
    "mention": str(MENTION),
    "account": str(ACCOUNT),
    "mtype": str(MTYPE),
    "modality": str(MODALITY),
    "format": str(FORMAT),
    "status": str(STATUS),
    "role": str(ROLE),
    "stance": str(STANCE),
    "precision": str(PRECISION),
    "mrole": str(MROLE),
    "cameo": str(CAMEO),
    "rule": str(RULE),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "schema": str(SCHEMA),
    "org": str(ORG),
    "foaf": str(FOAF),
    "prov": str(PROV),
    "time": str(TIME),
    "oa": str(OA),
    "sem": str(SEM),
}

# Named graphs.
ONTOLOGY_GRAPH = KGG.ontology
REGISTRY_GRAPH = KGG.registry
# Derived from the accounts by kg/reconcile: one resolved value per single-valued property.
RECONCILED_GRAPH = KGG.reconciled


def article_graph(doc_id: str) -> NamedNode:
    return ACCOUNT[doc_id]


_LONGEST_FIRST = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


@lru_cache(maxsize=1 << 16)
def prefixed_name(iri: str) -> str | None:
    """`actor:sergei-lavrov` for an IRI under one of PREFIXES (the longest that fits), or
    None when none fits or nothing would be left after the prefix."""
    for prefix, namespace in _LONGEST_FIRST:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return None


def sparql_prologue() -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
