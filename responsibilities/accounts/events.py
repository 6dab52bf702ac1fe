"""Login events (安全审计 of 身份鉴别): every login, failed login, lockout, logout, idle timeout, token issue
and revocation, password change and two-factor event goes through ``account_event_record``.

django-axes keeps its own tables as well (AccessLog: logins and logouts; AccessFailureLog: every failure;
AccessAttempt: the counters that lock). ``account_event_record`` is the one hook for the portal's audit log:
it writes a line to the ``lingqiu.security`` logger and hands the event to the callable named by the setting
``ACCOUNT_EVENT_AUDIT`` (the audit log's writer; None until the audit log is installed) as keyword arguments
``kind, label, user, username, address, path, detail``.
"""

import logging

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.utils.module_loading import import_string

logger = logging.getLogger("lingqiu.security")

# kind → (level, Chinese label used in the log line and the audit log)
KINDS = {
    "login": (logging.INFO, "登录成功"),
    "login_failed": (logging.WARNING, "登录失败"),
    "lockout": (logging.WARNING, "登录锁定"),
    "logout": (logging.INFO, "退出登录"),
    "session_timeout": (logging.INFO, "会话超时退出"),
    "token_issued": (logging.INFO, "签发访问令牌"),
    "token_revoked": (logging.INFO, "吊销访问令牌"),
    "password_changed": (logging.INFO, "修改密码"),
    "otp_enabled": (logging.INFO, "启用双因素认证"),
    "otp_disabled": (logging.INFO, "停用双因素认证"),
    "otp_verified": (logging.INFO, "双因素认证通过"),
    "otp_failed": (logging.WARNING, "双因素认证失败"),
}


def client_address(request) -> str:
    """The client's IP address: REMOTE_ADDR, or behind a trusted reverse proxy (``TRUST_X_FORWARDED_FOR``)
    the address that proxy appended last to X-Forwarded-For. Also django-axes' AXES_CLIENT_IP_CALLABLE."""
    if request is None:
        return ""
    meta = getattr(request, "META", {})
    if settings.TRUST_X_FORWARDED_FOR and meta.get("HTTP_X_FORWARDED_FOR"):
        return meta["HTTP_X_FORWARDED_FOR"].split(",")[-1].strip()
    return meta.get("REMOTE_ADDR", "") or ""


def _audit_record():
    """The audit log's writer named by ``ACCOUNT_EVENT_AUDIT`` (a dotted path), or None."""
    path = getattr(settings, "ACCOUNT_EVENT_AUDIT", None)
    return import_string(path) if path else None


def account_event_record(*, kind: str, request=None, user=None, username: str = "", detail: str = "") -> None:
    """Record one login event: who (``user`` or the ``username`` typed), when (now), from which address,
    what (``kind``, one of ``KINDS``) and a ``detail`` (e.g. "网页", "后台", "接口")."""
    level, label = KINDS[kind]
    name = user.get_username() if user is not None else username
    address = client_address(request)
    path = getattr(request, "path", "") if request is not None else ""
    logger.log(level, "%s user=%s address=%s path=%s %s", label, name or "-", address or "-", path, detail)
    record = _audit_record()
    if record is not None:
        record(kind=kind, label=label, user=user, username=name, address=address, path=path, detail=detail)


def channel(request) -> str:
    """Where a login happened: 网页 (portal pages), 后台 (admin) or 接口 (API)."""
    path = getattr(request, "path", "") or ""
    if path.startswith("/admin/"):
        return "后台"
    if path.startswith("/api/"):
        return "接口"
    return "网页"


def _on_login(sender, request, user, **kwargs):
    account_event_record(kind="login", request=request, user=user, detail=channel(request))


def _on_logout(sender, request, user, **kwargs):
    kind = "session_timeout" if getattr(request, "_lq_idle_timeout", False) else "logout"
    account_event_record(kind=kind, request=request, user=user, detail=channel(request))


def _on_login_failed(sender, credentials, request=None, **kwargs):
    # Every failure, also one refused because the account or address is locked (then "lockout" follows too).
    account_event_record(
        kind="login_failed", request=request, username=credentials.get("username", ""), detail=channel(request)
    )


def _on_locked_out(sender, request, username, ip_address, **kwargs):
    account_event_record(kind="lockout", request=request, username=username or "", detail=channel(request))


def connect() -> None:
    """Connect the receivers (``ResponsibilitiesConfig.ready``)."""
    from axes.signals import user_locked_out

    user_logged_in.connect(_on_login, dispatch_uid="lingqiu.events.login")
    user_logged_out.connect(_on_logout, dispatch_uid="lingqiu.events.logout")
    user_login_failed.connect(_on_login_failed, dispatch_uid="lingqiu.events.login_failed")
    user_locked_out.connect(_on_locked_out, dispatch_uid="lingqiu.events.locked_out")
