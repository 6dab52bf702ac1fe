"""Celery jobs of data entry: the daily reminders and the e-mail sweep (thin: one service call, nothing returned)."""

import logging

from celery import shared_task

from indicators.entry import reminders
from indicators.notifications.services import email_deliveries_send
from tasks.common.jobs import JOB_RETRY

log = logging.getLogger(__name__)


@shared_task(name="indicators.reminders_send", soft_time_limit=300, time_limit=360, **JOB_RETRY)
def reminders_send_job() -> None:
    """Daily: reminders of forms due within 3 days and of overdue forms (in-app and e-mail)."""
    report = reminders.reminders_send()
    log.info("reminders: %s", report)


@shared_task(name="indicators.email_deliveries_sweep", soft_time_limit=300, time_limit=360, **JOB_RETRY)
def email_deliveries_sweep_job() -> None:
    """Beat, every 5 minutes: send the notification e-mails a dead or failed sender left unsent (exactly once)."""
    sent = email_deliveries_send()
    (log.warning if sent else log.debug)("e-mail sweep: %d sent", sent)
