"""The leaders' 督办 card of the dashboard: supervision orders open, overdue, closed this quarter, the closure
rate, the average days to close and the same by lead department, with links down to the orders.

Read live (never cached with the overview's body): an order turns red at midnight without any recompute.
"""

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse

from indicators.models import OPEN_STATUSES, OrderStatus, SupervisionOrder
from indicators.supervision.selectors import order_rows


def _list_url(**query) -> str:
    return f"{reverse('supervision:index')}?{urlencode(query)}"


def supervision_card(*, today: dt.date) -> dict:
    """{"open", "overdue", "closed_quarter", "total", "closure_rate" (% of all orders closed, None without
    orders), "average_days" (issue → 销号, None without closed orders), "departments": [{"name", "open",
    "overdue", "closed", "url"}] (those with orders, most overdue first), "overdue_rows": order rows of the
    overdue orders (longest first, with links), "urls": list links}. 3 queries."""
    quarter_start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    late = Q(status__in=OPEN_STATUSES, deadline__lt=today)
    by_department = (
        SupervisionOrder.objects.values("lead_department_id", "lead_department__name", "lead_department__order")
        .annotate(
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            overdue=Count("pk", filter=late),
            closed=Count("pk", filter=Q(status=OrderStatus.CLOSED)),
            closed_quarter=Count("pk", filter=Q(status=OrderStatus.CLOSED, closed_at__date__gte=quarter_start)),
            total=Count("pk"),
        )
        .order_by("lead_department__order", "lead_department_id")
    )
    departments = list(by_department)
    durations = [
        (closed - issued).total_seconds() / 86400
        for issued, closed in SupervisionOrder.objects.filter(status=OrderStatus.CLOSED).values_list(
            "issued_at", "closed_at"
        )
        if closed and issued
    ]
    overdue = SupervisionOrder.objects.filter(late).select_related("lead_department").order_by("deadline", "pk")
    total = sum(d["total"] for d in departments)
    closed = sum(d["closed"] for d in departments)
    return {
        "open": sum(d["open"] for d in departments),
        "overdue": sum(d["overdue"] for d in departments),
        "closed_quarter": sum(d["closed_quarter"] for d in departments),
        "total": total,
        "closure_rate": round(100 * closed / total, 1) if total else None,
        "average_days": round(sum(durations) / len(durations), 1) if durations else None,
        "departments": sorted(
            (
                {
                    "name": d["lead_department__name"],
                    "open": d["open"],
                    "overdue": d["overdue"],
                    "closed": d["closed"],
                    "url": _list_url(department=d["lead_department_id"]),
                }
                for d in departments
            ),
            key=lambda d: -d["overdue"],
        ),
        "overdue_rows": order_rows(overdue[:20], today=today),
        "urls": {
            "open": _list_url(status="open"),
            "overdue": _list_url(overdue=1),
            "closed": _list_url(status="closed"),
            "all": reverse("supervision:index"),
        },
    }
