"""Department assessment (考核) and grades of the pure engine; worked examples in the row comments."""

from decimal import Decimal as D

import pytest

from indicators.scoring.engine import ScoringRules, department_assess, grade_of
from tests.indicators.scoring.engine_support import dept

# ---------------------------------------------------------------------------
# department assessment and grades
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, progress, timeliness, deduction, score, grade",
    [
        # progress (90+80+0.5×60)/2.5 = 80; timeliness (100+80)/2 = 90 (4 days late: 100−20);
        # 80×0.8 + 90×0.2 − 2×1 = 64 + 18 − 2 = 80
        pytest.param(
            dept(lead=(90, 80), support=(60,), timeliness=(("on_time", 0), ("late", 4)), returned=2),
            D("80"),
            D("90"),
            D("2"),
            D("80"),
            "良好",
            id="worked-example",
        ),
        # nothing due → timeliness 100: 87.5×0.8 + 20 = 90 exactly
        pytest.param(dept(lead=(87.5,)), D("87.5"), D("100"), D("0"), D("90"), "优秀", id="boundary-90"),
        pytest.param(dept(lead=(68.75,)), D("68.75"), D("100"), D("0"), D("75"), "良好", id="boundary-75"),
        pytest.param(dept(lead=(50,)), D("50"), D("100"), D("0"), D("60"), "合格", id="boundary-60"),
        # 49.9×0.8 + 20 = 59.92
        pytest.param(dept(lead=(49.9,)), D("49.9"), D("100"), D("0"), D("59.92"), "不合格", id="below-60"),
        # 0 + missing 0 − 5 → floored 0
        pytest.param(
            dept(lead=(0,), timeliness=(("missing", 0),), returned=5),
            D("0"),
            D("0"),
            D("5"),
            D("0"),
            "不合格",
            id="floor-zero",
        ),
        # 25 days late: 100 − 125 → floored 0; 100×0.8 + 0 = 80
        pytest.param(
            dept(lead=(100,), timeliness=(("late", 25),)), D("100"), D("0"), D("0"), D("80"), "良好", id="late-floor"
        ),
        pytest.param(dept(lead=(100,), veto=True), D("100"), D("100"), D("0"), D("100"), "不合格", id="veto"),
        # no tasks: timeliness (100+80)/2 = 90 stands in for progress → 90×0.8 + 90×0.2 = 90
        pytest.param(
            dept(timeliness=(("on_time", 0), ("late", 4))),
            None,
            D("90"),
            D("0"),
            D("90"),
            "优秀",
            id="no-tasks-timeliness-only",
        ),
    ],
)
def test_department_assess(data, progress, timeliness, deduction, score, grade):
    result = department_assess(data, ScoringRules())
    assert (result.progress, result.timeliness, result.deduction, result.score, result.grade, result.veto) == (
        progress,
        timeliness,
        deduction,
        score,
        grade,
        data.veto,
    )


@pytest.mark.parametrize(
    "score, veto, want",
    [
        pytest.param("90", False, "优秀", id="90"),
        pytest.param("89.99", False, "良好", id="89.99"),
        pytest.param("75", False, "良好", id="75"),
        pytest.param("74.99", False, "合格", id="74.99"),
        pytest.param("60", False, "合格", id="60"),
        pytest.param("59.99", False, "不合格", id="59.99"),
        pytest.param("100", True, "不合格", id="veto"),
    ],
)
def test_grade_of(score, veto, want):
    assert grade_of(D(score), ScoringRules(), veto=veto) == want
