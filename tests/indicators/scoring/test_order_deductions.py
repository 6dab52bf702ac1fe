"""督办 deductions (issue 14): overdue and returned supervision orders lower the lead department's assessment
score by the rules of the scoring configuration (0 by default: nothing changes), recomputed through the trigger."""

import datetime as dt
from decimal import Decimal

import pytest

from indicators.models import ScoringConfig, SupervisionOrder
from indicators.scoring import engine
from indicators.scoring.config import scoring_config_active
from indicators.scoring.services import scores_recompute
from indicators.supervision import services
from tests.factories import order_issue_for
from tests.indicators.scoring.scoring_support import TODAY, L, score

pytestmark = pytest.mark.django_db


def test_engine_deducts_orders_by_the_rules():
    data = engine.DepartmentInput((Decimal(80),), (), (("on_time", 0),), 0)
    base = engine.department_assess(data)
    with_orders = engine.DepartmentInput((Decimal(80),), (), (("on_time", 0),), 0, orders=engine.OrderDeductions(2, 1))
    assert engine.department_assess(with_orders).score == base.score  # default rules: 0 points
    rules = engine.ScoringRules(order_overdue_deduction=Decimal(3), order_return_deduction=Decimal("0.5"))
    result = engine.department_assess(with_orders, rules)
    assert result.score == base.score - Decimal("6.5") and result.order_deduction == Decimal("6.5")
    with pytest.raises(ValueError):
        engine.department_assess(engine.DepartmentInput((), (), (), 0, orders=engine.OrderDeductions(-1, 0)), rules)


def test_rules_in_words_name_the_order_deductions():
    text = "\n".join(engine.rules_describe(engine.ScoringRules(order_overdue_deduction=Decimal(2))))
    assert "督办单逾期未销号的每件扣2分" in text and "销号申请被退回的每次扣0分" in text


@pytest.fixture
def overdue_order(dept_a, supervisor, staff_a):
    """An order of 生态环境分局 due 2025-05-10, never closed; its closure request returned once in 2025Q2."""
    order = order_issue_for(dept_a, supervisor=supervisor, today=dt.date(2025, 4, 1), deadline=dt.date(2025, 5, 10))
    order = services.order_acknowledge(order=order, user=staff_a, expected_version=1)
    order = services.order_progress(order=order, user=staff_a, expected_version=2, text="x")
    order = services.order_request_closure(order=order, user=staff_a, expected_version=3, text="x")
    order = services.order_return(order=order, user=supervisor, expected_version=4, reason="不到位", today=TODAY)
    order.events.filter(kind="returned").update(at=dt.datetime(2025, 5, 5, 10, tzinfo=dt.UTC))
    return order


def _set_rules(**rules):
    config = scoring_config_active()
    ScoringConfig.objects.filter(pk=config.pk).update(**rules)


def test_without_a_rule_nothing_changes(plan, dept_a, overdue_order):
    scores_recompute(plan=plan, today=TODAY)
    with_order = score(L.DEPARTMENT, dept_a, 2025, 2)
    SupervisionOrder.objects.all().delete()
    scores_recompute(plan=plan, today=TODAY)
    without = score(L.DEPARTMENT, dept_a, 2025, 2)
    assert with_order.score == without.score and with_order.components == without.components
    assert with_order.rule == without.rule


def test_with_a_rule_the_overdue_and_returned_order_lower_the_score(plan, dept_a, dept_b, overdue_order):
    scores_recompute(plan=plan, today=TODAY)
    before = {(y, q): score(L.DEPARTMENT, dept_a, y, q).score for y, q in ((2025, 1), (2025, 2), (2025, 4))}
    other = score(L.DEPARTMENT, dept_b, 2025, 2).score
    _set_rules(order_overdue_deduction=Decimal(2), order_return_deduction=Decimal("0.5"))
    scores_recompute(plan=plan, today=TODAY)
    after = score(L.DEPARTMENT, dept_a, 2025, 2)
    assert after.score == max(Decimal(0), before[2025, 2] - Decimal("2.5"))
    assert after.components["order_overdue"] == 1 and after.components["order_returned"] == 1
    assert "督办单逾期未销号每件2分" in after.rule
    assert score(L.DEPARTMENT, dept_a, 2025, 1).score == before[2025, 1]  # before the deadline: nothing
    assert score(L.DEPARTMENT, dept_a, 2025, 4).score == max(Decimal(0), before[2025, 4] - Decimal("2.5"))
    assert score(L.DEPARTMENT, dept_b, 2025, 2).score == other


def test_closing_in_time_is_no_deduction(plan, dept_a, supervisor, staff_a):
    order = order_issue_for(dept_a, supervisor=supervisor, today=dt.date(2025, 4, 1), deadline=dt.date(2025, 5, 10))
    SupervisionOrder.objects.filter(pk=order.pk).update(
        status="closed", closed_at=dt.datetime(2025, 5, 9, 10, tzinfo=dt.UTC)
    )
    scores_recompute(plan=plan, today=TODAY)
    before = score(L.DEPARTMENT, dept_a, 2025, 2).score
    _set_rules(order_overdue_deduction=Decimal(2))
    scores_recompute(plan=plan, today=TODAY)
    assert score(L.DEPARTMENT, dept_a, 2025, 2).score == before


def test_a_return_recomputes_the_department_through_the_trigger(
    plan, dept_a, supervisor, staff_a, django_capture_on_commit_callbacks
):
    _set_rules(order_return_deduction=Decimal(3))
    scores_recompute(plan=plan)
    order = order_issue_for(dept_a, supervisor=supervisor)
    order = services.order_acknowledge(order=order, user=staff_a, expected_version=1)
    order = services.order_progress(order=order, user=staff_a, expected_version=2, text="x")
    order = services.order_request_closure(order=order, user=staff_a, expected_version=3, text="x")
    from django.utils import timezone

    from indicators.models import ReportingPeriod

    today = timezone.localdate()
    current = ReportingPeriod.objects.filter(year=today.year, quarter=(today.month - 1) // 3 + 1).first()
    if current is None:
        pytest.skip("no reporting period for today")
    before = score(L.DEPARTMENT, dept_a, current.year, current.quarter).score
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.order_return(order=order, user=supervisor, expected_version=4, reason="不到位")
    assert callbacks, "the return enqueues the department recompute after the commit"
    after = score(L.DEPARTMENT, dept_a, current.year, current.quarter).score
    assert after == max(Decimal(0), before - Decimal(3))
