"""Reads of the in-app notices (通知)."""

from indicators.models import Notification


def notifications_of(*, user, limit: int = 200) -> list[Notification]:
    """The user's notifications, newest first (at most ``limit``). One query."""
    return list(Notification.objects.filter(user=user).order_by("-created_at", "-id")[:limit])
