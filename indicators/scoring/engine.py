"""Pure scoring engine for the Lingqiu ecological-civilization plan 2022–2025.

Frozen dataclasses in, ``Decimal`` out, the as-of date passed in.  The module
imports only the standard library (no Django, no clock, no database) so every
rule can be unit-tested and previewed (试算) without a running site.

Sources of the rules:

* the plan text (灵丘县国家生态文明示范县建设规划简本 2022–2025), which sets
  the indicators, their target year 2025 and wordings such as "达到78%",
  "无劣V类水体", "持续稳定提升", "年均提高幅度达到5%以上", "完成上级下达任务";
* the plan's own 保障措施 (二)严格监督考核, which asks for departmental
  assessment (考核) of plan targets;
* the project glossary (/work/shared/glossary.md) for the terms 时序进度,
  完成进度, the status names and the grades;
* GB 3095-2012 for the PM2.5 example (grade II annual mean 35 µg/m³).

All numeric thresholds and weights live in :class:`ScoringRules`, one
versioned configuration, so a change of policy is a change of data.
Percentages are Decimal values on a 0–100 scale unless said otherwise.
Rounding is for display only (:func:`round_half_up`); every decision
(status, met, grade) is taken from the raw, unrounded values.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)


# --------------------------------------------------------------------------
# Enumerations (values are stored in the database)
# --------------------------------------------------------------------------


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


STATUS_LABELS: dict[Status, str] = {
    Status.ACHIEVED: "已达标",
    Status.ON_TRACK: "正常",
    Status.LAGGING: "滞后",
    Status.SERIOUSLY_LAGGING: "严重滞后",
    Status.NO_DATA: "无数据",
    Status.MISSED: "未完成",
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

# Quarter → (month, day) of its last day; quarters are the reporting periods.
_QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


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


# --------------------------------------------------------------------------
# Input / output dataclasses
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Observation:
    """One approved value of one reporting period (year, quarter 1–4).

    ``value`` is a Decimal in the indicator's own unit (ints/strs are
    converted).  Raises ValueError for a quarter outside 1–4 and TypeError for
    a float value.
    """

    year: int
    quarter: int
    value: Decimal

    def __post_init__(self) -> None:
        if self.quarter not in _QUARTER_END:
            raise ValueError(f"quarter must be 1–4, got {self.quarter!r}")
        object.__setattr__(self, "value", _to_decimal(self.value, "value"))

    @property
    def end(self) -> date:
        """Last day of the period's quarter, e.g. 2023Q2 → 2023-06-30."""
        month, day = _QUARTER_END[self.quarter]
        return date(self.year, month, day)

    @property
    def index(self) -> int:
        """Position on the quarter axis: year × 4 + quarter (2025Q4 → 8104)."""
        return self.year * 4 + self.quarter


@dataclass(frozen=True)
class IndicatorSpec:
    """What an indicator must achieve and by when.

    Values are Decimals in the indicator's unit; ``yearly_targets`` is a tuple
    of (year, Decimal) pairs, e.g. ((2022, Decimal("85")), (2023, Decimal("86"))).
    Enum fields accept their stored string values.  Raises ValueError when
    target_year precedes plan_start's year, TypeError for float numbers.
    """

    kind: TargetKind
    comparator: Comparator
    target_value: Decimal | None
    target_year: int
    plan_start: date
    baseline_value: Decimal | None = None
    baseline_year: int | None = None
    yearly_targets: tuple[tuple[int, Decimal], ...] = ()
    accumulation: Accumulation = Accumulation.LATEST
    growth_unit: GrowthUnit = GrowthUnit.POINTS

    def __post_init__(self) -> None:
        # Plain strings from the database become members, so dict dispatch works
        # (an Enum member does not hash like its value).
        for name, enum in (("kind", TargetKind), ("comparator", Comparator),
                           ("accumulation", Accumulation), ("growth_unit", GrowthUnit)):
            object.__setattr__(self, name, enum(getattr(self, name)))
        for name in ("target_value", "baseline_value"):
            object.__setattr__(self, name, _to_decimal(getattr(self, name), name))
        pairs = tuple((int(y), _to_decimal(v, "yearly target")) for y, v in self.yearly_targets)
        object.__setattr__(self, "yearly_targets", pairs)
        if self.target_year < self.plan_start.year:
            raise ValueError("target_year precedes plan_start")

    @property
    def target_date(self) -> date:
        """Last day of the target year (2025 → 2025-12-31)."""
        return date(self.target_year, 12, 31)


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


