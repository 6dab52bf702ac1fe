"""Rows of the table-driven engine test: assigned, trend, growth targets; no data; the forecast.

Each expected figure is worked out by hand (see the row comments); plan period 2022-01-01 .. 2025-12-31 =
16 quarters."""

from datetime import date
from decimal import Decimal as D

import pytest

from indicators.scoring.engine import Accumulation, GrowthUnit
from tests.indicators.scoring.engine_support import Y2023, Approx, C, K, S

AT_LEAST_78 = dict(kind=K.AT_LEAST, comparator=C.GTE, target="78", baseline="70")
PM25_LT = dict(kind=K.AT_MOST, comparator=C.LT, target="35")
PM25_LTE = dict(kind=K.AT_MOST, comparator=C.LTE, target="35")


TARGET_ROWS = [
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
            status=S.NO_TARGET,
            score=D("0"),
            rule="2023年目标未下达,不评价,不计入任务、体系、规划和部门得分(其余权重按比例折算)",
        ),
        id="assigned-no-target",
    ),
    pytest.param(
        dict(kind=K.ANNUAL_ASSIGNED, comparator=C.GTE, target=None, yearly=[(2022, 80)]),
        [],
        Y2023,
        # no figure and no 2023 target: 目标未下达, not 无数据 (nothing the department could have reported against)
        dict(current=None, met=None, progress=None, status=S.NO_TARGET, score=D("0"), rule="2023年目标未下达"),
        id="assigned-no-target-no-data",
    ),
    pytest.param(
        dict(kind=K.ANNUAL_ASSIGNED, comparator=C.GTE, target=None, yearly=[(2023, 80)]),
        [],
        Y2023,
        # a 2023 target and no figure: the department's failure → 无数据, score 0 (counts in the roll-ups)
        dict(current=None, met=None, status=S.NO_DATA, score=D("0")),
        id="assigned-target-but-no-data",
    ),
    pytest.param(
        dict(kind=K.AT_LEAST, comparator=C.GTE, target=None),
        [(2023, 4, "88")],
        Y2023,
        dict(met=None, status=S.NO_TARGET, score=D("0"), rule="目标未下达(未设定目标值)"),
        id="at_least-no-target",
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
