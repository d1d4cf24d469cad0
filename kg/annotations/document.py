"""Loading one article's annotation (`<doc>.yaml`) against its text and the registry."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kg.annotations.dates import DateError, parse_date, parse_span
from kg.annotations.fields import Record, suggest
from kg.annotations.files import text_beside
from kg.annotations.records import (
    ACTOR_KINDS,
    ORGANISATION_KINDS,
    ArticleMeta,
    Attribution,
    DateRef,
    Document,
    Meeting,
    Mention,
    Participation,
    Registry,
    Statement,
)
from kg.annotations.registry import ID, LANG, find_cycles, read_date, read_names
from kg.annotations.text import MAX_TEXT_BYTES, ArticleText, Span
from kg.annotations.yamlsource import Located, load_yaml
from kg.errors import KgError, Problem, Problems, display_path
from kg.vocabulary import concepts

URL = re.compile(r"^https?://\S+$")
# The file stem is the document id and ends IRIs (article/ID, account/ID): letters, digits,
# and "_", "." or "-" between them, which no IRI or export format needs to escape.
DOCUMENT_ID = re.compile(r"^[^\W_](?:[\w.-]*\w)?$")
# Beside every quote: which of its occurrences is meant, by number or by words of its sentence.
ANCHORS = ("occurrence", "near")
# Where a meeting was: a registry place, or a state ("visited Azerbaijan") or an
# organisation (its seat), which the graph writes as that actor's territory.
PLACE_KINDS = ("place", "state", *ORGANISATION_KINDS)


def annotated_text_path(path: Path, data: Any) -> Path:
    """The article text the annotation at `path` (read as `data`) belongs to: its `text:`
    field, else `<stem>.txt`; checked to be a regular file in the seeds folder (files.py).
    The one resolution of it, for the loader and for `kg find`."""
    name = data.get("text") if isinstance(data, dict) else None
    if isinstance(name, str) and name:
        return text_beside(path, name, data.line_of("text"), MAX_TEXT_BYTES)
    return text_beside(path, f"{path.stem}.txt", None, MAX_TEXT_BYTES)


def load_document(path: Path, registry: Registry) -> Document:
    """Read, resolve and check one annotation; raise KgError listing every problem in it."""
    data = load_yaml(path)
    problems = Problems(path)
    top = Record(data, problems, "the annotation", 1,
                 ("document", "text", "article", "mentions", "meetings", "statements"))
    doc_id = top.get("document", required=True)
    if not DOCUMENT_ID.match(path.stem):
        problems.add(top.line_of("document"), f"the file name '{path.stem}' cannot be a "
                     "document id: use letters, digits, '_', '.' and '-' (no spaces), "
                     "and rename the article's text to match")
        problems.raise_if_any()
    if doc_id and doc_id != path.stem:
        problems.add(top.line_of("document"), f"document '{doc_id}' does not match the file "
                     f"name '{path.stem}'; the file stem is the document's identifier")
    top.get("text")  # its type; the file it names is checked by annotated_text_path
    text = ArticleText.load(annotated_text_path(path, data))
    reader = _Reader(path, text, registry, problems)
    meta = reader.article(top)
    problems.raise_if_any()  # quotes cannot be checked without a body
    document = Document(doc_id or path.stem, path, text, meta, [], [], [])
    document.mentions = reader.mentions(top.get_list("mentions"))
    document.meetings = [m for m in reader.each(top, "meetings", reader.meeting) if m]
    document.statements = [s for s in reader.each(top, "statements", reader.statement) if s]
    reader.check_unique(document)
    problems.raise_if_any()
    return document


class _Reader:
    def __init__(self, path: Path, text: ArticleText, registry: Registry, problems: Problems):
        self.path, self.text, self.registry, self.problems = path, text, registry, problems
        self.published = None

    # -- references ---------------------------------------------------------------------
    def ref(self, rec: Record, key: str, kinds: tuple[str, ...], required: bool = False,
            value: str | None = None) -> str | None:
        ident = value if value is not None else rec.get(key, required=required)
        if ident is None:
            return None
        kind = self.registry.kind_of(ident)
        if kind is None:
            known = [k for k in (*self.registry.actors, *self.registry.places,
                                 *self.registry.posts) if self.registry.kind_of(k) in kinds]
            self.problems.add(rec.line_of(key), f"unknown {_kind_word(kinds)} id '{ident}' in "
                              f"{rec.what}{suggest(ident, known)}; add it to "
                              f"{self.registry.path.name} or fix the id")
            return None
        if kind not in kinds:
            self.problems.add(rec.line_of(key), f"'{ident}' in {rec.what} is a {kind}, "
                              f"expected {_kind_word(kinds)}")
            return None
        return ident

    def quote(self, rec: Record, key: str, required: bool = False) -> Span | None:
        """A quote given as a string, or as {quote, occurrence} or {quote, near}."""
        if not rec.has(key):
            if required:
                rec.problems.add(rec.line, f"{rec.what} is missing the required field '{key}'")
            return None
        value = rec.data[key]
        if isinstance(value, Located):
            inner = Record(value, self.problems, f"{key} of {rec.what}", rec.line_of(key),
                           ("quote", *ANCHORS))
            return self._resolve(inner, "quote", "occurrence")
        return self._resolve(rec, key, None)

    def _resolve(self, rec: Record, key: str, occurrence_key: str | None) -> Span | None:
        words = rec.get(key, required=True)
        occurrence = rec.get(occurrence_key, int) if occurrence_key else None
        near = rec.get("near") if occurrence_key else None
        if words is None:
            return None
        return self.text.resolve(words, occurrence, self.problems, rec.line_of(key), near=near)

    def each(self, top: Record, key: str, read: Any) -> list[Any]:
        items = top.get_list(key)
        return [read(item, items.line_of(i)) for i, item in enumerate(items)]

    # -- sections -----------------------------------------------------------------------
    def article(self, top: Record) -> ArticleMeta | None:
        rec = Record(top.data.get("article"), self.problems, "article", top.line_of("article"),
                     ("title", "outlet", "via", "language", "published", "url", "body"))
        if not top.has("article"):
            self.problems.add(1, "the annotation is missing the required 'article' section")
            return None
        title = rec.get("title")  # optional: some articles have no headline
        outlet = self.ref(rec, "outlet", ("news-outlet",), required=True)
        via = self.ref(rec, "via", ("news-outlet",))
        language = rec.get("language", required=True)
        if language and not LANG.match(language):
            self.problems.add(rec.line_of("language"), f"language '{language}' must be a "
                              "two- or three-letter code such as en or ru")
        published = read_date(rec, "published", required=True)
        if published and published.precision != "day":
            self.problems.add(rec.line_of("published"), "published needs a full date YYYY-MM-DD")
        url = rec.get("url", required=True)
        if url and not URL.match(url):
            self.problems.add(rec.line_of("url"), f"url '{url}' must be an http(s) address")
        body = Record(rec.data.get("body"), self.problems, "article body", rec.line_of("body"),
                      ("first", "last", "exclude"))
        if not rec.has("body"):
            self.problems.add(rec.line, "article needs 'body: {first: ..., last: ...}', quoting "
                              "where the article text starts and ends")
        else:
            first = self._body_quote(body, "first")
            last = self._body_quote(body, "last")
            if first and last:
                if last.end <= first.start:
                    self.problems.add(body.line, "body 'last' comes before 'first' in the text")
                else:
                    self.text.body_start, self.text.body_end = first.start, last.end
                    self._cut_outs(body)
        if None in (outlet, language, published, url):
            return None
        self.published = published.start
        return ArticleMeta(title, outlet, via, language, published.start, url)

    def _cut_outs(self, body: Record) -> None:
        """`exclude: [{first: ..., last: ...}]`: ranges inside the body that are not the
        article ("Read more ..." in the middle of the text), bounded like the body itself."""
        ranges = body.get_list("exclude")
        for i, item in enumerate(ranges):
            cut = Record(item, self.problems, f"exclude range {i + 1} of the body",
                         ranges.line_of(i), ("first", "last"))
            first, last = self._body_quote(cut, "first", True), self._body_quote(cut, "last", True)
            if not (first and last):
                continue
            if last.end <= first.start:
                self.problems.add(cut.line, f"{cut.what}: 'last' comes before 'first' in the text")
                continue
            what = (f'the body\'s exclude range {i + 1} ("{first.exact}" … "{last.exact}", '
                    f"{display_path(self.path)}:{cut.line})")
            self.text.excluded.append((first.start, last.end, what))

    def _body_quote(self, body: Record, key: str, within_body: bool = False) -> Span | None:
        value = body.data.get(key)
        if isinstance(value, Located):
            inner = Record(value, self.problems, f"{key} of {body.what}", body.line_of(key),
                           ("quote", *ANCHORS))
            words, occ, line = inner.get("quote", required=True), inner.get("occurrence", int), \
                inner.line_of("quote")
            near = inner.get("near")
        else:
            words, occ, line, near = body.get(key, required=True), None, body.line_of(key), None
        if words is None:
            return None
        return self.text.resolve(words, occ, self.problems, line, within_body=within_body,
                                 near=near)

    def mentions(self, items: Any) -> list[Mention]:
        found = []
        for i, item in enumerate(items):
            rec = Record(item, self.problems, "a mention", items.line_of(i),
                         ("actor", "place", "quote", *ANCHORS))
            if rec.has("actor") == rec.has("place"):
                self.problems.add(rec.line, "a mention names exactly one 'actor' or 'place'")
                continue
            key = "actor" if rec.has("actor") else "place"
            target = self.ref(rec, key, ACTOR_KINDS if key == "actor" else ("place",),
                              required=True)
            span = self._resolve(rec, "quote", "occurrence")
            if target and span:
                found.append(Mention(target, span))
        return found

    def date(self, rec: Record, key: str = "date") -> DateRef | None:
        if not rec.has(key):
            return None
        inner = Record(rec.data[key], self.problems, f"the date of {rec.what}", rec.line_of(key),
                       ("value", "start", "end", "quote", *ANCHORS))
        if not inner.valid:
            return None
        try:
            if inner.has("value"):
                if inner.has("start") or inner.has("end"):
                    raise DateError("give either 'value' or 'start' and 'end', not both")
                value = inner.get("value", required=True)
                interval = parse_date(value) if value else None
            else:
                start, end = inner.get("start", required=True), inner.get("end", required=True)
                interval = parse_span(start, end) if start and end else None
        except DateError as exc:
            self.problems.add(inner.line_of("value") if inner.has("value")
                              else inner.line_of("end"), f"date of {rec.what}: {exc}")
            return None
        span = self._resolve(inner, "quote", "occurrence")
        return DateRef(interval, span) if interval else None

    def attribution(self, rec: Record) -> Attribution | None:
        if not rec.has("according_to"):
            return None
        value = rec.data["according_to"]
        if isinstance(value, str):
            actor = self.ref(rec, "according_to", ACTOR_KINDS)
            return Attribution(actor, None) if actor else None
        inner = Record(value, self.problems, f"according_to of {rec.what}",
                       rec.line_of("according_to"), ("actor", "quote", *ANCHORS))
        actor = self.ref(inner, "actor", ACTOR_KINDS, required=True)
        span = self._resolve(inner, "quote", "occurrence") if inner.has("quote") else None
        return Attribution(actor, span) if actor else None

    def meeting(self, item: Any, line: int) -> Meeting | None:
        rec = Record(item, self.problems, "a meeting", line,
                     ("id", "label", "type", "modality", "format", "status", "secret", "date",
                      "place", "evidence", "according_to", "part_of", "participants"))
        ident = self._id(rec)
        rec.what = f"meeting '{ident}'" if ident else "a meeting"
        mtype = rec.choice("type", concepts("meeting type"), required=True, what="meeting type")
        status = rec.choice("status", concepts("status"), required=True)
        # Only what the annotation states: defaults and derived values (format from the
        # sides, mediated, modality from the type) belong to the reconciled view.
        modality = rec.choice("modality", concepts("modality"))
        fmt = rec.choice("format", concepts("format"))
        date = self.date(rec)
        place, place_span = self._place(rec)
        evidence = self.quote(rec, "evidence", required=True)
        participants = [p for p in self.each(rec, "participants",
                                             lambda it, ln: self.participant(it, ln, evidence,
                                                                             rec.what)) if p]
        if not rec.get_list("participants", required=True) and rec.has("participants"):
            self.problems.add(rec.line_of("participants"), f"{rec.what} has no participants")
        self._check_meeting(rec, status, date, participants)
        if None in (ident, mtype, status, evidence):
            return None
        labels = read_names(rec, "label", required=False)
        return Meeting(ident, labels, mtype, modality, fmt, status,
                       rec.get("secret", bool), date, place, place_span, evidence,
                       self.attribution(rec), rec.get("part_of"), participants, line)

    def _check_meeting(self, rec: Record, status, date, participants) -> None:
        # "An occurred meeting has a date" is left to the SHACL shapes, which report it
        # at this meeting's line like any loader error.
        if status == "occurred" and date and self.published and date.interval.start > \
                self.published:
            self.problems.add(rec.line_of("date"), f"{rec.what} has status 'occurred' but its "
                              f"date {date.interval.literal} is after the article's publication "
                              f"({self.published}); should the status be 'planned'?")
        seen: dict[str, int] = {}
        for p in participants:
            if p.actor in seen:
                self.problems.add(p.line, f"'{p.actor}' is listed twice in {rec.what} (first "
                                  f"on line {seen[p.actor]}); give each actor one entry")
            seen.setdefault(p.actor, p.line)

    def _place(self, rec: Record) -> tuple[str | None, Span | None]:
        if not rec.has("place"):
            return None, None
        value = rec.data["place"]
        if isinstance(value, Located):
            inner = Record(value, self.problems, f"the place of {rec.what}", rec.line_of("place"),
                           ("id", "quote", *ANCHORS))
            place = self.ref(inner, "id", PLACE_KINDS, required=True)
            span = self._resolve(inner, "quote", "occurrence") if inner.has("quote") else None
            return place, span
        return self.ref(rec, "place", PLACE_KINDS), None

    def participant(self, item: Any, line: int, default_evidence: Span | None,
                    meeting: str) -> Participation | None:
        rec = Record(item, self.problems, f"a participant of {meeting}", line,
                     ("actor", "role", "on_behalf_of", "post", "evidence", "according_to"))
        actor = self.ref(rec, "actor", ACTOR_KINDS, required=True)
        roles = rec.choices("role", concepts("role"), required=True)
        side = self.ref(rec, "on_behalf_of", ("state", *ORGANISATION_KINDS))
        post = self.ref(rec, "post", ("post",))
        evidence = self.quote(rec, "evidence") or default_evidence
        if actor is None or roles is None or evidence is None:
            return None
        return Participation(actor, roles, side, post, evidence, self.attribution(rec), line)

    def statement(self, item: Any, line: int) -> Statement | None:
        rec = Record(item, self.problems, "a statement", line,
                     ("id", "speaker", "speaker_description", "about", "stance", "date", "quote",
                      "according_to"))
        ident = self._id(rec)
        rec.what = f"statement '{ident}'" if ident else "a statement"
        speaker = self.ref(rec, "speaker", ACTOR_KINDS, required=True)
        description = self.quote(rec, "speaker_description")
        about = rec.get("about", required=True)
        stance = rec.choice("stance", concepts("stance"), required=True)
        date = self.date(rec)
        if date and self.published and date.interval.start > self.published:
            self.problems.add(rec.line_of("date"), f"{rec.what} is dated "
                              f"{date.interval.literal}, after the article's publication "
                              f"({self.published})")
        quote = self.quote(rec, "quote", required=True)
        if None in (ident, speaker, about, stance, quote):
            return None
        return Statement(ident, speaker, description, about, stance, date, quote,
                         self.attribution(rec), line)

    def _id(self, rec: Record) -> str | None:
        ident = rec.get("id", required=True)
        if ident and not ID.match(ident):
            self.problems.add(rec.line_of("id"), f"id '{ident}' must be lower-case letters, "
                              "digits and hyphens")
            return None
        return ident

    def check_unique(self, document: Document) -> None:
        for kind, items in (("meeting", document.meetings), ("statement", document.statements)):
            first: dict[str, int] = {}
            for item in items:
                if item.id in first:
                    self.problems.add(item.line, f"duplicate {kind} id '{item.id}' (first on "
                                      f"line {first[item.id]}); one entry per {kind} per article")
                first.setdefault(item.id, item.line)
                document.lines[item.id] = first[item.id]


def part_of_cycles(documents: list[Document]) -> list[Problem]:
    """Meetings that are, through `part_of`, part of themselves, within an article or
    across articles. (A meeting naming itself is reported where part_of is checked.)"""
    parent, where = {}, {}
    for doc in documents:
        for meeting in doc.meetings:
            where.setdefault(meeting.id, (display_path(doc.path), meeting.line))
            if meeting.part_of and meeting.part_of != meeting.id:
                parent.setdefault(meeting.id, meeting.part_of)
    return [Problem(*where[loop[0]], f"'part_of' forms a cycle: {' -> '.join(loop)}; a "
                    "meeting cannot be part of itself") for loop in find_cycles(parent)]


def _kind_word(kinds: tuple[str, ...]) -> str:
    if set(kinds) == set(ACTOR_KINDS):
        return "actor"
    if set(kinds) == {"state", *ORGANISATION_KINDS}:
        return "state or organisation"
    if set(kinds) == set(PLACE_KINDS):
        return "place, state or organisation"
    return " or ".join(k.replace("-", " ") for k in kinds)


__all__ = ["load_document", "part_of_cycles", "KgError"]