@dataclass(frozen=True)
class IndicatorResult:
    """Evaluation of one indicator at one as-of date.

    ``current``: value used (latest, or sum up to as_of); ``progress_raw``:
    unclamped % (may be < 0 or > 100); ``progress``: clamped 0–100;
    ``expected``: 时序进度 in %; ``met``: target met at as_of (None when it
    cannot be judged); ``forecast``: least-squares value at the target date;
    ``rule``: the rule applied in Chinese words; ``score``: 0–100 for roll-ups.
    """

    current: Decimal | None
    progress_raw: Decimal | None
    progress: Decimal | None
    expected: Decimal
    status: Status
    met: bool | None
    forecast: Decimal | None
    forecast_met: bool | None
    rule: str
    score: Decimal


@dataclass(frozen=True)
class DepartmentInput:
    """What one responsible department (责任单位) is assessed on.

    Task scores are 0–100 Decimals; ``timeliness`` holds one (code, days_late)
    pair per due submission: ("on_time", 0), ("late", days) or ("missing", 0);
    ``returned_count`` is the number of submissions returned (退回);
    ``veto`` marks a 一票否决 event.
    """

    lead_task_scores: tuple[Decimal, ...]
    support_task_scores: tuple[Decimal, ...]
    timeliness: tuple[tuple[str, int], ...]
    returned_count: int
    veto: bool = False


@dataclass(frozen=True)
class DepartmentResult:
    """Assessment of one department: parts and total in points 0–100, grade."""

    progress: Decimal | None
    timeliness: Decimal | None
    deduction: Decimal
    score: Decimal
    grade: str
    veto: bool


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------


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


# --------------------------------------------------------------------------
# Time axis: quarters
# --------------------------------------------------------------------------


def _quarter_of(day: date) -> int:
    """Quarter 1–4 containing ``day``."""
    return (day.month - 1) // 3 + 1


def _is_quarter_end(day: date) -> bool:
    """True on 03-31, 06-30, 09-30 and 12-31."""
    return (day.month, day.day) == _QUARTER_END[_quarter_of(day)]


def _completed_index(day: date) -> int:
    """Index (year × 4 + quarter) of the last quarter fully ended on ``day``."""
    index = day.year * 4 + _quarter_of(day)
    return index if _is_quarter_end(day) else index - 1


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


def _date_x(day: date) -> Decimal:
    """Position of ``day`` on the quarter axis; a quarter end gives its index.

    Inside a quarter the position is interpolated by days, so 2025-12-31 →
    8104 (= 2025Q4) exactly and mid-quarter dates fall in between.
    """
    quarter = _quarter_of(day)
    start = date(day.year, quarter * 3 - 2, 1)
    month, last = _QUARTER_END[quarter]
    length = (date(day.year, month, last) - start).days + 1
    elapsed = (day - start).days + 1
    return Decimal(day.year * 4 + quarter - 1) + Decimal(elapsed) / Decimal(length)


# --------------------------------------------------------------------------
# Expected progress (时序进度)
# --------------------------------------------------------------------------

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


# --------------------------------------------------------------------------
# Status
# --------------------------------------------------------------------------


def status_classify(*, progress_raw: Decimal | None, expected: Decimal, met: bool | None,
                    target_passed: bool, has_data: bool,
                    rules: ScoringRules = ScoringRules()) -> Status:
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


# --------------------------------------------------------------------------
# Forecast
# --------------------------------------------------------------------------


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


