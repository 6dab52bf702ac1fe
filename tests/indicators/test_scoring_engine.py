"""Table-driven tests of the pure scoring engine (no database, no Django).

Every expected figure is a literal worked out by hand from the rule in the
engine's docstrings; the arithmetic is shown in the row's comment.  Plan
period throughout: 2022-01-01 .. 2025-12-31 = 16 quarters, so 时序进度 at
2023-12-31 is 8/16 = 50%.
"""

import ast
from dataclasses import dataclass
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from indicators.scoring.engine import (
    STATUS_LABELS,
    Accumulation,
    Comparator,
    DepartmentInput,
    GrowthUnit,
    IndicatorSpec,
    MilestoneState,
    Observation,
    ScoringRules,
    Status,
    TargetKind,
    comparator_holds,
    department_assess,
    expected_progress,
    forecast_linear,
    grade_of,
    indicator_evaluate,
    milestones_progress,
    round_half_up,
    rules_describe,
    status_classify,
    weighted_mean,
)

PLAN_START = date(2022, 1, 1)
Y2023 = date(2023, 12, 31)  # 时序进度 50
K = TargetKind
C = Comparator
S = Status
M = MilestoneState


def spec(kind, comparator, target, **kw):
    """IndicatorSpec for the 2022–2025 plan; numbers given as strings."""
    dec = lambda v: None if v is None else D(str(v))  # noqa: E731
    if "baseline" in kw:
        kw["baseline_value"] = dec(kw.pop("baseline"))
        kw.setdefault("baseline_year", 2021)
    if "yearly" in kw:
        kw["yearly_targets"] = tuple((y, D(str(v))) for y, v in kw.pop("yearly"))
    return IndicatorSpec(kind=kind, comparator=comparator, target_value=dec(target),
                         target_year=2025, plan_start=PLAN_START, **kw)


def obs(*rows):
    """Observations from (year, quarter, value) rows."""
    return [Observation(y, q, D(str(v))) for y, q, v in rows]


@dataclass(frozen=True)
class Approx:
    """Expected value after round_half_up to ``places`` (for inexact quotients)."""

    value: str
    places: int


def assert_fields(result, expected):
    """Compare each named field; Decimals by value, Approx after rounding."""
    for name, want in expected.items():
        got = getattr(result, name)
        if isinstance(want, Approx):
            assert round_half_up(got, want.places) == D(want.value), (name, got)
        elif isinstance(want, str) and name == "rule":
            assert want in got, (name, got)
        else:
            assert got == want, (name, got, want)


# ---------------------------------------------------------------------------
# indicator_evaluate: one table over every kind
# ---------------------------------------------------------------------------

AT_LEAST_78 = dict(kind=K.AT_LEAST, comparator=C.GTE, target="78", baseline="70")
PM25_LT = dict(kind=K.AT_MOST, comparator=C.LT, target="35")
PM25_LTE = dict(kind=K.AT_MOST, comparator=C.LTE, target="35")

