"""Status boundaries on the raw, unrounded figures, the status labels and the comparators (pure engine)."""

from decimal import Decimal as D

import pytest

from indicators.scoring.engine import STATUS_LABELS, ScoringRules, comparator_holds, status_classify
from tests.indicators.scoring.engine_support import C, S

# ---------------------------------------------------------------------------
# status_classify boundaries (raw, unrounded figures)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "progress_raw, expected, met, passed, has_data, want",
    [
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
    ],
)
def test_status_classify(progress_raw, expected, met, passed, has_data, want):
    assert (
        status_classify(
            progress_raw=progress_raw,
            expected=expected,
            met=met,
            target_passed=passed,
            has_data=has_data,
            rules=ScoringRules(),
        )
        == want
    )


def test_status_labels_cover_every_status():
    assert {s: STATUS_LABELS[s] for s in S} == {
        S.ACHIEVED: "已达标",
        S.ON_TRACK: "正常",
        S.LAGGING: "滞后",
        S.SERIOUSLY_LAGGING: "严重滞后",
        S.NO_DATA: "无数据",
        S.MISSED: "未完成",
        S.NO_TARGET: "目标未下达",
    }


@pytest.mark.parametrize(
    "comparator, value, target, want",
    [
        pytest.param(C.LT, "35", "35", False, id="lt-at-bound"),
        pytest.param(C.LTE, "35", "35", True, id="lte-at-bound"),
        pytest.param(C.GT, "36", "35", True, id="gt"),
        pytest.param(C.GTE, "34.99", "35", False, id="gte-below"),
        pytest.param(C.EQ, "0", "0.00", True, id="eq-zero"),
        pytest.param("gte", "78", "78", True, id="plain-string-comparator"),
    ],
)
def test_comparator_holds(comparator, value, target, want):
    assert comparator_holds(comparator, D(value), D(target)) is want
