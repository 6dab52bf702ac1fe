"""Status (已达标 / 正常 / 滞后 / 严重滞后 / 无数据 / 未完成) from the raw progress figures.

Used for indicators and, with the same thresholds, for the roll-ups (task, system, plan, department).
"""

from __future__ import annotations

from decimal import Decimal

from indicators.scoring.engine.enums import Status
from indicators.scoring.engine.rules import DEFAULT_RULES, ScoringRules


def status_classify(
    *,
    progress_raw: Decimal | None,
    expected: Decimal,
    met: bool | None,
    target_passed: bool,
    has_data: bool,
    rules: ScoringRules = DEFAULT_RULES,
) -> Status:
    """Status from the RAW unrounded figures (percent, 0–100 scale).

    Order: met → ACHIEVED; no judgeable data → NO_DATA; as_of ≥ target date
    and not met → MISSED (values after 2025 keep being scored against the 2025
    target); no progress figure comparable with time (YES_NO before the
    target date) → ON_TRACK; else gap = expected − progress_raw:
    gap ≤ on_track_gap → ON_TRACK, ≤ lagging_gap → LAGGING, else
    SERIOUSLY_LAGGING.  Source: glossary status list; thresholds ScoringRules.
    """
    if met:
        return Status.ACHIEVED
    if not has_data:
        return Status.NO_DATA
    if target_passed:
        return Status.MISSED
    if progress_raw is None:
        return Status.ON_TRACK
    gap = expected - progress_raw
    if gap <= rules.on_track_gap:
        return Status.ON_TRACK
    return Status.LAGGING if gap <= rules.lagging_gap else Status.SERIOUSLY_LAGGING