EVALUATE_ROWS = [
    # --- AT_LEAST with baseline 70 → target 78 ---------------------------------
    pytest.param(AT_LEAST_78, [(2023, 4, "74")], Y2023,
                 # (74−70)/(78−70)×100 = 4/8×100 = 50; gap 50−50 = 0 → 正常
                 dict(current=D("74"), progress_raw=D("50"), progress=D("50"), expected=D("50"),
                      met=False, status=S.ON_TRACK, score=D("50"), rule="完成进度=(当前值−基准值)/(目标值−基准值)"),
                 id="at_least-halfway-on_track"),
    pytest.param(AT_LEAST_78, [(2023, 4, "68")], Y2023,
                 # (68−70)/8×100 = −25 raw, clamped 0; gap 50−(−25) = 75 → 严重滞后
                 dict(progress_raw=D("-25"), progress=D("0"), score=D("0"), met=False,
                      status=S.SERIOUSLY_LAGGING),
                 id="at_least-below-baseline-negative-raw"),
    pytest.param(AT_LEAST_78, [(2023, 4, "80")], Y2023,
                 # (80−70)/8×100 = 125 raw, clamped 100; 80 ≥ 78 met
                 dict(progress_raw=D("125"), progress=D("100"), met=True, status=S.ACHIEVED, score=D("100")),
                 id="at_least-beyond-target-raw-over-100"),
    pytest.param(AT_LEAST_78, [(2023, 4, "73")], date(2024, 12, 31),
                 # (73−70)/8×100 = 37.5; expected 12/16 = 75; gap 37.5 → 严重滞后
                 dict(progress_raw=D("37.5"), expected=D("75"), status=S.SERIOUSLY_LAGGING),
                 id="at_least-stale-value-later-as_of"),
    pytest.param(dict(kind=K.AT_LEAST, comparator=C.GTE, target="78", baseline="80"), [(2023, 4, "79")], Y2023,
                 # baseline 80 already ≥ 78: maintain target; 79 ≥ 78 → 100
                 dict(progress_raw=D("100"), progress=D("100"), met=True, status=S.ACHIEVED, rule="保持型"),
                 id="maintain-met"),
    pytest.param(dict(kind=K.AT_LEAST, comparator=C.GTE, target="78", baseline="80"), [(2023, 4, "77")], Y2023,
                 # maintain target not met → 0; gap 50 → 严重滞后
                 dict(progress_raw=D("0"), progress=D("0"), met=False, status=S.SERIOUSLY_LAGGING),
                 id="maintain-not-met"),
    pytest.param(dict(kind=K.AT_LEAST, comparator=C.GTE, target="78"), [(2023, 4, "39")], Y2023,
                 # no baseline: 39/78×100 = 50; gap 0 → 正常
                 dict(progress_raw=D("50"), progress=D("50"), met=False, status=S.ON_TRACK, rule="无基准值"),
                 id="at_least-no-baseline-fallback"),
    pytest.param(dict(kind=K.AT_LEAST, comparator=C.GT, target="0"), [(2023, 4, "0")], Y2023,
                 # target 0: no ratio; 0 > 0 false → 0
                 dict(progress_raw=D("0"), met=False, status=S.SERIOUSLY_LAGGING),
                 id="at_least-target-zero-no-division"),
    pytest.param(dict(kind=K.AT_LEAST, comparator=C.GT, target="78", baseline="78"), [(2023, 4, "78")], Y2023,
                 # baseline == target: no division; 78 > 78 false → 0
                 dict(progress_raw=D("0"), met=False),
                 id="baseline-equals-target-not-met"),
    pytest.param(dict(kind=K.AT_LEAST, comparator=C.GT, target="78", baseline="78"), [(2023, 4, "78.5")], Y2023,
                 dict(progress_raw=D("100"), met=True, status=S.ACHIEVED),
                 id="baseline-equals-target-met"),
    # --- AT_MOST (PM2.5, lower is better) --------------------------------------
    pytest.param(dict(PM25_LT, baseline="45"), [(2023, 4, "40")], Y2023,
                 # mirrored: (40−45)/(35−45)×100 = −5/−10×100 = 50
                 dict(progress_raw=D("50"), progress=D("50"), met=False, status=S.ON_TRACK),
                 id="at_most-baseline-mirrored"),
    pytest.param(dict(PM25_LT, baseline="45"), [(2023, 4, "47")], Y2023,
                 # (47−45)/(−10)×100 = −20 → clamped 0; gap 70
                 dict(progress_raw=D("-20"), progress=D("0"), status=S.SERIOUSLY_LAGGING),
                 id="at_most-worse-than-baseline"),
    pytest.param(PM25_LT, [(2023, 4, "50")], Y2023,
                 # no baseline: 35/50×100 = 70; gap 50−70 < 0 → 正常
                 dict(progress_raw=D("70"), progress=D("70"), met=False, status=S.ON_TRACK),
                 id="at_most-no-baseline-fallback"),
    pytest.param(PM25_LTE, [(2023, 4, "28")], Y2023,
                 # 35/28×100 = 125 raw, met → 100
                 dict(progress_raw=D("125"), progress=D("100"), met=True, status=S.ACHIEVED),
                 id="at_most-no-baseline-met"),
    pytest.param(PM25_LT, [(2025, 4, "35")], date(2025, 12, 31),
                 # 35 < 35 false: strict bound not met → at target date 未完成
                 dict(current=D("35"), met=False, status=S.MISSED),
                 id="pm25-35-vs-LT-missed"),
    pytest.param(PM25_LTE, [(2025, 4, "35")], date(2025, 12, 31),
                 # 35 ≤ 35 true
                 dict(current=D("35"), met=True, status=S.ACHIEVED, progress=D("100")),
                 id="pm25-35-vs-LTE-achieved"),
    pytest.param(dict(kind=K.AT_MOST, comparator=C.LT, target="0", baseline="10"), [(2023, 4, "4")], Y2023,
                 # target 0 with baseline: (4−10)/(0−10)×100 = 60
                 dict(progress_raw=D("60"), met=False, status=S.ON_TRACK),
                 id="at_most-target-zero-with-baseline"),
    # --- ZERO_COUNT (劣Ⅴ类水体) ------------------------------------------------
    pytest.param(dict(kind=K.ZERO_COUNT, comparator=C.EQ, target="0", baseline="4"), [(2023, 4, "1")], Y2023,
                 # (4−1)/4×100 = 75; gap 50−75 < 0 → 正常
                 dict(progress_raw=D("75"), met=False, status=S.ON_TRACK),
                 id="zero_count-baseline-partial"),
    pytest.param(dict(kind=K.ZERO_COUNT, comparator=C.EQ, target="0", baseline="4"), [(2023, 4, "0")], Y2023,
                 dict(progress_raw=D("100"), progress=D("100"), met=True, status=S.ACHIEVED),
                 id="zero_count-reached-zero"),
    pytest.param(dict(kind=K.ZERO_COUNT, comparator=C.LTE, target=None), [(2023, 4, "2")], Y2023,
                 # no baseline, target defaults to 0: not 0 → 0; gap 50
                 dict(progress_raw=D("0"), met=False, status=S.SERIOUSLY_LAGGING),
                 id="zero_count-no-baseline-not-zero"),
    pytest.param(dict(kind=K.ZERO_COUNT, comparator=C.LTE, target=None), [(2023, 4, "0")], Y2023,
                 dict(progress_raw=D("100"), met=True, status=S.ACHIEVED),
                 id="zero_count-no-baseline-zero"),
    # --- PROJECT_COUNT (4 irrigation districts) --------------------------------
    pytest.param(dict(kind=K.PROJECT_COUNT, comparator=C.GTE, target="4", accumulation=Accumulation.SUM),
                 [(2022, 4, "1"), (2023, 2, "1"), (2023, 4, "2")], Y2023,
                 # 1+1+2 = 4 of 4
                 dict(current=D("4"), progress_raw=D("100"), met=True, status=S.ACHIEVED),
                 id="project_count-4-of-4"),
    pytest.param(dict(kind=K.PROJECT_COUNT, comparator=C.GTE, target="4"), [(2023, 4, "2")], Y2023,
                 # 2/4×100 = 50; gap 0 → 正常
                 dict(current=D("2"), progress_raw=D("50"), status=S.ON_TRACK),
                 id="project_count-2-of-4-on_track"),
    pytest.param(dict(kind=K.PROJECT_COUNT, comparator=C.GTE, target="4"), [(2023, 4, "2")], date(2024, 12, 31),
                 # 50 vs expected 75: gap 25 → 滞后
                 dict(progress_raw=D("50"), expected=D("75"), status=S.LAGGING),
                 id="project_count-2-of-4-lagging"),
    pytest.param(dict(kind=K.PROJECT_COUNT, comparator=C.GTE, target="32", baseline="8"), [(2023, 4, "20")], Y2023,
                 # baseline subtracted: (20−8)/(32−8)×100 = 12/24×100 = 50
                 dict(progress_raw=D("50")),
                 id="project_count-baseline-subtracted"),
    # --- Accumulation SUM vs LATEST --------------------------------------------
    pytest.param(dict(kind=K.PROJECT_COUNT, comparator=C.GTE, target="4", accumulation=Accumulation.SUM),
                 [(2022, 4, "1"), (2023, 2, "1"), (2023, 4, "1")], Y2023,
                 # sum 3 → 3/4×100 = 75
                 dict(current=D("3"), progress_raw=D("75")),
                 id="accumulation-sum"),
    pytest.param(dict(kind=K.PROJECT_COUNT, comparator=C.GTE, target="4", accumulation=Accumulation.LATEST),
                 [(2022, 4, "1"), (2023, 2, "1"), (2023, 4, "1")], Y2023,
                 # latest 1 → 25
                 dict(current=D("1"), progress_raw=D("25")),
                 id="accumulation-latest"),
    pytest.param(dict(kind=K.PROJECT_COUNT, comparator=C.GTE, target="4", accumulation=Accumulation.SUM),
                 [(2022, 4, "1"), (2023, 4, "1"), (2024, 1, "2")], Y2023,
                 # 2024Q1 ends after as_of: ignored → 2 → 50
                 dict(current=D("2"), progress_raw=D("50"), status=S.ON_TRACK),
                 id="sum-ignores-periods-after-as_of"),
    pytest.param(AT_LEAST_78, [(2023, 4, "70"), (2023, 4, "74")], Y2023,
                 # two values for one period: the last given wins
                 dict(current=D("74"), progress_raw=D("50")),
                 id="duplicate-period-last-wins"),
    # --- YES_NO ---------------------------------------------------------------
    pytest.param(dict(kind=K.YES_NO, comparator=C.EQ, target="1"), [(2023, 4, "1")], Y2023,
                 dict(progress_raw=D("100"), progress=D("100"), met=True, status=S.ACHIEVED),
                 id="yes_no-yes"),
    pytest.param(dict(kind=K.YES_NO, comparator=C.EQ, target="1"), [(2023, 4, "0")], Y2023,
                 # binary "not yet" is not compared with 时序进度 → 正常, score 0
                 dict(progress_raw=D("0"), progress=D("0"), met=False, status=S.ON_TRACK, score=D("0")),
                 id="yes_no-no-before-target-date"),
    pytest.param(dict(kind=K.YES_NO, comparator=C.EQ, target=None), [(2025, 4, "0")], date(2025, 12, 31),
                 dict(met=False, status=S.MISSED),
                 id="yes_no-no-at-target-date-missed"),
    # --- ANNUAL_ASSIGNED ------------------------------------------------------
    pytest.param(dict(kind=K.ANNUAL_ASSIGNED, comparator=C.GTE, target=None, yearly=[(2022, 80), (2023, 90)]),
                 [(2022, 4, "84"), (2023, 4, "72")], date(2022, 12, 31),
                 # 2022: 84 ≥ 80 met; raw 84/80×100 = 105
                 dict(current=D("84"), progress_raw=D("105"), progress=D("100"), met=True, status=S.ACHIEVED,
                      expected=D("100")),
                 id="assigned-met-2022"),
    pytest.param(dict(kind=K.ANNUAL_ASSIGNED, comparator=C.GTE, target=None, yearly=[(2022, 80), (2023, 90)]),
                 [(2022, 4, "84"), (2023, 4, "72")], Y2023,
                 # 2023: 72 < 90; 72/90×100 = 80; full bar 100 → gap 20 → 滞后
                 dict(current=D("72"), progress_raw=D("80"), met=False, status=S.LAGGING, expected=D("100"),
                      rule="2023年下达目标90"),
                 id="assigned-not-met-2023"),
    pytest.param(dict(kind=K.ANNUAL_ASSIGNED, comparator=C.GTE, target="95", yearly=[(2022, 80)]),
                 [(2024, 4, "95")], date(2024, 12, 31),
                 # 2024 not listed → target_value 95; 95 ≥ 95
                 dict(met=True, status=S.ACHIEVED, progress_raw=D("100")),
                 id="assigned-fallback-target_value"),
    pytest.param(dict(kind=K.ANNUAL_ASSIGNED, comparator=C.GTE, target=None, yearly=[(2022, 80)]),
                 [(2023, 4, "88")], Y2023,
                 dict(current=D("88"), met=None, progress=None, progress_raw=None, status=S.NO_DATA,
                      score=D("0"), rule="目标未下达"),
                 id="assigned-no-target"),
    pytest.param(dict(kind=K.ANNUAL_ASSIGNED, comparator=C.LTE, target="40"), [(2023, 4, "50")], Y2023,
                 # lower is better: 40/50×100 = 80
                 dict(progress_raw=D("80"), met=False),
                 id="assigned-lower-is-better"),
    pytest.param(dict(kind=K.ANNUAL_ASSIGNED, comparator=C.GTE, target=None, yearly=[(2023, 10)],
                      accumulation=Accumulation.SUM),
                 [(2022, 4, "9"), (2023, 2, "3"), (2023, 4, "4")], Y2023,
                 # SUM within the year only: 3+4 = 7; 7/10×100 = 70
                 dict(current=D("7"), progress_raw=D("70")),
                 id="assigned-sum-within-year"),
    # --- TREND ----------------------------------------------------------------
    pytest.param(dict(kind=K.TREND, comparator=C.GTE, target=None),
                 [(2022, 4, "60"), (2023, 4, "61"), (2024, 4, "62")], date(2024, 12, 31),
                 # 2 steps, both up → met
                 dict(current=D("62"), progress_raw=D("100"), met=True, status=S.ACHIEVED),
                 id="trend-up"),
    pytest.param(dict(kind=K.TREND, comparator=C.GTE, target=None),
                 [(2022, 4, "60"), (2023, 4, "62"), (2024, 4, "61")], date(2024, 12, 31),
                 # 1 of 2 steps held → 50; full bar → gap 50 → 严重滞后
                 dict(progress_raw=D("50"), met=False, status=S.SERIOUSLY_LAGGING, expected=D("100")),
                 id="trend-down"),
    pytest.param(dict(kind=K.TREND, comparator=C.GTE, target=None, baseline="58"),
                 [(2022, 4, "60"), (2023, 4, "59"), (2024, 4, "61"), (2025, 3, "62")], date(2025, 9, 30),
                 # 58→60 up, →59 down, →61 up, →62 up: 3/4 = 75; gap 25 → 滞后
                 dict(progress_raw=D("75"), met=False, status=S.LAGGING),
                 id="trend-baseline-one-fall-lagging"),
    pytest.param(dict(kind=K.TREND, comparator=C.GTE, target=None),
                 [(2022, 4, "60"), (2023, 4, "62"), (2024, 4, "61"), (2025, 4, "63")], date(2025, 12, 31),
                 # 2/3 = 66.67; target date reached, not met → 未完成
                 dict(progress_raw=Approx("66.67", 2), met=False, status=S.MISSED),
                 id="trend-fall-missed-at-end"),
    pytest.param(dict(kind=K.TREND, comparator=C.GTE, target=None),
                 [(2022, 4, "60"), (2023, 2, "70"), (2023, 4, "61")], Y2023,
                 # year value = last period of the year (61, not 70): 60→61 up
                 dict(current=D("61"), met=True),
                 id="trend-uses-last-period-of-year"),
    pytest.param(dict(kind=K.TREND, comparator=C.GTE, target=None, baseline="59"), [(2022, 4, "60")],
                 date(2022, 12, 31),
                 # single year with baseline: 59→60 up
                 dict(progress_raw=D("100"), met=True, status=S.ACHIEVED),
                 id="trend-single-year-with-baseline"),
    pytest.param(dict(kind=K.TREND, comparator=C.GTE, target=None), [(2022, 4, "60")], date(2022, 12, 31),
                 dict(current=D("60"), progress_raw=None, met=None, status=S.NO_DATA),
                 id="trend-single-year-no-baseline"),
    # --- ANNUAL_GROWTH (一般工业固废利用率年均提高5%以上) ---------------------
    pytest.param(dict(kind=K.ANNUAL_GROWTH, comparator=C.GTE, target="5", baseline="60"), [(2023, 4, "70")], Y2023,
                 # points: (70−60)/(2023−2021) = 5 ≥ 5
                 dict(current=D("70"), progress_raw=D("100"), met=True, status=S.ACHIEVED),
                 id="growth-points-met"),
    pytest.param(dict(kind=K.ANNUAL_GROWTH, comparator=C.GTE, target="5", baseline="60"), [(2023, 4, "68")], Y2023,
                 # (68−60)/2 = 4; 4/5×100 = 80; full bar → gap 20 → 滞后
                 dict(progress_raw=D("80"), met=False, status=S.LAGGING),
                 id="growth-points-lagging"),
    pytest.param(dict(kind=K.ANNUAL_GROWTH, comparator=C.GTE, target="5", baseline="60"), [(2023, 4, "66")], Y2023,
                 # (66−60)/2 = 3 → 60 → gap 40 → 严重滞后
                 dict(progress_raw=D("60"), status=S.SERIOUSLY_LAGGING),
                 id="growth-points-seriously-lagging"),
    pytest.param(dict(kind=K.ANNUAL_GROWTH, comparator=C.GTE, target="5", baseline="50",
                      growth_unit=GrowthUnit.PERCENT), [(2023, 4, "60.5")], Y2023,
                 # percent: (60.5/50)^(1/2) − 1 = 1.21^0.5 − 1 = 0.1 → 10%; 10/5×100 = 200
                 dict(progress_raw=D("200"), progress=D("100"), met=True, rule="几何平均"),
                 id="growth-percent-two-years"),
    pytest.param(dict(kind=K.ANNUAL_GROWTH, comparator=C.GTE, target="5", baseline="40",
                      growth_unit=GrowthUnit.PERCENT), [(2022, 4, "41")], date(2022, 12, 31),
                 # 41/40 − 1 = 2.5%; 2.5/5×100 = 50
                 dict(progress_raw=D("50"), met=False),
                 id="growth-percent-one-year"),
    pytest.param(dict(kind=K.ANNUAL_GROWTH, comparator=C.GTE, target="5", baseline="100",
                      growth_unit=GrowthUnit.PERCENT), [(2024, 4, "133.1")], date(2024, 12, 31),
                 # 1.331^(1/3) = 1.1 → 10% (cube root inexact in Decimal) → 200
                 dict(progress_raw=Approx("200.000000", 6), met=True),
                 id="growth-percent-three-years"),
    pytest.param(dict(kind=K.ANNUAL_GROWTH, comparator=C.GTE, target="5"),
                 [(2022, 4, "40"), (2023, 4, "41"), (2024, 4, "44")], date(2024, 12, 31),
                 # no baseline: from 2022 (40) to 2024 (44): 4/2 = 2; 2/5×100 = 40
                 dict(current=D("44"), progress_raw=D("40"), met=False),
                 id="growth-no-baseline-first-year"),
    pytest.param(dict(kind=K.ANNUAL_GROWTH, comparator=C.GTE, target="5"), [(2022, 4, "40")], date(2022, 12, 31),
                 dict(met=None, progress=None, status=S.NO_DATA),
                 id="growth-single-year-no-data"),
    # --- no data, after the plan end ----------------------------------------------
    pytest.param(AT_LEAST_78, [], Y2023,
                 dict(current=None, progress=None, met=None, status=S.NO_DATA, score=D("0"), forecast=None),
                 id="no-observations"),
    pytest.param(AT_LEAST_78, [(2025, 4, "76"), (2026, 1, "77")], date(2026, 3, 31),
                 # 2026 values still scored against the 2025 target: (77−70)/8 = 87.5, missed
                 dict(current=D("77"), progress_raw=D("87.5"), expected=D("100"), status=S.MISSED,
                      forecast=None),
                 id="after-plan-end-missed"),
    pytest.param(AT_LEAST_78, [(2025, 4, "76"), (2026, 1, "77"), (2026, 2, "78")], date(2026, 6, 30),
                 dict(current=D("78"), met=True, status=S.ACHIEVED),
                 id="after-plan-end-achieved-late"),
    # --- forecast inside evaluate ---------------------------------------------
    pytest.param(dict(kind=K.AT_LEAST, comparator=C.GTE, target="78"), [(2022, 4, "70"), (2023, 4, "72")], Y2023,
                 # slope 2 per 4 quarters; 2023Q4 → 2025Q4 is 8 quarters: 72 + 4 = 76 < 78
                 dict(forecast=D("76"), forecast_met=False),
                 id="forecast-two-points-short"),
    pytest.param(dict(kind=K.AT_LEAST, comparator=C.GTE, target="78"),
                 [(2023, 2, "71"), (2023, 3, "72"), (2023, 4, "73")], Y2023,
                 # slope 1 per quarter: 73 + 8 = 81 ≥ 78
                 dict(forecast=D("81"), forecast_met=True),
                 id="forecast-three-points-met"),
    pytest.param(dict(kind=K.AT_LEAST, comparator=C.GTE, target="78"), [(2023, 4, "72")], Y2023,
                 dict(forecast=None, forecast_met=None),
                 id="forecast-one-point-none"),
    pytest.param(dict(kind=K.PROJECT_COUNT, comparator=C.GTE, target="4", accumulation=Accumulation.SUM),
                 [(2022, 4, "1"), (2023, 4, "1")], Y2023,
                 # running totals 1, 2: slope 1/4 per quarter → 2 + 8/4 = 4 ≥ 4
                 dict(forecast=D("4"), forecast_met=True),
                 id="forecast-sum-uses-running-total"),
    pytest.param(dict(kind=K.TREND, comparator=C.GTE, target=None), [(2022, 4, "60"), (2023, 4, "61")], Y2023,
                 dict(forecast=None, forecast_met=None),
                 id="forecast-not-for-trend"),
]


