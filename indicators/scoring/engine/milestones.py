"""Qualitative milestones (节点): their weighted share done, in % (0–100)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from indicators.scoring.engine.enums import MilestoneState
from indicators.scoring.engine.numbers import _HUNDRED, _ZERO, _clamp, weighted_mean
from indicators.scoring.engine.rules import DEFAULT_RULES, ScoringRules


def milestones_progress(
    items: Sequence[tuple[MilestoneState, Decimal | None, Decimal]], rules: ScoringRules = DEFAULT_RULES
) -> Decimal | None:
    """Weighted share of qualitative milestones done, in % (0–100).

    Each item is (state, percent_done or None, weight): 已完成 → 100;
    推进中 → the given percentage (clamped 0–100) or in_progress_share × 100;
    未开始 → 0.  None with no items or zero total weight.  Raises ValueError
    for a negative weight or unknown state.
    """
    return weighted_mean((_milestone_share(state, percent, rules), weight) for state, percent, weight in items)


def _milestone_share(state: MilestoneState, percent: Decimal | None, rules: ScoringRules) -> Decimal:
    """Share done of one milestone in %."""
    state = MilestoneState(state)
    if state is MilestoneState.DONE:
        return _HUNDRED
    if state is MilestoneState.NOT_STARTED:
        return _ZERO
    return rules.in_progress_share * _HUNDRED if percent is None else _clamp(percent)
