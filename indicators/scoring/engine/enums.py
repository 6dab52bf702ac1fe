"""Enumerations of the scoring engine; their values are stored in the database.

The Django models (``indicators.models``: ``TargetKind``, ``Comparator``, ``GrowthUnit``, ``Accumulation``,
``ScoreStatus``, ``MilestoneReport.State``) take their values from these, so a stored row maps onto the
engine without translation; ``tests/indicators/scoring/test_enums.py`` fails when they drift apart.
Grades (等次) are stored as their Chinese words (``GRADE_*``).
"""

from __future__ import annotations

from enum import StrEnum


class TargetKind(StrEnum):
    """How an indicator's target is expressed in the plan.

    * ``AT_LEAST`` – level to reach, higher is better (林草覆盖率 ≥ 78%).
    * ``AT_MOST`` – level to stay under, lower is better (PM2.5 < 35 µg/m³).
    * ``ZERO_COUNT`` – a count that must reach 0 (劣Ⅴ类水体 = 0).
    * ``PROJECT_COUNT`` – cumulative count of finished projects (4 of 4 灌区).
    * ``YES_NO`` – a yes/no outcome, value 1 = yes, 0 = no (落后产能完全退出).
    * ``ANNUAL_ASSIGNED`` – target set each year by a higher authority
      (无害化卫生厕所普及率完成上级下达任务).
    * ``TREND`` – each year's value at least the year before
      (生态环境状况指数持续稳定提升).
    * ``ANNUAL_GROWTH`` – required average yearly increase
      (一般工业固废利用率年均提高幅度达到5%以上).
    """

    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    ZERO_COUNT = "zero_count"
    PROJECT_COUNT = "project_count"
    YES_NO = "yes_no"
    ANNUAL_ASSIGNED = "annual_assigned"
    TREND = "trend"
    ANNUAL_GROWTH = "annual_growth"


class Comparator(StrEnum):
    """Comparison of a value with its target: ≥, >, ≤, <, =."""

    GTE = "gte"
    GT = "gt"
    LTE = "lte"
    LT = "lt"
    EQ = "eq"


class GrowthUnit(StrEnum):
    """Unit of an ANNUAL_GROWTH target.

    * ``POINTS`` – average yearly increase in percentage points:
      (v_last − v_first) / years.
    * ``PERCENT`` – average yearly relative increase in %, geometric (compound):
      ((v_last / v_first) ** (1 / years) − 1) × 100.
    """

    POINTS = "points"
    PERCENT = "percent"


class Accumulation(StrEnum):
    """How period values combine: ``LATEST`` value or ``SUM`` of all periods."""

    LATEST = "latest"
    SUM = "sum"


class Status(StrEnum):
    """Indicator status shown on dashboards; Chinese labels in STATUS_LABELS."""

    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    LAGGING = "lagging"
    SERIOUSLY_LAGGING = "seriously_lagging"
    NO_DATA = "no_data"
    MISSED = "missed"
    NO_TARGET = "no_target"  # 目标未下达: no target for the year; left out of every roll-up (issue 11)


STATUS_LABELS: dict[Status, str] = {
    Status.ACHIEVED: "已达标",
    Status.ON_TRACK: "正常",
    Status.LAGGING: "滞后",
    Status.SERIOUSLY_LAGGING: "严重滞后",
    Status.NO_DATA: "无数据",
    Status.MISSED: "未完成",
    Status.NO_TARGET: "目标未下达",
}


class MilestoneState(StrEnum):
    """State of a qualitative milestone (节点): 未开始 / 推进中 / 已完成."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class Timeliness(StrEnum):
    """Timeliness code of one due submission; plain strings compare equal."""

    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"


GRADE_EXCELLENT = "优秀"
GRADE_GOOD = "良好"
GRADE_PASS = "合格"
GRADE_FAIL = "不合格"