@pytest.mark.parametrize("spec_kw, rows, as_of, expected", EVALUATE_ROWS)
def test_indicator_evaluate(spec_kw, rows, as_of, expected):
    kw = dict(spec_kw)
    result = indicator_evaluate(spec(kw.pop("kind"), kw.pop("comparator"), kw.pop("target"), **kw),
                                obs(*rows), as_of=as_of)
    assert_fields(result, expected)


def test_correction_only_changes_results_from_its_period_on():
    """Correcting 2023Q2 leaves the 2023Q1 result alone and changes 2023Q2's."""
    s = spec(K.AT_LEAST, C.GTE, "78", baseline="70")
    before = obs((2023, 1, "72"), (2023, 2, "73"), (2023, 3, "74"))
    after = obs((2023, 1, "72"), (2023, 2, "77"), (2023, 3, "74"))
    assert indicator_evaluate(s, before, as_of=date(2023, 3, 31)) == indicator_evaluate(
        s, after, as_of=date(2023, 3, 31))
    # (73−70)/8×100 = 37.5 vs (77−70)/8×100 = 87.5
    assert indicator_evaluate(s, before, as_of=date(2023, 6, 30)).progress_raw == D("37.5")
    assert indicator_evaluate(s, after, as_of=date(2023, 6, 30)).progress_raw == D("87.5")