# --------------------------------------------------------------------------
# Indicator evaluation
# --------------------------------------------------------------------------

_KIND_NAMES = {
    TargetKind.AT_LEAST: "至少型",
    TargetKind.AT_MOST: "至多型(越低越好,公式与至少型对称)",
    TargetKind.ZERO_COUNT: "清零型",
    TargetKind.PROJECT_COUNT: "累计计数型",
    TargetKind.YES_NO: "是否型",
    TargetKind.ANNUAL_ASSIGNED: "年度下达型",
    TargetKind.TREND: "趋势型",
    TargetKind.ANNUAL_GROWTH: "年均增幅型",
}
_SIGNS = {Comparator.GTE: "≥", Comparator.GT: ">", Comparator.LTE: "≤",
          Comparator.LT: "<", Comparator.EQ: "="}
_LEVEL_KINDS = frozenset({TargetKind.AT_LEAST, TargetKind.AT_MOST,
                          TargetKind.ZERO_COUNT, TargetKind.PROJECT_COUNT})


@dataclass(frozen=True)
class _Measure:
    """What a kind-specific rule found; met None means "cannot be judged"."""

    current: Decimal | None
    progress_raw: Decimal | None
    met: bool | None
    rule: str
    timed: bool = True  # False: progress_raw is not comparable with 时序进度


def indicator_evaluate(spec: IndicatorSpec, observations: Sequence[Observation], *,
                       as_of: date, rules: ScoringRules = ScoringRules()) -> IndicatorResult:
    """Evaluate one indicator at ``as_of`` (see the kind rules below).

    Only observations whose period ends on or before as_of count (later ones,
    and later corrections, cannot change an earlier as-of result); one value
    per period, the last given wins.  ``progress`` is progress_raw clamped to
    0–100, and 100 whenever the target is met.  ``score`` = progress, or 0
    when there is none.  Kind rules: _measure_level, _measure_yes_no,
    _measure_assigned, _measure_trend, _measure_growth.  Raises nothing for
    missing targets (they give NO_DATA with the reason in ``rule``).
    """
    obs = _observations_until(observations, as_of)
    measure = _measure(spec, obs)
    progress = None if measure.progress_raw is None else _clamp(measure.progress_raw)
    if measure.met:
        progress = _HUNDRED
    expected = expected_progress(spec, as_of=as_of)
    status = status_classify(
        progress_raw=measure.progress_raw if measure.timed else None, expected=expected,
        met=measure.met, target_passed=as_of >= spec.target_date,
        has_data=measure.met is not None, rules=rules)
    forecast = _forecast(spec, obs, as_of)
    forecast_met = None if forecast is None else comparator_holds(spec.comparator, forecast, _target(spec))
    return IndicatorResult(measure.current, measure.progress_raw, progress, expected, status,
                           measure.met, forecast, forecast_met, measure.rule,
                           progress if progress is not None else _ZERO)


def _observations_until(observations: Iterable[Observation], as_of: date) -> list[Observation]:
    """Observations ending on/before as_of, one per period, in period order."""
    by_period = {}
    for obs in observations:
        if obs.end <= as_of:
            by_period[(obs.year, obs.quarter)] = obs  # a later duplicate replaces
    return [by_period[key] for key in sorted(by_period)]


def _measure(spec: IndicatorSpec, obs: list[Observation]) -> _Measure:
    """Dispatch to the kind's rule; no observations → nothing to judge."""
    if not obs:
        return _Measure(None, None, None, f"{_KIND_NAMES[spec.kind]}:截至评价日没有已审核数据")
    if spec.kind in _LEVEL_KINDS:
        return _measure_level(spec, obs)
    return {TargetKind.YES_NO: _measure_yes_no, TargetKind.ANNUAL_ASSIGNED: _measure_assigned,
            TargetKind.TREND: _measure_trend, TargetKind.ANNUAL_GROWTH: _measure_growth}[spec.kind](spec, obs)


