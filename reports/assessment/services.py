"""Writes of the reports app: request, generate and keep assessment workbooks (``ReportJob``).

``report_job_request`` records who asked for what; a small report (one department, one quarter) is
generated at once, a large one by the Celery job ``reports.assessment.jobs.report_job_generate``, enqueued only
after the row is committed (``transaction.on_commit``). ``report_job_run`` is idempotent: a finished job
with its file is left alone, a job interrupted while running (worker lost) is generated again and its file
is overwritten under the same name, never duplicated.
"""

import logging

from django.core.files.base import ContentFile
from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.assessment.access import report_scope_check
from reports.assessment.cells import ReportParams
from reports.assessment.report import assessment_report
from reports.exports.xlsx import workbook_bytes
from reports.models import ReportJob, report_upload_to
from tasks.audit.record import AuditEvent, audit_record
from tasks.common.jobs import job_enqueue

log = logging.getLogger(__name__)
PROGRESS_STEP = 5  # write the progress (%) only when it moved by at least this much


def report_job_request(*, user, params: ReportParams) -> ReportJob:
    """Record a report request and generate it: at once when small, else through the Celery job.

    Not atomic as a whole on purpose: the request row is committed first, so the job (and the page that
    polls its progress) can see it. Raises ``PermissionDenied`` / ``Http404`` (``report_scope_check``).
    """
    job = report_job_create(user=user, params=params)
    if job.is_small:
        job = report_job_run(job_id=job.pk)
    return job


@transaction.atomic
def report_job_create(*, user, params: ReportParams) -> ReportJob:
    """A queued ``ReportJob`` for ``params`` asked by ``user``; a large one is enqueued after commit."""
    report_scope_check(user, scope=params.scope, department_id=params.department_id)
    job = ReportJob.objects.create(
        plan_id=params.plan_id,
        scope=params.scope,
        department_id=params.department_id,
        period_kind=params.period_kind,
        year=params.year,
        quarter=params.quarter,
        requested_by=user,
    )
    audit_record(AuditEvent.Kind.EXPORT, obj=job, detail=str(_("生成考核报表")))
    if not job.is_small:
        transaction.on_commit(lambda: _job_enqueue(job.pk))
    return job


def _job_enqueue(job_id: int) -> None:
    """Send the Celery job; a broker that cannot be reached marks the report failed (no silent loss)."""
    try:
        job_enqueue("reports.report_job_generate", job_id=job_id)
    except Exception as exc:  # kombu/redis connection errors differ by transport
        log.exception("report job %s could not be enqueued", job_id)
        _job_fail(job_id, _("无法提交后台任务:%s") % exc)


def report_job_run(*, job_id: int) -> ReportJob:
    """Generate the workbook of job ``job_id`` and keep it; idempotent (see the module docstring).

    Progress (0–100 %) is written as the parts finish, outside any long transaction so that the status
    page sees it. Errors of the data mark the job failed with the message; a database error is re-raised
    for the Celery job to retry.
    """
    job = _job_claim(job_id)
    if job.status == ReportJob.Status.DONE:
        return job
    tracker = _ProgressTracker(job.pk)
    try:
        report = assessment_report(params=ReportParams.of_job(job), progress=lambda p: tracker(p * 4 // 10))
        content = workbook_bytes(report, progress=lambda p: tracker(40 + p * 55 // 100))
    except OperationalError:
        raise
    except Exception as exc:
        log.exception("report job %s failed", job_id)
        return _job_fail(job_id, f"{type(exc).__name__}: {exc}")
    return _job_finish(job_id, content, report.as_of_id)


@transaction.atomic
def _job_claim(job_id: int) -> ReportJob:
    """Lock the job; unless it is done with its file, mark it running (again) from 0 %."""
    job = ReportJob.objects.select_for_update().select_related("plan").get(pk=job_id)
    if job.status == ReportJob.Status.DONE and job.file and job.file.storage.exists(job.file.name):
        return job
    job.status, job.progress, job.error = ReportJob.Status.RUNNING, 0, ""
    job.started_at, job.finished_at = timezone.now(), None
    job.save(update_fields=["status", "progress", "error", "started_at", "finished_at"])
    return job


class _ProgressTracker:
    """Writes a job's progress (%) when it grew by ``PROGRESS_STEP`` or more: one UPDATE each time."""

    def __init__(self, job_id: int):
        self.job_id, self.last = job_id, 0

    def __call__(self, percent: int) -> None:
        percent = max(0, min(99, int(percent)))
        if percent - self.last >= PROGRESS_STEP:
            ReportJob.objects.filter(pk=self.job_id).update(progress=percent)
            self.last = percent


@transaction.atomic
def _job_finish(job_id: int, content: bytes, as_of_id: int | None) -> ReportJob:
    """Store the workbook under the job's fixed name (replacing an earlier attempt's file), mark it done."""
    job = ReportJob.objects.select_for_update().select_related("plan").get(pk=job_id)
    name = report_upload_to(job, "report.xlsx")
    storage = job.file.storage
    if storage.exists(name):
        storage.delete(name)
    job.file.save(name, ContentFile(content), save=False)
    job.status, job.progress, job.as_of_id, job.finished_at = ReportJob.Status.DONE, 100, as_of_id, timezone.now()
    job.save(update_fields=["file", "status", "progress", "as_of", "finished_at"])
    return job


@transaction.atomic
def _job_fail(job_id: int, message: str) -> ReportJob:
    job = ReportJob.objects.select_for_update().get(pk=job_id)
    job.status, job.error, job.finished_at = ReportJob.Status.FAILED, message[:2000], timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])
    return job