def test_custom_rules_change_status():
    """on_track_gap 5: gap 10 is 滞后 under this configuration."""
    s = spec(K.AT_LEAST, C.GTE, "78", baseline="70")
    # (73.2−70)/8×100 = 40; gap 50−40 = 10
    result = indicator_evaluate(s, obs((2023, 4, "73.2")), as_of=Y2023,
                                rules=ScoringRules(on_track_gap=D("5")))
    assert result.status == S.LAGGING


# ---------------------------------------------------------------------------
# expected_progress (时序进度)
# ---------------------------------------------------------------------------

TRAJECTORY = dict(baseline="70", yearly=[(2022, 71), (2023, 72), (2024, 76)])


@pytest.mark.parametrize("kind, comparator, target, extra, as_of, want", [
    pytest.param(K.AT_LEAST, C.GTE, "78", {}, date(2021, 12, 31), D("0"), id="before-plan"),
    pytest.param(K.AT_LEAST, C.GTE, "78", {}, date(2022, 3, 30), D("0"), id="first-quarter-not-over"),
    pytest.param(K.AT_LEAST, C.GTE, "78", {}, date(2022, 3, 31), D("6.25"), id="2022Q1-1of16"),
    pytest.param(K.AT_LEAST, C.GTE, "78", {}, date(2022, 12, 31), D("25"), id="2022Q4-4of16"),
    pytest.param(K.AT_LEAST, C.GTE, "78", {}, date(2023, 11, 15), D("43.75"), id="mid-quarter-7of16"),
    pytest.param(K.AT_LEAST, C.GTE, "78", {}, Y2023, D("50"), id="2023Q4-8of16"),
    pytest.param(K.AT_LEAST, C.GTE, "78", {}, date(2024, 6, 30), D("62.5"), id="2024Q2-10of16"),
    pytest.param(K.AT_LEAST, C.GTE, "78", {}, date(2025, 12, 31), D("100"), id="target-date"),
    pytest.param(K.AT_LEAST, C.GTE, "78", {}, date(2026, 3, 31), D("100"), id="after-target-date"),
    # trajectory: (72−70)/(78−70)×100 = 25 at the end of 2023
    pytest.param(K.AT_LEAST, C.GTE, "78", TRAJECTORY, Y2023, D("25"), id="trajectory-year-end"),
    # 2024Q2: 25 + (75 − 25)×2/4 = 50, where 2024's share is (76−70)/8×100 = 75
    pytest.param(K.AT_LEAST, C.GTE, "78", TRAJECTORY, date(2024, 6, 30), D("50"), id="trajectory-mid-year"),
    # 2022Q2: 0 + 12.5×2/4 = 6.25, 2022's share (71−70)/8×100 = 12.5
    pytest.param(K.AT_LEAST, C.GTE, "78", TRAJECTORY, date(2022, 6, 30), D("6.25"), id="trajectory-first-year"),
    # 2025 has no yearly target → time share 14/16 = 87.5
    pytest.param(K.AT_LEAST, C.GTE, "78", TRAJECTORY, date(2025, 6, 30), D("87.5"), id="trajectory-fallback"),
    # PM2.5 45 → 35, 2023 target 43: (43−45)/(35−45)×100 = 20
    pytest.param(K.AT_MOST, C.LT, "35", dict(baseline="45", yearly=[(2023, 43)]), Y2023, D("20"),
                 id="trajectory-at-most"),
    # maintain target (baseline 80 ≥ 78): trajectory meaningless → time share
    pytest.param(K.AT_LEAST, C.GTE, "78", dict(baseline="80", yearly=[(2023, 80)]), Y2023, D("50"),
                 id="trajectory-ignored-for-maintain"),
    pytest.param(K.TREND, C.GTE, None, {}, date(2022, 6, 30), D("100"), id="trend-full-bar"),
    pytest.param(K.ANNUAL_ASSIGNED, C.GTE, "90", {}, date(2022, 3, 31), D("100"), id="assigned-full-bar"),
    pytest.param(K.ANNUAL_GROWTH, C.GTE, "5", {}, date(2021, 12, 31), D("0"), id="growth-before-plan"),
])
def test_expected_progress(kind, comparator, target, extra, as_of, want):
    assert expected_progress(spec(kind, comparator, target, **extra), as_of=as_of) == want


