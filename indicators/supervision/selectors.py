"""Reads of supervision orders (督办单), scoped by the access policy (``responsibilities.access``).

Staff (填报员) read the orders their department leads or supports; supervisors, leaders and administrators read
every order; anyone else none. Another department's order is a 404 for staff.
"""

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from indicators.models import OPEN_STATUSES, OrderStatus, SupervisionOrder
from indicators.supervision import rules
from responsibilities.access import department_visible_only
from tasks.common.roles import user_can_read_all


def orders_visible(user) -> QuerySet:
    """The orders ``user`` may read (see the module), with lead department, task and indicator joined."""
    queryset = SupervisionOrder.objects.select_related("lead_department", "task", "indicator", "issued_by")
    if not user.is_authenticated:
        return queryset.none()
    if user_can_read_all(user):
        return queryset
    own = department_visible_only(user)
    if own is None:
        return queryset.none()
    return queryset.filter(Q(lead_department=own) | Q(support_departments=own)).distinct()


def order_readable(user, order: SupervisionOrder) -> bool:
    """Whether ``user`` may read ``order`` (``orders_visible`` for one order). 0–2 queries."""
    if not user.is_authenticated:
        return False
    if user_can_read_all(user):
        return True
    own = department_visible_only(user)
    if own is None:
        return False
    return own.pk == order.lead_department_id or order.support_departments.filter(pk=own.pk).exists()


def orders_filtered(
    queryset: QuerySet,
    *,
    status: str = "",
    department_id: int | None = None,
    overdue: bool | None = None,
    source: str = "",
    year: int | None = None,
    today: dt.date,
) -> QuerySet:
    """Filters of the list pages, the ledger and the API: ``status`` (an OrderStatus value, or "open"),
    ``department_id`` (lead or support), ``overdue`` (open and past its 整改期限; False: not overdue),
    ``source`` (OrderSource value) and ``year`` (issue year)."""
    if status == "open":
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    elif status:
        queryset = queryset.filter(status=status)
    if department_id:
        queryset = queryset.filter(
            Q(lead_department_id=department_id) | Q(support_departments=department_id)
        ).distinct()
    late = Q(status__in=OPEN_STATUSES, deadline__lt=today)
    if overdue is True:
        queryset = queryset.filter(late)
    elif overdue is False:
        queryset = queryset.exclude(late)
    if source:
        queryset = queryset.filter(source=source)
    if year:
        queryset = queryset.filter(year=year)
    return queryset


def order_rows(orders, *, today: dt.date) -> list[dict]:
    """Orders as rows for pages: {"order", "mark" (red / yellow / None), "mark_label", "overdue", "days_left"
    (to 整改期限; negative when overdue), "days_late"}."""
    rows = []
    for order in orders:
        mark = rules.order_mark(
            status=order.status, deadline=order.deadline, acknowledge_due=order.acknowledge_due, today=today
        )
        rows.append(
            {
                "order": order,
                "mark": mark,
                "mark_label": rules.MARK_LABELS.get(mark, ""),
                "overdue": rules.order_overdue(status=order.status, deadline=order.deadline, today=today),
                "days_left": (order.deadline - today).days,
                "days_late": max(0, (today - order.deadline).days),
            }
        )
    return rows


def my_orders_first(user, *, today: dt.date) -> dict:
    """The 督办 page of a department's staff: {"open": rows of the orders their department leads or supports
    that are still open (red first, then yellow, then by deadline), "closed": the closed ones (latest first)}."""
    orders = list(orders_visible(user).prefetch_related("support_departments"))
    rows = order_rows(orders, today=today)
    rank = {rules.RED: 0, rules.YELLOW: 1, None: 2}
    open_rows = sorted(
        (r for r in rows if r["order"].is_open), key=lambda r: (rank[r["mark"]], r["order"].deadline, r["order"].pk)
    )
    closed = sorted(
        (r for r in rows if not r["order"].is_open), key=lambda r: r["order"].closed_at or r["order"].issued_at
    )
    return {"open": open_rows, "closed": list(reversed(closed))}


def supervisor_queue(*, today: dt.date) -> dict:
    """The supervisors' queue: {"closure": closure requests (oldest first), "extension": pending extension
    requests, "overdue": open orders past their deadline (longest overdue first)}. 3 queries."""
    base = SupervisionOrder.objects.select_related("lead_department")
    closure = base.filter(status=OrderStatus.CLOSURE_REQUESTED).order_by("closure_requested_at", "pk")
    extension = base.filter(status__in=OPEN_STATUSES, extension_requested_until__isnull=False).order_by("deadline")
    overdue = base.filter(status__in=OPEN_STATUSES, deadline__lt=today).order_by("deadline", "pk")
    return {
        "closure": order_rows(closure, today=today),
        "extension": order_rows(extension, today=today),
        "overdue": order_rows(overdue, today=today),
    }


def order_detail(order: SupervisionOrder) -> dict:
    """The order's steps (events with their actor and attachments) and the attachments given at issue."""
    events = list(order.events.select_related("actor").prefetch_related("attachments"))
    return {
        "events": events,
        "issue_files": [a for a in order.attachments.all() if a.event_id is None or a.event.kind == "issued"],
        "support_departments": list(order.support_departments.all()),
    }


def order_deduction_counts(*, department_ids, periods, today: dt.date) -> dict[tuple[int, int], tuple[int, int]]:
    """What the department assessment deducts for (``engine.OrderDeductions``): {(department_id, period_id):
    (overdue, returned)} for the orders each department leads, in the period's year up to the period's end (or
    today, if earlier): ``overdue`` — orders whose 整改期限 fell in that year before that day and that were not
    closed (销号) by their 整改期限; ``returned`` — closure requests returned (退回整改) in that year by that day.
    Pairs of (0, 0) are left out. 2 queries."""
    from indicators.models import OrderEvent

    department_ids = list(department_ids)
    years = {p.year for p in periods}
    if not department_ids or not years:
        return {}
    orders = SupervisionOrder.objects.filter(lead_department_id__in=department_ids, deadline__year__in=years)
    late = [
        (d, deadline, closed.date() if closed else None)
        for d, deadline, closed in orders.values_list("lead_department_id", "deadline", "closed_at")
    ]
    returns = list(
        OrderEvent.objects.filter(
            kind=OrderEvent.Kind.RETURNED, order__lead_department_id__in=department_ids, at__year__in=years
        ).values_list("order__lead_department_id", "at")
    )
    counts = {}
    for period in periods:
        as_of = min(period.end, today)
        for department_id in department_ids:
            overdue = sum(
                1
                for d, deadline, closed in late
                if d == department_id
                and deadline.year == period.year
                and deadline < as_of
                and (closed is None or closed > deadline)
            )
            returned = sum(
                1
                for d, at in returns
                if d == department_id and at.year == period.year and timezone.localtime(at).date() <= as_of
            )
            if overdue or returned:
                counts[department_id, period.pk] = (overdue, returned)
    return counts
