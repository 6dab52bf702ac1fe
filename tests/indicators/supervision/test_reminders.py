"""Deadline reminders of orders: once per order, kind and date; an extension reminds afresh; the beat row."""

import datetime as dt

import pytest

from indicators.models import Notification, SupervisionOrder
from indicators.supervision.reminders import DAILY_ORDER_REMINDERS, order_reminders_send
from tests.factories import order_issue_for

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 10, 12)  # a Monday


def test_reminders_once_each(dept_a, supervisor, staff_a, staff_b):
    soon = order_issue_for(dept_a, supervisor=supervisor, today=TODAY, deadline=TODAY + dt.timedelta(days=2))
    far = order_issue_for(dept_a, supervisor=supervisor, today=TODAY, deadline=TODAY + dt.timedelta(days=40))
    before = Notification.objects.count()
    first = order_reminders_send(today=TODAY)
    assert first.notifications == 1  # the near deadline; nothing yet for the far one (签收 due in 3 working days)
    assert order_reminders_send(today=TODAY).notifications == 0
    late_day = TODAY + dt.timedelta(days=5)
    report = order_reminders_send(today=late_day)
    keys = set(Notification.objects.filter(user=staff_a).values_list("key", flat=True))
    assert f"order-late:{soon.pk}:{soon.deadline}" in keys and f"order-ack-late:{far.pk}:{far.acknowledge_due}" in keys
    assert Notification.objects.filter(user=supervisor, key__startswith="order-late:").count() == 1
    assert report.notifications == 4  # soon: 签收 late + 整改 late (staff + supervisor); far: 签收 late
    assert order_reminders_send(today=late_day).notifications == 0
    assert not Notification.objects.filter(user=staff_b).exists()
    SupervisionOrder.objects.filter(pk=soon.pk).update(deadline=late_day + dt.timedelta(days=1))
    assert order_reminders_send(today=late_day).notifications == 1  # the new deadline is near: reminded afresh
    assert Notification.objects.count() - before == 6


def test_beat_row_exists():
    from django_celery_beat.models import PeriodicTask

    assert PeriodicTask.objects.get(name=DAILY_ORDER_REMINDERS).task == "indicators.order_reminders_send"