# ---------------------------------------------------------------------------
# status_classify boundaries (raw, unrounded figures)
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("progress_raw, expected, met, passed, has_data, want", [
    pytest.param(D("40"), D("50"), False, False, True, S.ON_TRACK, id="gap-exactly-10-on_track"),
    pytest.param(D("39.9999"), D("50"), False, False, True, S.LAGGING, id="gap-10.0001-lagging"),
    pytest.param(D("20"), D("50"), False, False, True, S.LAGGING, id="gap-exactly-30-lagging"),
    pytest.param(D("19.99"), D("50"), False, False, True, S.SERIOUSLY_LAGGING, id="gap-30.01-seriously"),
    pytest.param(D("130"), D("50"), False, False, True, S.ON_TRACK, id="ahead-negative-gap"),
    pytest.param(D("0"), D("100"), True, True, True, S.ACHIEVED, id="met-wins"),
    pytest.param(None, D("50"), None, False, False, S.NO_DATA, id="no-data"),
    pytest.param(None, D("100"), None, True, False, S.NO_DATA, id="no-data-after-target"),
    pytest.param(D("99"), D("100"), False, True, True, S.MISSED, id="missed-at-target-date"),
    pytest.param(None, D("75"), False, False, True, S.ON_TRACK, id="no-progress-figure-before-target"),
])
def test_status_classify(progress_raw, expected, met, passed, has_data, want):
    assert status_classify(progress_raw=progress_raw, expected=expected, met=met, target_passed=passed,
                           has_data=has_data, rules=ScoringRules()) == want


