"""Decimal helpers of the engine: input coercion, comparison, display rounding, weighted mean.

Percentages are Decimal values on a 0–100 scale.  Rounding is for display only
(:func:`round_half_up`); every decision is taken from the raw, unrounded values.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from indicators.scoring.engine.enums import Comparator

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)


def _to_decimal(value, name: str) -> Decimal | None:
    """Coerce int/str/Decimal to Decimal (None passes); floats are refused.

    Raises TypeError for float or bool: binary floats would smuggle rounding
    errors into figures that are compared at exact boundaries.
    """
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, (bool, float)) or not isinstance(value, (int, str)):
        raise TypeError(f"{name} must be Decimal, int or str, not {type(value).__name__}")
    return Decimal(value)


def comparator_holds(comparator: Comparator, value: Decimal, target: Decimal) -> bool:
    """True when ``value <comparator> target``, e.g. (LT, 35, 35) → False.

    Exact Decimal comparison: a strict bound (PM2.5 < 35) is not met at 35.
    Raises ValueError for an unknown comparator string.
    """
    comparator = Comparator(comparator)
    if comparator is Comparator.GTE:
        return value >= target
    if comparator is Comparator.GT:
        return value > target
    if comparator is Comparator.LTE:
        return value <= target
    if comparator is Comparator.LT:
        return value < target
    return value == target


def round_half_up(value: Decimal | None, places: int = 1) -> Decimal | None:
    """Round half away from zero to ``places`` decimals, like Excel's ROUND.

    For display only: 2.345 → 2.35 (2 places), −2.5 → −3 (0 places); None
    stays None.  Decisions never use the rounded figure.
    """
    if value is None:
        return None
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _clamp(value: Decimal, low: Decimal = _ZERO, high: Decimal = _HUNDRED) -> Decimal:
    """Clamp into [low, high]."""
    return max(low, min(high, value))


def _fmt(value: Decimal | None) -> str:
    """Plain text of a Decimal for rule sentences (no exponent, ≤ 2 decimals)."""
    if value is None:
        return "—"
    text = format(round_half_up(value, 2).normalize(), "f")
    return "0" if text == "-0" else text


def _fmt_pct(value: Decimal | None) -> str:
    """A 完成进度 in a rule sentence as pages show it: rounded once, half-up, to 1 place (86.24996 → "86.2", as in
    试算's figures and every report; ``_fmt``'s 2 places would print 86.25 next to 86.2)."""
    if value is None:
        return "—"
    text = format(round_half_up(value, 1).normalize(), "f")
    return "0" if text == "-0" else text


def _all_or_nothing(met: bool) -> Decimal:
    """100 when met else 0: progress of targets that have no partial measure."""
    return _HUNDRED if met else _ZERO


def weighted_mean(pairs: Iterable[tuple[Decimal | None, Decimal]]) -> Decimal | None:
    """Weighted mean of (value, weight) pairs, skipping None values.

    Returns None when the total weight of the non-None values is 0 (nothing
    to average).  Raises ValueError for a negative weight.
    """
    total = weight_sum = _ZERO
    for value, weight in pairs:
        if weight < 0:
            raise ValueError("weights must not be negative")
        if value is not None:
            total += value * weight
            weight_sum += weight
    return None if weight_sum == 0 else total / weight_sum


def _toward(current: Decimal, baseline: Decimal, target: Decimal) -> Decimal:
    """(current − baseline)/(target − baseline) × 100; target ≠ baseline."""
    return (current - baseline) * _HUNDRED / (target - baseline)
