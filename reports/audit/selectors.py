"""Reads of the audit log."""

from django.db.models import Q, QuerySet

from tasks.audit.models import AuditEvent


def audit_events(*, q="", kind="", actor="", object_type="", address="", since=None, until=None) -> QuerySet:
    """Audit events, newest first, filtered: ``q`` in the operator, object, object id, detail or request path;
    ``kind``, ``actor`` (username, exact), ``object_type`` (e.g. "indicators.IndicatorValue", a prefix such as
    "indicators." works), ``address`` (exact); ``since`` ≤ time < ``until`` (aware datetimes)."""
    events = AuditEvent.objects.all()
    if q:
        events = events.filter(
            Q(actor_name__icontains=q)
            | Q(object_repr__icontains=q)
            | Q(object_id=q)
            | Q(detail__icontains=q)
            | Q(path__icontains=q)
        )
    if kind:
        events = events.filter(kind=kind)
    if actor:
        events = events.filter(actor_name=actor)
    if object_type:
        events = events.filter(object_type__startswith=object_type)
    if address:
        events = events.filter(address=address)
    if since is not None:
        events = events.filter(at__gte=since)
    if until is not None:
        events = events.filter(at__lt=until)
    return events.order_by("-at", "-id")
