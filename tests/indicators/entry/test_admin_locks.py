"""Approved data are locked in the admin too (issue 11): an approved figure or milestone report is read-only there
(no change, no delete, no history revert); the only change is 重新打开 with a reason through the web's service
(history, recompute); 审核通过 in the admin goes through the web's service too, so nobody approves their own figure;
a 填报表 holding approved data is not deleted (admin, bulk action, API); evidence files follow their rows; users are
deactivated, never deleted."""

from decimal import Decimal
from unittest import mock

import pytest
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.entry import services
from indicators.entry.services import ValueEntry
from indicators.models import Evidence, Indicator, IndicatorValue, ReportingPeriod, ReviewStatus, Submission
from responsibilities.services import user_create
from tasks.common import roles
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def q4(plan):
    return ReportingPeriod.objects.get(year=2025, quarter=4)


@pytest.fixture
def form(dept_b, staff_b, supervisor, q4):
    """水利局's 2025Q4 form entered and submitted by its staff; the first figure approved by the supervisor."""
    water = list(Indicator.objects.filter(reporting_department=dept_b).order_by("code"))
    form = services.submission_get_or_create(department=dept_b, period=q4)
    entries = [ValueEntry(i.pk, Decimal(n + 4), True, "") for n, i in enumerate(water)]
    services.values_save(submission=form, user=staff_b, entries=entries, expected_version=form.version)
    services.submission_submit(submission=form, user=staff_b)
    services.value_approve(value=form.values.get(indicator=water[0]), user=supervisor)
    form.refresh_from_db()
    return form


def approved(form):
    return form.values.get(status=ReviewStatus.APPROVED)


def url(name, *args):
    return reverse(f"admin:indicators_{name}", args=args)


def action(client, name, model, objects, **extra):
    data = {"action": name, helpers.ACTION_CHECKBOX_NAME: [o.pk for o in objects], **extra}
    return client.post(url(f"{model}_changelist"), data, follow=True)


def test_the_admin_cannot_change_or_delete_an_approved_figure(form, administrator, client_for):
    value, admin = approved(form), client_for(administrator)
    page = admin.get(url("indicatorvalue_change", value.pk))
    assert page.status_code == 200 and 'name="value"' not in page.content.decode()  # shown read-only
    assert admin.post(url("indicatorvalue_change", value.pk), {"value": "1", "note": "x"}).status_code == 403
    assert admin.get(url("indicatorvalue_delete", value.pk)).status_code == 403
    refused = action(admin, "delete_selected", "indicatorvalue", [value], post="yes")
    assert "已锁定" in refused.content.decode()
    revert = value.history.order_by("history_date").first()
    response = admin.post(url("indicatorvalue_simple_history", value.pk, revert.history_id), {"value": "1"})
    assert response.status_code == 403
    value.refresh_from_db()
    assert (value.value, value.status) == (Decimal(4), ReviewStatus.APPROVED)


def test_a_draft_figure_is_still_editable_in_the_admin(form, administrator, client_for):
    draft = form.values.exclude(status=ReviewStatus.APPROVED).get()
    assert client_for(administrator).get(url("indicatorvalue_change", draft.pk)).status_code == 200
    assert 'name="value"' in client_for(administrator).get(url("indicatorvalue_change", draft.pk)).content.decode()


def test_reopen_in_the_admin_asks_a_reason_and_goes_through_the_service(form, supervisor, client_for):
    value, boss = approved(form), client_for(supervisor)
    page = action(boss, "reopen_selected", "indicatorvalue", [value])
    assert "重新打开理由" in page.content.decode()
    empty = action(boss, "reopen_selected", "indicatorvalue", [value], apply="1", reason=" ")
    assert "重新打开理由" in empty.content.decode()  # no reason: the page again, nothing reopened
    value.refresh_from_db()
    assert value.status == ReviewStatus.APPROVED
    with mock.patch("indicators.entry.services.common.scores_recompute_on_commit") as recompute:
        done = action(boss, "reopen_selected", "indicatorvalue", [value], apply="1", reason="数值有误")
    assert "已重新打开 1 条" in done.content.decode()
    value.refresh_from_db()
    assert value.status == ReviewStatus.RETURNED and value.review_reason == "数值有误"
    assert value.history.first().history_change_reason == "重新打开:数值有误"
    recompute.assert_called_once_with(period_id=value.period_id, indicator_id=value.indicator_id)


