"""Reporting periods: quarter arithmetic, the two names of a quarter, and reading a period as typed."""

import datetime as dt

import pytest
from django.utils import translation

from indicators.catalogue.periods import (
    period_label,
    period_name,
    period_parse,
    quarter_end,
    quarter_of,
    quarter_start,
    quarters_between,
)


@pytest.mark.parametrize(
    ("day", "quarter"),
    [(dt.date(2026, 1, 1), 1), (dt.date(2026, 3, 31), 1), (dt.date(2026, 4, 1), 2), (dt.date(2026, 12, 31), 4)],
)
def test_quarter_of(day, quarter):
    assert quarter_of(day) == quarter


@pytest.mark.parametrize(
    ("year", "quarter", "start", "end"),
    [
        (2026, 1, dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        (2024, 2, dt.date(2024, 4, 1), dt.date(2024, 6, 30)),
        (2026, 3, dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
        (2025, 4, dt.date(2025, 10, 1), dt.date(2025, 12, 31)),
    ],
)
def test_quarter_start_and_end(year, quarter, start, end):
    assert (quarter_start(year, quarter), quarter_end(year, quarter)) == (start, end)


def test_quarters_between_crosses_years_and_is_empty_backwards():
    assert quarters_between(dt.date(2025, 11, 5), dt.date(2026, 4, 1)) == [(2025, 4), (2026, 1), (2026, 2)]
    assert quarters_between(dt.date(2026, 4, 1), dt.date(2025, 1, 1)) == []


def test_two_names_of_a_quarter():
    assert period_label(2026, 3) == "2026Q3"
    with translation.override("zh-hans"):
        assert period_name(2026, 3) == "2026年第3季度"
    with translation.override("en"):
        assert period_name(2026, 3) == "Q3 2026"


@pytest.mark.parametrize(
    "text",
    [
        "2026Q3",
        "2026q3",
        "2026 Q3",
        "2026-Q3",
        "２０２６Ｑ３",
        "2026年第3季度",
        "2026年第３季度",
        "2026年三季度",
        "Q3 2026",
        " 2026年第3季度 ",
    ],
)
def test_period_parse_reads_every_form(text):
    assert period_parse(text) == (2026, 3)


@pytest.mark.parametrize("text", ["", None, "2026Q5", "2026年第0季度", "26Q3", "2026", "Q3", "第3季度2026", "٢٠٢٦Q3"])
def test_period_parse_refuses_anything_else(text):
    assert period_parse(text) is None
