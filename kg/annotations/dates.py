"""Dates as annotators write them: a day, a month or a year, or a span of days.

Each resolves to an inclusive interval of days, which is what a timeline needs, while
the precision and the literal as written are kept for readers.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_FORM = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class DateError(ValueError):
    pass


@dataclass(frozen=True)
class Interval:
    start: dt.date
    end: dt.date
    precision: str  # "day", "month" or "year"
    literal: str  # as written: 2020-10-21, 2020-10 or 2020; for a span, start/end

    @property
    def is_span(self) -> bool:
        return "/" in self.literal


def parse_date(text: str) -> Interval:
    """'2020-10' -> 1-31 October 2020, precision month. Raises DateError with a reason."""
    text = str(text).strip()
    match = _FORM.match(text)
    if not match:
        raise DateError(f'"{text}" is not a date: write YYYY-MM-DD, YYYY-MM or YYYY')
    year, month, day = (int(g) if g else None for g in match.groups())
    if not 1 <= year <= 9999:
        raise DateError(f'"{text}": year {year} is out of range')
    if month is None:
        return Interval(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", text)
    if not 1 <= month <= 12:
        raise DateError(f'"{text}" is impossible: there is no month {month}')
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return Interval(dt.date(year, month, 1), dt.date(year, month, last), "month", text)
    if not 1 <= day <= last:
        raise DateError(f'"{text}" is impossible: {calendar.month_name[month]} {year} '
                        f"has {last} days")
    day_date = dt.date(year, month, day)
    return Interval(day_date, day_date, "day", text)


def parse_span(start: str, end: str) -> Interval:
    first, last = parse_date(start), parse_date(end)
    if last.end < first.start:
        raise DateError(f"end {last.literal} is before start {first.literal}")
    precision = "day" if first.precision == last.precision == "day" else \
        max(first.precision, last.precision, key=["day", "month", "year"].index)
    return Interval(first.start, last.end, precision, f"{first.literal}/{last.literal}")
