"""One article's account: a pure function from a loaded document to the quads of its graph."""

from __future__ import annotations

from pyoxigraph import NamedNode

from kg.annotations.records import Attribution, DateRef, Document, Registry
from kg.annotations.text import Span
from kg.build import terms
from kg.build.sink import GraphSink
from kg.namespaces import (
    FORMAT,
    KG,
    MODALITY,
    MTYPE,
    OA,
    PRECISION,
    PROV,
    RDF,
    RDFS,
    ROLE,
    SCHEMA,
    STANCE,
    STATUS,
    article_graph,
)


def document_graph(doc: Document, registry: Registry) -> GraphSink:
    return _AccountWriter(doc, registry).write()


class _AccountWriter:
    def __init__(self, doc: Document, registry: Registry):
        self.doc = doc
        self.registry = registry
        self.lang = doc.meta.language
        self.sink = GraphSink(article_graph(doc.doc_id))
        self.article = terms.article(doc.doc_id)

    def write(self) -> GraphSink:
        self._article()
        for mention in self.doc.mentions:
            target = terms.actor(mention.target) if mention.target in self.registry.actors \
                else terms.place(mention.target)
            self.sink.add(target, KG.evidence, self.mention(mention.span))
        for meeting in self.doc.meetings:
            self._meeting(meeting)
        for statement in self.doc.statements:
            self._statement(statement)
        return self.sink

    def mention(self, span: Span) -> NamedNode:
        """The Web Annotation resource for a span; the same span always gives the same node."""
        node = terms.mention(self.doc.doc_id, span)
        if node.value in self.sink.origins:
            return node
        self.sink.origin(node, self.doc.path, span.line)
        add = self.sink.add
        position, quote = terms.selector(node, "position"), terms.selector(node, "quote")
        prefix, suffix = self.doc.text.quote_context(span)
        add(node, RDF.type, KG.Mention)
        add(node, OA.hasSource, self.article)
        add(node, OA.hasSelector, position)
        add(node, OA.hasSelector, quote)
        add(node, KG.sentence, terms.text(self.doc.text.sentence(span), self.lang))
        add(position, RDF.type, OA.TextPositionSelector)
        add(position, OA.start, terms.integer(span.start))
        add(position, OA.end, terms.integer(span.end))
        add(quote, RDF.type, OA.TextQuoteSelector)
        add(quote, OA.exact, terms.text(span.exact))
        add(quote, OA.prefix, terms.text(prefix))
        add(quote, OA.suffix, terms.text(suffix))
        return node

    def _article(self) -> None:
        meta, add, node = self.doc.meta, self.sink.add, self.article
        self.sink.origin(node, self.doc.path, 1)
        add(node, RDF.type, KG.Article)
        if meta.title is not None:
            add(node, SCHEMA.headline, terms.text(meta.title, self.lang))
        add(node, SCHEMA.datePublished, terms.day(meta.published))
        add(node, SCHEMA.inLanguage, terms.text(meta.language))
        add(node, SCHEMA.url, terms.uri(meta.url))
        add(node, SCHEMA.publisher, terms.actor(meta.outlet))
        if meta.via:
            add(node, KG.via, terms.actor(meta.via))
        add(node, KG.documentId, terms.text(self.doc.doc_id))
        add(node, KG.textSha256, terms.text(self.doc.text.sha256))
        add(node, KG.bodyStart, terms.integer(self.doc.text.body_start))
        add(node, KG.bodyEnd, terms.integer(self.doc.text.body_end))
        add(self.sink.graph, RDF.type, KG.Account)
        add(self.sink.graph, PROV.wasDerivedFrom, node)

    def _date(self, node: NamedNode, date: DateRef | None) -> None:
        if date is None:
            return
        interval, add = date.interval, self.sink.add
        if not interval.is_span:
            add(node, KG.date, terms.reported_date(interval))
        add(node, KG.startDate, terms.day(interval.start))
        add(node, KG.endDate, terms.day(interval.end))
        add(node, KG.datePrecision, PRECISION[interval.precision])
        if date.span:
            add(node, KG.dateEvidence, self.mention(date.span))

    def _attribution(self, node: NamedNode, attribution: Attribution | None) -> None:
        if attribution is None:
            return
        self.sink.add(node, KG.accordingTo, terms.actor(attribution.actor))
        if attribution.span:
            evidence = self.mention(attribution.span)
            self.sink.add(node, KG.attributionEvidence, evidence)
            self.sink.add(terms.actor(attribution.actor), KG.evidence, evidence)

    def _meeting(self, meeting) -> None:
        node, add = terms.meeting(meeting.id), self.sink.add
        self.sink.origin(node, self.doc.path, meeting.line)
        add(node, RDF.type, KG.Meeting)
        labels = meeting.labels or {"en": self._generated_label(meeting)}
        for lang, label in labels.items():
            add(node, RDFS.label, terms.text(label, lang))
        add(node, KG.meetingType, MTYPE[meeting.type])
        # An account says only what the article says: an unstated modality or format, and
        # kg:mediated and kg:participant, are derived once, in the reconciled graph.
        if meeting.modality:
            add(node, KG.modality, MODALITY[meeting.modality])
        if meeting.format:
            add(node, KG.format, FORMAT[meeting.format])
        add(node, KG.status, STATUS[meeting.status])
        if meeting.secret is not None:
            add(node, KG.secret, terms.boolean(meeting.secret))
        self._date(node, meeting.date)
        if meeting.place:
            add(node, KG.place, terms.place(meeting.place))
            if meeting.place_span:
                evidence = self.mention(meeting.place_span)
                add(node, KG.placeEvidence, evidence)
                add(terms.place(meeting.place), KG.evidence, evidence)
        add(node, KG.evidence, self.mention(meeting.evidence))
        self._attribution(node, meeting.according_to)
        if meeting.part_of:
            add(node, KG.partOf, terms.meeting(meeting.part_of))
        for p in meeting.participants:
            link = terms.participation(meeting.id, p.actor)
            self.sink.origin(link, self.doc.path, p.line)
            add(node, KG.hasParticipation, link)
            add(link, RDF.type, KG.Participation)
            add(link, KG.actor, terms.actor(p.actor))
            for role in p.roles:
                add(link, KG.role, ROLE[role])
            if p.on_behalf_of:
                add(link, KG.onBehalfOf, terms.actor(p.on_behalf_of))
            if p.post:
                add(link, KG.post, terms.post(p.post))
            add(link, KG.evidence, self.mention(p.evidence))
            self._attribution(link, p.according_to)

    def _generated_label(self, meeting) -> str:
        names = [self.registry.actors[p.actor].names["en"] for p in meeting.participants]
        parts = [" – ".join(names) or meeting.id]
        if meeting.place:
            where = self.registry.places.get(meeting.place) or \
                self.registry.actors[meeting.place]
            parts.append(where.names["en"])
        if meeting.date:
            parts.append(meeting.date.interval.literal.replace("/", " to "))
        return ", ".join(parts)

    def _statement(self, statement) -> None:
        node, add = terms.statement(statement.id), self.sink.add
        self.sink.origin(node, self.doc.path, statement.line)
        add(node, RDF.type, KG.Statement)
        add(node, KG.speaker, terms.actor(statement.speaker))
        if statement.speaker_description:
            add(node, KG.speakerDescription,
                terms.text(statement.speaker_description.exact, self.lang))
            add(node, KG.anonymous, terms.boolean(True))
        add(node, KG.about, terms.meeting(statement.about))
        add(node, KG.stance, STANCE[statement.stance])
        add(node, KG.quote, terms.text(statement.quote.exact, self.lang))
        add(node, KG.evidence, self.mention(statement.quote))
        self._date(node, statement.date)
        self._attribution(node, statement.according_to)
