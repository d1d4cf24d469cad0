"""What a store holds, counted with SPARQL: the summary `kg build` and `kg stats` print.

Meetings and participations are counted in the reconciled view (kgg:reconciled), where
each has one status however many articles report it, so the statuses add up to the number
of meetings. Articles, statements and mentions are counted in the article accounts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.namespaces import sparql_prologue

_ACTORS_BY_TYPE = """
SELECT ?type (COUNT(DISTINCT ?actor) AS ?n) WHERE {
  GRAPH kgg:registry { ?actor a ?class }
  VALUES (?class ?type) {
    (kg:Person "person") (kg:State "state") (kg:GovernmentBody "government body")
    (kg:IntergovernmentalOrganisation "intergovernmental organisation")
    (kg:NewsOutlet "news outlet") (kg:Organisation "organisation")
  }
} GROUP BY ?type ORDER BY ?type
"""
_MEETINGS_BY_STATUS = """
SELECT ?status (COUNT(DISTINCT ?m) AS ?n) WHERE {
  GRAPH kgg:reconciled { ?m a kg:Meeting ; kg:status ?s }
  BIND(STRAFTER(STR(?s), STR(status:)) AS ?status)
} GROUP BY ?status ORDER BY ?status
"""
_COUNTS = """
SELECT
  (COUNT(DISTINCT ?article) AS ?articles) (COUNT(DISTINCT ?meeting) AS ?meetings)
  (COUNT(DISTINCT ?statement) AS ?statements) (COUNT(DISTINCT ?mention) AS ?mentions)
  (COUNT(DISTINCT ?place) AS ?places) (COUNT(DISTINCT ?post) AS ?posts)
  (COUNT(DISTINCT ?participation) AS ?participations)
WHERE {
  { GRAPH ?g { ?article a kg:Article } } UNION { GRAPH kgg:reconciled { ?meeting a kg:Meeting } }
  UNION { GRAPH ?g { ?statement a kg:Statement } } UNION { GRAPH ?g { ?mention a kg:Mention } }
  UNION { GRAPH kgg:registry { ?place a kg:Place } }
  UNION { GRAPH kgg:registry { ?post a kg:Post } }
  UNION { GRAPH kgg:reconciled { ?participation a kg:Participation } }
}
"""
_SHARED_MEETINGS = """
SELECT (COUNT(*) AS ?n) WHERE {
  { SELECT ?m WHERE { GRAPH kgg:reconciled { ?m a kg:Meeting ; kg:reportedBy ?account } }
    GROUP BY ?m HAVING (COUNT(DISTINCT ?account) > 1) }
}
"""


@dataclass
class Summary:
    articles: int = 0
    actors: dict[str, int] = field(default_factory=dict)
    places: int = 0
    posts: int = 0
    meetings: int = 0
    meetings_by_status: dict[str, int] = field(default_factory=dict)
    meetings_in_several_articles: int = 0
    participations: int = 0
    statements: int = 0
    mentions: int = 0
    graphs: int = 0
    quads: int = 0

    def lines(self) -> list[str]:
        def breakdown(counts: dict[str, int]) -> str:
            return ", ".join(f"{n} {k}" for k, n in counts.items()) or "none"

        rows = [
            ("articles", self.articles),
            ("actors", f"{sum(self.actors.values())} ({breakdown(self.actors)})"),
            ("places", self.places),
            ("posts", self.posts),
            ("meetings", f"{self.meetings} ({breakdown(self.meetings_by_status)}); "
                         f"{self.meetings_in_several_articles} reported by more than one article"),
            ("participations", self.participations),
            ("statements", self.statements),
            ("mentions", self.mentions),
            ("graphs", f"{self.graphs} (ontology, registry, reconciled view, "
                       f"{self.graphs - 3} article accounts)"),
            ("quads", self.quads),
        ]
        return [f"{name:<15} {value}" for name, value in rows]


def _rows(store: ox.Store, query: str):
    return store.query(sparql_prologue() + query, use_default_graph_as_union=True)


def summarise(store: ox.Store) -> Summary:
    s = Summary()
    s.actors = {row["type"].value: int(row["n"].value) for row in _rows(store, _ACTORS_BY_TYPE)}
    s.meetings_by_status = {row["status"].value: int(row["n"].value)
                            for row in _rows(store, _MEETINGS_BY_STATUS)}
    row = next(iter(_rows(store, _COUNTS)))
    for name in ("articles", "meetings", "statements", "mentions", "places", "posts",
                 "participations"):
        setattr(s, name, int(row[name].value))
    s.meetings_in_several_articles = int(next(iter(_rows(store, _SHARED_MEETINGS)))["n"].value)
    s.graphs = len(list(store.named_graphs()))
    s.quads = len(store)
    return s
