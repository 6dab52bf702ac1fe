"""Table-driven tests of the pure scoring engine (no database, no Django).

Every expected figure is a literal worked out by hand from the rule in the
engine's docstrings; the arithmetic is shown in the row's comment.  Plan
period throughout: 2022-01-01 .. 2025-12-31 = 16 quarters, so 时序进度 at
2023-12-31 is 8/16 = 50%.
"""

from datetime import date
from decimal import Decimal as D

import pytest

from indicators.scoring.engine import Accumulation, GrowthUnit, ScoringRules, indicator_evaluate
from tests.indicators.scoring.engine_support import Y2023, Approx, C, K, S, assert_fields, obs, spec

# ---------------------------------------------------------------------------
# indicator_evaluate: one table over every kind
# ---------------------------------------------------------------------------

AT_LEAST_78 = dict(kind=K.AT_LEAST, comparator=C.GTE, target="78", baseline="70")
PM25_LT = dict(kind=K.AT_MOST, comparator=C.LT, target="35")
PM25_LTE = dict(kind=K.AT_MOST, comparator=C.LTE, target="35")

EVALUATE_ROWS = [
    # --- AT_LEAST with baseline 70 → target 78 ---------------------------------
    pytest.param(
        AT_LEAST_78,
        [(2023, 4, "74")],
        Y2023,
        # (74−70)/(78−70)×100 = 4/8×100 = 50; gap 50−50 = 0 → 正常
        dict(
            current=D("74"),
            progress_raw=D("50"),
            progress=D("50"),
            expected=D("50"),
            met=False,
            status=S.ON_TRACK,
            score=D("50"),
            rule="完成进度=(当前值−基准值)/(目标值−基准值)",
        ),
        id="at_least-halfway-on_track",
    ),
    pytest.param(
        AT_LEAST_78,
        [(2023, 4, "68")],
        Y2023,
        # (68−70)/8×100 = −25 raw, clamped 0; gap 50−(−25) = 75 → 严重滞后
        dict(progress_raw=D("-25"), progress=D("0"), score=D("0"), met=False, status=S.SERIOUSLY_LAGGING),
        id="at_least-below-baseline-negative-raw",
    ),
    pytest.param(
        AT_LEAST_78,
        [(2023, 4, "80")],
        Y2023,
        # (80−70)/8×100 = 125 raw, clamped 100; 80 ≥ 78 met
        dict(progress_raw=D("125"), progress=D("100"), met=True, status=S.ACHIEVED, score=D("100")),
        id="at_least-beyond-target-raw-over-100",
    ),
    pytest.param(
        AT_LEAST_78,
        [(2023, 4, "73")],
        date(2024, 12, 31),
        # (73−70)/8×100 = 37.5; expected 12/16 = 75; gap 37.5 → 严重滞后
        dict(progress_raw=D("37.5"), expected=D("75"), status=S.SERIOUSLY_LAGGING),
        id="at_least-stale-value-later-as_of",
    ),
    pytest.param(
        dict(kind=K.AT_LEAST, comparator=C.GTE, target="78", baseline="80"),
        [(2023, 4, "79")],
        Y2023,
        # baseline 80 already ≥ 78: maintain target; 79 ≥ 78 → 100
        dict(progress_raw=D("100"), progress=D("100"), met=True, status=S.ACHIEVED, rule="保持型"),
        id="maintain-met",
    ),
    pytest.param(
        dict(kind=K.AT_LEAST, comparator=C.GTE, target="78", baseline="80"),
        [(2023, 4, "77")],
        Y2023,
        # maintain target not met → 0; gap 50 → 严重滞后
        dict(progress_raw=D("0"), progress=D("0"), met=False, status=S.SERIOUSLY_LAGGING),
        id="maintain-not-met",
    ),
    pytest.param(
        dict(kind=K.AT_LEAST, comparator=C.GTE, target="78"),
        [(2023, 4, "39")],
        Y2023,
        # no baseline: 39/78×100 = 50; gap 0 → 正常
        dict(progress_raw=D("50"), progress=D("50"), met=False, status=S.ON_TRACK, rule="无基准值"),
        id="at_least-no-baseline-fallback",
    ),
    pytest.param(
        dict(kind=K.AT_LEAST, comparator=C.GT, target="0"),
        [(2023, 4, "0")],
        Y2023,
        # target 0: no ratio; 0 > 0 false → 0
        dict(progress_raw=D("0"), met=False, status=S.SERIOUSLY_LAGGING),
        id="at_least-target-zero-no-division",
    ),
    pytest.param(
        dict(kind=K.AT_LEAST, comparator=C.GT, target="78", baseline="78"),
        [(2023, 4, "78")],
        Y2023,
        # baseline == target: no division; 78 > 78 false → 0
        dict(progress_raw=D("0"), met=False),
        id="baseline-equals-target-not-met",
    ),
    pytest.param(
        dict(kind=K.AT_LEAST, comparator=C.GT, target="78", baseline="78"),
        [(2023, 4, "78.5")],
        Y2023,
        dict(progress_raw=D("100"), met=True, status=S.ACHIEVED),
        id="baseline-equals-target-met",
    ),
    # --- AT_MOST (PM2.5, lower is better) --------------------------------------
    pytest.param(
        dict(PM25_LT, baseline="45"),
        [(2023, 4, "40")],
        Y2023,
        # mirrored: (40−45)/(35−45)×100 = −5/−10×100 = 50
        dict(progress_raw=D("50"), progress=D("50"), met=False, status=S.ON_TRACK),
        id="at_most-baseline-mirrored",
    ),
    pytest.param(
        dict(PM25_LT, baseline="45"),
        [(2023, 4, "47")],
        Y2023,
        # (47−45)/(−10)×100 = −20 → clamped 0; gap 70
        dict(progress_raw=D("-20"), progress=D("0"), status=S.SERIOUSLY_LAGGING),
        id="at_most-worse-than-baseline",
    ),
    pytest.param(
        PM25_LT,
        [(2023, 4, "50")],
        Y2023,
        # no baseline: 35/50×100 = 70; gap 50−70 < 0 → 正常
        dict(progress_raw=D("70"), progress=D("70"), met=False, status=S.ON_TRACK),
        id="at_most-no-baseline-fallback",
    ),
    pytest.param(
        PM25_LTE,
        [(2023, 4, "28")],
        Y2023,
        # 35/28×100 = 125 raw, met → 100
        dict(progress_raw=D("125"), progress=D("100"), met=True, status=S.ACHIEVED),
        id="at_most-no-baseline-met",
    ),
    pytest.param(
        PM25_LT,
        [(2025, 4, "35")],
        date(2025, 12, 31),
        # 35 < 35 false: strict bound not met → at target date 未完成
        dict(current=D("35"), met=False, status=S.MISSED),
        id="pm25-35-vs-LT-missed",
    ),
    pytest.param(
        PM25_LTE,
        [(2025, 4, "35")],
        date(2025, 12, 31),
        # 35 ≤ 35 true
        dict(current=D("35"), met=True, status=S.ACHIEVED, progress=D("100")),
        id="pm25-35-vs-LTE-achieved",
    ),
    pytest.param(
        dict(kind=K.AT_MOST, comparator=C.LT, target="0", baseline="10"),
        [(2023, 4, "4")],
        Y2023,
        # target 0 with baseline: (4−10)/(0−10)×100 = 60
        dict(progress_raw=D("60"), met=False, status=S.ON_TRACK),
        id="at_most-target-zero-with-baseline",
    ),
    # --- ZERO_COUNT (劣Ⅴ类水体) ------------------------------------------------
    pytest.param(
        dict(kind=K.ZERO_COUNT, comparator=C.EQ, target="0", baseline="4"),
        [(2023, 4, "1")],
        Y2023,
        # (4−1)/4×100 = 75; gap 50−75 < 0 → 正常
        dict(progress_raw=D("75"), met=False, status=S.ON_TRACK),
        id="zero_count-baseline-partial",
    ),
    pytest.param(
        dict(kind=K.ZERO_COUNT, comparator=C.EQ, target="0", baseline="4"),
        [(2023, 4, "0")],
        Y2023,
        dict(progress_raw=D("100"), progress=D("100"), met=True, status=S.ACHIEVED),
        id="zero_count-reached-zero",
    ),
    pytest.param(
        dict(kind=K.ZERO_COUNT, comparator=C.LTE, target=None),
        [(2023, 4, "2")],
        Y2023,
        # no baseline, target defaults to 0: not 0 → 0; gap 50
        dict(progress_raw=D("0"), met=False, status=S.SERIOUSLY_LAGGING),
        id="zero_count-no-baseline-not-zero",
    ),
    pytest.param(
        dict(kind=K.ZERO_COUNT, comparator=C.LTE, target=None),
        [(2023, 4, "0")],
        Y2023,
        dict(progress_raw=D("100"), met=True, status=S.ACHIEVED),
        id="zero_count-no-baseline-zero",
    ),
    # --- PROJECT_COUNT (4 irrigation districts) --------------------------------
    pytest.param(
        dict(kind=K.PROJECT_COUNT, comparator=C.GTE, target="4", accumulation=Accumulation.SUM),
        [(2022, 4, "1"), (2023, 2, "1"), (2023, 4, "2")],
        Y2023,
        # 1+1+2 = 4 of 4
        dict(current=D("4"), progress_raw=D("100"), met=True, status=S.ACHIEVED),
        id="project_count-4-of-4",
    ),
    pytest.param(
        dict(kind=K.PROJECT_COUNT, comparator=C.GTE, target="4"),
        [(2023, 4, "2")],
        Y2023,
        # 2/4×100 = 50; gap 0 → 正常
        dict(current=D("2"), progress_raw=D("50"), status=S.ON_TRACK),
        id="project_count-2-of-4-on_track",
    ),
    pytest.param(
        dict(kind=K.PROJECT_COUNT, comparator=C.GTE, target="4"),
        [(2023, 4, "2")],
        date(2024, 12, 31),
        # 50 vs expected 75: gap 25 → 滞后
        dict(progress_raw=D("50"), expected=D("75"), status=S.LAGGING),
        id="project_count-2-of-4-lagging",
    ),
    pytest.param(
        dict(kind=K.PROJECT_COUNT, comparator=C.GTE, target="32", baseline="8"),
        [(2023, 4, "20")],
        Y2023,
        # baseline subtracted: (20−8)/(32−8)×100 = 12/24×100 = 50
        dict(progress_raw=D("50")),
        id="project_count-baseline-subtracted",
    ),
    # --- Accumulation SUM vs LATEST --------------------------------------------
    pytest.param(
        dict(kind=K.PROJECT_COUNT, comparator=C.GTE, target="4", accumulation=Accumulation.SUM),
        [(2022, 4, "1"), (2023, 2, "1"), (2023, 4, "1")],
        Y2023,
        # sum 3 → 3/4×100 = 75
        dict(current=D("3"), progress_raw=D("75")),
        id="accumulation-sum",
    ),
    pytest.param(
        dict(kind=K.PROJECT_COUNT, comparator=C.GTE, target="4", accumulation=Accumulation.LATEST),
        [(2022, 4, "1"), (2023, 2, "1"), (2023, 4, "1")],
        Y2023,
        # latest 1 → 25
        dict(current=D("1"), progress_raw=D("25")),
        id="accumulation-latest",
    ),
    pytest.param(
        dict(kind=K.PROJECT_COUNT, comparator=C.GTE, target="4", accumulation=Accumulation.SUM),
        [(2022, 4, "1"), (2023, 4, "1"), (2024, 1, "2")],
        Y2023,
        # 2024Q1 ends after as_of: ignored → 2 → 50
        dict(current=D("2"), progress_raw=D("50"), status=S.ON_TRACK),
        id="sum-ignores-periods-after-as_of",
    ),
    pytest.param(
        AT_LEAST_78,
        [(2023, 4, "70"), (2023, 4, "74")],
        Y2023,
        # two values for one period: the last given wins
        dict(current=D("74"), progress_raw=D("50")),
        id="duplicate-period-last-wins",
    ),
    # --- YES_NO ---------------------------------------------------------------
    pytest.param(
        dict(kind=K.YES_NO, comparator=C.EQ, target="1"),
        [(2023, 4, "1")],
        Y2023,
        dict(progress_raw=D("100"), progress=D("100"), met=True, status=S.ACHIEVED),
        id="yes_no-yes",
    ),
    pytest.param(
        dict(kind=K.YES_NO, comparator=C.EQ, target="1"),
        [(2023, 4, "0")],
        Y2023,
        # binary "not yet" is not compared with 时序进度 → 正常, score 0
        dict(progress_raw=D("0"), progress=D("0"), met=False, status=S.ON_TRACK, score=D("0")),
        id="yes_no-no-before-target-date",
    ),
    pytest.param(
        dict(kind=K.YES_NO, comparator=C.EQ, target=None),
        [(2025, 4, "0")],
        date(2025, 12, 31),
        dict(met=False, status=S.MISSED),
        id="yes_no-no-at-target-date-missed",
    ),
    # --- ANNUAL_ASSIGNED ------------------------------------------------------
    pytest.param(
        dict(kind=K.ANNUAL_ASSIGNED, comparator=C.GTE, target=None, yearly=[(2022, 80), (2023, 90)]),
        [(2022, 4, "84"), (2023, 4, "72")],
        date(2022, 12, 31),
        # 2022: 84 ≥ 80 met; raw 84/80×100 = 105
        dict(current=D("84"), progress_raw=D("105"), progress=D("100"), met=True, status=S.ACHIEVED, expected=D("100")),
        id="assigned-met-2022",
    ),
    pytest.param(
        dict(kind=K.ANNUAL_ASSIGNED, comparator=C.GTE, target=None, yearly=[(2022, 80), (2023, 90)]),
        [(2022, 4, "84"), (2023, 4, "72")],
        Y2023,
        # 2023: 72 < 90; 72/90×100 = 80; full bar 100 → gap 20 → 滞后
        dict(
            current=D("72"),
            progress_raw=D("80"),
            met=False,
            status=S.LAGGING,
            expected=D("100"),
            rule="2023年下达目标90",
        ),
        id="assigned-not-met-2023",
    ),
    pytest.param(
        dict(kind=K.ANNUAL_ASSIGNED, comparator=C.GTE, target="95", yearly=[(2022, 80)]),
        [(2024, 4, "95")],
        date(2024, 12, 31),
        # 2024 not listed → target_value 95; 95 ≥ 95
        dict(met=True, status=S.ACHIEVED, progress_raw=D("100")),
        id="assigned-fallback-target_value",
    ),
    pytest.param(
        dict(kind=K.ANNUAL_ASSIGNED, comparator=C.GTE, target=None, yearly=[(2022, 80)]),
        [(2023, 4, "88")],
        Y2023,
        dict(
            current=D("88"),
            met=None,
            progress=None,
            progress_raw=None,
            status=S.NO_DATA,
            score=D("0"),
            rule="目标未下达",
        ),
        id="assigned-no-target",
    ),
    pytest.param(
        dict(kind=K.ANNUAL_ASSIGNED, comparator=C.LTE, target="40"),
        [(2023, 4, "50")],
        Y2023,
        # lower is better: 40/50×100 = 80
        dict(progress_raw=D("80"), met=False),
        id="assigned-lower-is-better",
    ),
    pytest.param(
        dict(kind=K.ANNUAL_ASSIGNED, comparator=C.GTE, target=None, yearly=[(2023, 10)], accumulation=Accumulation.SUM),
        [(2022, 4, "9"), (2023, 2, "3"), (2023, 4, "4")],
        Y2023,
        # SUM within the year only: 3+4 = 7; 7/10×100 = 70
        dict(current=D("7"), progress_raw=D("70")),
        id="assigned-sum-within-year",
    ),
    # --- TREND ----------------------------------------------------------------
    pytest.param(
        dict(kind=K.TREND, comparator=C.GTE, target=None),
        [(2022, 4, "60"), (2023, 4, "61"), (2024, 4, "62")],
        date(2024, 12, 31),
        # 2 steps, both up → met
        dict(current=D("62"), progress_raw=D("100"), met=True, status=S.ACHIEVED),
        id="trend-up",
    ),
    pytest.param(
        dict(kind=K.TREND, comparator=C.GTE, target=None),
        [(2022, 4, "60"), (2023, 4, "62"), (2024, 4, "61")],
        date(2024, 12, 31),
        # 1 of 2 steps held → 50; full bar → gap 50 → 严重滞后
        dict(progress_raw=D("50"), met=False, status=S.SERIOUSLY_LAGGING, expected=D("100")),
        id="trend-down",
    ),
    pytest.param(
        dict(kind=K.TREND, comparator=C.GTE, target=None, baseline="58"),
        [(2022, 4, "60"), (2023, 4, "59"), (2024, 4, "61"), (2025, 3, "62")],
        date(2025, 9, 30),
        # 58→60 up, →59 down, →61 up, →62 up: 3/4 = 75; gap 25 → 滞后
        dict(progress_raw=D("75"), met=False, status=S.LAGGING),
        id="trend-baseline-one-fall-lagging",
    ),
    pytest.param(
        dict(kind=K.TREND, comparator=C.GTE, target=None),
        [(2022, 4, "60"), (2023, 4, "62"), (2024, 4, "61"), (2025, 4, "63")],
        date(2025, 12, 31),
        # 2/3 = 66.67; target date reached, not met → 未完成
        dict(progress_raw=Approx("66.67", 2), met=False, status=S.MISSED),
        id="trend-fall-missed-at-end",
    ),
    pytest.param(
        dict(kind=K.TREND, comparator=C.GTE, target=None),
        [(2022, 4, "60"), (2023, 2, "70"), (2023, 4, "61")],
        Y2023,
        # year value = last period of the year (61, not 70): 60→61 up
        dict(current=D("61"), met=True),
        id="trend-uses-last-period-of-year",
    ),
    pytest.param(
        dict(kind=K.TREND, comparator=C.GTE, target=None, baseline="59"),
        [(2022, 4, "60")],
        date(2022, 12, 31),
        # single year with baseline: 59→60 up
        dict(progress_raw=D("100"), met=True, status=S.ACHIEVED),
        id="trend-single-year-with-baseline",
    ),
    pytest.param(
        dict(kind=K.TREND, comparator=C.GTE, target=None),
        [(2022, 4, "60")],
        date(2022, 12, 31),
        dict(current=D("60"), progress_raw=None, met=None, status=S.NO_DATA),
        id="trend-single-year-no-baseline",
    ),
    # --- ANNUAL_GROWTH (一般工业固废利用率年均提高5%以上) ---------------------
    pytest.param(
        dict(kind=K.ANNUAL_GROWTH, comparator=C.GTE, target="5", baseline="60"),
        [(2023, 4, "70")],
        Y2023,
        # points: (70−60)/(2023−2021) = 5 ≥ 5
        dict(current=D("70"), progress_raw=D("100"), met=True, status=S.ACHIEVED),
        id="growth-points-met",
    ),
    pytest.param(
        dict(kind=K.ANNUAL_GROWTH, comparator=C.GTE, target="5", baseline="60"),
        [(2023, 4, "68")],
        Y2023,
        # (68−60)/2 = 4; 4/5×100 = 80; full bar → gap 20 → 滞后
        dict(progress_raw=D("80"), met=False, status=S.LAGGING),
        id="growth-points-lagging",
    ),
    pytest.param(
        dict(kind=K.ANNUAL_GROWTH, comparator=C.GTE, target="5", baseline="60"),
        [(2023, 4, "66")],
        Y2023,
        # (66−60)/2 = 3 → 60 → gap 40 → 严重滞后
        dict(progress_raw=D("60"), status=S.SERIOUSLY_LAGGING),
        id="growth-points-seriously-lagging",
    ),
    pytest.param(
        dict(kind=K.ANNUAL_GROWTH, comparator=C.GTE, target="5", baseline="50", growth_unit=GrowthUnit.PERCENT),
        [(2023, 4, "60.5")],
        Y2023,
        # percent: (60.5/50)^(1/2) − 1 = 1.21^0.5 − 1 = 0.1 → 10%; 10/5×100 = 200
        dict(progress_raw=D("200"), progress=D("100"), met=True, rule="几何平均"),
        id="growth-percent-two-years",
    ),
    pytest.param(
        dict(kind=K.ANNUAL_GROWTH, comparator=C.GTE, target="5", baseline="40", growth_unit=GrowthUnit.PERCENT),
        [(2022, 4, "41")],
        date(2022, 12, 31),
        # 41/40 − 1 = 2.5%; 2.5/5×100 = 50
        dict(progress_raw=D("50"), met=False),
        id="growth-percent-one-year",
    ),
    pytest.param(
        dict(kind=K.ANNUAL_GROWTH, comparator=C.GTE, target="5", baseline="100", growth_unit=GrowthUnit.PERCENT),
        [(2024, 4, "133.1")],
        date(2024, 12, 31),
        # 1.331^(1/3) = 1.1 → 10% (cube root inexact in Decimal) → 200
        dict(progress_raw=Approx("200.000000", 6), met=True),
        id="growth-percent-three-years",
    ),
    pytest.param(
        dict(kind=K.ANNUAL_GROWTH, comparator=C.GTE, target="5"),
        [(2022, 4, "40"), (2023, 4, "41"), (2024, 4, "44")],
        date(2024, 12, 31),
        # no baseline: from 2022 (40) to 2024 (44): 4/2 = 2; 2/5×100 = 40
        dict(current=D("44"), progress_raw=D("40"), met=False),
        id="growth-no-baseline-first-year",
    ),
    pytest.param(
        dict(kind=K.ANNUAL_GROWTH, comparator=C.GTE, target="5"),
        [(2022, 4, "40")],
        date(2022, 12, 31),
        dict(met=None, progress=None, status=S.NO_DATA),
        id="growth-single-year-no-data",
    ),
    # --- no data, after the plan end ----------------------------------------------
    pytest.param(
        AT_LEAST_78,
        [],
        Y2023,
        dict(current=None, progress=None, met=None, status=S.NO_DATA, score=D("0"), forecast=None),
        id="no-observations",
    ),
    pytest.param(
        AT_LEAST_78,
        [(2025, 4, "76"), (2026, 1, "77")],
        date(2026, 3, 31),
        # 2026 values still scored against the 2025 target: (77−70)/8 = 87.5, missed
        dict(current=D("77"), progress_raw=D("87.5"), expected=D("100"), status=S.MISSED, forecast=None),
        id="after-plan-end-missed",
    ),
    pytest.param(
        AT_LEAST_78,
        [(2025, 4, "76"), (2026, 1, "77"), (2026, 2, "78")],
        date(2026, 6, 30),
        dict(current=D("78"), met=True, status=S.ACHIEVED),
        id="after-plan-end-achieved-late",
    ),
    # --- forecast inside evaluate ---------------------------------------------
    pytest.param(
        dict(kind=K.AT_LEAST, comparator=C.GTE, target="78"),
        [(2022, 4, "70"), (2023, 4, "72")],
        Y2023,
        # slope 2 per 4 quarters; 2023Q4 → 2025Q4 is 8 quarters: 72 + 4 = 76 < 78
        dict(forecast=D("76"), forecast_met=False),
        id="forecast-two-points-short",
    ),
    pytest.param(
        dict(kind=K.AT_LEAST, comparator=C.GTE, target="78"),
        [(2023, 2, "71"), (2023, 3, "72"), (2023, 4, "73")],
        Y2023,
        # slope 1 per quarter: 73 + 8 = 81 ≥ 78
        dict(forecast=D("81"), forecast_met=True),
        id="forecast-three-points-met",
    ),
    pytest.param(
        dict(kind=K.AT_LEAST, comparator=C.GTE, target="78"),
        [(2023, 4, "72")],
        Y2023,
        dict(forecast=None, forecast_met=None),
        id="forecast-one-point-none",
    ),
    pytest.param(
        dict(kind=K.PROJECT_COUNT, comparator=C.GTE, target="4", accumulation=Accumulation.SUM),
        [(2022, 4, "1"), (2023, 4, "1")],
        Y2023,
        # running totals 1, 2: slope 1/4 per quarter → 2 + 8/4 = 4 ≥ 4
        dict(forecast=D("4"), forecast_met=True),
        id="forecast-sum-uses-running-total",
    ),
    pytest.param(
        dict(kind=K.TREND, comparator=C.GTE, target=None),
        [(2022, 4, "60"), (2023, 4, "61")],
        Y2023,
        dict(forecast=None, forecast_met=None),
        id="forecast-not-for-trend",
    ),
]


