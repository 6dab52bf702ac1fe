"""Milestones' share done and the weighted mean of the pure engine."""

from decimal import Decimal as D

import pytest

from indicators.scoring.engine import ScoringRules, milestones_progress, weighted_mean
from tests.indicators.scoring.engine_support import M

# ---------------------------------------------------------------------------
# milestones and weighted mean
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "items, rules, want",
    [
        pytest.param([(M.DONE, None, D(1))], ScoringRules(), D("100"), id="done"),
        pytest.param([(M.IN_PROGRESS, None, D(1))], ScoringRules(), D("50"), id="in-progress-half"),
        pytest.param([(M.IN_PROGRESS, D("70"), D(1))], ScoringRules(), D("70"), id="in-progress-percent"),
        pytest.param([(M.NOT_STARTED, None, D(1))], ScoringRules(), D("0"), id="not-started"),
        # (2×100 + 1×50 + 1×0)/4 = 62.5
        pytest.param(
            [(M.DONE, None, D(2)), (M.IN_PROGRESS, None, D(1)), (M.NOT_STARTED, None, D(1))],
            ScoringRules(),
            D("62.5"),
            id="weighted",
        ),
        pytest.param(
            [(M.IN_PROGRESS, None, D(1))], ScoringRules(in_progress_share=D("0.3")), D("30"), id="configured-share"
        ),
        pytest.param(
            [("done", None, D(1)), ("in_progress", D("40"), D(3))], ScoringRules(), D("55"), id="plain-strings"
        ),  # (100 + 3×40)/4 = 55
        pytest.param([], ScoringRules(), None, id="no-items"),
        pytest.param([(M.DONE, None, D(0))], ScoringRules(), None, id="zero-weight"),
    ],
)
def test_milestones_progress(items, rules, want):
    assert milestones_progress(items, rules) == want


@pytest.mark.parametrize(
    "pairs, want",
    [
        pytest.param([(D(80), D(1)), (None, D(5)), (D(60), D(1))], D("70"), id="skips-none"),
        pytest.param([(D(90), D(1)), (D(60), D("0.5"))], D("80"), id="weights"),  # (90 + 30)/1.5
        pytest.param([(None, D(1))], None, id="only-none"),
        pytest.param([], None, id="empty"),
    ],
)
def test_weighted_mean(pairs, want):
    assert weighted_mean(pairs) == want
