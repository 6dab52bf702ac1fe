"""Celery jobs of supervision orders: the daily deadline reminders (thin: one service call)."""

import logging

from celery import shared_task

from indicators.supervision import reminders
from tasks.common.jobs import JOB_RETRY

log = logging.getLogger(__name__)


@shared_task(name="indicators.order_reminders_send", soft_time_limit=300, time_limit=360, **JOB_RETRY)
def order_reminders_send_job() -> None:
    """Daily: reminders of 签收 and 整改 deadlines of open orders (in-app and e-mail), once each."""
    log.info("order reminders: %s", reminders.order_reminders_send())
