"""Display rounding and input validation of the pure engine."""

from datetime import date
from decimal import Decimal as D

import pytest

from indicators.scoring.engine import (
    Accumulation,
    IndicatorSpec,
    Observation,
    department_assess,
    round_half_up,
    weighted_mean,
)
from tests.indicators.scoring.engine_support import PLAN_START, C, K, dept

# ---------------------------------------------------------------------------
# rounding and validation
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, places, want",
    [
        pytest.param(D("2.345"), 2, D("2.35"), id="half-up"),
        pytest.param(D("-2.5"), 0, D("-3"), id="negative-half-away-from-zero"),
        pytest.param(D("2.5"), 0, D("3"), id="positive-half"),
        pytest.param(D("2.44"), 1, D("2.4"), id="down"),
        pytest.param(D("0.05"), 1, D("0.1"), id="bankers-would-give-0.0"),
        pytest.param(D("49.93150684931506849315068493"), 2, D("49.93"), id="long-quotient"),
        pytest.param(None, 1, None, id="none"),
    ],
)
def test_round_half_up(value, places, want):
    assert round_half_up(value, places) == want


@pytest.mark.parametrize(
    "make, error",
    [
        pytest.param(lambda: Observation(2023, 5, D("1")), ValueError, id="quarter-5"),
        pytest.param(lambda: Observation(2023, 1, 1.5), TypeError, id="float-value"),
        pytest.param(
            lambda: IndicatorSpec(K.AT_LEAST, C.GTE, D("78"), 2021, PLAN_START), ValueError, id="target-before-plan"
        ),
        pytest.param(lambda: weighted_mean([(D(1), D(-1))]), ValueError, id="negative-weight"),
        pytest.param(lambda: department_assess(dept(timeliness=(("early", 0),))), ValueError, id="bad-timeliness"),
    ],
)
def test_invalid_input_raises(make, error):
    with pytest.raises(error):
        make()


def test_spec_accepts_stored_strings():
    s = IndicatorSpec("at_least", "gte", 78, 2025, PLAN_START, baseline_value="70", accumulation="sum")
    assert (s.kind, s.comparator, s.target_value, s.accumulation) == (K.AT_LEAST, C.GTE, D("78"), Accumulation.SUM)
    assert s.target_date == date(2025, 12, 31)
    assert Observation(2023, 2, D("1")).end == date(2023, 6, 30)
