"""Entry and review refuse an archived plan (已归档) and a draft (草案) with a Chinese message; forms list only the
plans open for entry (实施中, 已结束)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from indicators.entry import selectors, services
from indicators.entry.services import MilestoneEntry, ValueEntry
from indicators.models import Indicator, IndicatorValue, ReportingPeriod, ReviewStatus
from tasks.models import Milestone, Plan


@pytest.fixture
def q3_2026(example_plan):
    return ReportingPeriod.objects.get(year=2026, quarter=3)


def _example_pm25(example_plan):
    return Indicator.objects.get(code="T05-PM25", task__system__plan=example_plan)


def _archive(plan):
    plan.state = Plan.State.ARCHIVED
    plan.save()


def test_forms_list_the_indicators_of_every_plan_open_for_entry(dept_a, example_plan):
    plans = {i.plan.code for i in selectors.indicators_of_department(department=dept_a)}
    assert plans == {"lingqiu-eco-2022-2025", example_plan.code}
    _archive(example_plan)
    plans = {i.plan.code for i in selectors.indicators_of_department(department=dept_a)}
    assert plans == {"lingqiu-eco-2022-2025"}
    assert example_plan.code not in {m.task.system.plan.code for m in selectors.milestones_led(department=dept_a)}


def test_archived_plan_refuses_entry_with_a_clear_message(dept_a, staff_a, example_plan, q3_2026):
    _archive(example_plan)
    submission = services.submission_get_or_create(department=dept_a, period=q3_2026)
    entries = [ValueEntry(_example_pm25(example_plan).pk, Decimal("33"), False, "")]
    with pytest.raises(ValidationError) as exc:
        services.values_save(submission=submission, user=staff_a, entries=entries, expected_version=1)
    assert "已归档" in exc.value.messages[0] and example_plan.name in exc.value.messages[0]
    milestone = Milestone.objects.get(code="T05-M1", task__system__plan=example_plan)
    with pytest.raises(ValidationError, match="已归档"):
        services.milestones_save(
            submission=submission,
            user=staff_a,
            entries=[MilestoneEntry(milestone.pk, "in_progress", Decimal(50), "推进中")],
            expected_version=1,
        )
    assert not IndicatorValue.objects.filter(submission=submission).exists()


def test_draft_plan_is_not_open_for_entry(dept_a, staff_a, example_plan, q3_2026):
    example_plan.state = Plan.State.DRAFT
    example_plan.save()
    submission = services.submission_get_or_create(department=dept_a, period=q3_2026)
    entries = [ValueEntry(_example_pm25(example_plan).pk, Decimal("33"), False, "")]
    with pytest.raises(ValidationError, match="草案"):
        services.values_save(submission=submission, user=staff_a, entries=entries, expected_version=1)


def test_archived_plan_refuses_review(dept_a, staff_a, supervisor, example_plan, q3_2026):
    submission = services.submission_get_or_create(department=dept_a, period=q3_2026)
    entries = [ValueEntry(_example_pm25(example_plan).pk, Decimal("33"), False, "")]
    services.values_save(submission=submission, user=staff_a, entries=entries, expected_version=1)
    value = IndicatorValue.objects.get(submission=submission)
    value.status = ReviewStatus.SUBMITTED
    value.save()
    _archive(example_plan)
    with pytest.raises(ValidationError, match="已归档"):
        services.value_approve(value=value, user=supervisor)
    submission.refresh_from_db()
    with pytest.raises(ValidationError, match="已归档"):
        services.submission_approve(submission=submission, user=supervisor)
    value.refresh_from_db()
    assert value.status == ReviewStatus.SUBMITTED
