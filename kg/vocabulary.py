"""The controlled vocabularies (meeting types, roles, statuses, ...) as the ontology defines them.

The annotation loader accepts exactly the concepts that `ontology/schemes.ttl` declares, so
extending the typology is a change to that file alone.
"""

from __future__ import annotations

from functools import cache

import pyoxigraph as ox

from kg.namespaces import FORMAT, MODALITY, MROLE, MTYPE, PRECISION, RDF, ROLE, SKOS, STANCE, STATUS
from kg.resources import ontology_file

SCHEMES = {
    "meeting type": MTYPE,
    "modality": MODALITY,
    "format": FORMAT,
    "status": STATUS,
    "role": ROLE,
    "stance": STANCE,
    "precision": PRECISION,
    "membership role": MROLE,
}


@cache
def concepts(scheme: str) -> frozenset[str]:
    """Local names of the concepts in one scheme, e.g. concepts("status") -> {"occurred", ...}."""
    namespace = str(SCHEMES[scheme])
    found = set()
    with open(ontology_file("schemes.ttl"), "rb") as handle:
        for t in ox.parse(handle, format=ox.RdfFormat.TURTLE):
            if (t.predicate == RDF.type and t.object == SKOS.Concept
                    and t.subject.value.startswith(namespace)):
                found.add(t.subject.value[len(namespace):])
    return frozenset(found)
