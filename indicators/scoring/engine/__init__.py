"""Pure scoring engine for the Lingqiu ecological-civilization plan 2022–2025.

Frozen dataclasses in, ``Decimal`` out, the as-of date passed in.  The package
imports only the standard library (no Django, no clock, no database) so every
rule can be unit-tested and previewed (试算) without a running site.

Sources of the rules:

* the plan text (灵丘县国家生态文明示范县建设规划简本 2022–2025), which sets
  the indicators, their target year 2025 and wordings such as "达到78%",
  "无劣V类水体", "持续稳定提升", "年均提高幅度达到5%以上", "完成上级下达任务";
* the plan's own 保障措施 (二)严格监督考核, which asks for departmental
  assessment (考核) of plan targets;
* the field's glossary of Chinese, English and code terms for 时序进度,
  完成进度, the status names and the grades;
* GB 3095-2012 for the PM2.5 example (grade II annual mean 35 µg/m³).

All numeric thresholds and weights live in :class:`ScoringRules`, one
versioned configuration, so a change of policy is a change of data.
Percentages are Decimal values on a 0–100 scale unless said otherwise.
Rounding is for display only (:func:`round_half_up`); every decision
(status, met, grade) is taken from the raw, unrounded values.

Modules (each imports only the standard library and its siblings):

* ``enums`` – target kinds, comparators, units, statuses, milestone states,
  timeliness codes and grades (the values stored in the database);
* ``numbers`` – Decimal coercion, comparison, display rounding, weighted mean;
* ``periods`` – the quarter axis (quarter ends, completed quarters);
* ``specs`` – Observation, IndicatorSpec and IndicatorResult;
* ``rules`` – ScoringRules; ``describe`` – the rules in words;
* ``expected`` – expected progress (时序进度); ``status`` – status from the raw figures;
* ``measures`` – the kind rules (完成进度, met); ``forecast`` – least-squares forecast;
* ``indicator`` – evaluation of one indicator at an as-of date;
* ``milestones`` – share done of qualitative milestones;
* ``departments`` – department assessment (考核) and grades.

Callers use the names re-exported here: ``from indicators.scoring import engine; engine.X``.
"""

from indicators.scoring.engine.departments import (
    DepartmentInput,
    DepartmentResult,
    OrderDeductions,
    department_assess,
    grade_of,
)
from indicators.scoring.engine.describe import NO_TARGET_RULE, NOT_MET_RULE, NOT_REPORTED_RULE, rules_describe
from indicators.scoring.engine.enums import (
    GRADE_EXCELLENT,
    GRADE_FAIL,
    GRADE_GOOD,
    GRADE_PASS,
    STATUS_LABELS,
    Accumulation,
    Comparator,
    GrowthUnit,
    MilestoneState,
    Status,
    TargetKind,
    Timeliness,
)
from indicators.scoring.engine.expected import expected_progress
from indicators.scoring.engine.forecast import forecast_linear
from indicators.scoring.engine.indicator import indicator_evaluate
from indicators.scoring.engine.milestones import milestones_progress
from indicators.scoring.engine.numbers import comparator_holds, round_half_up, weighted_mean
from indicators.scoring.engine.rules import DEFAULT_RULES, ScoringRules
from indicators.scoring.engine.specs import IndicatorResult, IndicatorSpec, Observation
from indicators.scoring.engine.status import status_classify

__all__ = [
    "DEFAULT_RULES",
    "GRADE_EXCELLENT",
    "GRADE_FAIL",
    "GRADE_GOOD",
    "GRADE_PASS",
    "NOT_MET_RULE",
    "NOT_REPORTED_RULE",
    "NO_TARGET_RULE",
    "STATUS_LABELS",
    "Accumulation",
    "Comparator",
    "DepartmentInput",
    "DepartmentResult",
    "GrowthUnit",
    "IndicatorResult",
    "IndicatorSpec",
    "MilestoneState",
    "Observation",
    "OrderDeductions",
    "ScoringRules",
    "Status",
    "TargetKind",
    "Timeliness",
    "comparator_holds",
    "department_assess",
    "expected_progress",
    "forecast_linear",
    "grade_of",
    "indicator_evaluate",
    "milestones_progress",
    "round_half_up",
    "rules_describe",
    "status_classify",
    "weighted_mean",
]
