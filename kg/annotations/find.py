"""`kg find`: where a quote occurs in an article's body, and how to point at each occurrence.

An annotator who has to quote a word that occurs several times would otherwise count
occurrences by hand. For each occurrence this finds its `occurrence:` number and a
short `near:` (words of the same sentence that no other occurrence's sentence has),
checked with the resolver the loader itself uses, so what it prints always validates.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from kg.annotations.corpus import REGISTRY_FILE
from kg.annotations.document import annotated_text_path, load_document
from kg.annotations.fields import suggest
from kg.annotations.registry import load_registry
from kg.annotations.text import ArticleText
from kg.annotations.yamlsource import Located, load_yaml
from kg.errors import KgError, Problem, Problems, display_path

# Words too common to anchor anything on their own ("near: the" would read as noise).
_COMMON = frozenset("""
    a an the and or of in on at to for by with from as is was were be been has have had
    that this it its he she they his her their said says told not but also after before
    и в во на с со по к ко о об от до за из у что как это он она они его её их не но же
    """.split())
_WORD = re.compile(r"\w+")
_LONGEST_NEAR = 6  # words; longer anchors stop saving any typing over a count


@dataclass(frozen=True)
class Occurrence:
    number: int  # what `occurrence:` would say
    line: int
    context: str
    near: str | None  # None: no words of its sentence tell it apart (use the number)


@dataclass(frozen=True)
class Found:
    text: ArticleText
    quote: str
    occurrences: list[Occurrence]
    forms: dict[str, dict[str, int]]  # quoted word -> longer forms in the body -> count
    note: str | None  # when the body could not be read from the annotation


def open_article(seeds: Path, doc: str) -> tuple[ArticleText, str | None]:
    """The article's text with its body bounds set, as the loader sets them."""
    name = Path(doc).name
    stem = name.rsplit(".", 1)[0] if name.endswith((".txt", ".yaml")) else name
    text_path, annotation = seeds / f"{stem}.txt", seeds / f"{stem}.yaml"
    if annotation.is_file():
        # the text the annotation names (`text:`), found as the loader finds it
        text_path = annotated_text_path(annotation, load_yaml(annotation))
    if not text_path.is_file():
        known = sorted({p.stem for p in [*seeds.glob("*.txt"), *seeds.glob("*.yaml")]}
                       - {Path(REGISTRY_FILE).stem})
        raise KgError(Problem(display_path(seeds), None, f"no article '{stem}' (no "
                              f"{stem}.txt){suggest(stem, known)}; articles here: "
                              f"{', '.join(known) or 'none'}"))
    if not annotation.is_file():
        return ArticleText.load(text_path), ("no annotation yet: searching the whole text; "
                                             "occurrences are counted in the body once "
                                             "'body:' is written")
    try:
        return load_document(annotation, load_registry(seeds / REGISTRY_FILE)).text, None
    except KgError:
        # An annotation being written has problems; its body may still be readable.
        return _body_only(annotation, ArticleText.load(text_path))


def _body_only(annotation: Path, text: ArticleText) -> tuple[ArticleText, str | None]:
    problems = Problems(annotation)
    data = load_yaml(annotation)
    article = data.get("article") if isinstance(data, Located) else None
    body = article.get("body") if isinstance(article, Located) else None
    spans = []
    for key in ("first", "last"):
        value = body.get(key) if isinstance(body, Located) else None
        if not isinstance(value, Located):
            value = {"quote": value}
        words, occurrence, near = (value.get(k) for k in ("quote", "occurrence", "near"))
        ok = isinstance(words, str) and isinstance(occurrence, int | None) and \
            isinstance(near, str | None)
        spans.append(text.resolve(words, occurrence, problems, 0, False, near) if ok else None)
    first, last = spans
    if first and last and first.start < last.end:
        text.body_start, text.body_end = first.start, last.end
        return text, "the annotation has problems (see kg validate); body read from 'body:'"
    return text, "the annotation's 'body:' cannot be read yet: searching the whole text"


