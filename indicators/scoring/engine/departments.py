"""Department assessment (考核) of one responsible department (责任单位) and its grade (等次).

Source: the plan's 保障措施 (二)严格监督考核, which asks for departmental assessment of plan targets;
weights, penalties and grade bounds from :class:`ScoringRules`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from indicators.scoring.engine.enums import GRADE_EXCELLENT, GRADE_FAIL, GRADE_GOOD, GRADE_PASS, Timeliness
from indicators.scoring.engine.numbers import _HUNDRED, _ZERO, weighted_mean
from indicators.scoring.engine.rules import DEFAULT_RULES, ScoringRules


@dataclass(frozen=True)
class OrderDeductions:
    """Supervision orders (督办单) a department leads that count against it in the assessment year so far:
    ``overdue`` orders past their 整改期限 without 销号 by then, ``returned`` closure requests returned (退回整改).
    Counts, ≥ 0."""

    overdue: int = 0
    returned: int = 0


@dataclass(frozen=True)
class DepartmentInput:
    """What one responsible department (责任单位) is assessed on.

    Task scores are 0–100 Decimals; ``timeliness`` holds one (code, days_late)
    pair per due submission: ("on_time", 0), ("late", days) or ("missing", 0);
    ``returned_count`` is the number of submissions returned (退回);
    ``veto`` marks a 一票否决 event; ``orders`` the supervision orders that deduct points.
    """

    lead_task_scores: tuple[Decimal, ...]
    support_task_scores: tuple[Decimal, ...]
    timeliness: tuple[tuple[str, int], ...]
    returned_count: int
    veto: bool = False
    orders: OrderDeductions = OrderDeductions()


@dataclass(frozen=True)
class DepartmentResult:
    """Assessment of one department: parts and total in points 0–100, grade."""

    progress: Decimal | None
    timeliness: Decimal | None
    deduction: Decimal
    score: Decimal
    grade: str
    veto: bool
    order_deduction: Decimal = _ZERO


def _timeliness_points(code: str, days_late: int, rules: ScoringRules) -> Decimal:
    """100 on time; max(0, 100 − penalty × days) late; 0 missing."""
    code = Timeliness(code)
    if days_late < 0:
        raise ValueError("days late must not be negative")
    if code is Timeliness.ON_TIME:
        return _HUNDRED
    if code is Timeliness.MISSING:
        return _ZERO
    return max(_ZERO, _HUNDRED - rules.late_penalty_per_day * days_late)


def department_assess(data: DepartmentInput, rules: ScoringRules = DEFAULT_RULES) -> DepartmentResult:
    """Assessment (考核) of one department, points 0–100, with its grade.

    progress = weighted mean of task scores (lead weight, support weight);
    timeliness = mean of _timeliness_points (100 if nothing was due);
    deduction = return_deduction × returned_count + order_overdue_deduction × overdue orders
    + order_return_deduction × returned orders (督办, 0 by default);
    score = max(0, progress × progress_share + timeliness × timeliness_share
    − deduction).  A department with no task scores is judged on timeliness
    alone (timeliness stands in for progress).  Veto → 不合格.  Raises
    ValueError for a negative count/days or an unknown timeliness code.
    Source: plan 保障措施(二)严格监督考核; weights from ScoringRules.
    """
    if data.returned_count < 0 or data.orders.overdue < 0 or data.orders.returned < 0:
        raise ValueError("returned_count and order counts must not be negative")
    progress = weighted_mean(
        [(s, rules.lead_weight) for s in data.lead_task_scores]
        + [(s, rules.support_weight) for s in data.support_task_scores]
    )
    timeliness = weighted_mean((_timeliness_points(c, d, rules), Decimal(1)) for c, d in data.timeliness)
    timeliness = _HUNDRED if timeliness is None else timeliness
    orders = rules.order_overdue_deduction * data.orders.overdue + rules.order_return_deduction * data.orders.returned
    deduction = rules.return_deduction * data.returned_count + orders
    base = (timeliness if progress is None else progress) * rules.progress_share
    score = max(_ZERO, base + timeliness * rules.timeliness_share - deduction)
    grade = grade_of(score, rules, veto=data.veto)
    return DepartmentResult(progress, timeliness, deduction, score, grade, data.veto, orders)


def grade_of(score: Decimal, rules: ScoringRules = DEFAULT_RULES, *, veto: bool = False) -> str:
    """Grade of a raw (unrounded) score: 优秀 ≥ 90 > 良好 ≥ 75 > 合格 ≥ 60 > 不合格.

    Bounds from ScoringRules; a veto (一票否决) gives 不合格 whatever the score.
    89.99 is 良好 even though it displays as 90.0.
    """
    if veto or score < rules.grade_pass:
        return GRADE_FAIL
    if score >= rules.grade_excellent:
        return GRADE_EXCELLENT
    return GRADE_GOOD if score >= rules.grade_good else GRADE_PASS
