"""The 终期评估报告 download (/reports/final/report.docx): county-wide, so supervisors, leaders and
administrators (the reports' rule for a county scope, ``reports.assessment.access``); staff 403.

Generated in the request: one plan's report reads the stored scores once and draws two charts (about a
second), so it needs no job.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from reports.assessment.access import report_scope_check
from reports.final_report.document import final_report_docx
from reports.models import ReportJob
from tasks.audit.record import AuditEvent, audit_record
from tasks.plan_switch import plan_page

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
@require_GET
def download(request):
    """The .docx of the chosen plan's final evaluation (the switcher's, ``?plan=<code>``), as an attachment."""
    report_scope_check(request.user, scope=ReportJob.Scope.COUNTY, department_id=None)
    plan = plan_page(request)["plan"]
    response = HttpResponse(final_report_docx(plan=plan), content_type=DOCX_TYPE)
    name = _("%(plan)s终期评估报告.docx") % {"plan": plan.name}
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    audit_record(AuditEvent.Kind.EXPORT, obj=plan, detail=name)
    return response
