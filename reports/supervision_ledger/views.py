"""The 整改台账 page and workbook (/reports/supervision-ledger/): the orders the viewer may read (staff: their
department's), filtered as the 督办 list (status, department, overdue, source, year), as a page and as .xlsx."""

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.models import OrderSource, OrderStatus
from indicators.supervision import selectors
from indicators.supervision.views import filters_from_query
from reports.exports.xlsx import workbook_bytes
from reports.supervision_ledger.report import ledger_report, ledger_rows
from responsibilities.models import Department
from tasks.audit.record import AuditEvent, audit_record

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _orders(request, filters):
    orders = selectors.orders_filtered(selectors.orders_visible(request.user), today=timezone.localdate(), **filters)
    return orders.prefetch_related("support_departments", "events").order_by("year", "sequence")


def _scope(filters) -> str:
    parts = []
    if filters["status"]:
        parts.append(dict([("open", _("未销号")), *OrderStatus.choices])[filters["status"]])
    if filters["department_id"]:
        department = Department.objects.filter(pk=filters["department_id"]).first()
        parts.append(department.name if department else "—")
    if filters["overdue"] is not None:
        parts.append(_("已逾期") if filters["overdue"] else _("未逾期"))
    if filters["source"]:
        parts.append(dict(OrderSource.choices)[filters["source"]])
    if filters["year"]:
        parts.append(_("%(year)s年") % {"year": filters["year"]})
    return "、".join(str(p) for p in parts) or _("全部督办单")


@login_required
def ledger(request):
    """The page: the 整改进展 rows (the workbook's last sheet) with links to each order."""
    filters = filters_from_query(request)
    today = timezone.localdate()
    context = {
        "rows": ledger_rows(_orders(request, filters), today=today),
        "filters": filters,
        "scope": _scope(filters),
        "query": request.GET.urlencode(),
        "statuses": [("open", _("未销号")), *OrderStatus.choices],
        "sources": OrderSource.choices,
        "departments": Department.objects.filter(is_active=True),
    }
    return render(request, "reports/supervision_ledger.html", context)


@login_required
def ledger_xlsx(request):
    """The workbook: 问题清单, 任务清单, 责任清单, 整改进展 (``report.ledger_report``), print-ready on A4."""
    filters = filters_from_query(request)
    today = timezone.localdate()
    report = ledger_report(_orders(request, filters), today=today, scope=_scope(filters))
    response = HttpResponse(workbook_bytes(report), content_type=XLSX)
    name = f"整改台账-{today:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    audit_record(AuditEvent.Kind.EXPORT, detail=name, object_type="indicators.SupervisionOrder")
    return response