def test_status_labels_cover_every_status():
    assert {s: STATUS_LABELS[s] for s in S} == {
        S.ACHIEVED: "已达标", S.ON_TRACK: "正常", S.LAGGING: "滞后",
        S.SERIOUSLY_LAGGING: "严重滞后", S.NO_DATA: "无数据", S.MISSED: "未完成"}


@pytest.mark.parametrize("comparator, value, target, want", [
    pytest.param(C.LT, "35", "35", False, id="lt-at-bound"),
    pytest.param(C.LTE, "35", "35", True, id="lte-at-bound"),
    pytest.param(C.GT, "36", "35", True, id="gt"),
    pytest.param(C.GTE, "34.99", "35", False, id="gte-below"),
    pytest.param(C.EQ, "0", "0.00", True, id="eq-zero"),
    pytest.param("gte", "78", "78", True, id="plain-string-comparator"),
])
def test_comparator_holds(comparator, value, target, want):
    assert comparator_holds(comparator, D(value), D(target)) is want


# ---------------------------------------------------------------------------
# forecast_linear
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("rows, at, want", [
    # (8092, 70), (8096, 72): slope 0.5/quarter; at 8104 → 72 + 4 = 76
    pytest.param([(2022, 4, 70), (2023, 4, 72)], date(2025, 12, 31), D("76"), id="two-points"),
    # x 8089..8091, y 1,3,2: x̄ 8090, ȳ 2, Sxy 1, Sxx 2 → slope 0.5; 2 + 0.5×14 = 9
    pytest.param([(2022, 1, 1), (2022, 2, 3), (2022, 3, 2)], date(2025, 12, 31), D("9"), id="least-squares"),
    # 2024-02-15 is day 46 of 91 in 2024Q1 → x = 8096 + 46/91; 72 + 0.5×46/91 = 72 + 23/91
    pytest.param([(2022, 4, 70), (2023, 4, 72)], date(2024, 2, 15), Approx("72.252747", 6), id="mid-quarter"),
    pytest.param([(2023, 4, 72)], date(2025, 12, 31), None, id="one-point"),
    pytest.param([(2023, 4, 72), (2023, 4, 74)], date(2025, 12, 31), None, id="same-period"),
    pytest.param([], date(2025, 12, 31), None, id="empty"),
])
def test_forecast_linear(rows, at, want):
    got = forecast_linear(obs(*rows), at=at)
    if isinstance(want, Approx):
        assert round_half_up(got, want.places) == D(want.value)
    else:
        assert got == want


