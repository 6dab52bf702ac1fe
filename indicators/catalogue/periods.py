"""Reporting periods (报告期): one home for quarter arithmetic, the two names of a quarter, and reading a period
as people type it.

A quarter has two names: ``period_name`` — "2026年第3季度" (English "Q3 2026"), the name in every text, table
and report — and ``period_label`` — "2026Q3", compact, for chart axes, URLs (``?period=2026Q3``) and files.
``period_parse`` reads either form (and the English one, full-width digits included) back to (year, quarter).
The scoring engine keeps its own time axis (``indicators.scoring.engine``), which places dates between quarter
ends; it needs no names.
"""

import datetime as dt
import re

from django.utils.translation import gettext as _

from tasks.common.text import text_fold

_LABEL = re.compile(r"^([0-9]{4})\s*[-/]?\s*Q([1-4])$", re.IGNORECASE)  # 2026Q3, 2026 Q3, 2026-Q3
_NAME = re.compile(r"^([0-9]{4})\s*年\s*第?\s*([1-4一二三四])\s*季度?$")  # 2026年第3季度, 2026年三季度
_ENGLISH = re.compile(r"^Q([1-4])\s*[-/ ]?\s*([0-9]{4})$", re.IGNORECASE)  # Q3 2026
_CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}


def quarter_of(day: dt.date) -> int:
    """The quarter 1–4 that contains ``day``."""
    return (day.month - 1) // 3 + 1


def quarter_start(year: int, quarter: int) -> dt.date:
    """First day of the quarter, e.g. (2026, 3) → 2026-07-01."""
    return dt.date(year, 3 * quarter - 2, 1)


def quarter_end(year: int, quarter: int) -> dt.date:
    """Last day of the quarter, e.g. (2026, 3) → 2026-09-30."""
    if quarter == 4:
        return dt.date(year, 12, 31)
    return dt.date(year, 3 * quarter + 1, 1) - dt.timedelta(days=1)


def quarter_next(year: int, quarter: int) -> tuple[int, int]:
    """The quarter after (year, quarter): (2025, 4) → (2026, 1)."""
    return (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def quarters_between(start: dt.date, until: dt.date) -> list[tuple[int, int]]:
    """Every (year, quarter) from ``start``'s quarter to ``until``'s, both included; [] when until < start."""
    year, quarter = start.year, quarter_of(start)
    last = (until.year, quarter_of(until))
    quarters = []
    while (year, quarter) <= last:
        quarters.append((year, quarter))
        year, quarter = quarter_next(year, quarter)
    return quarters


def period_label(year: int, quarter: int) -> str:
    """The compact label "2026Q3" (chart axes, URLs, files; the same in every language)."""
    return f"{year}Q{quarter}"


def period_name(year: int, quarter: int) -> str:
    """The name in texts: "2026年第3季度" (English "Q3 2026"), in the active language."""
    return _("%(year)s年第%(quarter)s季度") % {"year": year, "quarter": quarter}


def period_parse(text: str | None) -> tuple[int, int] | None:
    """(year, quarter) of "2026Q3", "2026 Q3", "2026年第3季度", "2026年三季度" or "Q3 2026" (full-width forms too);
    None for anything else, blanks included."""
    text = text_fold(str(text or ""))
    if match := _LABEL.match(text) or _NAME.match(text):
        year, quarter = match.groups()
        return int(year), _CHINESE_DIGITS.get(quarter) or int(quarter)
    if match := _ENGLISH.match(text):
        quarter, year = match.groups()
        return int(year), int(quarter)
    return None
