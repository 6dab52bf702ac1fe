"""The time axis of the engine: quarters, the reporting periods of the plan.

A quarter's index is year × 4 + quarter (2025Q4 → 8104); a date inside a quarter can be placed on the
same axis by days (:func:`_date_x`).  Pure date arithmetic, no clock: the as-of date is always passed in.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

# Quarter → (month, day) of its last day; quarters are the reporting periods.
_QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


def _quarter_of(day: date) -> int:
    """Quarter 1–4 containing ``day``."""
    return (day.month - 1) // 3 + 1


def _is_quarter_end(day: date) -> bool:
    """True on 03-31, 06-30, 09-30 and 12-31."""
    return (day.month, day.day) == _QUARTER_END[_quarter_of(day)]


def _completed_index(day: date) -> int:
    """Index (year × 4 + quarter) of the last quarter fully ended on ``day``."""
    index = day.year * 4 + _quarter_of(day)
    return index if _is_quarter_end(day) else index - 1


def _date_x(day: date) -> Decimal:
    """Position of ``day`` on the quarter axis; a quarter end gives its index.

    Inside a quarter the position is interpolated by days, so 2025-12-31 →
    8104 (= 2025Q4) exactly and mid-quarter dates fall in between.
    """
    quarter = _quarter_of(day)
    start = date(day.year, quarter * 3 - 2, 1)
    month, last = _QUARTER_END[quarter]
    length = (date(day.year, month, last) - start).days + 1
    elapsed = (day - start).days + 1
    return Decimal(day.year * 4 + quarter - 1) + Decimal(elapsed) / Decimal(length)
