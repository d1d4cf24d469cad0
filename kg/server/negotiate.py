"""Content negotiation on the Accept header (RFC 9110 §12.5.1).

Werkzeug's matcher compares media-type parameters too, so `text/csv; charset=utf-8` does
not match `text/csv` and a client that says which charset it wants gets 406. Here a range
matches on type and subtype alone: parameters other than q say how the body is encoded,
and every text format here is UTF-8 anyway. A type gets the q of the most specific range
that matches it (`text/csv;q=0` beats `text/*`), q=0 means "not this one", and ties go to
the server's order of preference.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# One comma-separated element: a media range and its parameters; quoted strings may hold
# commas and semicolons.
_ELEMENT = re.compile(r'(?:[^,"]|"(?:[^"\\]|\\.)*")+')
_PARAMETER = re.compile(r'\s*([^=;\s]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)')


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float

    def specificity(self, media_type: str) -> int:
        """2 for an exact match, 1 for type/*, 0 for */*, -1 for none."""
        kind, _, sub = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != kind:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == sub else -1


def parse_accept(header: str) -> list[MediaRange]:
    """The media ranges of an Accept header; malformed elements are skipped."""
    ranges = []
    for element in _ELEMENT.findall(header):
        media, _, params = element.partition(";")
        kind, slash, sub = media.strip().lower().partition("/")
        if not slash or not kind or not sub:
            continue
        q = 1.0
        for name, value in _PARAMETER.findall(";" + params if params else ""):
            if name.lower() == "q":
                try:
                    q = min(max(float(value.strip('"')), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append(MediaRange(kind, sub, q))
    return ranges


def quality(ranges: Sequence[MediaRange], media_type: str) -> float:
    """How much the client wants `media_type`: the q of the most specific matching range."""
    best, q = -1, 0.0
    for media_range in ranges:
        specificity = media_range.specificity(media_type)
        if specificity > best:
            best, q = specificity, media_range.q
    return q


def best_match(header: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the client prefers (server order breaks ties), or None.

    No Accept header (or an empty one) accepts anything, so the first offer wins.
    """
    if not header or not header.strip():
        return offered[0] if offered else None
    ranges = parse_accept(header)
    if not ranges:
        return offered[0] if offered else None
    best, best_q = None, 0.0
    for media_type in offered:
        q = quality(ranges, media_type.lower())
        if q > best_q:
            best, best_q = media_type, q
    return best
