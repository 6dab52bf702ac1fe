"""Writing the audit log: one function per kind of event, all inside the caller's transaction.

A record is written in the same transaction as the change it records (a rolled-back change leaves no record,
a committed one always has its record). Values are stored as JSON: numbers and dates as text, files by name,
relations by id; secrets (passwords, token digests, keys, session data) only as "***".
"""

import datetime as dt
import ipaddress
from decimal import Decimal

from django.db import models
from django.utils.functional import LazyObject, empty

from tasks.audit.context import audit_context
from tasks.audit.models import AuditEvent

Kind = AuditEvent.Kind

# Models whose writes are not model changes of their own (``app_label.ModelName``), each for a reason:
UNAUDITED = {
    "tasks.AuditEvent",  # the log itself
    "sessions.Session",  # a login's session: the login is recorded
    "contenttypes.ContentType",  # written by migrate only
    "auth.Permission",  # written by migrate only; who gets a permission is recorded on the group or user
    "admin.LogEntry",  # the admin's own history of the changes recorded here
    "indicators.Score",  # derived: recomputed from the audited figures, thousands of rows at a time
    "indicators.Notification",  # derived: notices of audited changes
    "reports.ReportJob",  # its progress; generating and downloading a report is recorded as export/download
    "reports.LedgerJob",  # likewise for the ledger (台账)
    "django_celery_beat.PeriodicTasks",  # beat's change counter
    "axes.AccessAttempt",  # django-axes' own login records: the login events are recorded
    "axes.AccessLog",
    "axes.AccessFailureLog",
    "knox.AuthToken",  # API tokens: issuing one is a login, revoking one a logout
    "authtoken.Token",
    "authtoken.TokenProxy",
}
# Field names (or parts of them) whose values are never written into the log.
SECRET_PARTS = ("password", "digest", "secret", "token_key", "session_data", "key")
SECRET = "***"
MAX_TEXT = 2000  # characters of one value kept in the log


def model_label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.object_name}"


def is_audited(model) -> bool:
    """Whether saves and deletes of ``model`` are recorded (not in UNAUDITED, not a simple-history record)."""
    if model._meta.abstract:
        return False
    concrete = model._meta.concrete_model if model._meta.proxy else model
    return (
        model_label(model) not in UNAUDITED
        and model_label(concrete) not in UNAUDITED
        and not (concrete._meta.object_name.startswith("Historical"))
    )


def _is_secret(name: str) -> bool:
    return any(part in name.lower() for part in SECRET_PARTS)


