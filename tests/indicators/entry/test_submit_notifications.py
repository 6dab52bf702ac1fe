"""Supervisors hear about forms waiting for review (issue 13, item 4): a submission and a resubmission after a
return each create one in-app notice per active 督查员 (through the one writer), linking to the form's review
page; the unread count of the top bar counts them and clears when they are read."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.entry import selectors, services
from indicators.entry.services import MilestoneEntry, ValueEntry
from indicators.models import Notification, ReportingPeriod


@pytest.fixture
def q3(plan):
    return ReportingPeriod.objects.get(year=2025, quarter=3)


def _submit(staff, dept, period, version):
    values = [
        ValueEntry(i.pk, Decimal(1), True, "说明")
        for i in selectors.indicators_of_department(department=dept)
        if selectors.indicator_is_due(i, period)
    ]
    milestones = [
        MilestoneEntry(m.pk, "in_progress", Decimal(40), "推进中") for m in selectors.milestones_led(department=dept)
    ]
    return services.entry_form_save(
        department=dept,
        period=period,
        user=staff,
        values=values,
        milestones=milestones,
        expected_version=version,
        submit=True,
    )


def test_submission_and_resubmission_notify_every_supervisor(supervisor, leader, staff_a, dept_a, q3):
    submission = _submit(staff_a, dept_a, q3, 1)
    notes = list(Notification.objects.all())
    assert [n.user for n in notes] == [supervisor]  # not the leader, not the staff
    assert notes[0].text == f"{dept_a.name}已提交2025年第3季度填报表，请审核。"
    assert notes[0].link == reverse("entry:form_review", args=[dept_a.code, 2025, 3])
    services.submission_return(submission=submission, user=supervisor, reason="请补充说明")
    submission.refresh_from_db()
    _submit(staff_a, dept_a, q3, submission.version)
    texts = list(Notification.objects.filter(user=supervisor).order_by("id").values_list("text", flat=True))
    assert texts == [notes[0].text, f"{dept_a.name}已重新提交2025年第3季度填报表，请审核。"]


def test_the_unread_count_counts_and_clears(supervisor, staff_a, dept_a, q3, client_for):
    client = client_for(supervisor)
    url = reverse("scoring:notifications_unread")
    assert client.get(url).json() == {"unread": 0}
    _submit(staff_a, dept_a, q3, 1)
    response = client.get(url)
    assert response.json() == {"unread": 1} and response["Cache-Control"] == "no-store"
    page = client.get(reverse("dashboard:overview")).content.decode()
    assert 'id="nav-unread"' in page and "js/notices.js" in page
    client.post(reverse("scoring:notifications_read"))
    assert client.get(url).json() == {"unread": 0}
