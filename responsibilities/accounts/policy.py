"""The session policy: idle timeout, and the steps a login must finish before anything else (two-factor
authentication, a first-login or expired password).

At login (``user_logged_in``) the pending steps are decided once and kept in the session, so that a request
costs no extra query:

* ``otp_verify`` — the account has a confirmed TOTP device: enter its code (optional for anyone to set up);
* ``otp_setup`` — an administrator (系统管理员, 安全管理员, 审计员, superuser) without a device where
  ``OTP_REQUIRED_FOR_ADMINISTRATORS`` is on (production): set one up first;
* ``password`` — the password was set by an administrator in the admin, or is older than
  ``PASSWORD_MAX_AGE_DAYS``: choose a new one.

``AccountPolicyMiddleware`` sends a session with a pending step to that step's page (an API call gets 403 in
the portal's JSON shape) and ends a session idle for ``SESSION_IDLE_MINUTES`` (the cookie itself ends with the
browser: ``SESSION_EXPIRE_AT_BROWSER_CLOSE``). Token-authenticated API calls have no session: the token
endpoint refuses a login whose password must be changed, and tokens expire on their own.
"""

import time
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import user_has_device

from responsibilities.models import AccountState
from tasks.common.roles import user_is_administrator

PENDING = "lq_pending"  # the steps still to do, in order: ["otp_verify", "password"]
LAST_SEEN = "lq_seen"  # Unix time of the last request that refreshed the session
TOUCH_SECONDS = 60  # refresh the session (one write) at most once a minute
STEP_URLS = {
    "otp_verify": "accounts:otp_verify",
    "otp_setup": "accounts:otp_setup",
    "password": "accounts:password_change",
}
# Reachable while a step is pending: the step pages themselves, logging out, switching language, static files.
ALWAYS_OPEN = ("/accounts/logout/", "/i18n/", "/static/", "/favicon.ico", "/health/")


def password_change_required(user) -> str | None:
    """Why ``user`` must choose a new password now: "first" (set by an administrator), "expired", or None."""
    state = AccountState.objects.filter(user=user).first()
    if state is None:
        return None
    if state.must_change_password:
        return "first"
    max_age = settings.PASSWORD_MAX_AGE_DAYS
    if max_age and state.password_changed_at < timezone.now() - timedelta(days=max_age):
        return "expired"
    return None


def otp_required(user) -> bool:
    """Two-factor authentication is required of ``user`` (an administrator, where production requires it)."""
    return settings.OTP_REQUIRED_FOR_ADMINISTRATORS and user_is_administrator(user)


def login_steps(user) -> list[str]:
    """The steps a fresh login of ``user`` must finish, in order (two queries: device, account state)."""
    steps = []
    if user_has_device(user):
        steps.append("otp_verify")
    elif otp_required(user):
        steps.append("otp_setup")
    if password_change_required(user):
        steps.append("password")
    return steps


def session_step_done(request, step: str) -> None:
    """Mark ``step`` finished in this session."""
    request.session[PENDING] = [s for s in request.session.get(PENDING, []) if s != step]


def session_pending(request) -> list[str]:
    return list(request.session.get(PENDING, []))


def _on_login(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    request.session[PENDING] = login_steps(user)
    request.session[LAST_SEEN] = int(time.time())


def connect() -> None:
    """Connect the receiver (``ResponsibilitiesConfig.ready``)."""
    user_logged_in.connect(_on_login, dispatch_uid="lingqiu.policy.login")


def next_url(request, default: str = "home") -> str:
    """The ``next`` address of a step page when it is safe (this site), else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse(default)


class AccountPolicyMiddleware:
    """Idle timeout and pending login steps for session logins (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        seen = session.get(LAST_SEEN) if session is not None else None
        if seen is None:  # no login in this session (anonymous, or a token call): nothing to do
            return self.get_response(request)
        now = int(time.time())
        if now - seen > settings.SESSION_IDLE_MINUTES * 60:
            request._lq_idle_timeout = True
            logout(request)
            messages.info(
                request,
                _("您已 %(minutes)d 分钟未操作,为保护账号安全已自动退出,请重新登录。")
                % {"minutes": settings.SESSION_IDLE_MINUTES},
            )
            return self.get_response(request)
        if now - seen >= TOUCH_SECONDS:
            session[LAST_SEEN] = now  # also renews the session's expiry (SESSION_COOKIE_AGE = the idle time)
        pending = session.get(PENDING)
        if pending and not self._open_during(request, pending[0]):
            return self._to_step(request, pending[0])
        return self.get_response(request)

    @staticmethod
    def _open_during(request, step: str) -> bool:
        """The step's own pages (the setup page's QR code is under it) and ``ALWAYS_OPEN``."""
        return request.path.startswith((*ALWAYS_OPEN, reverse(STEP_URLS[step])))

    @staticmethod
    def _to_step(request, step: str):
        if request.path.startswith("/api/"):
            detail = {
                "otp_verify": _("请先在网页上完成双因素认证。"),
                "otp_setup": _("管理员须先在网页上设置双因素认证。"),
                "password": _("请先在网页上修改密码。"),
            }[step]
            return JsonResponse({"detail": detail, "errors": {}}, status=403, json_dumps_params={"ensure_ascii": False})
        return redirect(f"{reverse(STEP_URLS[step])}?{urlencode({'next': request.get_full_path()})}")