def _target(spec: IndicatorSpec) -> Decimal | None:
    """Target value; ZERO_COUNT defaults to 0 and YES_NO to 1 (= yes)."""
    if spec.target_value is not None:
        return spec.target_value
    return {TargetKind.ZERO_COUNT: _ZERO, TargetKind.YES_NO: Decimal(1)}.get(spec.kind)


def _current(spec: IndicatorSpec, obs: list[Observation]) -> Decimal:
    """LATEST → the last period's value; SUM → the sum of all periods given."""
    if spec.accumulation is Accumulation.SUM:
        return sum((o.value for o in obs), _ZERO)
    return obs[-1].value


def _toward(current: Decimal, baseline: Decimal, target: Decimal) -> Decimal:
    """(current − baseline)/(target − baseline) × 100; target ≠ baseline."""
    return (current - baseline) * _HUNDRED / (target - baseline)


def _measure_level(spec: IndicatorSpec, obs: list[Observation]) -> _Measure:
    """AT_LEAST, AT_MOST, ZERO_COUNT, PROJECT_COUNT: distance covered.

    met = comparator_holds(current, target).  With a baseline:
    progress_raw = (current − baseline)/(target − baseline) × 100 — the same
    formula serves lower-is-better targets (both differences negative) and
    ZERO_COUNT ((b − current)/b × 100 with target 0).  PROJECT_COUNT uses
    baseline 0 when none is given (current/target × 100).  A baseline that
    already meets the target (or equals it) is a maintain target: 100 if met
    else 0.  Without a baseline see _no_baseline_progress.
    """
    current, target = _current(spec, obs), _target(spec)
    if target is None:
        return _Measure(current, None, None, f"{_KIND_NAMES[spec.kind]}:未设定目标值,无法评价")
    met = comparator_holds(spec.comparator, current, target)
    raw, rule = _level_progress(spec, current, target, met)
    sign = _SIGNS[spec.comparator]
    return _Measure(current, raw, met, f"{rule};达标条件:当前值{sign}目标值({_fmt(current)}{sign}{_fmt(target)})")


def _level_progress(spec: IndicatorSpec, current: Decimal, target: Decimal, met: bool) -> tuple[Decimal, str]:
    """(progress_raw, rule words) for the level kinds; never divides by zero."""
    name = _KIND_NAMES[spec.kind]
    base = spec.baseline_value
    if base is None and spec.kind is TargetKind.PROJECT_COUNT:
        base = _ZERO  # a count of finished projects starts from none
    if base is not None and (base == target or comparator_holds(spec.comparator, base, target)):
        return _all_or_nothing(met), f"{name}(保持型):基准值已满足目标,当前满足记100%,否则记0%"
    if base is None:
        return _no_baseline_progress(spec, current, target, met)
    raw = _toward(current, base, target)
    return raw, (f"{name}:完成进度=(当前值−基准值)/(目标值−基准值)×100="
                 f"({_fmt(current)}−{_fmt(base)})/({_fmt(target)}−{_fmt(base)})×100={_fmt(raw)}%")


def _no_baseline_progress(spec: IndicatorSpec, current: Decimal, target: Decimal, met: bool) -> tuple[Decimal, str]:
    """Fallback without a baseline.

    AT_LEAST with target > 0: current/target × 100.  AT_MOST with current > 0:
    target/current × 100 (≥ 100 exactly when at or under the target).
    Anything else (target ≤ 0, current ≤ 0, ZERO_COUNT): 100 if met else 0.
    """
    name = _KIND_NAMES[spec.kind]
    if spec.kind is TargetKind.AT_LEAST and target > 0:
        raw = current * _HUNDRED / target
        return raw, f"{name}(无基准值):完成进度=当前值/目标值×100={_fmt(current)}/{_fmt(target)}×100={_fmt(raw)}%"
    if spec.kind is TargetKind.AT_MOST and current > 0:
        raw = target * _HUNDRED / current
        return raw, f"{name}(无基准值):完成进度=目标值/当前值×100={_fmt(target)}/{_fmt(current)}×100={_fmt(raw)}%"
    return _all_or_nothing(met), f"{name}(无基准值):达标记100%,否则记0%"


