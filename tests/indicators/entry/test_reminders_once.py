"""Reminder e-mails exactly once per (reminder, recipient) (issue 11, Deliver 7): two runs racing — both past
the "already notified?" check before either commits — send once; a run that dies after its commit, before
sending, is made good by the sweep; a mail server that is down is retried by the sweep, once.

Same day as ``test_reminders.py``: 2026-01-08, 县能源局's 2025Q4 form due in 2 days.
"""

import datetime as dt
from unittest import mock

from django.core import mail
from django.utils import timezone

from indicators.entry.jobs import email_deliveries_sweep_job
from indicators.entry.reminders import reminders_send
from indicators.models import EmailDelivery, Notification
from indicators.notifications import services as notices
from tests.indicators.entry.test_reminders import TODAY, energy_staff, staff  # noqa: F401  (fixture)


def test_two_racing_runs_send_once(energy_staff):  # noqa: F811
    second = staff("energy", "nengyuan2", email="nengyuan2@example.cn")
    real_filter = Notification.objects.filter

    def nothing_existing_yet(*args, **kwargs):  # both runs read "nothing notified yet", as in a true race
        rows = real_filter(*args, **kwargs)
        return rows.none() if "key__in" in kwargs and "user__in" in kwargs and not args else rows

    with mock.patch.object(Notification.objects, "filter", side_effect=nothing_existing_yet):
        reminders_send(today=TODAY)
    with mock.patch.object(Notification.objects, "filter", side_effect=nothing_existing_yet):
        reminders_send(today=TODAY)  # believes it created every notice again (ignore_conflicts hides the clash)
    assert sorted(m.to[0] for m in mail.outbox) == ["nengyuan2@example.cn", "nengyuan@example.cn"]
    assert EmailDelivery.objects.count() == 2 and not EmailDelivery.objects.filter(sent_at__isnull=True).exists()
    assert second.notifications.count() == 1


def test_a_run_that_dies_after_its_commit_is_made_good_by_the_sweep(energy_staff):  # noqa: F811
    with mock.patch("indicators.entry.reminders.email_deliveries_send", side_effect=SystemExit("killed")):
        try:
            reminders_send(today=TODAY)
        except SystemExit:
            pass
    assert Notification.objects.filter(user=energy_staff).count() == 1  # committed
    assert mail.outbox == [] and EmailDelivery.objects.filter(sent_at__isnull=True).count() == 1
    email_deliveries_sweep_job()
    email_deliveries_sweep_job()  # a second sweep sends nothing again
    assert [m.to for m in mail.outbox] == [["nengyuan@example.cn"]]
    assert reminders_send(today=TODAY).emails == 0 and len(mail.outbox) == 1  # nor does the next day's run


def test_a_claim_held_by_a_live_sender_is_not_taken_a_dead_ones_is(energy_staff):  # noqa: F811
    with mock.patch("indicators.entry.reminders.email_deliveries_send"):  # commit, nothing sent
        reminders_send(today=TODAY)
    now = timezone.now()
    EmailDelivery.objects.update(claim="other-sender", claimed_at=now)  # a racing sender is at work
    assert notices.email_deliveries_send(now=now) == 0 and mail.outbox == []
    later = now + notices.CLAIM_STALE + dt.timedelta(seconds=1)  # … and died
    assert notices.email_deliveries_send(now=later) == 1
    assert len(mail.outbox) == 1 and EmailDelivery.objects.get().attempts == 1


def test_a_mail_server_down_is_retried_once_by_the_sweep(energy_staff):  # noqa: F811
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=OSError("down")):
        assert reminders_send(today=TODAY).emails == 0
    delivery = EmailDelivery.objects.get()
    assert delivery.sent_at is None and delivery.attempts == 1
    later = timezone.now() + notices.CLAIM_STALE + dt.timedelta(seconds=1)
    assert notices.email_deliveries_send(now=later) == 1
    assert notices.email_deliveries_send(now=later + notices.CLAIM_STALE * 2) == 0
    assert len(mail.outbox) == 1
