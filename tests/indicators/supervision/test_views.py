"""The 督办 pages: each role's list (my department's open orders first; the supervisors' queue), issuing from a
dashboard warning prefilled, an order walked through every state on its page, red and yellow marks."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators.models import Indicator, OrderStatus, Score, SupervisionOrder
from tests.factories import dashboard_scores_create, order_issue_for

pytestmark = pytest.mark.django_db


def _late(order, days=3):
    SupervisionOrder.objects.filter(pk=order.pk).update(deadline=timezone.localdate() - dt.timedelta(days=days))
    order.refresh_from_db()
    return order


def test_staff_see_their_open_orders_first_red_then_yellow(dept_a, dept_b, supervisor, staff_a, client_for):
    today = timezone.localdate()
    calm = order_issue_for(dept_a, supervisor=supervisor, title="平稳事项", deadline=today + dt.timedelta(days=60))
    near = order_issue_for(dept_a, supervisor=supervisor, title="临近事项", deadline=today + dt.timedelta(days=2))
    late = _late(order_issue_for(dept_a, supervisor=supervisor, title="逾期事项"))
    order_issue_for(dept_b, supervisor=supervisor, title="他单位事项")
    html = client_for(staff_a).get(reverse("supervision:index")).content.decode()
    table = html[html.index('id="sec-open"') : html.index('id="sec-closed"')]
    assert [int(pk) for pk in re.findall(r'data-order="(\d+)"', table)] == [late.pk, near.pk, calm.pk]
    assert "order-mark-red" in table and "order-mark-yellow" in table and "红牌" in table and "黄牌" in table
    assert "他单位事项" not in html


def test_supervisors_queue_lists_closure_requests_and_overdue(dept_a, supervisor, staff_a, client_for):
    from indicators.supervision import services

    order = order_issue_for(dept_a, supervisor=supervisor)
    order = services.order_acknowledge(order=order, user=staff_a, expected_version=1)
    order = services.order_progress(order=order, user=staff_a, expected_version=2, text="x")
    services.order_request_closure(order=order, user=staff_a, expected_version=3, text="完成")
    late = _late(order_issue_for(dept_a, supervisor=supervisor, title="逾期事项"))
    html = client_for(supervisor).get(reverse("supervision:index")).content.decode()
    closure = html[html.index('id="sec-closure"') : html.index('id="sec-extension"')]
    assert f'data-order="{order.pk}"' in closure
    overdue = html[html.index('id="sec-overdue"') : html.index('id="sec-all"')]
    assert f'data-order="{late.pk}"' in overdue and "order-mark-red" in overdue
    filtered = client_for(supervisor).get(reverse("supervision:index"), {"overdue": "1"}).content.decode()
    every = filtered[filtered.index('id="sec-all"') :]
    assert f'data-order="{late.pk}"' in every and f'data-order="{order.pk}"' not in every


def test_leaders_read_without_the_issue_button(dept_a, supervisor, leader, client_for):
    order_issue_for(dept_a, supervisor=supervisor)
    html = client_for(leader).get(reverse("supervision:index")).content.decode()
    assert 'id="sec-all"' in html and reverse("supervision:issue") not in html
    assert client_for(leader).get(reverse("supervision:issue")).status_code == 403


def test_issue_from_a_dashboard_warning_is_prefilled(plan, supervisor, client_for):
    dashboard_scores_create(plan=plan)
    score = Score.objects.filter(
        level="indicator", status="seriously_lagging", period__year=2025, period__quarter=4
    ).first()
    indicator = Indicator.objects.select_related("reporting_department").get(pk=score.indicator_id)
    overview = client_for(supervisor).get(reverse("dashboard:overview"), {"period": "2025Q4"}).content.decode()
    link = re.search(rf'href="(/supervision/new/\?[^"]*indicator={indicator.pk}[^"]*)"', overview.replace("&amp;", "&"))
    assert link, "the warning links to the issue form"
    response = client_for(supervisor).get(link.group(1))
    form = response.context["form"]
    assert form.initial["indicator"] == indicator.pk
    assert form.initial["lead_department"] == indicator.reporting_department_id
    assert form.initial["task"] == indicator.task_id and form.initial["source"] == "warning"
    assert indicator.name in form.initial["problem"] and "严重滞后" in form.initial["problem"]
    html = response.content.decode()
    assert f'<option value="{indicator.pk}" selected>' in html


def test_issue_form_creates_and_refuses_bad_input(dept_a, supervisor, client_for):
    client = client_for(supervisor)
    body = {
        "source": "instruction",
        "title": "领导批示事项",
        "problem": "问题",
        "requirement": "要求",
        "lead_department": dept_a.pk,
        "severity": "key",
        "deadline": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
    }
    bad = client.post(reverse("supervision:issue"), body | {"deadline": "2020-01-01"})
    assert bad.status_code == 400 and "不能早于今天" in bad.content.decode()
    assert not SupervisionOrder.objects.exists()
    response = client.post(reverse("supervision:issue"), body)
    order = SupervisionOrder.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("supervision:detail", args=[order.pk])


def test_an_order_walks_through_every_state_on_its_page(dept_a, supervisor, staff_a, staff_b, client_for):
    order = order_issue_for(dept_a, supervisor=supervisor)
    staff, boss = client_for(staff_a), client_for(supervisor)
    url = reverse("supervision:step", args=[order.pk])
    assert client_for(staff_b).get(reverse("supervision:detail", args=[order.pk])).status_code == 404
    assert client_for(staff_b).post(url, {"action": "acknowledge", "version": 1}).status_code == 404
    assert boss.post(url, {"action": "acknowledge", "version": 1}).status_code == 403
    steps = [
        (staff, {"action": "acknowledge", "measures": "清理方案"}, OrderStatus.ACKNOWLEDGED),
        (staff, {"action": "progress", "text": "清理一半", "percent": 50}, OrderStatus.RECTIFYING),
        (staff, {"action": "request_closure", "text": "完成"}, OrderStatus.CLOSURE_REQUESTED),
        (boss, {"action": "return", "reason": "缺照片"}, OrderStatus.RECTIFYING),
        (staff, {"action": "request_closure", "text": "补照片"}, OrderStatus.CLOSURE_REQUESTED),
        (boss, {"action": "close", "text": "到位"}, OrderStatus.CLOSED),
    ]
    for client, body, status in steps:
        order.refresh_from_db()
        page = client.get(reverse("supervision:detail", args=[order.pk])).content.decode()
        assert f'id="step-{body["action"]}"' in page
        response = client.post(url, body | {"version": order.version})
        assert response.status_code == 302
        order.refresh_from_db()
        assert order.status == status, body
    stale = staff.post(url, {"action": "progress", "text": "x", "version": 1})
    assert stale.status_code in (302, 409)
    html = boss.get(reverse("supervision:detail", args=[order.pk])).content.decode()
    assert html.count("<td>退回整改</td>") == 1 and "已销号" in html


def test_a_stale_step_on_the_page_is_409(dept_a, supervisor, staff_a, client_for):
    order = order_issue_for(dept_a, supervisor=supervisor)
    url = reverse("supervision:step", args=[order.pk])
    client_for(staff_a).post(url, {"action": "acknowledge", "version": 1})
    response = client_for(staff_a).post(url, {"action": "progress", "text": "x", "version": 1})
    assert response.status_code == 409 and "第1版" in response.content.decode()


def test_a_step_without_its_actor_reads_a_dash(dept_a, supervisor, staff_a, leader, client_for):
    """The demo's steps and those of a deactivated account's removed link have no 操作人: the page says —
    (a template lookup on None raised VariableDoesNotExist: a 500 on every demo order)."""
    order = order_issue_for(dept_a, supervisor=supervisor)
    order.events.update(actor=None)
    for user in (supervisor, staff_a, leader):
        response = client_for(user).get(reverse("supervision:detail", args=[order.pk]))
        assert response.status_code == 200
        assert "<td>—</td>" in response.content.decode()


def test_the_acknowledge_date_cannot_follow_the_deadline(dept_a, supervisor, staff_a, client_for):
    deadline = timezone.localdate() + dt.timedelta(days=10)
    body = {
        "source": "instruction",
        "title": "领导批示事项",
        "problem": "问题",
        "requirement": "要求",
        "lead_department": dept_a.pk,
        "severity": "key",
        "deadline": deadline.isoformat(),
        "acknowledge_due": (deadline + dt.timedelta(days=10)).isoformat(),
    }
    response = client_for(supervisor).post(reverse("supervision:issue"), body)
    assert response.status_code == 400 and "不能晚于整改期限" in response.content.decode()
    assert not SupervisionOrder.objects.exists()
    refused = client_for(staff_a).get(reverse("supervision:issue"))
    assert refused.status_code == 403 and "只有督查员可以下达督办单" in refused.content.decode()
