"""The ontology files: kg.ttl (OWL), schemes.ttl (SKOS) and shapes.ttl (SHACL).

Checks that the three files parse in both rdflib and pyoxigraph, that every term is
documented, that the concept schemes match the contract in VOCABULARY.md, and that the
shapes accept a small valid graph and reject broken variants with a readable message.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from pyshacl import validate
from rdflib import OWL, RDF, RDFS, SH, SKOS, XSD, Literal, Namespace, URIRef

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"
FILES = ("kg.ttl", "schemes.ttl", "shapes.ttl", "reconciled-shapes.ttl")

KG = Namespace("https://w3id.org/diplomacy-kg/ontology#")
CONCEPT = "https://w3id.org/diplomacy-kg/concept/"
ONTOLOGY_IRI = URIRef("https://w3id.org/diplomacy-kg/ontology")
DCTERMS = Namespace("http://purl.org/dc/terms/")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
OA = Namespace("http://www.w3.org/ns/oa#")
KGR = "https://w3id.org/diplomacy-kg/id/"
MTYPE, STATUS, ROLE, CAMEO = (Namespace(CONCEPT + n + "/")
                              for n in ("meeting-type", "status", "role", "cameo"))

PREFIXES = {
    "kg": str(KG), "sem": str(SEM), "schema": str(SCHEMA), "org": str(ORG),
    "foaf": "http://xmlns.com/foaf/0.1/", "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#", "oa": str(OA),
}

MAIN_CLASSES = ("Actor", "Person", "State", "Organisation", "GovernmentBody",
                "IntergovernmentalOrganisation", "NewsOutlet", "Place", "Post", "Tenure",
                "Membership", "Meeting", "Participation", "Statement", "Article", "Account",
                "Mention", "Resolution")

# The concept schemes as VOCABULARY.md lists them.
SCHEMES = {
    "meeting-type": {"consultation", "phone-call", "visit", "hosted-visit", "third-location",
                     "mediated-talks", "negotiation", "summit"},
    "cameo": {"040", "041", "042", "043", "044", "045", "046"},
    "modality": {"in-person", "phone", "video"},
    "format": {"bilateral", "trilateral", "multilateral", "summit"},
    "status": {"occurred", "in-progress", "planned", "proposed", "ruled-out", "cancelled",
               "postponed"},
    "role": {"host", "guest", "participant", "mediator", "caller", "recipient", "envoy"},
    "stance": {"confirms", "denies", "characterises", "proposes", "rules-out", "welcomes",
               "expects", "hopes"},
    "precision": {"day", "month", "year"},
    "membership-role": {"member", "co-chair", "chair", "observer"},
    "rule": {"latest-report", "most-precise", "most-sources", "union", "derived"},
}
# Schemes whose concepts form a hierarchy: scheme -> its top concepts (the others have a
# skos:broader). As in CAMEO, every meeting type is narrower than consultation (040).
TOP_CONCEPTS = {"meeting-type": {"consultation"}}

# The codebook's names (CAMEO 1.1b3), and the code each meeting type is linked to.
CAMEO_LABELS = {"040": "Consult", "041": "Discuss by telephone", "042": "Make a visit",
                "043": "Host a visit", "044": 'Meet at a "third" location', "045": "Mediate",
                "046": "Engage in negotiation"}
MEETING_TYPE_CAMEO = {"consultation": {"040"}, "phone-call": {"041"}, "visit": {"042"},
                      "hosted-visit": {"043"}, "third-location": {"044"},
                      "mediated-talks": {"045"}, "negotiation": {"046"},
                      "summit": {"044", "046"}}

# Which scheme's concepts each concept-valued property may take (for the sh:in lists).
PROPERTY_SCHEME = {KG.meetingType: "meeting-type", KG.modality: "modality",
                   KG["format"]: "format", KG.status: "status", KG.role: "role",
                   KG.stance: "stance", KG.datePrecision: "precision",
                   ORG.role: "membership-role", KG.rule: "rule"}

# Property alignments that VOCABULARY.md states.
SUBPROPERTIES = {KG.holder: {ORG.member}, KG.meetingType: {SEM.eventType},
                 KG.place: {SEM.hasPlace, SCHEMA.location},
                 KG.participant: {SEM.hasActor, SCHEMA.attendee},
                 KG.partOf: {SEM.subEventOf, SCHEMA.superEvent}}


def _scheme(name: str) -> URIRef:
    return URIRef(CONCEPT + name)


def _concept(scheme: str, local: str) -> URIRef:
    return URIRef(f"{CONCEPT}{scheme}/{local}")


@pytest.fixture(scope="module")
def kg() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY / "kg.ttl", format="turtle")


@pytest.fixture(scope="module")
def schemes() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY / "schemes.ttl", format="turtle")


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY / "shapes.ttl", format="turtle")


@pytest.fixture(scope="module")
def all_shapes(shapes) -> rdflib.Graph:
    """The article shapes and the reconciled graph's shapes."""
    return shapes + rdflib.Graph().parse(ONTOLOGY / "reconciled-shapes.ttl", format="turtle")