# ---------------------------------------------------------------------------
# milestones and weighted mean
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("items, rules, want", [
    pytest.param([(M.DONE, None, D(1))], ScoringRules(), D("100"), id="done"),
    pytest.param([(M.IN_PROGRESS, None, D(1))], ScoringRules(), D("50"), id="in-progress-half"),
    pytest.param([(M.IN_PROGRESS, D("70"), D(1))], ScoringRules(), D("70"), id="in-progress-percent"),
    pytest.param([(M.NOT_STARTED, None, D(1))], ScoringRules(), D("0"), id="not-started"),
    # (2×100 + 1×50 + 1×0)/4 = 62.5
    pytest.param([(M.DONE, None, D(2)), (M.IN_PROGRESS, None, D(1)), (M.NOT_STARTED, None, D(1))],
                 ScoringRules(), D("62.5"), id="weighted"),
    pytest.param([(M.IN_PROGRESS, None, D(1))], ScoringRules(in_progress_share=D("0.3")), D("30"),
                 id="configured-share"),
    pytest.param([("done", None, D(1)), ("in_progress", D("40"), D(3))], ScoringRules(), D("55"),
                 id="plain-strings"),  # (100 + 3×40)/4 = 55
    pytest.param([], ScoringRules(), None, id="no-items"),
    pytest.param([(M.DONE, None, D(0))], ScoringRules(), None, id="zero-weight"),
])
def test_milestones_progress(items, rules, want):
    assert milestones_progress(items, rules) == want


@pytest.mark.parametrize("pairs, want", [
    pytest.param([(D(80), D(1)), (None, D(5)), (D(60), D(1))], D("70"), id="skips-none"),
    pytest.param([(D(90), D(1)), (D(60), D("0.5"))], D("80"), id="weights"),  # (90 + 30)/1.5
    pytest.param([(None, D(1))], None, id="only-none"),
    pytest.param([], None, id="empty"),
])
def test_weighted_mean(pairs, want):
    assert weighted_mean(pairs) == want


# ---------------------------------------------------------------------------
# department assessment and grades
# ---------------------------------------------------------------------------

def dept(lead=(), support=(), timeliness=(), returned=0, veto=False):
    return DepartmentInput(tuple(D(str(x)) for x in lead), tuple(D(str(x)) for x in support),
                           tuple(timeliness), returned, veto)


