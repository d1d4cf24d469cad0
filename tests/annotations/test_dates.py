from __future__ import annotations

import datetime as dt

import pytest

from kg.annotations.dates import DateError, parse_date, parse_span


@pytest.mark.parametrize("text,start,end,precision", [
    ("2023-09-17", dt.date(2023, 9, 17), dt.date(2023, 9, 17), "day"),
    ("2020-10", dt.date(2020, 10, 1), dt.date(2020, 10, 31), "month"),
    ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29), "month"),
    ("2022", dt.date(2022, 1, 1), dt.date(2022, 12, 31), "year"),
])
def test_precision_gives_an_interval(text, start, end, precision):
    interval = parse_date(text)
    assert (interval.start, interval.end, interval.precision) == (start, end, precision)


@pytest.mark.parametrize("text,reason", [
    ("2023-02-29", "February 2023 has 28 days"),
    ("2023-13", "there is no month 13"),
    ("17 Sept 2023", "is not a date"),
    ("2023-9-17", "is not a date"),
])
def test_bad_dates_say_why(text, reason):
    with pytest.raises(DateError, match=reason):
        parse_date(text)


def test_span_is_inclusive_and_ordered():
    span = parse_span("2020-10-20", "2020-10-21")
    assert (span.start, span.end, span.precision, span.literal) == (
        dt.date(2020, 10, 20), dt.date(2020, 10, 21), "day", "2020-10-20/2020-10-21")
    with pytest.raises(DateError, match="before start"):
        parse_span("2020-10-21", "2020-10-20")
