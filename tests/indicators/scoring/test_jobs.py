"""Celery jobs: thin wrappers with acks_late, retries and time limits; idempotent; beat schedules."""

from decimal import Decimal as D
from unittest import mock

import pytest
from django.db import OperationalError
from django_celery_beat.models import PeriodicTask

from indicators.entry.jobs import reminders_send_job
from indicators.entry.reminders import DAILY_REMINDERS, NIGHTLY_RECOMPUTE, scoring_beat_schedules
from indicators.models import Indicator, IndicatorValue, ReportingPeriod, ReviewStatus, Score
from indicators.scoring import jobs as tasks
from lingqiu_portal.celery import app

JOBS = [
    tasks.scores_recompute_incremental_job,
    tasks.scores_recompute_plan_job,
    tasks.scores_recompute_all_job,
    reminders_send_job,
    tasks.scores_recompute_departments_job,
]


@pytest.mark.parametrize("job", JOBS, ids=lambda j: j.name)
def test_jobs_ack_late_retry_and_are_time_limited(job):
    assert job.acks_late is True
    assert job.max_retries == 5 and OperationalError in job.autoretry_for
    assert 0 < job.soft_time_limit < job.time_limit
    assert job.ignore_result is True
    assert app.tasks[job.name].name == job.name  # registered under its stable name (beat refers to it)


def test_time_limits_stay_below_the_broker_visibility_timeout():
    """A job running longer than the visibility timeout would be delivered twice."""
    timeout = (app.conf.broker_transport_options or {}).get("visibility_timeout", 3600)
    assert max(job.time_limit for job in JOBS) < timeout


def test_incremental_job_writes_scores_and_rerun_changes_nothing(plan):
    period = ReportingPeriod.objects.get(year=2023, quarter=4)
    value = IndicatorValue.objects.create(
        indicator=Indicator.objects.get(code="T14-NEW-ENERGY-MW"),
        period=period,
        value=D("797.5"),
        is_final=True,
        status=ReviewStatus.APPROVED,
    )
    tasks.scores_recompute_all_job.delay()
    kwargs = {"period_id": period.pk, "indicator_id": value.indicator_id}
    tasks.scores_recompute_incremental_job.delay(**kwargs)
    before = list(Score.objects.order_by("pk").values())
    tasks.scores_recompute_incremental_job.delay(**kwargs)
    tasks.scores_recompute_plan_job.delay(plan_id=plan.pk)
    assert list(Score.objects.order_by("pk").values()) == before
    row = Score.objects.get(level="indicator", indicator_id=value.indicator_id, period=period)
    assert (row.progress, row.status) == (D("50"), "on_track")


def test_job_is_retried_after_a_database_error(plan):
    calls = []

    def flaky(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")

    with mock.patch("indicators.scoring.jobs.services.scores_recompute", side_effect=flaky):
        result = tasks.scores_recompute_plan_job.apply(kwargs={"plan_id": plan.pk}, throw=False)  # eager retry
    assert len(calls) == 2 and result.successful()


def test_jobs_on_objects_deleted_meanwhile_do_nothing(plan):
    tasks.scores_recompute_plan_job.delay(plan_id=10**9)
    tasks.scores_recompute_incremental_job.delay(period_id=1, indicator_id=10**9)
    tasks.scores_recompute_departments_job.delay(period_id=10**9, department_id=10**9)
    assert not Score.objects.exists()


def test_department_job_writes_the_department_level_and_rerun_changes_nothing(plan):
    from indicators.models import Submission
    from responsibilities.models import Department

    period = ReportingPeriod.objects.get(year=2023, quarter=4)
    energy = Department.objects.get(code="energy")
    tasks.scores_recompute_all_job.delay()
    Submission.objects.create(department=energy, period=period, returned_count=2)
    tasks.scores_recompute_departments_job.delay(period_id=period.pk, department_id=energy.pk)
    before = list(Score.objects.order_by("pk").values())
    tasks.scores_recompute_departments_job.delay(period_id=period.pk, department_id=energy.pk)
    assert list(Score.objects.order_by("pk").values()) == before
    row = Score.objects.get(level="department", department=energy, period=period)
    assert (row.components["returned_count"], row.components["deduction"]) == (2, "2.0000")


def test_beat_schedules_exist_once_on_shanghai_time(db):
    scoring_beat_schedules()
    scoring_beat_schedules()  # idempotent
    schedules = {t.name: t for t in PeriodicTask.objects.filter(name__in=[NIGHTLY_RECOMPUTE, DAILY_REMINDERS])}
    assert set(schedules) == {NIGHTLY_RECOMPUTE, DAILY_REMINDERS}
    assert schedules[NIGHTLY_RECOMPUTE].task == tasks.scores_recompute_all_job.name
    assert schedules[DAILY_REMINDERS].task == reminders_send_job.name
    for task in schedules.values():
        assert str(task.crontab.timezone) == "Asia/Shanghai" and task.enabled
    assert (schedules[NIGHTLY_RECOMPUTE].crontab.hour, schedules[NIGHTLY_RECOMPUTE].crontab.minute) == ("2", "30")


def test_beat_schedules_keep_an_administrators_changes(db):
    scoring_beat_schedules()
    PeriodicTask.objects.filter(name=DAILY_REMINDERS).update(enabled=False)
    scoring_beat_schedules()
    assert PeriodicTask.objects.get(name=DAILY_REMINDERS).enabled is False


def test_beat_schedules_come_with_migrate(db):
    """The post_migrate hook ran when the test database was migrated."""
    assert PeriodicTask.objects.filter(name__in=[NIGHTLY_RECOMPUTE, DAILY_REMINDERS]).count() == 2
