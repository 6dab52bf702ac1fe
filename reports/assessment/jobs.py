"""Celery jobs of the reports app (thin: an id in, the service does the work)."""

from celery import shared_task
from django.db import OperationalError

from reports.assessment.services import report_job_run


@shared_task(
    name="reports.report_job_generate",
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=9 * 60,
    time_limit=10 * 60,
)
def report_job_generate(job_id: int) -> str:
    """Generate the workbook of ``ReportJob`` ``job_id`` (idempotent: a finished job is left alone).

    Returns the job's final status ("done" / "failed").
    """
    return report_job_run(job_id=job_id).status
