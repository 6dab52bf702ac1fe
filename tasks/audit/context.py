"""Who is acting and from where, for the audit records of one request (a context variable).

``AuditContextMiddleware`` sets it for every request: the user (read when a record is written, so a login in
the middle of the request counts) and the client's address (``REMOTE_ADDR``; behind a reverse proxy, with
``TRUST_X_FORWARDED_FOR=true``, the address that proxy appended last to ``X-Forwarded-For``). Outside a request
(Celery jobs, management commands) records carry no user: 系统.
"""

import ipaddress
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class AuditContext:
    request: object = None  # the HttpRequest, for its user and path

    @property
    def user(self):
        user = getattr(self.request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return getattr(user, "_wrapped", user)  # the User behind request.user's SimpleLazyObject

    @property
    def address(self) -> str | None:
        return request_address(self.request) if self.request is not None else None

    @property
    def path(self) -> str:
        return getattr(self.request, "path", "")[:300] if self.request is not None else ""


_NONE = AuditContext()  # outside a request: no user, no address
_current: ContextVar[AuditContext | None] = ContextVar("audit_context", default=None)


def audit_context() -> AuditContext:
    return _current.get() or _NONE


def request_address(request) -> str | None:
    """The client's IP address (see the module docstring); None when there is none."""
    meta = getattr(request, "META", {})
    address = meta.get("REMOTE_ADDR")
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False) and meta.get("HTTP_X_FORWARDED_FOR"):
        address = meta["HTTP_X_FORWARDED_FOR"].split(",")[-1]  # the address our own proxy appended
    try:
        return str(ipaddress.ip_address((address or "").strip()))
    except ValueError:
        return None


class AuditContextMiddleware:
    """Make the request the audit context of everything recorded while it is handled."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current.set(AuditContext(request))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)


_suspended: ContextVar[bool] = ContextVar("audit_suspended", default=False)


def audit_suspended() -> bool:
    return _suspended.get()


class audit_suspend:
    """``with audit_suspend():`` — no model-change records while a restore replaces the whole database with the
    archive's (which holds its own log); the restore itself is recorded once it is done."""

    def __enter__(self):
        self._token = _suspended.set(True)

    def __exit__(self, *exc):
        _suspended.reset(self._token)