@pytest.mark.parametrize("data, progress, timeliness, deduction, score, grade", [
    # progress (90+80+0.5×60)/2.5 = 80; timeliness (100+80)/2 = 90 (4 days late: 100−20);
    # 80×0.8 + 90×0.2 − 2×1 = 64 + 18 − 2 = 80
    pytest.param(dept(lead=(90, 80), support=(60,), timeliness=(("on_time", 0), ("late", 4)), returned=2),
                 D("80"), D("90"), D("2"), D("80"), "良好", id="worked-example"),
    # nothing due → timeliness 100: 87.5×0.8 + 20 = 90 exactly
    pytest.param(dept(lead=(87.5,)), D("87.5"), D("100"), D("0"), D("90"), "优秀", id="boundary-90"),
    pytest.param(dept(lead=(68.75,)), D("68.75"), D("100"), D("0"), D("75"), "良好", id="boundary-75"),
    pytest.param(dept(lead=(50,)), D("50"), D("100"), D("0"), D("60"), "合格", id="boundary-60"),
    # 49.9×0.8 + 20 = 59.92
    pytest.param(dept(lead=(49.9,)), D("49.9"), D("100"), D("0"), D("59.92"), "不合格", id="below-60"),
    # 0 + missing 0 − 5 → floored 0
    pytest.param(dept(lead=(0,), timeliness=(("missing", 0),), returned=5), D("0"), D("0"), D("5"), D("0"),
                 "不合格", id="floor-zero"),
    # 25 days late: 100 − 125 → floored 0; 100×0.8 + 0 = 80
    pytest.param(dept(lead=(100,), timeliness=(("late", 25),)), D("100"), D("0"), D("0"), D("80"), "良好",
                 id="late-floor"),
    pytest.param(dept(lead=(100,), veto=True), D("100"), D("100"), D("0"), D("100"), "不合格", id="veto"),
    # no tasks: timeliness (100+80)/2 = 90 stands in for progress → 90×0.8 + 90×0.2 = 90
    pytest.param(dept(timeliness=(("on_time", 0), ("late", 4))), None, D("90"), D("0"), D("90"), "优秀",
                 id="no-tasks-timeliness-only"),
])
def test_department_assess(data, progress, timeliness, deduction, score, grade):
    result = department_assess(data, ScoringRules())
    assert (result.progress, result.timeliness, result.deduction, result.score, result.grade, result.veto) == (
        progress, timeliness, deduction, score, grade, data.veto)


@pytest.mark.parametrize("score, veto, want", [
    pytest.param("90", False, "优秀", id="90"),
    pytest.param("89.99", False, "良好", id="89.99"),
    pytest.param("75", False, "良好", id="75"),
    pytest.param("74.99", False, "合格", id="74.99"),
    pytest.param("60", False, "合格", id="60"),
    pytest.param("59.99", False, "不合格", id="59.99"),
    pytest.param("100", True, "不合格", id="veto"),
])
def test_grade_of(score, veto, want):
    assert grade_of(D(score), ScoringRules(), veto=veto) == want


# ---------------------------------------------------------------------------
# rounding, rule text, validation, purity
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("value, places, want", [
    pytest.param(D("2.345"), 2, D("2.35"), id="half-up"),
    pytest.param(D("-2.5"), 0, D("-3"), id="negative-half-away-from-zero"),
    pytest.param(D("2.5"), 0, D("3"), id="positive-half"),
    pytest.param(D("2.44"), 1, D("2.4"), id="down"),
    pytest.param(D("0.05"), 1, D("0.1"), id="bankers-would-give-0.0"),
    pytest.param(D("49.93150684931506849315068493"), 2, D("49.93"), id="long-quotient"),
    pytest.param(None, 1, None, id="none"),
])
def test_round_half_up(value, places, want):
    assert round_half_up(value, places) == want


def test_rules_describe_lists_every_number():
    rules = ScoringRules(version="7", on_track_gap=D("12"), lagging_gap=D("33"), in_progress_share=D("0.4"),
                         lead_weight=D("1.5"), support_weight=D("0.6"), progress_share=D("0.7"),
                         timeliness_share=D("0.3"), late_penalty_per_day=D("4"), return_deduction=D("2"),
                         grade_excellent=D("91"), grade_good=D("76"), grade_pass=D("61"))
    text = "\n".join(rules_describe(rules))
    for fragment in ["版本:7", "不超过12个百分点", "不超过33个百分点", "按40%计", "牵头任务权重为1.5",
                     "配合任务权重为0.6", "×0.7", "×0.3", "每天扣4分", "扣2分", "≥91为优秀", "≥76且<91为良好",
                     "≥61且<76为合格"]:
        assert fragment in text, fragment


def test_rules_describe_follows_threshold_change():
    default = rules_describe(ScoringRules())
    changed = rules_describe(ScoringRules(on_track_gap=D("15")))
    assert any("不超过10个百分点" in line for line in default)
    assert any("不超过15个百分点" in line for line in changed)
    assert default != changed


@pytest.mark.parametrize("make, error", [
    pytest.param(lambda: Observation(2023, 5, D("1")), ValueError, id="quarter-5"),
    pytest.param(lambda: Observation(2023, 1, 1.5), TypeError, id="float-value"),
    pytest.param(lambda: IndicatorSpec(K.AT_LEAST, C.GTE, D("78"), 2021, PLAN_START), ValueError,
                 id="target-before-plan"),
    pytest.param(lambda: weighted_mean([(D(1), D(-1))]), ValueError, id="negative-weight"),
    pytest.param(lambda: department_assess(dept(timeliness=(("early", 0),))), ValueError, id="bad-timeliness"),
])
def test_invalid_input_raises(make, error):
    with pytest.raises(error):
        make()


def test_spec_accepts_stored_strings():
    s = IndicatorSpec("at_least", "gte", 78, 2025, PLAN_START, baseline_value="70", accumulation="sum")
    assert (s.kind, s.comparator, s.target_value, s.accumulation) == (K.AT_LEAST, C.GTE, D("78"), Accumulation.SUM)
    assert s.target_date == date(2025, 12, 31)
    assert Observation(2023, 2, D("1")).end == date(2023, 6, 30)


def test_engine_does_not_import_django():
    source = Path(__file__).resolve().parents[2] / "indicators" / "scoring" / "engine.py"
    tree = ast.parse(source.read_text(encoding="utf-8"))
    modules = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    modules += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert modules and not any(m.split(".")[0] == "django" for m in modules), modules
