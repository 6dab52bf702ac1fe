"""The kind rules: how far one indicator got (完成进度) and whether it met its target.

One rule per target kind (``TargetKind``): levels (AT_LEAST, AT_MOST, ZERO_COUNT, PROJECT_COUNT),
YES_NO, ANNUAL_ASSIGNED, TREND and ANNUAL_GROWTH.  Each returns a :class:`_Measure`: the value used,
the unclamped progress in %, met (None: cannot be judged) and the rule applied in Chinese words.
Sources: the plan's wordings ("达到78%", "无劣V类水体", "持续稳定提升", "年均提高幅度达到5%以上",
"完成上级下达任务").
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from indicators.scoring.engine.enums import Accumulation, Comparator, GrowthUnit, TargetKind
from indicators.scoring.engine.numbers import (
    _HUNDRED,
    _ZERO,
    _all_or_nothing,
    _fmt,
    _fmt_pct,
    _toward,
    comparator_holds,
)
from indicators.scoring.engine.specs import IndicatorSpec, Observation

_KIND_NAMES = {
    # the names of the 试算 form and the admin (indicators.models.TargetKind), so a rule reads in their terms
    TargetKind.AT_LEAST: "不低于型",
    TargetKind.AT_MOST: "不高于型(越低越好,公式与不低于型对称)",
    TargetKind.ZERO_COUNT: "清零型",
    TargetKind.PROJECT_COUNT: "项目数量型",
    TargetKind.YES_NO: "是否型",
    TargetKind.ANNUAL_ASSIGNED: "上级年度下达型",
    TargetKind.TREND: "趋势型(持续提升)",
    TargetKind.ANNUAL_GROWTH: "年均增幅型",
}
_SIGNS = {Comparator.GTE: "≥", Comparator.GT: ">", Comparator.LTE: "≤", Comparator.LT: "<", Comparator.EQ: "="}
_LEVEL_KINDS = frozenset({TargetKind.AT_LEAST, TargetKind.AT_MOST, TargetKind.ZERO_COUNT, TargetKind.PROJECT_COUNT})


@dataclass(frozen=True)
class _Measure:
    """What a kind-specific rule found; met None means "cannot be judged"."""

    current: Decimal | None
    progress_raw: Decimal | None
    met: bool | None
    rule: str
    timed: bool = True  # False: progress_raw is not comparable with 时序进度
    no_target: bool = False  # True: the target this value is judged against was never set (目标未下达)


def _measure(spec: IndicatorSpec, obs: list[Observation], *, year: int | None = None) -> _Measure:
    """Dispatch to the kind's rule; no observations → nothing to judge, unless the target of ``year`` (the
    as-of year) was never set: then 目标未下达 (the department cannot be blamed for a missing figure either)."""
    if not obs:
        if year is not None and _target_missing(spec, year):
            return _Measure(None, None, None, _no_target_rule(spec, year), no_target=True)
        return _Measure(None, None, None, f"{_KIND_NAMES[spec.kind]}:截至评价日没有已审核数据")
    if spec.kind in _LEVEL_KINDS:
        return _measure_level(spec, obs)
    return {
        TargetKind.YES_NO: _measure_yes_no,
        TargetKind.ANNUAL_ASSIGNED: _measure_assigned,
        TargetKind.TREND: _measure_trend,
        TargetKind.ANNUAL_GROWTH: _measure_growth,
    }[spec.kind](spec, obs)


def _target_missing(spec: IndicatorSpec, year: int) -> bool:
    """True when no target applies to ``year``: the kinds that need a target value have none (ANNUAL_ASSIGNED:
    none assigned for the year either). TREND needs none; ZERO_COUNT and YES_NO have implied ones."""
    if spec.kind is TargetKind.ANNUAL_ASSIGNED:
        return dict(spec.yearly_targets).get(year, spec.target_value) is None
    if spec.kind is TargetKind.TREND:
        return False
    return _target(spec) is None


def _no_target_rule(spec: IndicatorSpec, year: int) -> str:
    left_out = "不评价,不计入任务、体系、规划和部门得分(其余权重按比例折算)"
    if spec.kind is TargetKind.ANNUAL_ASSIGNED:
        return f"年度下达型:{year}年目标未下达,{left_out}"
    return f"{_KIND_NAMES[spec.kind]}:目标未下达(未设定目标值),{left_out}"


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
        return _Measure(current, None, None, _no_target_rule(spec, obs[-1].year), no_target=True)
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
    return raw, (
        f"{name}:完成进度=(当前值−基准值)/(目标值−基准值)×100="
        f"({_fmt(current)}−{_fmt(base)})/({_fmt(target)}−{_fmt(base)})×100={_fmt_pct(raw)}%"
    )


def _no_baseline_progress(spec: IndicatorSpec, current: Decimal, target: Decimal, met: bool) -> tuple[Decimal, str]:
    """Fallback without a baseline.

    AT_LEAST with target > 0: current/target × 100.  AT_MOST with current > 0:
    target/current × 100 (≥ 100 exactly when at or under the target).
    Anything else (target ≤ 0, current ≤ 0, ZERO_COUNT): 100 if met else 0.
    """
    name = _KIND_NAMES[spec.kind]
    if spec.kind is TargetKind.AT_LEAST and target > 0:
        raw = current * _HUNDRED / target
        return raw, f"{name}(无基准值):完成进度=当前值/目标值×100={_fmt(current)}/{_fmt(target)}×100={_fmt_pct(raw)}%"
    if spec.kind is TargetKind.AT_MOST and current > 0:
        raw = target * _HUNDRED / current
        return raw, f"{name}(无基准值):完成进度=目标值/当前值×100={_fmt(target)}/{_fmt(current)}×100={_fmt_pct(raw)}%"
    return _all_or_nothing(met), f"{name}(无基准值):达标记100%,否则记0%"


def _measure_yes_no(spec: IndicatorSpec, obs: list[Observation]) -> _Measure:
    """YES_NO: value 1 = yes.  met = comparator_holds(value, target or 1).

    progress 100 if met else 0.  The 0/100 figure says nothing about how far
    along the work is, so it is not compared with 时序进度: before the target
    date a "not yet" is 正常, at/after it 未完成.
    """
    current, target = _current(spec, obs), _target(spec)
    met = comparator_holds(spec.comparator, current, target)
    return _Measure(
        current,
        _all_or_nothing(met),
        met,
        "是否型:已实现(值为1)记100%,未实现记0%;目标年前未实现为正常,目标年末仍未实现为未完成",
        timed=False,
    )


def _measure_assigned(spec: IndicatorSpec, obs: list[Observation]) -> _Measure:
    """ANNUAL_ASSIGNED: latest value vs the target assigned for its year.

    Year target = yearly_targets[year of the latest observation], else
    target_value; neither → 目标未下达 (no_target: left out of the roll-ups).  With SUM,
    only that year's periods are summed.  progress_raw: higher-is-better
    (GTE/GT/EQ) current/year target × 100; lower-is-better (LTE/LT) year
    target/current × 100; a zero denominator gives 100 if met else 0.
    Judged against the full year target (时序进度 100).
    """
    year = obs[-1].year
    current = _current(spec, [o for o in obs if o.year == year])
    year_target = dict(spec.yearly_targets).get(year, spec.target_value)
    if year_target is None:
        return _Measure(current, None, None, _no_target_rule(spec, year), no_target=True)
    met = comparator_holds(spec.comparator, current, year_target)
    raw = _ratio_progress(spec.comparator, current, year_target, met)
    return _Measure(
        current,
        raw,
        met,
        f"年度下达型:与{year}年下达目标{_fmt(year_target)}比较,完成进度=当前值与年度目标之比×100={_fmt_pct(raw)}%",
    )


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
    steps = list(pairwise(series))
    held = sum(1 for (_, before), (_, after) in steps if comparator_holds(spec.comparator, after, before))
    raw = Decimal(held * 100) / Decimal(len(steps))
    return _Measure(
        current,
        raw,
        held == len(steps),
        f"趋势型:逐年比较{len(steps)}次,其中{held}次满足“后一年{_SIGNS[spec.comparator]}前一年”,"
        f"完成进度={held}/{len(steps)}×100={_fmt_pct(raw)}%",
    )


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
    if target is None:
        return _Measure(last, None, None, _no_target_rule(spec, last_year), no_target=True)
    if rate is None:
        return _Measure(last, None, None, "年均增幅型:不足两个年度的数值,无法评价")
    met = comparator_holds(spec.comparator, rate, target)
    raw = rate * _HUNDRED / target if target > 0 else _all_or_nothing(met)
    unit = "个百分点" if spec.growth_unit is GrowthUnit.POINTS else "%(几何平均)"
    return _Measure(
        last,
        raw,
        met,
        f"年均增幅型:{first_year}–{last_year}年年均提高{_fmt(rate)}{unit},"
        f"要求{_SIGNS[spec.comparator]}{_fmt(target)},完成进度=实际增幅/要求增幅×100={_fmt_pct(raw)}%",
    )
