"""Evaluation of one indicator at one as-of date (:func:`indicator_evaluate`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from indicators.scoring.engine.enums import Status
from indicators.scoring.engine.expected import expected_progress
from indicators.scoring.engine.forecast import _forecast
from indicators.scoring.engine.measures import _measure, _target
from indicators.scoring.engine.numbers import _HUNDRED, _ZERO, _clamp, comparator_holds
from indicators.scoring.engine.rules import DEFAULT_RULES, ScoringRules
from indicators.scoring.engine.specs import IndicatorResult, IndicatorSpec, Observation
from indicators.scoring.engine.status import status_classify

# The highest 完成进度 of a target not met: below 100 at the pages' one decimal (99.9), so 100% means met.
NOT_MET_CAP = Decimal("99.9")


def indicator_evaluate(
    spec: IndicatorSpec, observations: Sequence[Observation], *, as_of: date, rules: ScoringRules = DEFAULT_RULES
) -> IndicatorResult:
    """Evaluate one indicator at ``as_of`` (see the kind rules below).

    Only observations whose period ends on or before as_of count (later ones,
    and later corrections, cannot change an earlier as-of result); one value
    per period, the last given wins.  ``progress`` is progress_raw clamped to
    0–100, and 100 whenever the target is met — and only then: a target not
    met reads at most NOT_MET_CAP (99.9, the highest figure below 100 at the
    one decimal pages show), e.g. a strict "< 35" hit exactly (35: raw 100,
    not met) reads 99.9 next to 未达标, never 100 (issue 11; progress_raw
    keeps the unclamped 100).  ``score`` = progress, or 0 when there is none.
    Kind rules: _measure_level, _measure_yes_no, _measure_assigned,
    _measure_trend, _measure_growth.  Raises nothing for missing targets: no
    target for the as-of year (or the latest value's year) gives NO_TARGET
    (目标未下达, score 0, left out of every roll-up by the caller) with the
    reason in ``rule``.
    """
    obs = _observations_until(observations, as_of)
    measure = _measure(spec, obs, year=as_of.year)
    progress = None if measure.progress_raw is None else _clamp(measure.progress_raw)
    if measure.met:
        progress = _HUNDRED
    elif measure.met is False and progress is not None and progress > NOT_MET_CAP:
        progress = NOT_MET_CAP
    expected = expected_progress(spec, as_of=as_of)
    status = status_classify(
        progress_raw=measure.progress_raw if measure.timed else None,
        expected=expected,
        met=measure.met,
        target_passed=as_of >= spec.target_date,
        has_data=measure.met is not None,
        rules=rules,
    )
    if measure.no_target:
        status = Status.NO_TARGET
    forecast = _forecast(spec, obs, as_of)
    forecast_met = None if forecast is None else comparator_holds(spec.comparator, forecast, _target(spec))
    return IndicatorResult(
        measure.current,
        measure.progress_raw,
        progress,
        expected,
        status,
        measure.met,
        forecast,
        forecast_met,
        measure.rule,
        progress if progress is not None else _ZERO,
    )


def _observations_until(observations: Iterable[Observation], as_of: date) -> list[Observation]:
    """Observations ending on/before as_of, one per period, in period order."""
    by_period = {}
    for obs in observations:
        if obs.end <= as_of:
            by_period[(obs.year, obs.quarter)] = obs  # a later duplicate replaces
    return [by_period[key] for key in sorted(by_period)]
