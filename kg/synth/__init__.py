"""A synthetic annotated corpus of any size, for benchmarks and scale tests.

`synthesise(n, seed, out)` writes `actors.yaml` and `n` articles (`<doc>.txt` and
`<doc>.yaml`) that pass `kg validate`: actor popularity follows a Zipf-like law, meetings
have 2–6 participants and a realistic status mix, a few meetings are reported by more
than one article, and every quote occurs in its text. About one article in five is in
Russian. The same seed always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import deque
from dataclasses import dataclass
from pathlib import Path

import yaml

from kg.atomic import write_bytes_atomically
from kg.synth.articles import SIZES, STATUSES, TYPES, ArticleWriter, MeetingSpec
from kg.synth.names import Person, make_registry, registry_document

FIRST_DAY = dt.date(2015, 1, 1)
DAYS = 3650
ZIPF_EXPONENT = 1.07
SHARED_MEETING_RATE = 0.02  # share of meetings that an earlier article already reported


@dataclass
class SynthStats:
    articles: int = 0
    meetings: int = 0
    shared: int = 0
    actors: int = 0


def dump_yaml(data: dict) -> bytes:
    # The C emitter: the pure-Python one would dominate the run at 100k articles.
    text = yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False,
                     width=4096, default_flow_style=False)
    return text.encode("utf-8")


class _Corpus:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.reg = make_registry(self.rng)
        weights = [1 / (rank + 1) ** ZIPF_EXPONENT for rank in range(len(self.reg.people))]
        self.cumulative = list(itertools.accumulate(weights))
        self.writer = ArticleWriter(self.reg, self.rng)
        self.recent: deque[MeetingSpec] = deque(maxlen=64)
        self.stats = SynthStats(actors=len(registry_document(self.reg)["actors"]))

    def people(self, n: int) -> list[Person]:
        chosen: dict[str, Person] = {}
        while len(chosen) < n:
            person = self.rng.choices(self.reg.people, cum_weights=self.cumulative)[0]
            chosen.setdefault(person.id, person)
        return list(chosen.values())

    def meeting(self, doc_index: int, k: int, published: dt.date) -> MeetingSpec:
        rng = self.rng
        mtype = rng.choice(TYPES)
        size = 2 if mtype == "phone-call" else rng.choice(SIZES)
        people = self.people(size)
        status = rng.choice(STATUSES)
        date: dt.date | None = None
        if status == "occurred":
            date = published - dt.timedelta(days=rng.randint(0, 20))
        elif status in ("planned", "postponed") or rng.random() < 0.5:
            date = published + dt.timedelta(days=rng.randint(1, 60))
            if rng.random() < 0.3:
                date = date.replace(day=1)  # "in September": month precision
        place = None
        if mtype != "phone-call" and rng.random() < 0.85:
            state = next(s for s in self.reg.states if s.id == people[0].state)
            place = rng.choice(state.cities)
        mediator = size - 1 if mtype == "mediated-talks" and size >= 3 else None
        day = (date or published).isoformat()
        ident = f"{day}-{people[0].last.lower()}-{people[1].last.lower()}-{doc_index:x}{k}"
        return MeetingSpec(ident, mtype, status, date, place, people, mediator)

    def article(self, i: int, out: Path) -> None:
        rng = self.rng
        doc = f"a{i:06d}"
        lang = "ru" if rng.random() < 0.2 else "en"
        published = FIRST_DAY + dt.timedelta(days=rng.randint(0, DAYS))
        meetings: list[MeetingSpec] = []
        for k in range(rng.choice((1, 1, 1, 2, 2, 3))):
            reused = self._reuse(published, {m.id for m in meetings})
            if reused:
                self.stats.shared += 1
                meetings.append(reused)
            else:
                meetings.append(self.meeting(i, k, published))
                self.recent.append(meetings[-1])
        text, annotation = self.writer.write(doc, lang, published, meetings, out)
        write_bytes_atomically(out / f"{doc}.txt", text.encode("utf-8"))
        write_bytes_atomically(out / f"{doc}.yaml", dump_yaml(annotation))
        self.stats.articles += 1
        self.stats.meetings += len(meetings)

    def _reuse(self, published: dt.date, taken: set[str]) -> MeetingSpec | None:
        if not self.recent or self.rng.random() >= SHARED_MEETING_RATE:
            return None
        spec = self.rng.choice(self.recent)
        late = spec.status == "occurred" and spec.date and spec.date > published
        return None if late or spec.id in taken else spec


def synthesise(n: int, seed: int, out: Path, progress=None) -> SynthStats:
    """Write a registry and `n` annotated articles to `out`; return what was written."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    corpus = _Corpus(seed)
    write_bytes_atomically(out / "actors.yaml", dump_yaml(registry_document(corpus.reg)))
    for i in range(n):
        corpus.article(i, out)
        if progress:
            progress(i + 1)
    return corpus.stats


__all__ = ["synthesise", "SynthStats"]
