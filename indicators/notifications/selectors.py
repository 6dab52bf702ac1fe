"""Reads of the in-app notices (通知)."""

from indicators.models import Notification


def unread_count(*, user) -> int:
    """How many of the user's notifications are unread (the top bar's badge). One query."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_of(*, user, limit: int = 200) -> list[Notification]:
    """The user's notifications, newest first (at most ``limit``). One query."""
    return list(Notification.objects.filter(user=user).order_by("-created_at", "-id")[:limit])