def _measure_yes_no(spec: IndicatorSpec, obs: list[Observation]) -> _Measure:
    """YES_NO: value 1 = yes.  met = comparator_holds(value, target or 1).

    progress 100 if met else 0.  The 0/100 figure says nothing about how far
    along the work is, so it is not compared with 时序进度: before the target
    date a "not yet" is 正常, at/after it 未完成.
    """
    current, target = _current(spec, obs), _target(spec)
    met = comparator_holds(spec.comparator, current, target)
    return _Measure(current, _all_or_nothing(met), met,
                    "是否型:已实现(值为1)记100%,未实现记0%;目标年前未实现为正常,目标年末仍未实现为未完成",
                    timed=False)


def _measure_assigned(spec: IndicatorSpec, obs: list[Observation]) -> _Measure:
    """ANNUAL_ASSIGNED: latest value vs the target assigned for its year.

    Year target = yearly_targets[year of the latest observation], else
    target_value; neither → cannot judge (rule says 目标未下达).  With SUM,
    only that year's periods are summed.  progress_raw: higher-is-better
    (GTE/GT/EQ) current/year target × 100; lower-is-better (LTE/LT) year
    target/current × 100; a zero denominator gives 100 if met else 0.
    Judged against the full year target (时序进度 100).
    """
    year = obs[-1].year
    current = _current(spec, [o for o in obs if o.year == year])
    year_target = dict(spec.yearly_targets).get(year, spec.target_value)
    if year_target is None:
        return _Measure(current, None, None, f"年度下达型:{year}年目标未下达,无法评价")
    met = comparator_holds(spec.comparator, current, year_target)
    raw = _ratio_progress(spec.comparator, current, year_target, met)
    return _Measure(current, raw, met, f"年度下达型:与{year}年下达目标{_fmt(year_target)}比较,"
                                       f"完成进度=当前值与年度目标之比×100={_fmt(raw)}%")


def _ratio_progress(comparator: Comparator, current: Decimal, target: Decimal, met: bool) -> Decimal:
    """current/target × 100 (higher better) or target/current × 100 (lower better)."""
    lower_better = comparator in (Comparator.LTE, Comparator.LT)
    numerator, denominator = (target, current) if lower_better else (current, target)
    if denominator <= 0:
        return _all_or_nothing(met)
    return numerator * _HUNDRED / denominator


def _yearly_values(obs: list[Observation]) -> list[tuple[int, Decimal]]:
    """(year, value of that year's last period) in year order."""
    last = {}
    for o in obs:
        last[o.year] = o.value  # obs are in period order, so the last wins
    return sorted(last.items())


def _baseline_point(spec: IndicatorSpec) -> tuple[int, Decimal] | None:
    """(baseline year, baseline value); a missing year means the year before the plan."""
    if spec.baseline_value is None:
        return None
    return (spec.baseline_year or spec.plan_start.year - 1, spec.baseline_value)


def _series_from_baseline(spec: IndicatorSpec, obs: list[Observation]) -> list[tuple[int, Decimal]]:
    """Yearly values, preceded by the baseline when it is older than them."""
    yearly = _yearly_values(obs)
    base = _baseline_point(spec)
    return [base] + yearly if base and base[0] < yearly[0][0] else yearly


