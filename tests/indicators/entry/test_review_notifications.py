"""Staff hear about review outcomes: a return, a reopen and a whole form's approval each create one in-app
Notification per active 填报员 of the department (unique key per event, link to the form) and, after
the commit, one e-mail to those with an address."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from indicators.entry import selectors, services
from indicators.entry.services import MilestoneEntry, ValueEntry
from indicators.models import Notification, ReportingPeriod
from responsibilities.services import user_create
from tasks.common import roles


@pytest.fixture
def q3(plan):
    return ReportingPeriod.objects.get(year=2025, quarter=3)


@pytest.fixture
def colleague_a(dept_a):
    """A second 填报员 of department A, without an e-mail address (in-app notification only)."""
    return user_create(username="staff_a2", password="x-pass-123", role=roles.STAFF, department=dept_a)


@pytest.fixture
def submission(staff_a, dept_a, q3):
    staff_a.email = "staff_a@example.cn"
    staff_a.save(update_fields=["email"])
    values = [
        ValueEntry(i.pk, Decimal(1), True, "说明")
        for i in selectors.indicators_of_department(department=dept_a)
        if selectors.indicator_is_due(i, q3)
    ]
    milestones = [
        MilestoneEntry(m.pk, "in_progress", Decimal(40), "推进中") for m in selectors.milestones_led(department=dept_a)
    ]
    return services.entry_form_save(
        department=dept_a,
        period=q3,
        user=staff_a,
        values=values,
        milestones=milestones,
        expected_version=1,
        submit=True,
    )


def form_link(dept, period):
    return reverse("entry:form", args=[dept.code, period.year, period.quarter])


def test_a_returned_value_notifies_the_departments_staff_in_app_and_by_mail(
    submission, staff_a, colleague_a, staff_b, supervisor, dept_a, q3, django_capture_on_commit_callbacks
):
    value = submission.values.select_related("indicator").first()
    with django_capture_on_commit_callbacks(execute=True):
        services.value_return(value=value, user=supervisor, reason="请附监测报告")
    # Only the return's notices: the recompute after commit may also tell supervisors of 目标未下达.
    notes = Notification.objects.filter(key__startswith="returned:")
    assert set(notes.values_list("user__username", flat=True)) == {staff_a.username, colleague_a.username}
    note = notes.get(user=staff_a)
    assert value.indicator.name in note.text and "请附监测报告" in note.text and "退回" in note.text
    assert note.link == form_link(dept_a, q3)
    returned_mail = [m for m in mail.outbox if "退回" in m.subject]
    assert len(returned_mail) == 1 and returned_mail[0].to == ["staff_a@example.cn"]  # colleague has no address
    assert "请附监测报告" in returned_mail[0].body and form_link(dept_a, q3) in returned_mail[0].body


def test_no_mail_before_the_commit_and_none_when_it_rolls_back(
    submission, staff_a, supervisor, django_capture_on_commit_callbacks
):
    value = submission.values.first()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.value_return(value=value, user=supervisor, reason="请核对")
    assert len(callbacks) >= 1 and mail.outbox == []  # sent only once the transaction commits


def test_a_whole_form_return_and_a_second_return_are_two_notifications(
    submission, staff_a, supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_return(submission=submission, user=supervisor, reason="整表数据口径有误")
        services.submission_submit(submission=submission, user=staff_a)
        services.submission_return(submission=submission, user=supervisor, reason="仍有误")
    notes = list(Notification.objects.filter(user=staff_a).order_by("created_at", "id"))
    assert [("整表退回" in n.text) for n in notes] == [True, True]
    assert "整表数据口径有误" in notes[0].text and "仍有误" in notes[1].text and notes[0].key != notes[1].key
    assert len(mail.outbox) == 2


def test_approving_the_whole_form_notifies_once(
    submission, staff_a, supervisor, dept_a, q3, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_approve(submission=submission, user=supervisor)
    note = Notification.objects.get(user=staff_a)
    assert "已全部审核通过" in note.text and note.key.startswith("approved:") and note.link == form_link(dept_a, q3)
    assert len(mail.outbox) == 1 and "审核通过" in mail.outbox[0].subject


def test_approving_the_last_item_one_by_one_notifies_the_form_approval(
    submission, staff_a, supervisor, django_capture_on_commit_callbacks
):
    items = [*submission.values.all(), *submission.milestone_reports.all()]
    with django_capture_on_commit_callbacks(execute=True):
        for item in items:
            approve = services.value_approve if hasattr(item, "indicator_id") else services.milestone_report_approve
            approve(**{"value" if hasattr(item, "indicator_id") else "report": item, "user": supervisor})
    assert Notification.objects.filter(user=staff_a, key__startswith="approved:").count() == 1
    assert Notification.objects.filter(user=staff_a).count() == 1  # partial approvals say nothing


def test_reopening_an_approved_milestone_report_notifies(
    submission, staff_a, supervisor, django_capture_on_commit_callbacks
):
    services.submission_approve(submission=submission, user=supervisor)
    report = submission.milestone_reports.select_related("milestone").first()
    with django_capture_on_commit_callbacks(execute=True):
        services.milestone_report_reopen(report=report, user=supervisor, reason="督查发现尚未完成")
    note = Notification.objects.get(user=staff_a, key__startswith="reopened:")
    assert report.milestone.title in note.text and "督查发现尚未完成" in note.text


def test_notification_texts_are_chinese_whatever_the_reviewers_language(submission, staff_a, supervisor):
    from django.utils import translation

    with translation.override("en"):
        services.value_return(value=submission.values.first(), user=supervisor, reason="check")
    assert "退回" in Notification.objects.get(user=staff_a).text


def test_a_mail_server_that_is_down_does_not_undo_the_return(
    submission, staff_a, supervisor, monkeypatch, django_capture_on_commit_callbacks
):
    def down(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", down)
    value = submission.values.first()
    with django_capture_on_commit_callbacks(execute=True):
        services.value_return(value=value, user=supervisor, reason="请核对")
    value.refresh_from_db()
    assert value.status == "returned" and Notification.objects.filter(user=staff_a).count() == 1
