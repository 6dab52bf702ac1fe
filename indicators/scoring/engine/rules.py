"""The scoring rules: one versioned configuration of every threshold and weight.

All numeric thresholds and weights live in :class:`ScoringRules`, so a change of policy is a change of
data.  The stored configuration (``indicators.models.ScoringConfig``) takes its field defaults from
``ScoringRules()``; ``indicators.scoring.config.rules_from_config`` turns a stored row into rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class ScoringRules:
    """One versioned configuration of every threshold and weight.

    Gaps are percentage points of 时序进度 minus 完成进度; shares are
    fractions 0–1; scores and grade bounds are points 0–100.  Defaults follow
    common county practice for plan assessments; change them here, not in code.
    """

    version: str = "1"
    on_track_gap: Decimal = Decimal("10")
    lagging_gap: Decimal = Decimal("30")
    in_progress_share: Decimal = Decimal("0.5")
    lead_weight: Decimal = Decimal("1")
    support_weight: Decimal = Decimal("0.5")
    progress_share: Decimal = Decimal("0.8")
    timeliness_share: Decimal = Decimal("0.2")
    late_penalty_per_day: Decimal = Decimal("5")
    return_deduction: Decimal = Decimal("1")
    grade_excellent: Decimal = Decimal("90")
    grade_good: Decimal = Decimal("75")
    grade_pass: Decimal = Decimal("60")
    # 督办 (supervision orders, issue 14): points off the department assessment per order past its 整改期限
    # without 销号 and per closure request returned; 0 (no deduction) until the county sets them.
    order_overdue_deduction: Decimal = Decimal("0")
    order_return_deduction: Decimal = Decimal("0")


# The rules used when a caller passes none (every field at its default, version "1").
DEFAULT_RULES = ScoringRules()
