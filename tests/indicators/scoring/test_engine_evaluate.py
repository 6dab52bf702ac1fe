"""Table-driven tests of the pure scoring engine (no database, no Django).

Every expected figure is a literal worked out by hand from the rule in the
engine's docstrings; the arithmetic is shown in the row's comment.  Plan
period throughout: 2022-01-01 .. 2025-12-31 = 16 quarters, so 时序进度 at
2023-12-31 is 8/16 = 50%.
"""

from datetime import date
from decimal import Decimal as D

import pytest

from indicators.scoring.engine import ScoringRules, indicator_evaluate
from tests.indicators.scoring.engine_support import Y2023, C, K, S, assert_fields, obs, spec
from tests.indicators.scoring.evaluate_rows_levels import LEVEL_ROWS
from tests.indicators.scoring.evaluate_rows_targets import TARGET_ROWS

# ---------------------------------------------------------------------------
# indicator_evaluate: one table over every kind
# ---------------------------------------------------------------------------

EVALUATE_ROWS = LEVEL_ROWS + TARGET_ROWS


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