@pytest.mark.parametrize("spec_kw, rows, as_of, expected", EVALUATE_ROWS)
def test_indicator_evaluate(spec_kw, rows, as_of, expected):
    kw = dict(spec_kw)
    result = indicator_evaluate(
        spec(kw.pop("kind"), kw.pop("comparator"), kw.pop("target"), **kw), obs(*rows), as_of=as_of
    )
    assert_fields(result, expected)


def test_correction_only_changes_results_from_its_period_on():
    """Correcting 2023Q2 leaves the 2023Q1 result alone and changes 2023Q2's."""
    s = spec(K.AT_LEAST, C.GTE, "78", baseline="70")
    before = obs((2023, 1, "72"), (2023, 2, "73"), (2023, 3, "74"))
    after = obs((2023, 1, "72"), (2023, 2, "77"), (2023, 3, "74"))
    assert indicator_evaluate(s, before, as_of=date(2023, 3, 31)) == indicator_evaluate(
        s, after, as_of=date(2023, 3, 31)
    )
    # (73−70)/8×100 = 37.5 vs (77−70)/8×100 = 87.5
    assert indicator_evaluate(s, before, as_of=date(2023, 6, 30)).progress_raw == D("37.5")
    assert indicator_evaluate(s, after, as_of=date(2023, 6, 30)).progress_raw == D("87.5")


def test_custom_rules_change_status():
    """on_track_gap 5: gap 10 is 滞后 under this configuration."""
    s = spec(K.AT_LEAST, C.GTE, "78", baseline="70")
    # (73.2−70)/8×100 = 40; gap 50−40 = 10
    result = indicator_evaluate(s, obs((2023, 4, "73.2")), as_of=Y2023, rules=ScoringRules(on_track_gap=D("5")))
    assert result.status == S.LAGGING