def test_approving_ones_own_figure_is_refused_in_the_admin(dept_b, q4, supervisor, client_for):
    insider = user_create(username="insider", password=PASSWORD, role=roles.SUPERVISOR, department=dept_b)
    water = list(Indicator.objects.filter(reporting_department=dept_b).order_by("code"))
    form = services.submission_get_or_create(department=dept_b, period=q4)
    entries = [ValueEntry(i.pk, Decimal(5), True, "") for i in water]
    services.values_save(submission=form, user=insider, entries=entries, expected_version=form.version)
    services.submission_submit(submission=form, user=insider)
    values = list(form.values.all())
    refused = action(client_for(insider), "approve_selected", "indicatorvalue", values)
    assert "不能审核本人填报、修改或提交的数据" in refused.content.decode()
    assert set(IndicatorValue.objects.filter(submission=form).values_list("status", flat=True)) == {"submitted"}
    done = action(client_for(supervisor), "approve_selected", "indicatorvalue", values)
    assert "已审核通过 2 条" in done.content.decode()
    assert set(IndicatorValue.objects.filter(submission=form).values_list("status", flat=True)) == {"approved"}


def test_a_form_holding_approved_figures_is_not_deleted(form, administrator, client_for):
    admin = client_for(administrator)
    single = admin.post(url("submission_delete", form.pk), {"post": "yes"}, follow=True)
    assert "填报表中有已审核通过的数据,不能删除" in single.content.decode()
    bulk = action(admin, "delete_selected", "submission", [form], post="yes")
    assert "填报表中有已审核通过的数据,不能删除" in bulk.content.decode()
    assert admin.delete(f"/api/v1/submissions/{form.pk}/").status_code == 405
    assert Submission.objects.filter(pk=form.pk).exists() and approved(form)


def _evidence(value, name="证明.pdf"):
    return Evidence.objects.create(
        value=value,
        file=SimpleUploadedFile(name, b"%PDF-1.4 test"),
        original_name=name,
        content_type="application/pdf",
        size=13,
    )


def test_evidence_files_follow_their_rows(form, administrator, client_for, django_capture_on_commit_callbacks):
    draft = form.values.exclude(status=ReviewStatus.APPROVED).get()
    one, two, locked = _evidence(draft), _evidence(draft), _evidence(approved(form))
    storage = one.file.storage
    names = [e.file.name for e in (one, two, locked)]
    assert all(storage.exists(n) for n in names)
    admin = client_for(administrator)
    assert admin.get(reverse("admin:indicators_evidence_delete", args=[locked.pk])).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(reverse("admin:indicators_evidence_delete", args=[one.pk]), {"post": "yes"})
    assert response.status_code == 302 and not storage.exists(names[0])
    with django_capture_on_commit_callbacks(execute=True):
        draft.delete()  # a cascade (deleting a figure, or its unapproved form) takes the files with the rows
    assert not storage.exists(names[1]) and storage.exists(names[2])


def test_users_are_deactivated_never_deleted(plan, staff_a, administrator, client_for):
    security = user_create(username="security", password=PASSWORD, role=roles.SECURITY_ADMIN)
    for who in (administrator, security):
        assert client_for(who).get(reverse("admin:auth_user_delete", args=[staff_a.pk])).status_code == 403
    data = {"action": "deactivate_selected", helpers.ACTION_CHECKBOX_NAME: [staff_a.pk]}
    page = client_for(security).post(reverse("admin:auth_user_changelist"), data, follow=True)
    assert "已停用 1 个账号" in page.content.decode()
    staff_a.refresh_from_db()
    assert not staff_a.is_active
    with pytest.raises(PermissionDenied, match="请改为停用"):
        staff_a.delete()


def test_an_approved_milestone_report_is_read_only_in_the_admin(dept_a, q4, administrator, client_for):
    from indicators.entry.selectors import milestones_led
    from indicators.models import MilestoneReport

    form = Submission.objects.create(department=dept_a, period=q4)
    milestone = milestones_led(department=dept_a)[0]
    report = MilestoneReport.objects.create(
        submission=form, milestone=milestone, period=q4, state="in_progress", status=ReviewStatus.APPROVED
    )
    admin = client_for(administrator)
    change = reverse("admin:indicators_milestonereport_change", args=[report.pk])
    assert admin.post(change, {"state": "done", "percent_done": "100"}).status_code == 403
    assert admin.get(reverse("admin:indicators_milestonereport_delete", args=[report.pk])).status_code == 403
    report.refresh_from_db()
    assert report.state == "in_progress"
