"""Writes of the 台账: request a ledger, build it (the Celery job ``reports.ledger_job_generate``), keep it.

The request row is committed first and the job enqueued after commit (as ``reports.assessment.services``).
``ledger_job_run`` writes the ZIP to a temporary file next to the storage (streamed, see
``reports.ledger.build``) and moves it under the job's fixed name: idempotent, a finished job with its file is
left alone, an interrupted one is built again and its file replaced, never duplicated.
"""

import logging
import os
import tempfile

from django.core.files import File
from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.ledger.access import ledger_scope_check
from reports.ledger.build import ledger_write, root_name
from reports.ledger.models import LedgerJob, ledger_upload_to
from reports.ledger.selectors import LedgerScope
from tasks.audit.record import AuditEvent, audit_record
from tasks.common.jobs import job_enqueue

log = logging.getLogger(__name__)
PROGRESS_STEP = 5  # %: write the progress only when it moved by at least this much


@transaction.atomic
def ledger_job_request(*, user, plan, department=None, year: int | None = None) -> LedgerJob:
    """A queued ``LedgerJob`` asked by ``user``, enqueued after commit. Raises ``PermissionDenied`` /
    ``Http404`` for a scope the user may not choose (``ledger_scope_check``)."""
    ledger_scope_check(user, department_id=getattr(department, "pk", None))
    job = LedgerJob.objects.create(plan=plan, department=department, year=year, requested_by=user)
    audit_record(AuditEvent.Kind.EXPORT, obj=job, detail=str(_("生成台账")))
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    try:
        job_enqueue("reports.ledger_job_generate", job_id=job_id)
    except Exception as exc:  # kombu/redis connection errors differ by transport
        log.exception("ledger job %s could not be enqueued", job_id)
        _fail(job_id, _("无法提交后台任务:%s") % exc)


def ledger_job_run(*, job_id: int) -> LedgerJob:
    """Build the ZIP of job ``job_id`` and keep it (see the module docstring). A database error is
    re-raised for the Celery job to retry; any other error marks the job failed with its message."""
    job = _claim(job_id)
    if job.status == LedgerJob.Status.DONE:
        return job
    scope = LedgerScope(job.plan_id, job.department_id, job.year)
    tracker = _Tracker(job.pk)
    storage_dir = getattr(job.file.storage, "location", None)
    if storage_dir:
        os.makedirs(storage_dir, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".zip", dir=storage_dir)
    os.close(fd)
    try:
        summary = ledger_write(tmp, scope=scope, root=root_name(job.scope_label, job.year_label), progress=tracker)
        return _finish(job_id, tmp, summary)
    except OperationalError:
        raise
    except Exception as exc:
        log.exception("ledger job %s failed", job_id)
        return _fail(job_id, f"{type(exc).__name__}: {exc}")
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def ledger_export(*, plan, out: str, department=None, year: int | None = None):
    """Write the ledger straight to the path ``out`` (the management command); returns the summary."""
    scope = LedgerScope(plan.pk, getattr(department, "pk", None), year)
    label = department.name if department else _("全县")
    period = _("%(year)s年度") % {"year": year} if year else f"{plan.period_start.year}—{plan.period_end.year}年"
    summary = ledger_write(out, scope=scope, root=root_name(label, period))
    audit_record(AuditEvent.Kind.EXPORT, obj=department or plan, detail=f"ledger_export {label} {period} → {out}")
    return summary


@transaction.atomic
def _claim(job_id: int) -> LedgerJob:
    job = LedgerJob.objects.select_for_update(of=("self",)).select_related("plan", "department").get(pk=job_id)
    if job.status == LedgerJob.Status.DONE and job.file and job.file.storage.exists(job.file.name):
        return job
    job.status, job.progress, job.error = LedgerJob.Status.RUNNING, 0, ""
    job.started_at, job.finished_at = timezone.now(), None
    job.save(update_fields=["status", "progress", "error", "started_at", "finished_at"])
    return job


class _Tracker:
    """Writes a job's progress (%) when it grew by ``PROGRESS_STEP`` or more: one UPDATE each time."""

    def __init__(self, job_id: int):
        self.job_id, self.last = job_id, 0

    def __call__(self, percent: int) -> None:
        percent = max(0, min(99, int(percent)))
        if percent - self.last >= PROGRESS_STEP:
            LedgerJob.objects.filter(pk=self.job_id).update(progress=percent)
            self.last = percent


@transaction.atomic
def _finish(job_id: int, path: str, summary) -> LedgerJob:
    """Move the written ZIP under the job's fixed name (the storage copies it in chunks), mark it done."""
    job = LedgerJob.objects.select_for_update().select_related("plan").get(pk=job_id)
    name = ledger_upload_to(job, "ledger.zip")
    storage = job.file.storage
    if storage.exists(name):
        storage.delete(name)
    with open(path, "rb") as handle:
        job.file.save(name, File(handle), save=False)
    job.status, job.progress, job.finished_at = LedgerJob.Status.DONE, 100, timezone.now()
    job.file_count, job.size = summary.file_count, summary.size
    job.save(update_fields=["file", "status", "progress", "finished_at", "file_count", "size"])
    return job


@transaction.atomic
def _fail(job_id: int, message: str) -> LedgerJob:
    job = LedgerJob.objects.select_for_update().get(pk=job_id)
    job.status, job.error, job.finished_at = LedgerJob.Status.FAILED, message[:2000], timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])
    return job