@pytest.fixture(scope="module")
def ontology(kg, schemes) -> rdflib.Graph:
    """kg.ttl and schemes.ttl together, as the builder loads them into kgg:ontology."""
    return kg + schemes


def _kg_terms(kg: rdflib.Graph) -> set[URIRef]:
    return {s for s in kg.subjects(RDF.type, None)
            if isinstance(s, URIRef) and s.startswith(str(KG))}


def _texts(graph: rdflib.Graph, node, prop, lang: str) -> list[str]:
    return [str(o) for o in graph.objects(node, prop)
            if isinstance(o, Literal) and o.language == lang]


# --- parsing ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", FILES)
def test_file_parses_in_rdflib_and_pyoxigraph_alike(name):
    path = ONTOLOGY / name
    graph = rdflib.Graph().parse(path, format="turtle")
    triples = list(pyoxigraph.parse(path=path, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(graph) > 0
    assert len(triples) == len(graph)


def test_pyoxigraph_store_answers_queries_over_the_ontology(kg):
    store = pyoxigraph.Store()
    for name in ("kg.ttl", "schemes.ttl"):
        store.load(path=ONTOLOGY / name, format=pyoxigraph.RdfFormat.TURTLE)
    rows = store.query(f"""
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        SELECT ?c WHERE {{ ?c a owl:Class FILTER(STRSTARTS(STR(?c), "{KG}")) }}
    """)
    assert {row["c"].value for row in rows} == {
        str(c) for c in kg.subjects(RDF.type, OWL.Class) if str(c).startswith(str(KG))}


# --- kg.ttl ----------------------------------------------------------------------------

def test_ontology_header(kg):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in kg
    assert kg.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert kg.value(ONTOLOGY_IRI, DCTERMS.license) == Literal("CC-BY-4.0")
    assert _texts(kg, ONTOLOGY_IRI, DCTERMS.title, "en")
    assert _texts(kg, ONTOLOGY_IRI, DCTERMS.description, "en")


def test_every_kg_term_has_one_english_label_and_a_comment(kg):
    terms = _kg_terms(kg)
    assert len(terms) > 40
    for term in terms:
        assert len(_texts(kg, term, RDFS.label, "en")) == 1, term
        assert _texts(kg, term, RDFS.comment, "en"), term
        assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in kg, term


@pytest.mark.parametrize("name", MAIN_CLASSES)
def test_main_class_is_labelled_in_english_and_russian(kg, name):
    assert (KG[name], RDF.type, OWL.Class) in kg
    assert _texts(kg, KG[name], RDFS.label, "en")
    assert _texts(kg, KG[name], RDFS.label, "ru")


def test_every_kg_term_is_a_class_a_property_or_a_datatype(kg):
    # kg:value is a plain rdf:Property: like rdf:value, it holds an IRI or a literal.
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDFS.Datatype, RDF.Property}
    for term in _kg_terms(kg):
        declared = set(kg.objects(term, RDF.type)) & kinds
        assert len(declared) == 1, (term, declared)
        if declared & {OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property}:
            assert kg.value(term, RDFS.range) is not None, f"{term} has no range"
    assert (KG.cameoCode, RDF.type, RDFS.Datatype) in kg


def test_vocabulary_md_and_kg_ttl_name_the_same_terms(kg):
    text = (ONTOLOGY / "VOCABULARY.md").read_text(encoding="utf-8")
    mentioned = {KG[local] for local in re.findall(r"(?<![\w-])kg:([A-Za-z]\w*)", text)}
    defined = _kg_terms(kg)
    assert mentioned - defined == set(), "in VOCABULARY.md but not defined in kg.ttl"
    assert defined - mentioned == set(), "defined in kg.ttl but missing from VOCABULARY.md"


def test_class_alignments_follow_vocabulary_md(kg):
    text = (ONTOLOGY / "VOCABULARY.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `kg:(\w+)` \| ([^|]+) \|", text, flags=re.M)
    assert len(rows) == len(MAIN_CLASSES)
    for local, supers in rows:
        for prefix, name in re.findall(r"`(\w+):(\w+)`", supers):
            parent = URIRef(PREFIXES[prefix] + name)
            assert (KG[local], RDFS.subClassOf, parent) in kg, (local, parent)


def test_property_alignments_follow_vocabulary_md(kg):
    for prop, parents in SUBPROPERTIES.items():
        assert set(kg.objects(prop, RDFS.subPropertyOf)) >= parents, prop


def test_external_terms_are_declared_but_not_redefined(kg):
    used = set(kg.objects(None, RDFS.subClassOf)) | set(kg.objects(None, RDFS.subPropertyOf))
    external = {t for t in used if isinstance(t, URIRef) and not t.startswith(str(KG))}
    assert external
    for term in external:
        assert kg.value(term, RDF.type) in (OWL.Class, OWL.ObjectProperty,
                                            OWL.DatatypeProperty), term
    for s, p, _ in kg:
        if isinstance(s, URIRef) and any(s.startswith(ns) for ns in PREFIXES.values()) \
                and not s.startswith(str(KG)):
            assert p == RDF.type, f"kg.ttl says more than the kind of {s}"


def test_evidence_and_attribution_have_no_single_domain(kg):
    for prop in (KG.evidence, KG.accordingTo, KG.attributionEvidence):
        assert kg.value(prop, RDFS.domain) is None
    assert kg.value(KG.evidence, RDFS.range) == KG.Mention
    assert kg.value(KG.accordingTo, RDFS.range) == KG.Actor


# --- schemes.ttl -----------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(SCHEMES))
def test_scheme_holds_exactly_the_contracted_concepts(schemes, name):
    scheme = _scheme(name)
    assert (scheme, RDF.type, SKOS.ConceptScheme) in schemes
    assert _texts(schemes, scheme, SKOS.prefLabel, "en")
    assert _texts(schemes, scheme, SKOS.prefLabel, "ru")
    members = set(schemes.subjects(SKOS.inScheme, scheme))
    assert members == {_concept(name, local) for local in SCHEMES[name]}
    tops = {_concept(name, local) for local in TOP_CONCEPTS.get(name, SCHEMES[name])}
    assert set(schemes.objects(scheme, SKOS.hasTopConcept)) == tops
    assert set(schemes.subjects(SKOS.topConceptOf, scheme)) == tops
    for concept in members - tops:
        assert set(schemes.objects(concept, SKOS.broader)) & members, concept


def test_every_concept_is_labelled_defined_and_in_one_scheme(schemes):
    concepts = set(schemes.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) == sum(len(v) for v in SCHEMES.values())
    for concept in concepts:
        assert len(_texts(schemes, concept, SKOS.prefLabel, "en")) == 1, concept
        assert len(_texts(schemes, concept, SKOS.prefLabel, "ru")) == 1, concept
        assert _texts(schemes, concept, SKOS.definition, "en"), concept
        assert len(set(schemes.objects(concept, SKOS.inScheme))) == 1, concept


def test_cameo_concepts_carry_the_codebook_labels_and_codes(schemes):
    for code, label in CAMEO_LABELS.items():
        concept = CAMEO[code]
        assert _texts(schemes, concept, SKOS.prefLabel, "en") == [label]
        assert schemes.value(concept, SKOS.notation) == Literal(code, datatype=KG.cameoCode)


@pytest.mark.parametrize("local", sorted(MEETING_TYPE_CAMEO))
def test_meeting_type_has_a_cameo_notation_and_close_match(schemes, local):
    concept = MTYPE[local]
    codes = MEETING_TYPE_CAMEO[local]
    notations = list(schemes.objects(concept, SKOS.notation))
    assert len(notations) == 1
    assert notations[0].datatype == KG.cameoCode and str(notations[0]) in codes
    assert set(schemes.objects(concept, SKOS.closeMatch)) == {CAMEO[c] for c in codes}


def test_status_maps_to_schema_org_event_status(schemes):
    assert (STATUS.planned, SKOS.closeMatch, SCHEMA.EventScheduled) in schemes
    assert (STATUS.cancelled, SKOS.exactMatch, SCHEMA.EventCancelled) in schemes
    assert (STATUS.postponed, SKOS.exactMatch, SCHEMA.EventPostponed) in schemes


def test_kg_iris_used_in_schemes_and_shapes_are_defined_in_kg_ttl(kg, schemes, all_shapes):
    defined = _kg_terms(kg)
    for graph in (schemes, all_shapes):
        used = {t for triple in graph for t in triple
                if isinstance(t, URIRef) and t.startswith(str(KG))}
        used |= {o.datatype for o in graph.objects() if isinstance(o, Literal)
                 and o.datatype is not None and o.datatype.startswith(str(KG))}
        assert used - defined == set()


# --- shapes.ttl and reconciled-shapes.ttl ---------------------------------------------

def test_every_kg_class_has_a_node_shape(kg, all_shapes):
    targeted = set(all_shapes.objects(None, SH.targetClass))
    classes = {c for c in kg.subjects(RDF.type, OWL.Class) if str(c).startswith(str(KG))}
    assert classes - targeted == set()


def test_every_shape_reads_well_in_a_report(all_shapes):
    for shape in set(all_shapes.subjects(SH.path, None)):
        assert all_shapes.value(shape, SH.message) is not None, f"property shape {shape}"
        assert all_shapes.value(shape, SH.name) is not None, f"property shape {shape}"
    targets = (SH.targetClass, SH.targetSubjectsOf)
    for shape in {s for t in targets for s in all_shapes.subjects(t, None)}:
        assert _texts(all_shapes, shape, RDFS.label, "en"), shape
        assert _texts(all_shapes, shape, RDFS.comment, "en"), shape


def test_sh_in_lists_match_the_schemes(all_shapes, schemes):
    for shape in set(all_shapes.subjects(SH.path, None)):
        head = all_shapes.value(shape, SH["in"])
        if head is None:
            continue
        prop = all_shapes.value(shape, SH.path)
        allowed = set(rdflib.collection.Collection(all_shapes, head))
        scheme = _scheme(PROPERTY_SCHEME[prop])
        assert allowed == set(schemes.subjects(SKOS.inScheme, scheme)), prop


def test_ontology_and_schemes_conform_to_the_shapes(ontology, shapes):
    conforms, _, text = validate(ontology, shacl_graph=shapes, inference="none")
    assert conforms, text


# --- shapes against data ---------------------------------------------------------------

FIXTURE = """
@prefix kg: <https://w3id.org/diplomacy-kg/ontology#> .
@prefix actor: <https://w3id.org/diplomacy-kg/id/actor/> .
@prefix place: <https://w3id.org/diplomacy-kg/id/place/> .
@prefix post: <https://w3id.org/diplomacy-kg/id/post/> .
@prefix tenure: <https://w3id.org/diplomacy-kg/id/tenure/> .
@prefix membership: <https://w3id.org/diplomacy-kg/id/membership/> .
@prefix meeting: <https://w3id.org/diplomacy-kg/id/meeting/> .
@prefix participation: <https://w3id.org/diplomacy-kg/id/participation/> .
@prefix statement: <https://w3id.org/diplomacy-kg/id/statement/> .
@prefix article: <https://w3id.org/diplomacy-kg/id/article/> .
@prefix mention: <https://w3id.org/diplomacy-kg/id/mention/> .
@prefix account: <https://w3id.org/diplomacy-kg/graph/article/> .
@prefix mtype: <https://w3id.org/diplomacy-kg/concept/meeting-type/> .
@prefix modality: <https://w3id.org/diplomacy-kg/concept/modality/> .
@prefix format: <https://w3id.org/diplomacy-kg/concept/format/> .
@prefix status: <https://w3id.org/diplomacy-kg/concept/status/> .
@prefix role: <https://w3id.org/diplomacy-kg/concept/role/> .
@prefix stance: <https://w3id.org/diplomacy-kg/concept/stance/> .
@prefix precision: <https://w3id.org/diplomacy-kg/concept/precision/> .
@prefix mrole: <https://w3id.org/diplomacy-kg/concept/membership-role/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <https://schema.org/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .

# The registry.
actor:rus a kg:State ; rdfs:label "Russia"@en ;
    skos:prefLabel "Russia"@en , "Россия"@ru ; kg:iso3166Alpha3 "RUS" .
actor:tur a kg:State ; rdfs:label "Turkey"@en ;
    skos:prefLabel "Turkey"@en , "Турция"@ru ; kg:iso3166Alpha3 "TUR" .
actor:usa a kg:State ; rdfs:label "United States"@en ;
    skos:prefLabel "United States"@en ; skos:altLabel "U.S."@en , "США"@ru ;
    kg:iso3166Alpha3 "USA" .
actor:rus-mfa a kg:GovernmentBody ; rdfs:label "Russian Foreign Ministry"@en ;
    skos:prefLabel "Russian Foreign Ministry"@en ; org:subOrganizationOf actor:rus .
actor:osce a kg:IntergovernmentalOrganisation ; rdfs:label "OSCE"@en ;
    skos:prefLabel "OSCE"@en , "ОБСЕ"@ru .
actor:minsk-group a kg:IntergovernmentalOrganisation ; rdfs:label "OSCE Minsk Group"@en ;
    skos:prefLabel "OSCE Minsk Group"@en ; org:subOrganizationOf actor:osce .
actor:moscow-times a kg:NewsOutlet ; rdfs:label "The Moscow Times"@en ;
    skos:prefLabel "The Moscow Times"@en .
actor:politico-europe a kg:NewsOutlet ; rdfs:label "Politico Europe"@en ;
    skos:prefLabel "Politico Europe"@en .
actor:igor-khovayev a kg:Person ; rdfs:label "Igor Khovayev"@en ;
    skos:prefLabel "Igor Khovayev"@en , "Игорь Ховаев"@ru ;
    org:holds post:rus-mfa-envoy .
actor:louis-bono a kg:Person ; rdfs:label "Louis Bono"@en ; skos:prefLabel "Louis Bono"@en .
actor:dmitry-peskov a kg:Person ; rdfs:label "Dmitry Peskov"@en ;
    skos:prefLabel "Dmitry Peskov"@en , "Дмитрий Песков"@ru .
place:istanbul a kg:Place ; rdfs:label "Istanbul"@en ;
    skos:prefLabel "Istanbul"@en , "Стамбул"@ru ; schema:containedInPlace actor:tur .
post:rus-mfa-envoy a kg:Post ; rdfs:label "Special Representative"@en ;
    skos:prefLabel "Special Representative"@en ; org:postIn actor:rus-mfa .
tenure:igor-khovayev.rus-mfa-envoy a kg:Tenure ;
    kg:holder actor:igor-khovayev ; kg:post post:rus-mfa-envoy ;
    kg:startDate "2020-06-01"^^xsd:date .
membership:rus.minsk-group a kg:Membership ;
    org:member actor:rus ; org:organization actor:minsk-group ; org:role mrole:co-chair .

# One article's account.
account:doc a kg:Account ; prov:wasDerivedFrom article:doc .
article:doc a kg:Article ;
    schema:headline "Russia Confirms Secret Talks"@en ;
    schema:datePublished "2023-10-04"^^xsd:date ;
    schema:inLanguage "en" ;
    schema:url "https://example.org/talks"^^xsd:anyURI ;
    schema:publisher actor:moscow-times ;
    kg:documentId "doc" ;
    kg:textSha256 "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" ;
    kg:bodyStart "0"^^xsd:nonNegativeInteger ;
    kg:bodyEnd "400"^^xsd:nonNegativeInteger .

meeting:istanbul-talks a kg:Meeting ;
    rdfs:label "US–Russia talks in Istanbul"@en ;
    kg:meetingType mtype:third-location ;
    kg:modality modality:in-person ;
    kg:format format:bilateral ;
    kg:status status:occurred ;
    kg:secret true ;
    kg:date "2023-09-17"^^xsd:date ;
    kg:startDate "2023-09-17"^^xsd:date ;
    kg:endDate "2023-09-17"^^xsd:date ;
    kg:datePrecision precision:day ;
    kg:place place:istanbul ;
    kg:placeEvidence mention:doc.istanbul ;
    kg:evidence mention:doc.talks ;
    kg:accordingTo actor:politico-europe ;
    kg:attributionEvidence mention:doc.talks ;
    kg:hasParticipation participation:istanbul-talks.igor-khovayev ,
        participation:istanbul-talks.louis-bono ;
    kg:participant actor:igor-khovayev , actor:louis-bono .

participation:istanbul-talks.igor-khovayev a kg:Participation ;
    kg:actor actor:igor-khovayev ; kg:role role:envoy ; kg:onBehalfOf actor:rus ;
    kg:post post:rus-mfa-envoy ; kg:evidence mention:doc.talks .
participation:istanbul-talks.louis-bono a kg:Participation ;
    kg:actor actor:louis-bono ; kg:role role:envoy ; kg:onBehalfOf actor:usa ;
    kg:evidence mention:doc.talks .

statement:peskov-confirms a kg:Statement ;
    kg:speaker actor:dmitry-peskov ;
    kg:about meeting:istanbul-talks ;
    kg:stance stance:confirms ;
    kg:quote "Certain contacts indeed took place"@en ;
    kg:date "2023-10"^^xsd:gYearMonth ;
    kg:startDate "2023-10-01"^^xsd:date ;
    kg:endDate "2023-10-31"^^xsd:date ;
    kg:datePrecision precision:month ;
    kg:evidence mention:doc.talks .

actor:igor-khovayev kg:evidence mention:doc.talks .
place:istanbul kg:evidence mention:doc.istanbul .

mention:doc.talks a kg:Mention ;
    oa:hasSource article:doc ;
    oa:hasSelector mention:doc.talks.position , mention:doc.talks.quote ;
    kg:sentence "Talks took place on Sept. 17 in Istanbul."@en .
mention:doc.talks.position a oa:TextPositionSelector ;
    oa:start "10"^^xsd:nonNegativeInteger ; oa:end "15"^^xsd:nonNegativeInteger .
mention:doc.talks.quote a oa:TextQuoteSelector ;
    oa:exact "Talks" ; oa:prefix "" ; oa:suffix " took place on Sept. 17" .

mention:doc.istanbul a kg:Mention ;
    oa:hasSource article:doc ;
    oa:hasSelector mention:doc.istanbul.position , mention:doc.istanbul.quote ;
    kg:sentence "Talks took place on Sept. 17 in Istanbul."@en .
mention:doc.istanbul.position a oa:TextPositionSelector ;
    oa:start "42"^^xsd:nonNegativeInteger ; oa:end "50"^^xsd:nonNegativeInteger .
mention:doc.istanbul.quote a oa:TextQuoteSelector ;
    oa:exact "Istanbul" ; oa:prefix "place on Sept. 17 in " ; oa:suffix "." .
"""

ID = Namespace(KGR)
MEETING = ID["meeting/istanbul-talks"]
KHOVAYEV = ID["participation/istanbul-talks.igor-khovayev"]


@pytest.fixture(scope="module")
def valid_data(ontology) -> rdflib.Graph:
    return ontology + rdflib.Graph().parse(data=FIXTURE, format="turtle")


def _check(data: rdflib.Graph, shapes: rdflib.Graph) -> tuple[bool, list[str]]:
    conforms, report, _ = validate(data, shacl_graph=shapes, inference="none")
    messages = [str(m) for m in report.objects(None, SH.resultMessage)]
    return conforms, messages


def test_valid_fixture_conforms(valid_data, shapes):
    conforms, messages = _check(valid_data, shapes)
    assert conforms, messages


def _drop(s, p) -> Callable[[rdflib.Graph], None]:
    return lambda g: g.remove((s, p, None))


def _add(*triple) -> Callable[[rdflib.Graph], None]:
    return lambda g: g.add(triple)


def _remove(*triple) -> Callable[[rdflib.Graph], None]:
    return lambda g: g.remove(triple)


def _set(s, p, o) -> Callable[[rdflib.Graph], None]:
    def change(g: rdflib.Graph) -> None:
        g.remove((s, p, None))
        g.add((s, p, o))
    return change


def _drop_dates(g: rdflib.Graph) -> None:
    for prop in (KG.date, KG.startDate, KG.endDate, KG.datePrecision):
        g.remove((MEETING, prop, None))


BROKEN = {
    "meeting without status": (_drop(MEETING, KG.status), "exactly one kg:status"),
    "occurred meeting without date": (_drop_dates, "status occurred needs a start date"),
    "participation with a role outside the scheme": (_add(KHOVAYEV, KG.role, STATUS.occurred),
                                                     "at least one kg:role, each from"),
    "meeting type outside the scheme": (_set(MEETING, KG.meetingType, STATUS.occurred),
                                        "kg:meetingType from the meeting-type scheme"),
    "meeting ends before it starts": (_set(MEETING, KG.endDate,
                                           Literal("2023-09-16", datatype=XSD.date)),
                                      "cannot end before it starts"),
    "meeting without evidence": (_drop(MEETING, KG.evidence), "at least one kg:evidence"),
    "reported date as a string": (_set(MEETING, KG.date, Literal("Sept. 17")),
                                  "xsd:gYearMonth or xsd:gYear"),
    "on behalf of a person": (_set(KHOVAYEV, KG.onBehalfOf, ID["actor/louis-bono"]),
                              "a state or an organisation"),
    "mention without quote selector": (
        _drop(ID["mention/doc.talks.quote"], RDF.type), "exactly one oa:TextQuoteSelector"),
    "empty text span": (_set(ID["mention/doc.talks.position"], OA.end,
                             Literal("10", datatype=XSD.nonNegativeInteger)),
                        "oa:start must be less than its oa:end"),
    "state with a bad country code": (_set(ID["actor/rus"], KG.iso3166Alpha3, Literal("ru")),
                                      "three capital letters"),
    "actor without an English name": (_drop(ID["actor/louis-bono"], SKOS.prefLabel),
                                      "English skos:prefLabel"),
    "two Russian names": (_add(ID["actor/rus"], SKOS.prefLabel, Literal("РФ", lang="ru")),
                          "at most one per language"),
    "statement about a non-meeting": (
        _set(ID["statement/peskov-confirms"], KG.about, ID["actor/rus"]), "kg:about"),
    "article digest in capitals": (_set(ID["article/doc"], KG.textSha256, Literal("AB" * 32)),
                                   "64 lower-case hexadecimal digits"),
    "tenure without holder": (_drop(ID["tenure/igor-khovayev.rus-mfa-envoy"], KG.holder),
                              "exactly one kg:holder"),
    "membership role outside the scheme": (
        _set(ID["membership/rus.minsk-group"], ORG.role, ROLE.host), "exactly one org:role"),
    "concept without a Russian label": (
        _remove(STATUS.planned, SKOS.prefLabel, Literal("Запланирована", lang="ru")),
        "Russian skos:prefLabel"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_variant_is_rejected_with_a_readable_message(valid_data, shapes, case):
    breakage, expected = BROKEN[case]
    data = rdflib.Graph()
    data += valid_data
    breakage(data)
    conforms, messages = _check(data, shapes)
    assert not conforms
    assert any(expected in m for m in messages), messages


def test_planned_meeting_may_lack_a_date(valid_data, shapes):
    data = rdflib.Graph()
    data += valid_data
    _drop_dates(data)
    _set(MEETING, KG.status, STATUS.planned)(data)
    conforms, messages = _check(data, shapes)
    assert conforms, messages
