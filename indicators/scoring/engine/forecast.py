"""Forecast: the value an indicator is heading for at its target date (least squares on quarters)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from indicators.scoring.engine.enums import Accumulation
from indicators.scoring.engine.measures import _LEVEL_KINDS, _target
from indicators.scoring.engine.numbers import _ZERO
from indicators.scoring.engine.periods import _date_x
from indicators.scoring.engine.specs import IndicatorSpec, Observation


def forecast_linear(observations: Sequence[Observation], *, at: date) -> Decimal | None:
    """Least-squares straight line through the observations, read at ``at``.

    x = quarter position (Observation.index; ``at`` via the same axis, so a
    quarter end is exact), y = value.  Returns the value in the indicator's
    unit, or None with fewer than 2 observations or all at the same period.
    Ordinary least squares: slope = Σ(x−x̄)(y−ȳ) / Σ(x−x̄)².
    """
    if len(observations) < 2:
        return None
    n = Decimal(len(observations))
    x_mean = sum(Decimal(o.index) for o in observations) / n
    y_mean = sum(o.value for o in observations) / n
    sxx = sum((o.index - x_mean) ** 2 for o in observations)
    if sxx == 0:
        return None
    sxy = sum((o.index - x_mean) * (o.value - y_mean) for o in observations)
    return y_mean + sxy / sxx * (_date_x(at) - x_mean)


def _forecast(spec: IndicatorSpec, obs: list[Observation], as_of: date) -> Decimal | None:
    """Projected value at the target date for level kinds before that date.

    None after the target date (the outcome is known, not forecast) and for
    YES_NO/ANNUAL_ASSIGNED/TREND/ANNUAL_GROWTH, whose target is not a level
    the value itself must reach.  SUM indicators project the running total.
    """
    if spec.kind not in _LEVEL_KINDS or as_of >= spec.target_date or _target(spec) is None:
        return None
    if spec.accumulation is Accumulation.SUM:
        obs = _running_totals(obs)
    return forecast_linear(obs, at=spec.target_date)


def _running_totals(obs: list[Observation]) -> list[Observation]:
    """Each period's cumulative sum up to and including it."""
    total, out = _ZERO, []
    for o in obs:
        total += o.value
        out.append(Observation(o.year, o.quarter, total))
    return out
