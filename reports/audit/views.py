"""The audit log's pages (/audit/): search, page through, export as .xlsx — the 审计员 only.

Exporting is itself recorded in the log (``export``), like every other export.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from reports.audit.access import auditor_or_deny
from reports.audit.export import audit_workbook, changes_text
from reports.audit.forms import AuditSearchForm
from reports.audit.selectors import audit_events
from tasks.audit.record import AuditEvent, audit_record

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _search(request) -> tuple[AuditSearchForm, object]:
    form = AuditSearchForm(request.GET or None)
    filters = form.filters() if form.is_bound and form.is_valid() else {}
    return form, audit_events(**filters)


@login_required
@require_GET
def index(request):
    auditor_or_deny(request.user)
    form, events = _search(request)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    rows = [(event, changes_text(event.changes)) for event in page]
    query = urlencode({k: v for k, v in request.GET.items() if k != "page"})
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request, "audit/index.html", {"form": form, "page": page, "rows": rows, "query": query}, status=status
    )


@login_required
@require_GET
def export(request):
    auditor_or_deny(request.user)
    form, events = _search(request)
    if form.is_bound and not form.is_valid():
        return render(request, "audit/index.html", {"form": form, "page": None, "rows": []}, status=400)
    name = _("审计日志_%(at)s.xlsx") % {"at": timezone.localtime().strftime("%Y%m%d%H%M")}
    response = HttpResponse(audit_workbook(events), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    audit_record(
        AuditEvent.Kind.EXPORT, detail=f"{name} {request.GET.urlencode()}"[:500], object_type="tasks.AuditEvent"
    )
    return response
