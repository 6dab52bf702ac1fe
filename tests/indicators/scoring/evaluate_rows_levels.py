"""Rows of the table-driven engine test: levels, counts, accumulation, yes/no.

Each expected figure is worked out by hand (see the row comments); plan period 2022-01-01 .. 2025-12-31 =
16 quarters."""

from datetime import date
from decimal import Decimal as D

import pytest

from indicators.scoring.engine import Accumulation
from tests.indicators.scoring.engine_support import Y2023, C, K, S

AT_LEAST_78 = dict(kind=K.AT_LEAST, comparator=C.GTE, target="78", baseline="70")
PM25_LT = dict(kind=K.AT_MOST, comparator=C.LT, target="35")
PM25_LTE = dict(kind=K.AT_MOST, comparator=C.LTE, target="35")


LEVEL_ROWS = [
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
        # 35 < 35 false: strict bound not met → at target date 未完成; raw 35/35×100 = 100, but a target not met
        # never reads 100: capped at 99.9 (issue 11)
        dict(current=D("35"), met=False, status=S.MISSED, progress_raw=D("100"), progress=D("99.9"), score=D("99.9")),
        id="pm25-35-vs-LT-missed",
    ),
    pytest.param(
        dict(kind=K.AT_LEAST, comparator=C.GT, target="78", baseline="70"),
        [(2023, 4, "78")],
        Y2023,
        # 78 > 78 false; raw (78−70)/(78−70)×100 = 100 → capped 99.9; expected 50 → gap < 0 → 正常
        dict(met=False, status=S.ON_TRACK, progress_raw=D("100"), progress=D("99.9")),
        id="at_least-strict-hit-exactly-capped",
    ),
    pytest.param(
        dict(kind=K.AT_LEAST, comparator=C.GTE, target="78", baseline="70"),
        [(2023, 4, "77.999")],
        Y2023,
        # (77.999−70)/8×100 = 99.9875 → capped 99.9 (would read 100.0 at one decimal)
        dict(met=False, progress_raw=D("99.9875"), progress=D("99.9")),
        id="at_least-just-below-capped",
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
]
