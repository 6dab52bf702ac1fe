"""Expected progress (时序进度): how far along an indicator should be at a date, in % (0–100).

Quarter-based: completed plan quarters / all plan quarters, or the planned trajectory of yearly
targets where the plan gives them (see :func:`expected_progress`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from indicators.scoring.engine.enums import TargetKind
from indicators.scoring.engine.numbers import _HUNDRED, _ZERO, _clamp, _toward, comparator_holds
from indicators.scoring.engine.periods import _completed_index, _quarter_of
from indicators.scoring.engine.specs import IndicatorSpec


def _plan_quarters(spec: IndicatorSpec) -> tuple[int, int]:
    """(completed-index offset, total quarters) of plan_start..target_date."""
    first = spec.plan_start.year * 4 + _quarter_of(spec.plan_start)
    return first - 1, spec.target_year * 4 + 4 - first + 1


def _time_share(spec: IndicatorSpec, as_of: date) -> Decimal:
    """Completed plan quarters / all plan quarters × 100, clamped 0–100."""
    offset, total = _plan_quarters(spec)
    done = min(max(_completed_index(as_of) - offset, 0), total)
    # Multiply first: 8 × 100 / 16 = 50 exactly, no 0.5 × 100 = 50.0 detour.
    return Decimal(done * 100) / Decimal(total)


# Kinds whose whole requirement applies every year (a yearly target, a
# year-on-year trend, an average rate): the full bar is due at any time.
_FULL_BAR_KINDS = frozenset({TargetKind.ANNUAL_ASSIGNED, TargetKind.TREND, TargetKind.ANNUAL_GROWTH})


def expected_progress(spec: IndicatorSpec, *, as_of: date) -> Decimal:
    """时序进度 at ``as_of`` in %, 0–100.

    Method (quarter-based, exact for a quarterly plan): completed quarters of
    plan_start..target_date / all quarters × 100.  2022-01-01..2025-12-31 has
    16 quarters, so 2023-12-31 → 8/16 = 50; a date inside a quarter counts
    only completed quarters (2023-11-15 → 7/16 = 43.75).  Before the first
    quarter end → 0; at or after the target date → 100.

    AT_LEAST/AT_MOST with a baseline and yearly_targets follow the planned
    trajectory instead: year-end share = (yearly target − baseline) /
    (target − baseline) × 100, interpolated by completed quarters between the
    previous year-end share and this year's (see _trajectory_share).

    ANNUAL_ASSIGNED, TREND, ANNUAL_GROWTH → 100 once a quarter has passed:
    their requirement is due in full every year, not pro rata.
    """
    share = _time_share(spec, as_of)
    if share in (_ZERO, _HUNDRED):
        return share
    if spec.kind in _FULL_BAR_KINDS:
        return _HUNDRED
    trajectory = _trajectory_share(spec, as_of)
    return share if trajectory is None else _clamp(trajectory)


def _uses_trajectory(spec: IndicatorSpec) -> bool:
    """Trajectory only where (target − baseline) is a real distance to cover."""
    base, target = spec.baseline_value, spec.target_value
    if spec.kind not in (TargetKind.AT_LEAST, TargetKind.AT_MOST) or not spec.yearly_targets:
        return False
    if base is None or target is None or base == target:
        return False
    return not comparator_holds(spec.comparator, base, target)


def _year_end_share(spec: IndicatorSpec, year: int) -> Decimal:
    """Planned share at the end of ``year``: yearly target, else time share."""
    targets = dict(spec.yearly_targets)
    if year in targets:
        return _toward(targets[year], spec.baseline_value, spec.target_value)
    if year < spec.plan_start.year:
        return _ZERO
    return _time_share(spec, date(year, 12, 31))


def _trajectory_share(spec: IndicatorSpec, as_of: date) -> Decimal | None:
    """Trajectory share at as_of, or None when as_of's year has no yearly target.

    Linear between the previous year-end share and this year's, by completed
    quarters of as_of's year (k/4), so at a year end it is exactly
    (yearly target − baseline)/(target − baseline) × 100.
    """
    if not _uses_trajectory(spec) or as_of.year not in dict(spec.yearly_targets):
        return None
    k = max(_completed_index(as_of) - as_of.year * 4, 0)
    before = _year_end_share(spec, as_of.year - 1)
    now = _year_end_share(spec, as_of.year)
    return before + (now - before) * k / 4
