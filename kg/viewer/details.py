"""What the viewer's detail panel says about each node, read from the store with SPARQL.

The projection gives the graph's shape; this module gives the words an analyst needs to
trust it: names in every language and spelling, posts held, and for a meeting its
participants with roles and, per source article, the sentences that support it and the
article's address. A meeting's facts and participants are the reconciled view's (one value
each, kgg:reconciled); beside each fact, `accounts` says what every article gave for it,
and `contested` names the facts articles really contradict each other on. Each query runs
once for the whole graph (not once per node), so the cost does not grow with the number of
round trips.

The result is plain data (str, lists, dicts) keyed by full IRI; the page embeds it as
JSON and the page's script only ever sets it with `textContent`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from kg.namespaces import PARTICIPATION, sparql_prologue

Details = dict[str, dict]

_LABELS = """
SELECT ?s ?kind ?label WHERE {
  { ?s skos:prefLabel ?label BIND("pref" AS ?kind) }
  UNION { ?s skos:altLabel ?label BIND("alt" AS ?kind) }
  UNION { ?s a kg:Meeting ; rdfs:label ?label BIND("pref" AS ?kind) }
}"""

_POSTS = """
SELECT ?person ?post ?start ?end WHERE {
  ?tenure a kg:Tenure ; kg:holder ?person ; kg:post ?post .
  OPTIONAL { ?tenure kg:startDate ?start }
  OPTIONAL { ?tenure kg:endDate ?end }
}"""

_PLACES = """
SELECT ?place ?within WHERE { ?place a kg:Place ; schema:containedInPlace ?within }"""

# The facts of a meeting whose values articles may state: what the reconciled view chose
# (GRAPH kgg:reconciled) and what each account gave (GRAPH ?account). A date is shown as
# written: kg:date ("2020-10"), or START/END for a span.
_FACT_VALUES = """
  VALUES (?field ?p) {
    ("date" kg:date) ("status" kg:status) ("type" kg:meetingType) ("modality" kg:modality)
    ("format" kg:format) ("place" kg:place) ("mediated" kg:mediated) ("secret" kg:secret)
    ("partOf" kg:partOf)
  }
  {
    ?m ?p ?value FILTER(?p != kg:date)
  } UNION {
    ?m kg:startDate ?start ; kg:endDate ?end OPTIONAL { ?m kg:date ?written }
    BIND(COALESCE(?written, CONCAT(STR(?start), "/", STR(?end))) AS ?value)
    BIND(kg:date AS ?p)
  }
