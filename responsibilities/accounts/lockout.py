"""The answer to a login refused by django-axes (5 failures per account or per address → 30 minutes).

``AXES_LOCKOUT_CALLABLE``: web login and admin get a page, the API a JSON error in the portal's shape; both
say when to retry (the last counted failure + ``AXES_COOLOFF_TIME``) and carry ``Retry-After`` (seconds).
"""

import math
from datetime import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Q
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from responsibilities.accounts.events import client_address


def lockout_until(*, username: str | None, address: str) -> datetime:
    """When the lock on ``username`` or ``address`` ends: the latest failure that reached the limit plus the
    cool-off time (axes keeps counting from that failure; refused attempts during the lock do not extend it)."""
    locking = AccessAttempt.objects.filter(
        Q(username=username) | Q(ip_address=address) if username else Q(ip_address=address),
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
    )
    latest = locking.aggregate(latest=Max("attempt_time"))["latest"] or timezone.now()
    return latest + settings.AXES_COOLOFF_TIME


def lockout_message(until: datetime) -> str:
    """“登录失败次数过多……请于 2026年12月3日 16:05 后重试。” in local time."""
    local = timezone.localtime(until)
    return _(
        "登录失败次数过多,该账号或登录地址已被锁定 %(minutes)d 分钟。请于 %(time)s 后重试;"
        "如需提前解锁,请联系安全管理员。"
    ) % {
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "time": f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}",
    }


def lockout_response(request, original_response=None, credentials=None):
    """429 with the retry time: JSON ``{"detail", "errors"}`` under /api/, the lockout page elsewhere."""
    username = (credentials or {}).get("username") or request.POST.get("username") or None
    until = lockout_until(username=username, address=client_address(request))
    message = lockout_message(until)
    retry_after = str(max(1, math.ceil((until - timezone.now()).total_seconds())))
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": message, "errors": {}}, status=429, json_dumps_params={"ensure_ascii": False}
        )
    else:
        response = render(request, "registration/locked_out.html", {"message": message}, status=429)
    response["Retry-After"] = retry_after
    return response
