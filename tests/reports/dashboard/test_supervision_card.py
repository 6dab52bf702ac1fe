"""The leaders' 督办 card on /dashboard/: open, overdue, closed this quarter, closure rate, average days to
close, by department, and a drill-down to the overdue order; staff do not get it."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators.models import SupervisionOrder
from indicators.supervision import services
from reports.dashboard.selectors.supervision import supervision_card
from tests.factories import dashboard_scores_create, order_issue_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def orders(dept_a, dept_b, supervisor, staff_a):
    today = timezone.localdate()
    late = order_issue_for(dept_a, supervisor=supervisor, title="逾期未整改事项")
    SupervisionOrder.objects.filter(pk=late.pk).update(deadline=today - dt.timedelta(days=4))
    done = order_issue_for(dept_a, supervisor=supervisor)
    done = services.order_acknowledge(order=done, user=staff_a, expected_version=1)
    done = services.order_progress(order=done, user=staff_a, expected_version=2, text="x")
    done = services.order_request_closure(order=done, user=staff_a, expected_version=3, text="x")
    services.order_close(order=done, user=supervisor, expected_version=4)
    order_issue_for(dept_b, supervisor=supervisor)
    return late


def test_card_numbers(orders):
    card = supervision_card(today=timezone.localdate())
    assert (card["open"], card["overdue"], card["closed_quarter"], card["total"]) == (2, 1, 1, 3)
    assert card["closure_rate"] == pytest.approx(33.3) and card["average_days"] == pytest.approx(0, abs=0.1)
    assert card["departments"][0]["name"] == "大同市生态环境局灵丘分局" and card["departments"][0]["overdue"] == 1
    assert [r["order"].pk for r in card["overdue_rows"]] == [orders.pk] and card["overdue_rows"][0]["mark"] == "red"


def test_overdue_order_on_the_leaders_card_with_drill_down(plan, orders, leader, staff_a, client_for):
    dashboard_scores_create(plan=plan)
    html = client_for(leader).get(reverse("dashboard:overview")).content.decode()
    card = html[html.index('id="supervision-card"') :]
    assert "逾期未整改事项" in card and "order-mark-red" in card
    assert reverse("supervision:detail", args=[orders.pk]) in card
    assert 'id="supervision-card"' not in client_for(staff_a).get(reverse("dashboard:overview")).content.decode()
