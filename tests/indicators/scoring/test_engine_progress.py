"""Expected progress (时序进度) and the least-squares forecast of the pure engine (no database)."""

from datetime import date
from decimal import Decimal as D

import pytest

from indicators.scoring.engine import expected_progress, forecast_linear, round_half_up
from tests.indicators.scoring.engine_support import Y2023, Approx, C, K, obs, spec

# ---------------------------------------------------------------------------
# expected_progress (时序进度)
# ---------------------------------------------------------------------------

TRAJECTORY = dict(baseline="70", yearly=[(2022, 71), (2023, 72), (2024, 76)])


@pytest.mark.parametrize(
    "kind, comparator, target, extra, as_of, want",
    [
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
        pytest.param(
            K.AT_MOST, C.LT, "35", dict(baseline="45", yearly=[(2023, 43)]), Y2023, D("20"), id="trajectory-at-most"
        ),
        # maintain target (baseline 80 ≥ 78): trajectory meaningless → time share
        pytest.param(
            K.AT_LEAST,
            C.GTE,
            "78",
            dict(baseline="80", yearly=[(2023, 80)]),
            Y2023,
            D("50"),
            id="trajectory-ignored-for-maintain",
        ),
        pytest.param(K.TREND, C.GTE, None, {}, date(2022, 6, 30), D("100"), id="trend-full-bar"),
        pytest.param(K.ANNUAL_ASSIGNED, C.GTE, "90", {}, date(2022, 3, 31), D("100"), id="assigned-full-bar"),
        pytest.param(K.ANNUAL_GROWTH, C.GTE, "5", {}, date(2021, 12, 31), D("0"), id="growth-before-plan"),
    ],
)
def test_expected_progress(kind, comparator, target, extra, as_of, want):
    assert expected_progress(spec(kind, comparator, target, **extra), as_of=as_of) == want


# ---------------------------------------------------------------------------
# forecast_linear
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rows, at, want",
    [
        # (8092, 70), (8096, 72): slope 0.5/quarter; at 8104 → 72 + 4 = 76
        pytest.param([(2022, 4, 70), (2023, 4, 72)], date(2025, 12, 31), D("76"), id="two-points"),
        # x 8089..8091, y 1,3,2: x̄ 8090, ȳ 2, Sxy 1, Sxx 2 → slope 0.5; 2 + 0.5×14 = 9
        pytest.param([(2022, 1, 1), (2022, 2, 3), (2022, 3, 2)], date(2025, 12, 31), D("9"), id="least-squares"),
        # 2024-02-15 is day 46 of 91 in 2024Q1 → x = 8096 + 46/91; 72 + 0.5×46/91 = 72 + 23/91
        pytest.param([(2022, 4, 70), (2023, 4, 72)], date(2024, 2, 15), Approx("72.252747", 6), id="mid-quarter"),
        pytest.param([(2023, 4, 72)], date(2025, 12, 31), None, id="one-point"),
        pytest.param([(2023, 4, 72), (2023, 4, 74)], date(2025, 12, 31), None, id="same-period"),
        pytest.param([], date(2025, 12, 31), None, id="empty"),
    ],
)
def test_forecast_linear(rows, at, want):
    got = forecast_linear(obs(*rows), at=at)
    if isinstance(want, Approx):
        assert round_half_up(got, want.places) == D(want.value)
    else:
        assert got == want
