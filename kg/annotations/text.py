"""An article's text, and finding quotes in it.

Offsets are Unicode code points of the NFC-normalised text, end exclusive, as Web
Annotation's TextPositionSelector defines them. A leading BOM is dropped (it is not
text); line ends are kept as they are, so `\\r\\n` counts as two characters. Line
numbers in messages count LF, CRLF and a lone CR (old Mac texts) as one line end each.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.annotations.files import read_utf8
from kg.annotations.yamlsource import line_number
from kg.characters import char_name, forbidden, invisible_difference, why_forbidden
from kg.errors import KgError, Problem, Problems, display_path

MAX_TEXT_BYTES = 2_000_000
CONTEXT = 32  # characters of prefix and suffix kept in a TextQuoteSelector


@dataclass(frozen=True)
class Span:
    """A resolved quote: where it is, and which occurrence (1-based, within the body) it was."""

    start: int
    end: int
    exact: str
    occurrence: int
    line: int = field(default=0, compare=False)  # where the annotation quoted it


class ArticleText:
    def __init__(self, path: Path, text: str):
        self.path = path
        self.text = text
        self.body_start = 0
        self.body_end = len(text)
        # Cut-outs inside the body ("Read more ..."): (start, end, what to call it).
        self.excluded: list[tuple[int, int, str]] = []
        self.sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()

    @classmethod
    def load(cls, path: Path) -> ArticleText:
        text = read_utf8(path, MAX_TEXT_BYTES, missing="article text not found; the "
                         "annotation needs its text beside it with the same name")
        text = unicodedata.normalize("NFC", text)
        if not text.strip():
            raise KgError(Problem(display_path(path), None, "article text is empty"))
        bad = forbidden(text)
        if bad:  # quotes, their context and sentences are copied into every export
            lines = dict.fromkeys((line_number(text, i), c) for i, c in bad)
            raise KgError([Problem(display_path(path), line, why_forbidden(c))
                           for line, c in list(lines)[:20]])
        return cls(path, text)

    def line_at(self, offset: int) -> int:
        return line_number(self.text, offset)

    def occurrences(self, quote: str, start: int = 0, end: int | None = None,
                    whole_characters: bool = True) -> list[re.Match]:
        """Matches of `quote` in text[start:end], on word boundaries only.

        Any run of whitespace in the quote matches any run in the text, so a quote typed
        with ordinary spaces finds words separated by a no-break space or a line end.
        A match that starts or ends inside a character as a reader sees it (a letter and
        its combining accent, "а́") is not an occurrence; with `whole_characters=False`
        only such matches are returned, to explain why a quote was not found.
        """
        end = len(self.text) if end is None else end
        words = quote.split()
        if not words:
            return []
        pattern = _pattern(tuple(words))
        return [m for m in pattern.finditer(self.text, start, end)
                if _on_word_boundaries(self.text, m.start(), m.end())
                and _whole_characters(self.text, m.start(), m.end()) == whole_characters]

    def resolve(self, quote: str, occurrence: int | None, problems: Problems, line: int,
                within_body: bool = True, near: str | None = None) -> Span | None:
        """Find `quote` (the `occurrence`-th time, or the one whose sentence contains the
        words `near`, if given) or record why it cannot be found."""
        quote = unicodedata.normalize("NFC", quote).strip()
        lo, hi = (self.body_start, self.body_end) if within_body else (0, len(self.text))
        hits = self.occurrences(quote, lo, hi)
        where = display_path(self.path)
        if within_body and self.excluded:
            # Cut-outs are not article text: their occurrences neither count nor resolve.
            kept = [h for h in hits if self.cut_out(h.start(), h.end()) is None]
            if hits and not kept:
                problems.add(line, f'quote "{quote}" occurs in {where} (line '
                             f"{self.line_at(hits[0].start())}) only inside "
                             f"{self.cut_out(hits[0].start(), hits[0].end())}; no quote may "
                             "cite a cut-out")
                return None
            hits = kept
        if not hits:
            outside = self.occurrences(quote)
            split = self.occurrences(quote, lo, hi, whole_characters=False)
            if split:
                at = split[0]
                mark = self.text[at.end()] if at.end() < len(self.text) and \
                    _joins_previous(self.text[at.end()]) else self.text[at.start()]
                problems.add(line, f'quote "{quote}" ends inside a character in {where} (line '
                             f"{self.line_at(at.start())}): the text has {char_name(mark)} "
                             "there, which belongs with the letter before it; quote the whole "
                             "character")
            elif outside:
                first = self.line_at(outside[0].start())
                problems.add(line, f'quote "{quote}" occurs in {where} only outside the article '
                             f"body (line {first}); annotations may cite article text only, "
                             "not boilerplate")
            else:
                problems.add(line, f'quote "{quote}" not found in {where}'
                             f"{self._near_miss(quote, lo, hi)}")
            return None
        if near is not None:
            if occurrence is not None:
                problems.add(line, f'quote "{quote}" has both \'occurrence\' and \'near\'; '
                             "give one of them")
                return None
            return self._resolve_near(quote, hits, near, problems, line, lo, hi)
        if occurrence is None:
            if len(hits) > 1:
                lines = ", ".join(str(self.line_at(h.start())) for h in hits[:6])
                problems.add(line, f'quote "{quote}" is ambiguous: it occurs {len(hits)} times '
                             f"in {where} (lines {lines}); add 'occurrence: N' (1-{len(hits)}) or "
                             f"'near: \"words from its sentence\"' (kg find {self.path.stem} "
                             f"\"{quote}\" shows both)")
                return None
            occurrence = 1
        if not 1 <= occurrence <= len(hits):
            problems.add(line, f'occurrence {occurrence} of quote "{quote}" is out of range: '
                         f"it occurs {len(hits)} time{'s' if len(hits) > 1 else ''} in {where}")
            return None
        hit = hits[occurrence - 1]
        return Span(hit.start(), hit.end(), hit.group(0), occurrence, line)

    def cut_out(self, start: int, end: int) -> str | None:
        """What to call the excluded range that [start, end) overlaps, or None."""
        return next((what for lo, hi, what in self.excluded if start < hi and lo < end), None)

    def sentence_of(self, start: int, end: int, lo: int = 0, hi: int | None = None
                    ) -> tuple[int, int]:
        """The sentence around [start, end), clipped to [lo, hi) (the body)."""
        s, e = sentence_bounds(self.text, start, end)
        return max(s, lo), min(e, len(self.text) if hi is None else hi)

    def near_matches(self, hits: list[re.Match], near: str, lo: int = 0,
                     hi: int | None = None) -> list[int]:
        """Indexes of the hits whose sentence (as sentence_bounds cuts it) contains `near`."""
        return [i for i, h in enumerate(hits)
                if self.occurrences(near, *self.sentence_of(h.start(), h.end(), lo, hi))]

    def _resolve_near(self, quote: str, hits: list[re.Match], near: str, problems: Problems,
                      line: int, lo: int, hi: int) -> Span | None:
        near = " ".join(unicodedata.normalize("NFC", str(near)).split())
        if not near:
            problems.add(line, f'\'near\' of quote "{quote}" is empty')
            return None
        chosen = self.near_matches(hits, near, lo, hi)
        if len(chosen) == 1:
            hit = hits[chosen[0]]
            return Span(hit.start(), hit.end(), hit.group(0), chosen[0] + 1, line)
        shown = chosen or range(len(hits))
        listing = "; ".join(f"occurrence {i + 1}, line {self.line_at(hits[i].start())}: "
                            f"{self.around(hits[i].start(), hits[i].end())}"
                            for i in list(shown)[:8])
        where = display_path(self.path)
        if not chosen:
            problems.add(line, f'no occurrence of quote "{quote}" in {where} has "{near}" in '
                         f"its sentence; the candidates are: {listing}")
        else:
            problems.add(line, f'near "{near}" selects {len(chosen)} occurrences of quote '
                         f'"{quote}" in {where}, not one: {listing}; use words that only one '
                         "of these sentences has, or 'occurrence: N'")
        return None

    def around(self, start: int, end: int, words: int = 5) -> str:
        """The quoted words in [brackets] with up to `words` words of their sentence on each
        side, on one line, for messages and `kg find`."""
        s, e = sentence_bounds(self.text, start, end)
        before, after = self.text[s:start].split(), self.text[end:e].split()
        left = ("… " if len(before) > words else "") + " ".join(before[-words:])
        right = " ".join(after[:words]) + (" …" if len(after) > words else "")
        glue_left = " " if before and self.text[start - 1].isspace() else ""
        glue_right = " " if after and self.text[end].isspace() else ""
        return f"{left}{glue_left}[{' '.join(self.text[start:end].split())}]{glue_right}{right}"

    def _near_miss(self, quote: str, lo: int, hi: int) -> str:
        body = self.text[lo:hi]
        folded = body.casefold().find(quote.casefold())
        if folded != -1:
            return f' (did you mean "{body[folded:folded + len(quote)]}"? case differs)'
        if not 3 <= len(quote) <= 300:
            return ""
        n = max(1, len(quote.split()))
        words = body.split()
        windows = {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}
        close = difflib.get_close_matches(quote, sorted(windows), n=1, cutoff=0.75)
        return f' (did you mean "{close[0]}"?{invisible_difference(quote, close[0])})' \
            if close else ""

    def quote_context(self, span: Span) -> tuple[str, str]:
        return (self.text[max(0, span.start - CONTEXT):span.start],
                self.text[span.end:span.end + CONTEXT])

    def sentence(self, span: Span) -> str:
        """The sentence (or sentences) containing the span, for a reader who wants context."""
        start, end = sentence_bounds(self.text, span.start, span.end)
        return " ".join(self.text[start:end].split())


@lru_cache(maxsize=4096)
def _pattern(words: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"\s+".join(re.escape(w) for w in words))


def _joins_previous(char: str) -> bool:
    """A combining mark, or a joiner: it extends the character before it on screen."""
    return unicodedata.category(char) in ("Mn", "Mc", "Me") or char == "\u200d"


def _whole_characters(text: str, start: int, end: int) -> bool:
    starts_whole = start == 0 or not _joins_previous(text[start])
    ends_whole = end == len(text) or not (_joins_previous(text[end]) or text[end - 1] == "\u200d")
    return starts_whole and ends_whole


def _on_word_boundaries(text: str, start: int, end: int) -> bool:
    before_ok = start == 0 or not (text[start].isalnum() and text[start - 1].isalnum())
    after_ok = end == len(text) or not (text[end - 1].isalnum() and text[end].isalnum())
    return before_ok and after_ok


# Words after which a full stop does not end a sentence ("U.S. Secretary", "Sept. 17").
_ABBREVIATIONS = frozenset("""
    u.s us u.k uk e.u mr mrs ms dr st gen lt col sgt prof jr sr vs no nos inc corp ltd co
    jan feb mar apr jun jul aug sep sept oct nov dec
    т г гг им др тыс млн млрд ст см напр
""".split())
_END = re.compile(r"[.!?…]+[\"'”»’)\]]*(?=\s)")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Expand [start, end) to whole sentences, never crossing a line break."""
    line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    line_end = min((i for i in (text.find("\n", end), text.find("\r", end)) if i != -1),
                   default=len(text))
    cuts = [m.end() for m in _END.finditer(text, line_start, line_end) if _ends_sentence(text, m)]
    s = max([c for c in cuts if c <= start], default=line_start)
    e = min([c for c in cuts if c >= end], default=line_end)
    while s < e and text[s].isspace():
        s += 1
    return s, e


def _ends_sentence(text: str, match: re.Match) -> bool:
    dot = match.start()
    if text[dot] != ".":
        return True
    word = re.search(r"[\w.]+$", text[max(0, dot - 12):dot])
    token = word.group(0).lower().strip(".") if word else ""
    if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
        return False
    following = text[match.end():match.end() + 3].lstrip()
    return not following or not following[0].islower()
