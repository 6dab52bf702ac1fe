"""Report jobs: small reports at once, large ones through Celery after commit; kept, idempotent, failures
recorded; permission checked in the service."""

import io
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from openpyxl import load_workbook

from reports.assessment import services
from reports.assessment.jobs import report_job_generate
from reports.assessment.report import ReportParams
from reports.assessment.services import report_job_request, report_job_run
from reports.models import ReportJob
from tests.reports.assessment.seed import seed

pytestmark = pytest.mark.django_db


def small(plan, dept) -> ReportParams:
    return ReportParams(plan.pk, "department", dept.pk, "quarter", 2025, 4)


def large(plan) -> ReportParams:
    return ReportParams(plan.pk, "county", None, "plan")


def test_a_small_report_is_generated_at_once_and_kept(plan, staff_a, dept_a, django_capture_on_commit_callbacks):
    seed(plan)
    with django_capture_on_commit_callbacks() as callbacks:
        job = report_job_request(user=staff_a, params=small(plan, dept_a))
    assert callbacks == []  # no Celery job for a small report
    assert job.status == ReportJob.Status.DONE and job.progress == 100
    assert job.requested_by == staff_a and job.requested_at and job.finished_at
    assert job.as_of.label == "2025Q4" and job.file.name == f"reports/{job.requested_at:%Y}/report-{job.pk}.xlsx"
    with job.file.open("rb") as handle:
        wb = load_workbook(io.BytesIO(handle.read()))
    assert wb.sheetnames[0] == "汇总" and dept_a.name in wb["汇总"]["A1"].value


def test_a_large_report_is_enqueued_after_commit_and_run_by_the_celery_job(
    plan, supervisor, django_capture_on_commit_callbacks
):
    seed(plan)
    with django_capture_on_commit_callbacks() as callbacks:
        job = report_job_request(user=supervisor, params=large(plan))
        assert ReportJob.objects.get(pk=job.pk).status == ReportJob.Status.QUEUED
    assert len(callbacks) == 1
    callbacks[0]()  # commit: the (eager) Celery job runs
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE and job.progress == 100 and job.file
    assert job.period_label == "2022—2025年(终期评估)" and job.scope_label == "全县"


def test_a_rolled_back_request_enqueues_nothing(plan, supervisor, django_capture_on_commit_callbacks):
    with mock.patch.object(report_job_generate, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            with pytest.raises(RuntimeError):
                with transaction.atomic():
                    report_job_request(user=supervisor, params=large(plan))
                    raise RuntimeError("rollback")
    delay.assert_not_called()
    assert not ReportJob.objects.exists()


def test_running_a_job_twice_keeps_one_file(plan, supervisor, settings):
    seed(plan)
    job = ReportJob.objects.create(plan=plan, scope="county", period_kind="plan", requested_by=supervisor)
    first = report_job_run(job_id=job.pk)
    name, finished = first.file.name, first.finished_at
    again = report_job_run(job_id=job.pk)  # done: left alone
    assert again.file.name == name and again.finished_at == finished
    files = list((settings.MEDIA_ROOT / "reports").rglob("*.xlsx"))
    assert [f.name for f in files] == [f"report-{job.pk}.xlsx"]


def test_a_job_interrupted_while_running_is_generated_again_under_the_same_name(plan, supervisor, settings):
    seed(plan)
    job = ReportJob.objects.create(plan=plan, scope="county", period_kind="year", year=2025, requested_by=supervisor)
    report_job_run(job_id=job.pk)
    ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.RUNNING, progress=40)  # worker lost
    assert report_job_generate.delay(job.pk).get() == "done"
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE and job.progress == 100
    assert len(list((settings.MEDIA_ROOT / "reports").rglob("*.xlsx"))) == 1


def test_a_done_job_whose_file_vanished_is_generated_again(plan, supervisor):
    job = ReportJob.objects.create(plan=plan, scope="county", period_kind="plan", requested_by=supervisor)
    report_job_run(job_id=job.pk)
    job.refresh_from_db()
    job.file.storage.delete(job.file.name)
    assert report_job_run(job_id=job.pk).file.storage.exists(job.file.name)


def test_progress_is_recorded_while_generating(plan, supervisor):
    job = ReportJob.objects.create(plan=plan, scope="county", period_kind="plan", requested_by=supervisor)
    seen = []
    real = services._ProgressTracker.__call__

    def spy(self, percent):
        real(self, percent)
        seen.append(ReportJob.objects.get(pk=self.job_id).progress)

    with mock.patch.object(services._ProgressTracker, "__call__", spy):
        report_job_run(job_id=job.pk)
    assert seen == sorted(seen) and 0 < max(seen) < 100 and len(set(seen)) >= 5


def test_an_error_marks_the_job_failed_with_its_message(plan, supervisor):
    job = ReportJob.objects.create(
        plan=plan, scope="county", period_kind="quarter", year=2031, quarter=1, requested_by=supervisor
    )
    result = report_job_run(job_id=job.pk)
    assert result.status == ReportJob.Status.FAILED and "DoesNotExist" in result.error and not result.file


def test_an_unreachable_broker_marks_the_job_failed(plan, supervisor, django_capture_on_commit_callbacks):
    with mock.patch.object(report_job_generate, "delay", side_effect=ConnectionError("redis down")):
        with django_capture_on_commit_callbacks(execute=True):
            job = report_job_request(user=supervisor, params=large(plan))
    job.refresh_from_db()
    assert job.status == ReportJob.Status.FAILED and "无法提交后台任务" in job.error


def test_staff_may_only_request_their_own_departments_report(plan, staff_a, dept_b):
    with pytest.raises(Http404):
        report_job_request(user=staff_a, params=small(plan, dept_b))
    with pytest.raises(PermissionDenied):
        report_job_request(user=staff_a, params=large(plan))
    assert not ReportJob.objects.exists()


def test_leaders_choose_any_scope(plan, leader, dept_b, django_capture_on_commit_callbacks):
    assert report_job_request(user=leader, params=small(plan, dept_b)).status == ReportJob.Status.DONE
    with django_capture_on_commit_callbacks(execute=True):
        job = report_job_request(user=leader, params=large(plan))
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE
