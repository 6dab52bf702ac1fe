"""The one writer of notices: in-app ``Notification`` rows and their e-mails.

Every part of the portal that tells a user something (review results, reminders of due forms) goes
through here, so that a notice is created once per (user, key) — re-runs and racing writers add
nothing — and e-mail is sent the same way (one connection, a mail server that is down is logged and
never undoes the in-app notice).
"""

import datetime as dt
import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from indicators.models import EmailDelivery, Notification

log = logging.getLogger(__name__)

TEXT_MAX = 300  # characters of Notification.text
CLAIM_STALE = dt.timedelta(minutes=10)  # a sender holding a claim this long died: the sweep takes its rows over


@dataclass(frozen=True)
class Notice:
    """One notice to one user: ``key`` names the event (unique per user), ``link`` is a site path."""

    user: object
    key: str
    text: str
    link: str


def notifications_create(*, notices: list[Notice]) -> list[Notification]:
    """Create the notices whose (user, key) does not exist yet; returns the new rows (texts cut to 300 characters).

    2 queries (existing keys, one insert) whatever the number of notices; a racing writer's rows win
    (``ignore_conflicts`` on the unique (user, key)).
    """
    if not notices:
        return []
    existing = set(
        Notification.objects.filter(
            user__in={n.user.pk for n in notices}, key__in={n.key for n in notices}
        ).values_list("user_id", "key")
    )
    new, seen = [], set()
    for notice in notices:
        if (notice.user.pk, notice.key) in existing | seen:
            continue
        seen.add((notice.user.pk, notice.key))
        new.append(Notification(user=notice.user, key=notice.key, text=notice.text[:TEXT_MAX], link=notice.link))
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    return new


def notifications_mark_read(*, user) -> int:
    """Mark every unread notification of ``user`` as read now; returns how many. 1 query."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


# ------------------------------------------------------------------ e-mails exactly once (delivery rows)


def email_deliveries_create(
    *, notifications: list[Notification], subject: str, body: str = "", send_after_commit: bool = True
) -> list[int]:
    """In the caller's transaction: one ``EmailDelivery`` per notification whose user has an address (the
    unique notification makes a racing writer's row the one: ``ignore_conflicts``), and, with
    ``send_after_commit``, the sending of these rows once the transaction commits (``email_deliveries_send``;
    else the caller sends them after its commit). Returns the ids of the notifications concerned. 2 queries.

    ``notifications`` may be unsaved copies of rows a racing writer created (``bulk_create`` with
    ``ignore_conflicts`` gives no ids): they are looked up by (user, key).
    """
    wanted = [n for n in notifications if n.user.email]
    if not wanted:
        return []
    ids = Notification.objects.filter(
        user_id__in={n.user.pk for n in wanted}, key__in={n.key for n in wanted}
    ).values_list("pk", "user_id", "key")
    pairs = {(n.user.pk, n.key) for n in wanted}
    rows = [
        EmailDelivery(notification_id=pk, subject=subject[:200], body=body)
        for pk, user_id, key in ids
        if (user_id, key) in pairs
    ]
    EmailDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    notification_ids = [r.notification_id for r in rows]
    if send_after_commit:
        transaction.on_commit(lambda: email_deliveries_send(notification_ids=notification_ids))
    return notification_ids


def email_deliveries_send(*, notification_ids=None, now: dt.datetime | None = None) -> int:
    """Send the unsent e-mails (of ``notification_ids``, or all: the sweep) and mark them sent; returns how many.

    Exactly once per row: the rows are first claimed by one conditional UPDATE (unsent, and unclaimed or
    claimed more than ``CLAIM_STALE`` ago) committed on its own, so of two racing senders only one gets a
    row (PostgreSQL re-checks the condition under the row lock); the claimed rows are sent over one
    connection and marked ``sent_at``. A mail server that is down is logged and the rows stay unsent, to be
    taken over by the sweep after ``CLAIM_STALE``; a sender that dies between sending and marking may be
    repeated by the sweep (at most that one batch). 3 queries + the sending.
    """
    now = now or timezone.now()
    token = uuid.uuid4().hex
    rows = EmailDelivery.objects.filter(sent_at__isnull=True).filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_STALE)
    )
    if notification_ids is not None:
        rows = rows.filter(notification_id__in=list(notification_ids))
    with transaction.atomic():
        claimed = rows.update(claim=token, claimed_at=now)
    if not claimed:
        return 0
    batch = list(EmailDelivery.objects.filter(claim=token, sent_at__isnull=True).select_related("notification__user"))
    messages = [
        EmailMessage(
            subject=d.subject,
            body=d.body or d.notification.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[d.notification.user.email],
        )
        for d in batch
    ]
    try:
        get_connection(fail_silently=False).send_messages(messages)
    except OSError:
        log.exception("notification e-mails could not be sent (%d); the sweep retries them", len(messages))
        EmailDelivery.objects.filter(claim=token).update(attempts=F("attempts") + 1)
        return 0
    EmailDelivery.objects.filter(claim=token).update(sent_at=timezone.now(), attempts=F("attempts") + 1)
    return len(messages)
