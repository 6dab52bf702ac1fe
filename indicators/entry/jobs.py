"""Celery jobs of data entry: the daily reminders (thin: one service call, nothing returned)."""

import logging

from celery import shared_task

from indicators.entry import reminders
from tasks.common.jobs import JOB_RETRY

log = logging.getLogger(__name__)


@shared_task(name="indicators.reminders_send", soft_time_limit=300, time_limit=360, **JOB_RETRY)
def reminders_send_job() -> None:
    """Daily: reminders of forms due within 3 days and of overdue forms (in-app and e-mail)."""
    report = reminders.reminders_send()
    log.info("reminders: %s", report)
