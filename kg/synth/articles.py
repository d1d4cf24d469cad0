"""One synthetic article: its text and its annotation, written together so that every
quote is cut from the text it cites.

The text is assembled from sentence templates; each quoted phrase is recorded with the
offset it was written at, and its `occurrence` is then counted with the loader's own
matcher (kg.annotations.text), so the annotation resolves exactly as a hand-written one.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

from kg.annotations.text import ArticleText
from kg.synth.names import Person, SynthRegistry, cyrillic

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"],
}
MONTHS_IN_RU = ["январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе",
                "сентябре", "октябре", "ноябре", "декабре"]
STATUSES = ["occurred"] * 64 + ["planned"] * 16 + ["proposed"] * 8 + ["ruled-out"] * 4 + \
    ["cancelled"] * 4 + ["postponed"] * 4
SIZES = [2] * 50 + [3] * 24 + [4] * 13 + [5] * 8 + [6] * 5
TYPES = ["consultation", "phone-call", "visit", "hosted-visit", "third-location",
         "mediated-talks", "negotiation", "summit"]
VERB = {
    "en": {"occurred": "held talks", "planned": "will hold talks", "proposed":
           "were invited to hold talks", "ruled-out": "will not hold talks",
           "cancelled": "called off talks", "postponed": "postponed talks"},
    "ru": {"occurred": "провели переговоры", "planned": "проведут переговоры",
           "proposed": "получили предложение провести переговоры",
           "ruled-out": "не будут проводить переговоры", "cancelled": "отменили переговоры",
           "postponed": "отложили переговоры"},
}
STANCE = {"occurred": "confirms", "planned": "confirms", "proposed": "proposes",
          "ruled-out": "rules-out", "cancelled": "denies", "postponed": "characterises"}
SAYINGS = {
    "en": ["The talks were useful", "We discussed the full range of bilateral issues",
           "The dialogue will continue", "There is no alternative to negotiations",
           "Both sides reaffirmed their commitment to the ceasefire"],
    "ru": ["Переговоры были полезными", "Мы обсудили весь спектр двусторонних вопросов",
           "Диалог будет продолжен", "Альтернативы переговорам нет"],
}
FILLER = {
    "en": ["Relations between the region's capitals have been tense for years.",
           "Analysts say that the outcome of the process remains uncertain.",
           "Trade between the two sides has grown steadily since the last agreement.",
           "Observers expect further contacts at the level of deputy ministers.",
           "The previous round of consultations ended without a joint statement."],
    "ru": ["Отношения между столицами региона остаются напряжёнными.",
           "Эксперты считают, что исход переговорного процесса пока неясен.",
           "Товарооборот между сторонами растёт с момента подписания соглашения.",
           "Наблюдатели ожидают новых контактов на уровне заместителей министров."],
}


@dataclass
class MeetingSpec:
    """A meeting as the world has it; an article that reports it writes its own account."""

    id: str
    type: str
    status: str
    date: dt.date | None
    place: str | None
    people: list[Person]
    mediator: int | None = None  # index into people


@dataclass
class _Draft:
    lang: str
    parts: list[str] = field(default_factory=list)
    size: int = 0
    quotes: list[tuple[str, int]] = field(default_factory=list)  # (words, offset)

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)

    def cite(self, text: str) -> int:
        """Write `text` and remember it as a quote; return its index in `quotes`."""
        self.quotes.append((text, self.size))
        self.write(text)
        return len(self.quotes) - 1


def date_words(value: dt.date, lang: str, precision: str = "day") -> str:
    if precision == "month":
        month = MONTHS["en"][value.month - 1] if lang == "en" else MONTHS_IN_RU[value.month - 1]
        return f"{month} {value.year}"
    return f"{value.day} {MONTHS[lang][value.month - 1]} {value.year}"


class ArticleWriter:
    def __init__(self, reg: SynthRegistry, rng: random.Random):
        self.reg, self.rng = reg, rng
        self.state_names = {s.id: s for s in reg.states}

    def name(self, person: Person, lang: str) -> str:
        return person.en if lang == "en" else person.ru

    def place_name(self, place: str, lang: str) -> str:
        name = self.reg.cities[place][0]
        return name if lang == "en" else cyrillic(name)

    def write(self, doc: str, lang: str, published: dt.date, meetings: list[MeetingSpec],
              folder: Path) -> tuple[str, dict]:
        rng, d = self.rng, _Draft(lang)
        outlet, outlet_name = rng.choice(self.reg.outlets[lang])
        lead = meetings[0]
        title = self._title(lead, lang)
        d.write(f"{outlet_name}\n\n")
        first = d.cite(title)
        d.write("\n\n")
        mentions, ann_meetings, statements = [], [], []
        for k, meeting in enumerate(meetings):
            ann_meetings.append(self._meeting(d, meeting, mentions))
            if rng.random() < 0.45:
                statements.append(self._statement(d, doc, k, meeting, published, mentions))
            d.write(" " + rng.choice(FILLER[lang]) + "\n\n")
        last = d.cite(rng.choice(FILLER[lang])[:-1])
        d.write(".\n\nSubscribe to our newsletter for more news.\n" if lang == "en" else
                ".\n\nПодписывайтесь на нашу рассылку.\n")
        text = "".join(d.parts)
        occurrence = _occurrences(text, d.quotes, first, last)
        annotation = {
            "document": doc,
            "article": {"title": title, "outlet": outlet, "language": lang,
                        "published": published.isoformat(),
                        "url": f"https://news.example.org/{doc}",
                        "body": {"first": occurrence(first, body_only=False),
                                 "last": occurrence(last, body_only=False)}},
            "mentions": [_resolve(dict(target, quote=q), occurrence) for target, q in mentions],
            "meetings": [_resolve(m, occurrence) for m in ann_meetings],
            "statements": [_resolve(s, occurrence) for s in statements],
        }
        if not annotation["statements"]:
            del annotation["statements"]
        return text, annotation

    def _title(self, m: MeetingSpec, lang: str) -> str:
        a, b = m.people[0].last, m.people[1].last
        if lang == "ru":
            a, b = cyrillic(a), cyrillic(b)
            return f"{a} и {b}: {VERB['ru'][m.status]}"
        return f"{a} and {b} {VERB['en'][m.status]}"

    def _meeting(self, d: _Draft, m: MeetingSpec, mentions: list) -> dict:
        lang = d.lang
        evidence_at = d.size
        cited = []
        for i, person in enumerate(m.people):
            if i:
                d.write(", " if i < len(m.people) - 1 else (" and " if lang == "en" else " и "))
            cited.append(d.cite(self.name(person, lang)))
        d.write(" " + VERB[lang][m.status])
        place_q = date_q = None
        if m.place:
            d.write(" in " if lang == "en" else " в городе ")
            place_q = d.cite(self.place_name(m.place, lang))
        precision = "day"
        if m.date:
            precision = "month" if m.status not in ("occurred",) and m.date.day == 1 else "day"
            d.write(" on " if lang == "en" and precision == "day" else " in " if lang == "en"
                    else " " if precision == "day" else " в ")
            date_q = d.cite(date_words(m.date, lang, precision))
        if m.mediator is not None:
            d.write(", mediated by " if lang == "en" else " при посредничестве ")
            d.write(self.name(m.people[m.mediator], lang) + (" of " if lang == "en" else " из "))
            d.write(self.state_names[m.people[m.mediator].state].en if lang == "en" else
                    self.state_names[m.people[m.mediator].state].ru)
        evidence = self._span_quote(d, evidence_at)
        d.write(".")
        for i, person in enumerate(m.people):
            mentions.append(({"actor": person.id}, cited[i]))
        if place_q is not None:
            mentions.append(({"place": m.place}, place_q))
        meeting = {"id": m.id, "type": m.type, "status": m.status}
        if m.date:
            value = m.date.isoformat() if precision == "day" else m.date.isoformat()[:7]
            meeting["date"] = {"value": value, "quote": date_q}
        if m.place:
            meeting["place"] = {"id": m.place, "quote": place_q}
        meeting["evidence"] = evidence
        meeting["participants"] = [self._participant(m, i) for i in range(len(m.people))]
        return meeting

    def _span_quote(self, d: _Draft, at: int) -> int:
        """The words written since offset `at`, as one quote."""
        text = "".join(d.parts)
        d.quotes.append((text[at:], at))
        return len(d.quotes) - 1

    def _participant(self, m: MeetingSpec, i: int) -> dict:
        person = m.people[i]
        role = "participant"
        if m.mediator == i:
            role = "mediator"
        elif m.type == "phone-call":
            role = "caller" if i == 0 else "recipient"
        elif m.type == "hosted-visit":
            role = "host" if i == 0 else "guest"
        entry = {"actor": person.id, "role": role, "on_behalf_of": person.state}
        if person.post and (i + len(m.id)) % 2 == 0:
            entry["post"] = person.post
        return entry

    def _statement(self, d: _Draft, doc: str, k: int, m: MeetingSpec, published: dt.date,
                   mentions: list) -> dict:
        lang, speaker = d.lang, self.rng.choice(m.people)
        d.write(" “")
        quote = d.cite(self.rng.choice(SAYINGS[lang]))
        d.write(",” " + ("said " if lang == "en" else "заявил "))
        who = d.cite(self.name(speaker, lang))
        d.write(" on " if lang == "en" else " ")
        when = d.cite(date_words(published, lang))
        d.write(".")
        mentions.append(({"actor": speaker.id}, who))
        return {"id": f"{doc}-statement-{k}", "speaker": speaker.id, "about": m.id,
                "stance": STANCE[m.status],
                "date": {"value": published.isoformat(), "quote": when}, "quote": quote}


def _occurrences(text: str, quotes: list[tuple[str, int]], first: int, last: int):
    """A function from a quote's index to its annotation form: the words, with an
    `occurrence` only when the words occur more than once where the loader looks."""
    article = ArticleText(Path("synthetic.txt"), text)
    body = (quotes[first][1], quotes[last][1] + len(quotes[last][0]))

    def occurrence(index: int, body_only: bool = True) -> str | dict:
        words, offset = quotes[index]
        lo, hi = body if body_only else (0, len(text))
        hits = [m.start() for m in article.occurrences(words, lo, hi)]
        if len(hits) == 1:
            return words
        return {"quote": words, "occurrence": hits.index(offset) + 1}

    return occurrence


def _resolve(item, occurrence):
    """Replace quote indices (ints) in a nested annotation with the quoted words.

    Where the quote sits beside a value (`{actor, quote}`, `{value, quote}`, `{id, quote}`)
    its occurrence sits beside it too; elsewhere a quote is a string or `{quote, occurrence}`.
    """
    if isinstance(item, dict):
        out = {}
        for key, value in item.items():
            # A statement's own `quote` is the reported words, not a quote beside a value.
            if key == "quote" and isinstance(value, int) and "speaker" not in item:
                resolved = occurrence(value)
                out.update(resolved if isinstance(resolved, dict) else {"quote": resolved})
            elif key != "value":
                out[key] = _resolve(value, occurrence)
            else:
                out[key] = value
        return out
    if isinstance(item, list):
        return [_resolve(v, occurrence) for v in item]
    if isinstance(item, int) and not isinstance(item, bool):
        return occurrence(item)
    return item