"""
_MEETINGS = ("SELECT ?m ?field ?value WHERE { GRAPH kgg:reconciled { ?m a kg:Meeting . "
             + _FACT_VALUES + " } }")

_ACCOUNT_FACTS = ("SELECT ?m ?field ?value ?article ?standing WHERE { "
                  "GRAPH ?account { ?m a kg:Meeting . "
                  "?account prov:wasDerivedFrom ?article . " + _FACT_VALUES + " } "
                  "OPTIONAL { GRAPH kgg:reconciled { ?r kg:resolves ?m ; kg:property ?p . "
                  + "{ ?r kg:consistentWith ?account BIND(\"less precise\" AS ?standing) } "
                  "UNION { ?r kg:earlierReport ?account BIND(\"earlier report\" AS ?standing) } "
                  "UNION { ?r kg:dissentedBy ?account BIND(\"contradicts\" AS ?standing) } "
                  "} } }")

_CONTESTED = """
SELECT ?s ?p WHERE {
  GRAPH kgg:reconciled { ?r kg:resolves ?s ; kg:property ?p ; kg:contested true }
}"""

_PARTICIPANTS = """
SELECT DISTINCT ?m ?actor ?role ?side ?post WHERE {
  GRAPH kgg:reconciled {
    ?m a kg:Meeting ; kg:hasParticipation ?p .
    ?p kg:actor ?actor ; kg:role ?role .
    OPTIONAL { ?p kg:onBehalfOf ?side }
    OPTIONAL { ?p kg:post ?post }
  }
}"""

# The post each article gives a participant, shown beside the reconciled one.
_ACCOUNT_POSTS = """
SELECT ?m ?actor ?post ?article ?standing WHERE {
  GRAPH ?account {
    ?m kg:hasParticipation ?p . ?p kg:actor ?actor ; kg:post ?post .
    ?account prov:wasDerivedFrom ?article .
  }
  OPTIONAL { GRAPH kgg:reconciled { ?r kg:resolves ?p ; kg:property kg:post .
    { ?r kg:consistentWith ?account BIND("less precise" AS ?standing) }
    UNION { ?r kg:dissentedBy ?account BIND("contradicts" AS ?standing) } } }
}"""

# One row per (thing, account, sentence): the evidence an article gives for a node.
_EVIDENCE = """
SELECT ?s ?article ?sentence WHERE {
  GRAPH ?g { ?s kg:evidence ?mention . ?mention kg:sentence ?sentence .
             ?g prov:wasDerivedFrom ?article }
}"""

_ARTICLES = """
SELECT ?article ?field ?value WHERE {
  ?article a kg:Article .
  VALUES (?field ?p) {
    ("headline" schema:headline) ("url" schema:url) ("published" schema:datePublished)
    ("language" schema:inLanguage) ("outlet" schema:publisher) ("document" kg:documentId)
  }
  ?article ?p ?value .
}"""

_STATEMENTS = """
SELECT ?m ?speaker ?description ?stance ?quote WHERE {
  ?st a kg:Statement ; kg:about ?m ; kg:quote ?quote .
  OPTIONAL { ?st kg:speaker ?speaker }
  OPTIONAL { ?st kg:speakerDescription ?description }
  OPTIONAL { ?st kg:stance ?stance }
}"""

# How many sentences an actor's panel shows per article: actors are named far more often
# than meetings, and the panel is for "where does this come from", not a concordance.
MAX_ACTOR_SENTENCES = 3


def node_details(store, iris: Iterable[str]) -> Details:
    """Details for each IRI in `iris`; an IRI the store does not describe gets an empty dict."""
    wanted = set(iris)
    if store is None or not wanted:
        return {iri: {} for iri in wanted}
    labels = _labels(store)
    articles = _articles(store, labels)
    details: Details = {iri: {} for iri in wanted}
    for iri, entry in details.items():
        names = labels.get(iri)
        if names:
            entry["names"] = names["pref"]
            aliases = sorted({a for a in names["alt"] if a not in names["pref"].values()})
            if aliases:
                entry["aliases"] = aliases
    _add_posts(store, details, labels)
    _add_places(store, details, labels)
    contested = _contested(store)
    _add_meetings(store, details, labels, articles, contested)
    _add_participants(store, details, labels, articles, contested)
    _add_statements(store, details, labels)
    _add_sources(store, details, articles)
    return details


def _rows(store, query: str):
    return store.query(sparql_prologue() + query, use_default_graph_as_union=True)


def _labels(store) -> dict[str, dict]:
    labels: dict[str, dict] = defaultdict(lambda: {"pref": {}, "alt": set()})
    for s, kind, label in _rows(store, _LABELS):
        entry = labels[s.value]
        lang = getattr(label, "language", None) or ""
        if kind.value == "pref":
            entry["pref"].setdefault(lang or "en", label.value)
        else:
            entry["alt"].add(label.value)
    return labels


def name_of(labels: dict, iri: str, lang: str = "en") -> str:
    """A readable name: the label in `lang`, else any label, else the IRI's last segment."""
    names = labels.get(iri, {}).get("pref", {})
    if names:
        return names.get(lang) or next(iter(sorted(names.items())))[1]
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _articles(store, labels: dict) -> dict[str, dict]:
    articles: dict[str, dict] = defaultdict(dict)
    for article, field, value in _rows(store, _ARTICLES):
        text = name_of(labels, value.value) if field.value == "outlet" else value.value
        articles[article.value][field.value] = text
    return articles


def _add_posts(store, details: Details, labels: dict) -> None:
    for person, post, start, end in _rows(store, _POSTS):
        entry = details.get(person.value)
        if entry is None:
            continue
        held = {"post": name_of(labels, post.value)}
        if start is not None:
            held["start"] = start.value
        if end is not None:
            held["end"] = end.value
        entry.setdefault("posts", []).append(held)
    for entry in details.values():
        if "posts" in entry:
            entry["posts"].sort(key=lambda p: (p.get("start", ""), p["post"]))


def _add_places(store, details: Details, labels: dict) -> None:
    for place, within in _rows(store, _PLACES):
        entry = details.get(place.value)
        if entry is not None:
            entry["within"] = name_of(labels, within.value)


def _source_name(articles: dict, iri: str) -> str:
    """"Reuters, 2020-10-20": which article said it, in a few words."""
    article = articles.get(iri, {})
    return ", ".join(x for x in (article.get("outlet"), article.get("published")) if x) or iri


def _contested(store) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for subject, prop in _rows(store, _CONTESTED):
        found[subject.value].add(prop.value.rsplit("#", 1)[-1])
    return found


def _participation(meeting: str, actor: str) -> str:
    """The participation's IRI, as the build names it (kg.build.terms.participation)."""
    return PARTICIPATION[f"{_local(meeting)}.{_local(actor)}"].value


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


_FIELD_OF = {"meetingType": "type"}  # property local name -> the panel's field name


