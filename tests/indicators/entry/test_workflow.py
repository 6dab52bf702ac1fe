"""The workflow over time: milestone review, timeliness (on time / late / missing, annual indicators), history."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from indicators.entry import selectors, services
from indicators.entry.services import MilestoneEntry, ValueEntry
from indicators.entry.timeliness import TimelinessKind, submission_timeliness, timeliness_table
from indicators.models import MilestoneReport, ReportingPeriod, ReviewStatus, Submission
from responsibilities.models import Department


@pytest.fixture
def periods(plan):
    return {(p.year, p.quarter): p for p in ReportingPeriod.objects.all()}


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(15)))


def submitted(department, period, day):
    return Submission.objects.create(
        department=department, period=period, status="submitted", first_submitted_at=at(day), submitted_at=at(day)
    )


def test_on_time_late_missing_pending(dept_b, periods):
    q1, q2, q3 = periods[2025, 1], periods[2025, 2], periods[2025, 3]
    on_time = submitted(dept_b, q1, q1.due_on)
    late = submitted(dept_b, q2, q2.due_on + dt.timedelta(days=4))
    assert submission_timeliness(submission=on_time, today=dt.date(2026, 1, 1)) == ("on_time", 0)
    assert submission_timeliness(submission=late, today=dt.date(2026, 1, 1)) == ("late", 4)
    draft = Submission.objects.create(department=dept_b, period=q3)
    assert submission_timeliness(submission=draft, today=q3.due_on + dt.timedelta(days=7)) == ("missing", 7)
    assert submission_timeliness(submission=draft, today=q3.due_on) == ("pending", 0)


def test_annual_indicators_are_due_with_q4_only(plan, periods):
    health = Department.objects.get(code="health")  # reports one annual indicator, leads no task
    table = timeliness_table(
        periods=[periods[2025, 2], periods[2025, 4]], departments=[health], today=dt.date(2026, 6, 1)
    )
    assert table[health.pk, periods[2025, 2].pk].kind == TimelinessKind.NOT_DUE  # never missing in Q1–Q3
    q4 = table[health.pk, periods[2025, 4].pk]
    assert q4.kind == TimelinessKind.MISSING and q4.due_on == periods[2025, 4].annual_due_on


def test_a_form_holding_annual_figures_is_due_with_them(dept_a, dept_b, periods):
    q3, q4 = periods[2025, 3], periods[2025, 4]
    table = timeliness_table(periods=[q3, q4], departments=[dept_a, dept_b], today=dt.date(2025, 1, 1))
    assert table[dept_a.pk, q3.pk].due_on == q3.due_on
    assert table[dept_a.pk, q4.pk].due_on == q4.annual_due_on  # ecoenv reports annual indicators
    assert table[dept_b.pk, q4.pk].due_on == q4.due_on  # water reports quarterly ones only


def test_timeliness_table_has_a_fixed_number_of_queries(plan, periods, django_assert_num_queries):
    departments = selectors.departments_reporting()
    for department in departments[:5]:
        submitted(department, periods[2024, 1], periods[2024, 1].due_on)
    # 1 indicator frequencies per department  2 departments leading tasks with milestones  3 submissions
    with django_assert_num_queries(3):
        table = timeliness_table(periods=list(periods.values()), departments=departments, today=dt.date(2026, 1, 1))
    assert len(table) == len(periods) * len(departments)


def test_resubmission_keeps_the_first_submission_time(dept_b, staff_b, supervisor, periods):
    q4 = periods[2025, 4]
    submission = services.submission_get_or_create(department=dept_b, period=q4)
    entries = [ValueEntry(i.pk, Decimal(1), True, "") for i in selectors.indicators_of_department(department=dept_b)]
    services.values_save(submission=submission, user=staff_b, entries=entries, expected_version=1)
    services.submission_submit(submission=submission, user=staff_b)
    first = Submission.objects.get(pk=submission.pk).first_submitted_at
    submission.refresh_from_db()
    services.submission_return(submission=submission, user=supervisor, reason="请补充佐证材料")
    services.submission_submit(submission=submission, user=staff_b)
    submission.refresh_from_db()
    assert submission.first_submitted_at == first and submission.submitted_at > first
    assert submission.returned_count == 1


def test_milestone_reports_follow_the_same_workflow(dept_a, staff_a, supervisor, periods, monkeypatch):
    calls = []
    monkeypatch.setattr("indicators.entry.services.common.scores_recompute_on_commit", lambda **kw: calls.append(kw))
    q3 = periods[2025, 3]  # quarterly figures and milestones only
    submission = services.submission_get_or_create(department=dept_a, period=q3)
    values = [
        ValueEntry(i.pk, Decimal(1), True, "")
        for i in selectors.indicators_of_department(department=dept_a)
        if selectors.indicator_is_due(i, q3)
    ]
    milestones = [
        MilestoneEntry(m.pk, "in_progress", Decimal(60), "已出台方案")
        for m in selectors.milestones_led(department=dept_a)
    ]
    services.entry_form_save(
        department=dept_a,
        period=q3,
        user=staff_a,
        values=values,
        milestones=milestones,
        expected_version=1,
        submit=True,
    )
    report = submission.milestone_reports.first()
    services.milestone_report_return(report=report, user=supervisor, reason="请说明进展依据")
    report.refresh_from_db()
    assert (
        report.status == ReviewStatus.RETURNED
        and Submission.objects.get(pk=submission.pk).status == ReviewStatus.RETURNED
    )
    submission.refresh_from_db()
    fixed = [MilestoneEntry(report.milestone_id, "done", None, "已印发并实施")]
    services.milestones_save(submission=submission, user=staff_a, entries=fixed, expected_version=submission.version)
    services.submission_submit(submission=submission, user=staff_a)
    services.submission_approve(submission=submission, user=supervisor)
    report.refresh_from_db()
    assert (report.state, report.percent_done, report.status) == ("done", 100, ReviewStatus.APPROVED)
    assert {"period_id": q3.pk, "milestone_id": report.milestone_id} in calls
    services.milestone_report_reopen(report=report, user=supervisor, reason="督查发现尚未全面实施")
    history = [r.history_change_reason for r in MilestoneReport.history.filter(id=report.pk).order_by("history_date")]
    assert history == [
        "保存草稿",
        "提交",
        "退回:请说明进展依据",
        "保存草稿",
        "提交",
        "审核通过",
        "重新打开:督查发现尚未全面实施",
    ]


def test_a_period_not_open_yet_takes_no_figures(dept_b, staff_b, plan):
    future = ReportingPeriod.objects.order_by("-year", "-quarter").first()
    if future.opens_on <= timezone.localdate():
        pytest.skip("no period opens after today")
    submission = services.submission_get_or_create(department=dept_b, period=future)
    indicator = selectors.indicators_of_department(department=dept_b)[0]
    with pytest.raises(Exception, match="开放填报"):
        services.values_save(
            submission=submission,
            user=staff_b,
            entries=[ValueEntry(indicator.pk, Decimal(1), True, "")],
            expected_version=1,
        )
