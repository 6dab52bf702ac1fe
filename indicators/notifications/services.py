"""The one writer of notices: in-app ``Notification`` rows and their e-mails.

Every part of the portal that tells a user something (review results, reminders of due forms) goes
through here, so that a notice is created once per (user, key) — re-runs and racing writers add
nothing — and e-mail is sent the same way (one connection, a mail server that is down is logged and
never undoes the in-app notice).
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone

from indicators.models import Notification

log = logging.getLogger(__name__)

TEXT_MAX = 300  # characters of Notification.text


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


def notification_emails_send(*, notifications: list[Notification], subject: str, body: str | None = None) -> int:
    """E-mail each notified user that has an address: ``subject``, and ``body`` or else the notice's own text.

    One mail connection for all. Returns how many were sent; a mail server that is down is logged and
    gives 0 (the in-app notices stand). Call it after the commit that created the notifications.
    """
    messages = [
        EmailMessage(subject=subject, body=body or n.text, from_email=settings.DEFAULT_FROM_EMAIL, to=[n.user.email])
        for n in notifications
        if n.user.email
    ]
    if not messages:
        return 0
    try:
        return get_connection(fail_silently=False).send_messages(messages) or 0
    except OSError:
        log.exception("notification e-mails could not be sent (%s)", subject)
        return 0


def notifications_mark_read(*, user) -> int:
    """Mark every unread notification of ``user`` as read now; returns how many. 1 query."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