def _measure_trend(spec: IndicatorSpec, obs: list[Observation]) -> _Measure:
    """TREND: every year's value ``comparator`` the year before (GTE: ≥).

    Yearly value = that year's last period; the baseline, when older, is the
    first point.  progress_raw = steps that held / all steps × 100; met when
    all held.  A single point (one year, no baseline) cannot show a trend:
    met None → 无数据.  Judged against the full bar (时序进度 100), so one
    falling step in four is 滞后 (gap 25).
    """
    series = _series_from_baseline(spec, obs)
    current = series[-1][1]
    if len(series) < 2:
        return _Measure(current, None, None, "趋势型:只有一个年度的数值且无基准值,无法判断趋势")
    steps = list(zip(series, series[1:]))
    held = sum(1 for (_, before), (_, after) in steps if comparator_holds(spec.comparator, after, before))
    raw = Decimal(held * 100) / Decimal(len(steps))
    return _Measure(current, raw, held == len(steps),
                    f"趋势型:逐年比较{len(steps)}次,其中{held}次满足“后一年{_SIGNS[spec.comparator]}前一年”,"
                    f"完成进度={held}/{len(steps)}×100={_fmt(raw)}%")


def _growth_rate(unit: GrowthUnit, first: Decimal, last: Decimal, years: int) -> Decimal | None:
    """Average yearly increase; POINTS arithmetic, PERCENT geometric.

    PERCENT needs first > 0 and last ≥ 0 (else None): ((last/first)^(1/years) − 1) × 100.
    """
    if unit is GrowthUnit.POINTS:
        return (last - first) / years
    if first <= 0 or last < 0:
        return None
    if last == 0:
        return -_HUNDRED
    return ((last / first) ** (Decimal(1) / Decimal(years)) - 1) * _HUNDRED


def _measure_growth(spec: IndicatorSpec, obs: list[Observation]) -> _Measure:
    """ANNUAL_GROWTH: average yearly increase vs the required one.

    From the baseline (baseline_year, or the year before the plan when only a
    value is given; without a baseline the first observed year's value) to
    the latest year's value (each year's last period).  Rate in growth_unit
    (see GrowthUnit), met = comparator_holds(rate, target_value),
    progress_raw = rate/target × 100 (target ≤ 0: 100 if met else 0).
    Fewer than two years, or no target → cannot judge.
    """
    series = _series_from_baseline(spec, obs)
    (first_year, first), (last_year, last) = series[0], series[-1]
    years, target = last_year - first_year, spec.target_value
    rate = _growth_rate(spec.growth_unit, first, last, years) if years > 0 else None
    if rate is None or target is None:
        return _Measure(last, None, None, "年均增幅型:不足两个年度的数值或未设定要求增幅,无法评价")
    met = comparator_holds(spec.comparator, rate, target)
    raw = rate * _HUNDRED / target if target > 0 else _all_or_nothing(met)
    unit = "个百分点" if spec.growth_unit is GrowthUnit.POINTS else "%(几何平均)"
    return _Measure(last, raw, met, f"年均增幅型:{first_year}–{last_year}年年均提高{_fmt(rate)}{unit},"
                                    f"要求{_SIGNS[spec.comparator]}{_fmt(target)},完成进度=实际增幅/要求增幅×100={_fmt(raw)}%")


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


# --------------------------------------------------------------------------
# Milestones and departments
# --------------------------------------------------------------------------


def milestones_progress(items: Sequence[tuple[MilestoneState, Decimal | None, Decimal]],
                        rules: ScoringRules = ScoringRules()) -> Decimal | None:
    """Weighted share of qualitative milestones done, in % (0–100).

    Each item is (state, percent_done or None, weight): 已完成 → 100;
    推进中 → the given percentage (clamped 0–100) or in_progress_share × 100;
    未开始 → 0.  None with no items or zero total weight.  Raises ValueError
    for a negative weight or unknown state.
    """
    return weighted_mean((_milestone_share(state, percent, rules), weight)
                         for state, percent, weight in items)


def _milestone_share(state: MilestoneState, percent: Decimal | None, rules: ScoringRules) -> Decimal:
    """Share done of one milestone in %."""
    state = MilestoneState(state)
    if state is MilestoneState.DONE:
        return _HUNDRED
    if state is MilestoneState.NOT_STARTED:
        return _ZERO
    return rules.in_progress_share * _HUNDRED if percent is None else _clamp(percent)


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


