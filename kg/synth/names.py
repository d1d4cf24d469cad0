"""Made-up names with a consistent Russian spelling, and the synthetic actor registry.

Names are built from syllables that each have one Cyrillic transliteration, so a person
is "Bakorov" in English and "Бакоров" in Russian in every article, as a real registry
would have it. Nothing here is a real person, state or city.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

_LATIN_TO_CYRILLIC = {
    "b": "б", "d": "д", "k": "к", "l": "л", "m": "м", "n": "н", "p": "п", "r": "р",
    "s": "с", "t": "т", "v": "в", "z": "з", "g": "г", "f": "ф",
    "a": "а", "e": "е", "i": "и", "o": "о", "u": "у",
}
_CONSONANTS = "bdklmnprstvzgf"
_VOWELS = "aeiou"


def cyrillic(latin: str) -> str:
    out = "".join(_LATIN_TO_CYRILLIC[c.lower()] for c in latin)
    return out[:1].upper() + out[1:]


@dataclass
class Person:
    id: str
    first: str
    last: str
    state: str
    post: str | None

    @property
    def en(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def ru(self) -> str:
        return f"{cyrillic(self.first)} {cyrillic(self.last)}"


@dataclass
class State:
    id: str
    en: str
    iso: str
    cities: list[str] = field(default_factory=list)

    @property
    def ru(self) -> str:
        return cyrillic(self.en)


@dataclass
class SynthRegistry:
    states: list[State]
    people: list[Person]  # in popularity order: people[0] is the most reported
    cities: dict[str, tuple[str, str]]  # id -> (English name, state id)
    igos: list[tuple[str, str, list[str]]]  # (id, English name, member state ids)
    outlets: dict[str, list[tuple[str, str]]]  # language -> [(id, English name)]
    posts: dict[str, tuple[str, str]]  # id -> (English name, state id)


class _Names:
    """Unique pronounceable words from a seeded generator."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def word(self, syllables: int, suffix: str = "") -> str:
        while True:
            core = "".join(self.rng.choice(_CONSONANTS) + self.rng.choice(_VOWELS)
                           for _ in range(syllables))
            word = (core + suffix).capitalize()
            if word not in self.used:
                self.used.add(word)
                return word


def make_registry(rng: random.Random, n_states: int = 100, people_per_state: int = 6
                  ) -> SynthRegistry:
    names = _Names(rng)
    states, people, cities, posts, isos = [], [], {}, {}, set()
    for i in range(n_states):
        name = names.word(rng.choice((2, 3)), rng.choice(("ia", "or", "an", "", "")))
        iso = _iso(name, isos)
        state = State(f"state-{i:03d}", name, iso)
        for c in range(2):
            city = names.word(rng.choice((2, 3)), rng.choice(("", "o", "ovo", "ad")))
            cities[f"city-{i:03d}-{c}"] = (city, state.id)
            state.cities.append(f"city-{i:03d}-{c}")
        states.append(state)
        posts[f"fm-{state.id}"] = (f"Minister of Foreign Affairs of {name}", state.id)
        posts[f"head-{state.id}"] = (f"President of {name}", state.id)
        for k in range(people_per_state):
            post = (f"head-{state.id}", f"fm-{state.id}")[k] if k < 2 else None
            first = names.word(2)
            last = names.word(rng.choice((2, 3)), rng.choice(("ov", "in", "ev", "ski", "")))
            people.append(Person(f"p{i:03d}-{k}-{last.lower()}", first, last, state.id, post))
    rng.shuffle(people)  # popularity rank is independent of the state
    igos = []
    for j in range(12):
        members = sorted(rng.sample([s.id for s in states], rng.randint(3, 12)))
        igos.append((f"igo-{j:02d}", f"{names.word(2)} Council", members))
    outlets = {"en": [(f"outlet-en-{k:02d}", f"The {names.word(2)} Times") for k in range(24)],
               "ru": [(f"outlet-ru-{k:02d}", f"{names.word(2)} Vesti") for k in range(8)]}
    return SynthRegistry(states, people, cities, igos, outlets, posts)


def _iso(name: str, taken: set[str]) -> str:
    letters = [c for c in name.upper() if c.isalpha()]
    for a in range(len(letters)):
        for b in range(a + 1, len(letters)):
            code = letters[0] + letters[a if a else 1] + letters[b]
            if code not in taken:
                taken.add(code)
                return code
    for code in (f"{letters[0]}{x}{y}" for x in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                 for y in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"):
        if code not in taken:
            taken.add(code)
            return code
    raise ValueError("ran out of ISO codes")


def registry_document(reg: SynthRegistry) -> dict:
    """The registry as the dict that `actors.yaml` holds (seeds/README.md, "The registry")."""
    actors = []
    for s in reg.states:
        actors.append({"id": s.id, "type": "state", "iso3166": s.iso,
                       "name": {"en": s.en, "ru": s.ru}})
        actors.append({"id": f"mfa-{s.id}", "type": "government-body", "part_of": s.id,
                       "name": {"en": f"Ministry of Foreign Affairs of {s.en}",
                                "ru": f"Министерство иностранных дел {s.ru}"}})
    for p in reg.people:
        entry = {"id": p.id, "type": "person", "name": {"en": p.en, "ru": p.ru},
                 "aliases": {"en": [p.last], "ru": [cyrillic(p.last)]}}
        if p.post:
            entry["posts"] = [{"post": p.post, "start": "2014-01-01"}]
        actors.append(entry)
    for ident, name, members in reg.igos:
        actors.append({"id": ident, "type": "igo", "name": {"en": name, "ru": cyrillic(
            name.split()[0]) + " Совет"}, "members": [{"actor": m, "role": "member"}
                                                      for m in members]})
    for lang, outlets in reg.outlets.items():
        for ident, name in outlets:
            actors.append({"id": ident, "type": "news-outlet",
                           "name": {"en": name, "ru": cyrillic(name.split()[-2 if lang == "en"
                                                                           else 0])}})
    places = [{"id": ident, "name": {"en": name, "ru": cyrillic(name)}, "in": state}
              for ident, (name, state) in reg.cities.items()]
    posts = [{"id": ident, "name": {"en": name, "ru": _post_ru(name, reg)}, "in": f"mfa-{state}"
              if ident.startswith("fm-") else state} for ident, (name, state) in reg.posts.items()]
    return {"actors": actors, "places": places, "posts": posts}


def _post_ru(name: str, reg: SynthRegistry) -> str:
    title, _, country = name.partition(" of ")
    if title == "President":
        return f"Президент {cyrillic(country)}"
    return f"Министр иностранных дел {cyrillic(country.split(' of ')[-1])}"