def find(seeds: Path, doc: str, quote: str) -> Found:
    text, note = open_article(seeds, doc)
    quote = " ".join(unicodedata.normalize("NFC", quote).split())
    if not quote:
        raise KgError(Problem("QUOTE", None, "the quote is empty"))
    lo, hi = text.body_start, text.body_end
    # Occurrences inside the body's cut-outs are not counted, as when a quote resolves.
    hits = [h for h in text.occurrences(quote, lo, hi) if text.cut_out(h.start(), h.end()) is None]
    found = [Occurrence(i + 1, text.line_at(h.start()), text.around(h.start(), h.end()),
                        _near_for(text, quote, hits, i) if len(hits) > 1 else None)
             for i, h in enumerate(hits)]
    return Found(text, quote, found, _longer_forms(text.text[lo:hi], quote), note)


def _near_for(text: ArticleText, quote: str, hits: list[re.Match], index: int) -> str | None:
    """The shortest run of words from the hit's sentence that selects it and no other.

    Runs that leave the quote out are preferred (they say something the quote does not),
    and among runs of one length, those nearest the quote."""
    hit = hits[index]
    lo, hi = text.body_start, text.body_end
    start, end = text.sentence_of(hit.start(), hit.end(), lo, hi)
    words = [m for m in re.finditer(r"\S+", text.text[start:end])]
    others = [text.sentence_of(h.start(), h.end(), lo, hi) for j, h in enumerate(hits)
              if j != index]
    middle = hit.start() - start
    for overlap_allowed in (False, True):
        for n in range(1, _LONGEST_NEAR + 1):
            runs = []
            for i in range(len(words) - n + 1):
                a, b = words[i].start(), words[i + n - 1].end()
                overlaps = a < hit.end() - start and b > middle
                if overlaps and not overlap_allowed:
                    continue
                candidate = text.text[start + a:start + b].strip(".,;:!?\"'«»“”()[]—–-")
                if not _distinctive(candidate, n):
                    continue
                runs.append((abs(a - middle), candidate))
            for _, candidate in sorted(runs):
                if any(text.occurrences(candidate, *span) for span in others):
                    continue
                if _selects(text, quote, candidate, index):
                    return " ".join(candidate.split())
    return None


def _distinctive(candidate: str, n: int) -> bool:
    words = [w.casefold() for w in _WORD.findall(candidate)]
    if len(words) < n or not words:
        return False  # a run that was mostly punctuation
    telling = [w for w in words if w not in _COMMON and len(w) >= 4]
    return bool(telling) if n > 1 else len(words[0]) >= 5 and words[0] not in _COMMON


def _selects(text: ArticleText, quote: str, near: str, index: int) -> bool:
    """What the loader would make of {quote, near}: the check that keeps `kg find` honest."""
    problems = Problems(text.path)
    span = text.resolve(quote, None, problems, 0, near=near)
    return span is not None and span.occurrence == index + 1


def _longer_forms(body: str, quote: str) -> dict[str, dict[str, int]]:
    """Words of the body that start like a quoted word but are longer: "Мирзояном" for
    "Мирзоян", "Москве" for "Москва". The stem is the word less its final vowels, a
    rough cut that catches most Russian case endings without a dictionary."""
    forms: dict[str, dict[str, int]] = {}
    body_words = _WORD.findall(body)
    for word in dict.fromkeys(_WORD.findall(quote)):
        stem = word.rstrip("аеёиоуыэюяйьaeiouy")
        if len(stem) < 3:
            continue
        folded_stem, folded_word = stem.casefold(), word.casefold()
        counts: dict[str, int] = {}
        for candidate in body_words:
            folded = candidate.casefold()
            if folded.startswith(folded_stem) and folded != folded_word:
                counts[candidate] = counts.get(candidate, 0) + 1
        if counts:
            forms[word] = dict(sorted(counts.items()))
    return forms