def department_assess(data: DepartmentInput, rules: ScoringRules = ScoringRules()) -> DepartmentResult:
    """Assessment (考核) of one department, points 0–100, with its grade.

    progress = weighted mean of task scores (lead weight, support weight);
    timeliness = mean of _timeliness_points (100 if nothing was due);
    deduction = return_deduction × returned_count;
    score = max(0, progress × progress_share + timeliness × timeliness_share
    − deduction).  A department with no task scores is judged on timeliness
    alone (timeliness stands in for progress).  Veto → 不合格.  Raises
    ValueError for a negative count/days or an unknown timeliness code.
    Source: plan 保障措施(二)严格监督考核; weights from ScoringRules.
    """
    if data.returned_count < 0:
        raise ValueError("returned_count must not be negative")
    progress = weighted_mean([(s, rules.lead_weight) for s in data.lead_task_scores]
                             + [(s, rules.support_weight) for s in data.support_task_scores])
    timeliness = weighted_mean((_timeliness_points(c, d, rules), Decimal(1)) for c, d in data.timeliness)
    timeliness = _HUNDRED if timeliness is None else timeliness
    deduction = rules.return_deduction * data.returned_count
    base = (timeliness if progress is None else progress) * rules.progress_share
    score = max(_ZERO, base + timeliness * rules.timeliness_share - deduction)
    return DepartmentResult(progress, timeliness, deduction, score,
                            grade_of(score, rules, veto=data.veto), data.veto)


def grade_of(score: Decimal, rules: ScoringRules = ScoringRules(), *, veto: bool = False) -> str:
    """Grade of a raw (unrounded) score: 优秀 ≥ 90 > 良好 ≥ 75 > 合格 ≥ 60 > 不合格.

    Bounds from ScoringRules; a veto (一票否决) gives 不合格 whatever the score.
    89.99 is 良好 even though it displays as 90.0.
    """
    if veto or score < rules.grade_pass:
        return GRADE_FAIL
    if score >= rules.grade_excellent:
        return GRADE_EXCELLENT
    return GRADE_GOOD if score >= rules.grade_good else GRADE_PASS


def rules_describe(rules: ScoringRules = ScoringRules()) -> list[str]:
    """The rules of this configuration in Chinese words, one sentence each.

    Every threshold and weight appears with its number, so the printed rules
    always match the configuration used for the figures next to them.
    """
    f = _fmt
    return [
        f"评分规则版本:{rules.version}。",
        "时序进度=已过完的季度数/规划期季度总数×100%;年度下达型、趋势型、年均增幅型的时序进度按100%计。",
        "达到目标值的指标为“已达标”;没有可评价数据的为“无数据”;目标年末仍未达到目标的为“未完成”。",
        f"完成进度落后时序进度不超过{f(rules.on_track_gap)}个百分点的为“正常”。",
        f"落后超过{f(rules.on_track_gap)}个百分点且不超过{f(rules.lagging_gap)}个百分点的为“滞后”,"
        f"超过{f(rules.lagging_gap)}个百分点的为“严重滞后”。",
        f"推进中的节点未填写完成比例时按{f(rules.in_progress_share * _HUNDRED)}%计。",
        f"牵头任务权重为{f(rules.lead_weight)},配合任务权重为{f(rules.support_weight)}。",
        f"部门得分=任务完成进度×{f(rules.progress_share)}+报送及时性×{f(rules.timeliness_share)}−退回扣分,最低为0分。",
        f"按时报送记100分,逾期每天扣{f(rules.late_penalty_per_day)}分(最低0分),未报送记0分,无应报事项记100分。",
        f"每退回一次扣{f(rules.return_deduction)}分。",
        f"得分≥{f(rules.grade_excellent)}为优秀,≥{f(rules.grade_good)}且<{f(rules.grade_excellent)}为良好,"
        f"≥{f(rules.grade_pass)}且<{f(rules.grade_good)}为合格,<{f(rules.grade_pass)}为不合格;一票否决的直接评为不合格。",
        "状态与等次按未经四舍五入的数值判定,显示时四舍五入(与Excel一致)。",
    ]
