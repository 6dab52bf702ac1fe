"""The data-entry services: drafts, version check, all-or-nothing saves, permissions, locks, final vs provisional."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from indicators.entry import selectors, services
from indicators.entry.services import MilestoneEntry, StaleVersionError, ValueEntry
from indicators.models import Indicator, IndicatorValue, ReportingPeriod, ReviewStatus, Submission


@pytest.fixture
def q4(plan):
    return ReportingPeriod.objects.get(year=2025, quarter=4)


def due_indicators(department, period):
    return [
        i for i in selectors.indicators_of_department(department=department) if selectors.indicator_is_due(i, period)
    ]


def value_entries(department, period, value=Decimal(1), note="", **overrides):
    """One entry per due indicator: ``value`` (1 fits every indicator's limits), provisional."""
    return [ValueEntry(i.pk, overrides.get(i.code, value), False, note) for i in due_indicators(department, period)]


def milestone_entries(department, state="in_progress", percent=Decimal(50)):
    return [MilestoneEntry(m.pk, state, percent, "按计划推进") for m in selectors.milestones_led(department=department)]


def save_all(department, period, user, **kwargs):
    submission = services.submission_get_or_create(department=department, period=period)
    return services.entry_form_save(
        department=department,
        period=period,
        user=user,
        values=value_entries(department, period, **kwargs),
        milestones=milestone_entries(department),
        expected_version=submission.version,
    )


def test_draft_saves_any_number_of_times_and_bumps_the_version(dept_b, staff_b, q4):
    submission = services.submission_get_or_create(department=dept_b, period=q4)
    assert submission.version == 1
    services.values_save(submission=submission, user=staff_b, entries=value_entries(dept_b, q4), expected_version=1)
    services.values_save(
        submission=submission, user=staff_b, entries=value_entries(dept_b, q4, Decimal(2)), expected_version=2
    )
    submission.refresh_from_db()
    assert submission.version == 3 and submission.status == ReviewStatus.DRAFT
    values = IndicatorValue.objects.filter(submission=submission)
    assert {v.value for v in values} == {Decimal(2)} and values.count() == len(due_indicators(dept_b, q4))
    record = values.first().history.first()
    assert record.history_user == staff_b and record.history_change_reason == "保存草稿"


def test_stale_version_saves_nothing(dept_b, staff_b, q4):
    submission = services.submission_get_or_create(department=dept_b, period=q4)
    services.values_save(submission=submission, user=staff_b, entries=value_entries(dept_b, q4), expected_version=1)
    with pytest.raises(StaleVersionError) as exc:
        services.values_save(
            submission=submission, user=staff_b, entries=value_entries(dept_b, q4, Decimal(3)), expected_version=1
        )
    assert "第 1 版" in exc.value.message and "第 2 版" in exc.value.message
    assert set(IndicatorValue.objects.filter(submission=submission).values_list("value", flat=True)) == {Decimal(1)}
    assert Submission.objects.get(pk=submission.pk).version == 2


def test_other_departments_indicator_is_refused_and_nothing_saved(dept_a, dept_b, staff_b, q4):
    submission = services.submission_get_or_create(department=dept_b, period=q4)
    foreign = Indicator.objects.filter(reporting_department=dept_a).first()
    entries = value_entries(dept_b, q4) + [ValueEntry(foreign.pk, Decimal(1), False, "")]
    with pytest.raises(PermissionDenied):
        services.values_save(submission=submission, user=staff_b, entries=entries, expected_version=1)
    assert not IndicatorValue.objects.filter(submission=submission).exists()


def test_staff_of_another_department_and_supervisors_cannot_save(dept_b, staff_a, supervisor, leader, q4):
    submission = services.submission_get_or_create(department=dept_b, period=q4)
    for user in (staff_a, supervisor, leader):
        with pytest.raises(PermissionDenied):
            services.values_save(
                submission=submission, user=user, entries=value_entries(dept_b, q4), expected_version=1
            )
    assert Submission.objects.get(pk=submission.pk).version == 1


def test_hard_error_is_keyed_by_indicator_code_and_nothing_is_saved(dept_a, staff_a, q4):
    submission = services.submission_get_or_create(department=dept_a, period=q4)
    with pytest.raises(ValidationError) as exc:
        services.values_save(
            submission=submission,
            user=staff_a,
            entries=value_entries(dept_a, q4, **{"T05-AQ-GOOD": Decimal(120)}),
            expected_version=1,
        )
    assert list(exc.value.message_dict) == ["T05-AQ-GOOD"]
    assert "空气质量优良天数比例" in exc.value.message_dict["T05-AQ-GOOD"][0]
    assert not IndicatorValue.objects.filter(submission=submission).exists()
    assert Submission.objects.get(pk=submission.pk).version == 1


def test_annual_indicator_is_refused_outside_q4(dept_a, staff_a, plan):
    q3 = ReportingPeriod.objects.get(year=2025, quarter=3)
    annual = Indicator.objects.get(code="T12-EI")
    submission = services.submission_get_or_create(department=dept_a, period=q3)
    with pytest.raises(ValidationError) as exc:
        services.values_save(
            submission=submission,
            user=staff_a,
            entries=[ValueEntry(annual.pk, Decimal(60), False, "")],
            expected_version=1,
        )
    assert "第四季度" in exc.value.message_dict["T12-EI"][0]


def test_submit_needs_every_due_figure_and_milestone(dept_a, staff_a, q4):
    submission = services.submission_get_or_create(department=dept_a, period=q4)
    entries = value_entries(dept_a, q4)[1:]
    services.values_save(submission=submission, user=staff_a, entries=entries, expected_version=1)
    with pytest.raises(ValidationError) as exc:
        services.submission_submit(submission=submission, user=staff_a)
    missing = due_indicators(dept_a, q4)[0].code
    assert missing in exc.value.message_dict
    assert "T01-M1" in exc.value.message_dict  # milestones of tasks ecoenv leads
    assert not IndicatorValue.objects.filter(submission=submission, status=ReviewStatus.SUBMITTED).exists()


def test_submit_records_first_submission_and_statuses(dept_a, staff_a, q4):
    submission = save_all(dept_a, q4, staff_a, note="2022年公开数据之后的变化已核实")
    services.submission_submit(submission=submission, user=staff_a)
    submission.refresh_from_db()
    assert submission.status == ReviewStatus.SUBMITTED and submission.first_submitted_at is not None
    assert set(submission.values.values_list("status", flat=True)) == {ReviewStatus.SUBMITTED}
    assert set(submission.milestone_reports.values_list("status", flat=True)) == {ReviewStatus.SUBMITTED}
    assert submission.values.first().history.first().history_change_reason == "提交"


def approve_previous(indicator, period_year, value, supervisor):
    """An approved figure of an earlier period (the base of the soft checks)."""
    period = ReportingPeriod.objects.get(year=period_year, quarter=4)
    return IndicatorValue.objects.create(
        indicator=indicator, period=period, is_final=True, value=value, status=ReviewStatus.APPROVED, origin="entry"
    )


def test_a_warning_must_be_explained_in_the_note_before_submitting(dept_b, staff_b, supervisor, q4):
    indicator = due_indicators(dept_b, q4)[0]
    approve_previous(indicator, 2024, Decimal(3), supervisor)
    submission = save_all(dept_b, q4, staff_b, **{indicator.code: Decimal(1)})  # 3 → 1: a drop, away from target
    with pytest.raises(ValidationError) as exc:
        services.submission_submit(submission=submission, user=staff_b)
    assert "备注为空" in exc.value.message_dict[indicator.code][0]
    entry = ValueEntry(indicator.pk, Decimal(1), False, "两座灌区验收延期至明年")
    services.values_save(submission=submission, user=staff_b, entries=[entry], expected_version=submission.version)
    services.submission_submit(submission=submission, user=staff_b)
    assert Submission.objects.get(pk=submission.pk).status == ReviewStatus.SUBMITTED


def test_review_return_fix_resubmit_approve(dept_b, staff_b, supervisor, q4, monkeypatch):
    calls = []
    monkeypatch.setattr("indicators.entry.services.common.scores_recompute_on_commit", lambda **kw: calls.append(kw))
    submission = save_all(dept_b, q4, staff_b)
    services.submission_submit(submission=submission, user=staff_b)
    first = submission.values.order_by("indicator__code").first()
    with pytest.raises(ValidationError):
        services.value_return(value=first, user=supervisor, reason="  ")
    with pytest.raises(PermissionDenied):
        services.value_return(value=first, user=staff_b, reason="不对")
    services.value_return(value=first, user=supervisor, reason="请核对数据口径")
    submission.refresh_from_db()
    assert submission.status == ReviewStatus.RETURNED and submission.returned_count == 1
    first_submitted = submission.first_submitted_at
    entry = ValueEntry(first.indicator_id, Decimal(2), False, "已按口径更正")
    services.values_save(submission=submission, user=staff_b, entries=[entry], expected_version=submission.version)
    first.refresh_from_db()
    assert first.status == ReviewStatus.RETURNED  # stays returned until submitted again
    services.submission_submit(submission=submission, user=staff_b)
    services.submission_approve(submission=submission, user=supervisor)
    submission.refresh_from_db()
    assert submission.status == ReviewStatus.APPROVED and submission.first_submitted_at == first_submitted
    assert {c["indicator_id"] for c in calls if "indicator_id" in c} == {i.pk for i in due_indicators(dept_b, q4)}
    # the first submission and the return change the department's 考核 (timeliness, returns); the resubmission not
    assert [c for c in calls if "department_id" in c] == [{"period_id": q4.pk, "department_id": dept_b.pk}] * 2
    reasons = list(first.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert reasons == ["保存草稿", "提交", "退回:请核对数据口径", "保存草稿", "提交", "审核通过"]


def test_approved_figures_are_locked_until_reopened(dept_b, staff_b, supervisor, q4, monkeypatch):
    calls = []
    monkeypatch.setattr("indicators.entry.services.common.scores_recompute_on_commit", lambda **kw: calls.append(kw))
    submission = save_all(dept_b, q4, staff_b)
    services.submission_submit(submission=submission, user=staff_b)
    value = submission.values.first()
    services.value_approve(value=value, user=supervisor)
    submission.refresh_from_db()
    services.submission_withdraw(submission=submission, user=staff_b)  # the rest waits for review: read-only
    changed = [ValueEntry(value.indicator_id, Decimal(9), False, "")]
    with pytest.raises(ValidationError) as exc:
        services.values_save(submission=submission, user=staff_b, entries=changed, expected_version=submission.version)
    assert "锁定" in exc.value.message_dict[value.indicator.code][0]
    unchanged = [ValueEntry(value.indicator_id, value.value, False, value.note)]
    services.values_save(submission=submission, user=staff_b, entries=unchanged, expected_version=submission.version)
    services.value_reopen(value=value, user=supervisor, reason="统计局更正了数据")
    value.refresh_from_db()
    assert value.status == ReviewStatus.RETURNED and value.review_reason == "统计局更正了数据"
    assert calls[-1] == {"period_id": q4.pk, "indicator_id": value.indicator_id}
    submission.refresh_from_db()
    services.values_save(submission=submission, user=staff_b, entries=changed, expected_version=submission.version)


def test_a_final_value_replaces_the_provisional_one_and_both_stay(dept_b, staff_b, supervisor, q4):
    submission = save_all(dept_b, q4, staff_b, value=Decimal(2))
    services.submission_submit(submission=submission, user=staff_b)
    services.submission_approve(submission=submission, user=supervisor)
    indicator = due_indicators(dept_b, q4)[0]
    assert selectors.values_approved_for_scoring(indicator_ids=[indicator.pk])[indicator.pk][-1].value == Decimal(2)
    submission.refresh_from_db()
    final = [ValueEntry(indicator.pk, Decimal(3), True, "统计年报")]
    services.values_save(submission=submission, user=staff_b, entries=final, expected_version=submission.version)
    rows = IndicatorValue.objects.filter(indicator=indicator, period=q4).order_by("is_final")
    assert [(r.is_final, r.value, r.status) for r in rows] == [
        (False, Decimal(2), ReviewStatus.APPROVED),
        (True, Decimal(3), ReviewStatus.DRAFT),
    ]
    # Not approved yet: scoring still uses the provisional figure.
    assert selectors.values_approved_for_scoring(indicator_ids=[indicator.pk])[indicator.pk][-1].value == Decimal(2)
    services.submission_submit(submission=submission, user=staff_b)
    services.submission_approve(submission=submission, user=supervisor)
    approved = selectors.values_approved_for_scoring(indicator_ids=[indicator.pk])[indicator.pk]
    assert [(a.year, a.quarter, a.value, a.is_final) for a in approved] == [(2025, 4, Decimal(3), True)]
    assert selectors.value_latest_approved(indicator, q4).value == Decimal(3)


def test_whole_form_return_counts_once_and_needs_a_reason(dept_b, staff_b, supervisor, q4):
    submission = save_all(dept_b, q4, staff_b)
    services.submission_submit(submission=submission, user=staff_b)
    with pytest.raises(ValidationError):
        services.submission_return(submission=submission, user=supervisor, reason="")
    services.submission_return(submission=submission, user=supervisor, reason="佐证材料不全")
    submission.refresh_from_db()
    assert submission.returned_count == 1 and submission.status == ReviewStatus.RETURNED
    assert set(submission.values.values_list("review_reason", flat=True)) == {"佐证材料不全"}
    with pytest.raises(ValidationError):  # nothing left to review
        services.submission_approve(submission=submission, user=supervisor)


def test_review_checks_the_version_when_given(dept_b, staff_b, supervisor, q4):
    submission = save_all(dept_b, q4, staff_b)
    services.submission_submit(submission=submission, user=staff_b)
    value = submission.values.first()
    with pytest.raises(StaleVersionError):
        services.value_approve(value=value, user=supervisor, expected_version=1)
    value.refresh_from_db()
    assert value.status == ReviewStatus.SUBMITTED


def test_milestone_reports_are_checked_and_only_for_led_tasks(dept_a, dept_b, staff_a, staff_b, q4):
    submission = services.submission_get_or_create(department=dept_a, period=q4)
    milestone = selectors.milestones_led(department=dept_a)[0]
    bad = [MilestoneEntry(milestone.pk, "done", Decimal(50), "")]
    with pytest.raises(ValidationError) as exc:
        services.milestones_save(submission=submission, user=staff_a, entries=bad, expected_version=1)
    assert "100%" in exc.value.message_dict[milestone.code][0]
    done = [MilestoneEntry(milestone.pk, "done", None, "已出台实施方案")]
    services.milestones_save(submission=submission, user=staff_a, entries=done, expected_version=1)
    assert submission.milestone_reports.get().percent_done == 100
    other = services.submission_get_or_create(department=dept_b, period=q4)
    with pytest.raises(PermissionDenied):
        services.milestones_save(submission=other, user=staff_b, entries=done, expected_version=1)