def _add_meetings(store, details: Details, labels: dict, articles: dict,
                  contested: dict[str, set[str]]) -> None:
    named = {"status", "type", "modality", "format", "place", "partOf"}

    def text(field: str, value) -> str:
        return name_of(labels, value.value) if field in named else value.value

    facts: dict[str, dict[str, str]] = defaultdict(dict)
    for m, field, value in _rows(store, _MEETINGS):
        if m.value in details:
            facts[m.value][field.value] = text(field.value, value)
    # What each article gave, and how the reconciled view took it where it differs: an
    # "earlier report" (a status the latest superseded), "less precise" (2020-10 under
    # 2020-10-23), or "contradicts" (a real contradiction).
    said: dict[str, dict[str, dict[str, dict]]] = defaultdict(lambda: defaultdict(dict))
    for m, field, value, article, standing in _rows(store, _ACCOUNT_FACTS):
        if m.value in details:
            entry = {"value": text(field.value, value)}
            if standing is not None:
                entry["standing"] = standing.value
            said[m.value][field.value][article.value] = entry
    for iri in sorted(set(facts) | set(said)):
        details[iri]["facts"] = dict(sorted(facts[iri].items()))
        # Per fact, what each article gave, oldest article first ("Reuters, 2020-10-20").
        details[iri]["accounts"] = {
            field: [{"source": _source_name(articles, a), **v}
                    for a, v in sorted(by_article.items(),
                                       key=lambda kv: (articles.get(kv[0], {}).get("published", ""),
                                                       kv[0]))]
            for field, by_article in sorted(said[iri].items())}
        marked = sorted(_FIELD_OF.get(p, p) for p in contested.get(iri, ()))
        if marked:
            details[iri]["contested"] = marked


def _add_participants(store, details: Details, labels: dict, articles: dict,
                      contested: dict[str, set[str]]) -> None:
    # One row per actor, role and side, with the reconciled post; where articles contradict
    # each other on the post (Khovayev's in the seeds), `said` lists each article's.
    rows: dict[str, dict[tuple, dict]] = defaultdict(dict)
    for m, actor, role, side, post in _rows(store, _PARTICIPANTS):
        if m.value not in details:
            continue
        side_name = name_of(labels, side.value) if side is not None else ""
        key = (actor.value, role.value, side_name)
        row = rows[m.value].setdefault(key, {
            "name": name_of(labels, actor.value), "iri": actor.value,
            "role": name_of(labels, role.value), "onBehalfOf": side_name, "posts": []})
        if post is not None and name_of(labels, post.value) not in row["posts"]:
            row["posts"].append(name_of(labels, post.value))
    said: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for m, actor, post, article, standing in _rows(store, _ACCOUNT_POSTS):
        entry = {"source": _source_name(articles, article.value),
                 "value": name_of(labels, post.value)}
        if standing is not None:
            entry["standing"] = standing.value
        said[(m.value, actor.value)].append(entry)
    for m, by_key in rows.items():
        for row in by_key.values():
            row["posts"].sort()
            given = sorted(said.get((m, row["iri"]), []), key=lambda s: (s["source"], s["value"]))
            if len({s["value"] for s in given}) > 1:
                row["said"] = given
                row["contested"] = "post" in contested.get(_participation(m, row["iri"]), ())
        details[m]["participants"] = sorted(by_key.values(), key=lambda p: (p["role"], p["name"]))


def _add_statements(store, details: Details, labels: dict) -> None:
    for m, speaker, description, stance, quote in _rows(store, _STATEMENTS):
        entry = details.get(m.value)
        if entry is None:
            continue
        who = name_of(labels, speaker.value) if speaker is not None else (
            description.value if description is not None else "unnamed source")
        row = {"speaker": who, "quote": quote.value}
        if stance is not None:
            row["stance"] = name_of(labels, stance.value)
        entry.setdefault("statements", []).append(row)
    for entry in details.values():
        if "statements" in entry:
            entry["statements"].sort(key=lambda s: (s["speaker"], s["quote"]))


def _add_sources(store, details: Details, articles: dict) -> None:
    sentences: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for s, article, sentence in _rows(store, _EVIDENCE):
        if s.value in details:
            sentences[s.value][article.value].add(sentence.value)
    for iri, by_article in sentences.items():
        is_meeting = "participants" in details[iri] or "facts" in details[iri]
        sources = []
        for article in sorted(by_article, key=lambda a: articles.get(a, {}).get("document", a)):
            found = sorted(by_article[article])
            shown = found if is_meeting else found[:MAX_ACTOR_SENTENCES]
            source = {**articles.get(article, {}), "sentences": shown}
            if len(found) > len(shown):
                source["more"] = len(found) - len(shown)
            sources.append(source)
        details[iri]["sources"] = sources