def json_value(value):
    """A value as the log stores it (JSON): text for numbers, dates, files and anything else."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict | list):
        return value
    text = getattr(value, "name", None) if isinstance(value, models.fields.files.FieldFile) else value
    text = "" if text is None else str(text)
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "…"


def field_values(instance, names=None) -> dict:
    """{field attname: JSON value} of the concrete fields loaded on ``instance`` (deferred ones left out)."""
    loaded = instance.__dict__
    return {
        f.attname: json_value(loaded[f.attname])
        for f in instance._meta.concrete_fields
        if f.attname in loaded and (names is None or f.name in names or f.attname in names)
    }


def _changes(before: dict, after: dict) -> dict:
    """{field: [old, new]} of the fields that differ, secrets masked."""
    out = {}
    for name in after.keys() | before.keys():
        old, new = before.get(name), after.get(name)
        if old != new:
            out[name] = [SECRET, SECRET] if _is_secret(name) else [old, new]
    return out


def _unlazy(value):
    """The object behind a lazy object (``request.user`` is one)."""
    if isinstance(value, LazyObject):
        if value._wrapped is empty:
            value._setup()
        return value._wrapped
    return value


def _event(kind: str, *, obj=None, changes=None, detail: str = "", object_type: str = "") -> AuditEvent:
    obj = _unlazy(obj)
    context = audit_context()
    user = context.user
    return AuditEvent(
        kind=kind,
        actor=user,
        actor_name=getattr(user, "username", "") if user else "",
        address=context.address,
        object_type=model_label(type(obj)) if obj is not None and not object_type else object_type,
        object_id="" if obj is None or obj.pk is None else str(obj.pk)[:64],
        object_repr="" if obj is None else str(obj)[:200],
        changes=changes or {},
        detail=detail[:500],
        path=context.path,
    )


def audit_record(kind: str, *, obj=None, detail: str = "", changes=None, user=None, object_type: str = "") -> None:
    """Record one event (a login event, an export, a download) about ``obj`` (a model instance or None).

    ``user`` overrides the acting user of the context (a login names the user before the request has one).
    """
    event = _event(kind, obj=obj, changes=changes, detail=detail, object_type=object_type)
    user = _unlazy(user)
    if user is not None:
        event.actor, event.actor_name = (user, user.username) if user.pk else (None, user.username)
    event.save()


# ---------------------------------------------------------------- model changes


def snapshot_take(instance) -> None:
    """Remember the field values ``instance`` was loaded (or last saved) with: the "old" side of a change."""
    instance._audit_before = field_values(instance)


def change_event(instance, *, created: bool, update_fields=None) -> AuditEvent | None:
    """The unsaved event of a save of ``instance`` (None when nothing changed)."""
    after = field_values(instance, update_fields)
    if created:
        changes = {k: [None, SECRET if _is_secret(k) else v] for k, v in after.items() if v not in (None, "")}
        return _event(Kind.CREATE, obj=instance, changes=changes)
    before = getattr(instance, "_audit_before", {})
    before = {k: v for k, v in before.items() if k in after}
    changes = _changes(before, after)
    return _event(Kind.UPDATE, obj=instance, changes=changes) if changes else None


def audit_saved(instance, *, created: bool, update_fields=None) -> None:
    event = change_event(instance, created=created, update_fields=update_fields)
    if event is not None:
        event.save()
    snapshot_take(instance)


def audit_deleted(instance) -> None:
    values = getattr(instance, "_audit_before", None) or field_values(instance)
    changes = {k: [SECRET if _is_secret(k) else v, None] for k, v in values.items() if v not in (None, "")}
    _event(Kind.DELETE, obj=instance, changes=changes).save()


def audit_relation_changed(instance, *, field: str, action: str, ids) -> None:
    """A many-to-many change (a user's groups, a group's permissions …): {field: {"added"|"removed": [ids]}}."""
    key = {"post_add": "added", "post_remove": "removed", "post_clear": "cleared"}[action]
    _event(Kind.UPDATE, obj=instance, changes={field: {key: sorted(ids or [])}}).save()


def audit_instances(instances, *, created: bool, fields=None, user=None) -> None:
    """Record rows a service wrote in bulk (``bulk_create`` / ``bulk_update``, which send no signals): one
    INSERT for all of them. ``fields``: the fields a bulk update wrote; ``user``: who wrote them (the service's
    user, also outside a request)."""
    events = [e for e in (change_event(i, created=created, update_fields=fields) for i in instances) if e]
    user = _unlazy(user)
    for event in events:
        if user is not None and event.actor_id is None:
            event.actor, event.actor_name = user, user.get_username()
    if events:
        AuditEvent.objects.bulk_create(events)
    for instance in instances:
        snapshot_take(instance)


# ---------------------------------------------------------------- account events from the login machinery

# The login machinery's event kinds (responsibilities.accounts.events.KINDS) → the log's kinds; the rest
# (API tokens issued or revoked, password changes, two-factor events) are "account" events.
ACCOUNT_KINDS = {
    "login": Kind.LOGIN,
    "login_failed": Kind.LOGIN_FAILED,
    "lockout": Kind.LOCKOUT,
    "logout": Kind.LOGOUT,
    "session_timeout": Kind.LOGOUT,
}


def account_event_audit(*, kind, label, user=None, username="", address="", path="", detail="", **extra) -> None:
    """The writer of ``settings.ACCOUNT_EVENT_AUDIT``: every login, failed login (the username typed — never the
    password), lockout, logout, idle timeout, token, password and two-factor event of
    ``responsibilities.accounts.events`` becomes one audit record; ``detail`` says what and where (网页/后台/接口)."""
    user = _unlazy(user)
    words = [str(label)] + ([str(username)] if username and user is None else []) + ([str(detail)] if detail else [])
    event = _event(ACCOUNT_KINDS.get(kind, Kind.ACCOUNT), obj=user, detail=" ".join(words))
    if user is not None:
        event.actor, event.actor_name = user, user.get_username()
    else:
        event.object_type, event.actor_name = "auth.User", ""
    event.address = event.address or _address(address)
    event.path = event.path or str(path or "")[:300]
    event.save()


def _address(text) -> str | None:
    try:
        return str(ipaddress.ip_address(str(text or "").strip()))
    except ValueError:
        return None
