"""Assessment report pages (/reports/): choose, generate, follow, download again; the report as a page.

Thin views: validate the form, check the scope (``reports.assessment.access``), call one service or selector,
render. Files are served only through ``job_download`` after the permission check.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from reports.assessment.access import report_job_for, report_jobs_visible, report_scope_check
from reports.assessment.cells import ReportParams, report_display
from reports.assessment.forms import ReportParamsForm
from reports.assessment.report import assessment_report
from reports.assessment.services import report_job_request
from reports.exports.csv import indicators_csv
from reports.models import ReportJob
from responsibilities.access import department_visible_only
from tasks.audit.record import AuditEvent, audit_record
from tasks.plan_switch import plan_page

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _form(request, data=None) -> ReportParamsForm:
    """The scope/period form; a 填报员 may choose only their own department."""
    own = department_visible_only(request.user)
    return ReportParamsForm(data, department=own)


def _params(request, data) -> tuple[ReportParamsForm, ReportParams | None]:
    """The bound form and its ``ReportParams``; None when invalid. The scope is checked first (another
    department's report → 404, a county report for staff → 403), then again on the cleaned data."""
    plan = plan_page(request)["plan"]
    report_scope_check(request.user, scope=data.get("scope"), department_id=_int(data.get("department")))
    form = _form(request, data)
    if not form.is_valid():
        return form, None
    params = form.params(plan)
    report_scope_check(request.user, scope=params.scope, department_id=params.department_id)
    return form, params


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@require_GET
def index(request):
    """The form (scope and period) and every generated report the user may download again."""
    jobs = Paginator(report_jobs_visible(request.user), 30).get_page(request.GET.get("page"))
    context = plan_page(request) | {"form": _form(request), "jobs": jobs}
    return render(request, "reports/assessment_index.html", context)


@login_required
@require_POST
def job_create(request):
    """Generate a report: a small one downloads at once, a large one opens its progress page."""
    form, params = _params(request, request.POST)
    if params is None:
        jobs = Paginator(report_jobs_visible(request.user), 30).get_page(1)
        context = plan_page(request) | {"form": form, "jobs": jobs}
        return render(request, "reports/assessment_index.html", context, status=400)
    job = report_job_request(user=request.user, params=params)
    if job.status == ReportJob.Status.DONE:
        return redirect("assessment:job_download", pk=job.pk)
    return redirect("assessment:job_detail", pk=job.pk)


@login_required
@require_GET
def job_detail(request, pk: int):
    """One generated report: parameters, status and progress (polled by static/js/report_job.js), link."""
    return render(request, "reports/assessment_job.html", {"job": report_job_for(request.user, pk)})


@login_required
@require_GET
def job_status(request, pk: int):
    """JSON status of a report: {"id", "status", "status_label", "progress" (%), "as_of" (e.g. "2025年第4季度"
    or null), "download_url" (null until done), "error"}."""
    job = report_job_for(request.user, pk)
    done = job.status == ReportJob.Status.DONE
    return JsonResponse(
        {
            "id": job.pk,
            "status": job.status,
            "status_label": job.get_status_display(),
            "progress": job.progress,
            "as_of": str(job.as_of) if job.as_of else None,
            "download_url": reverse("assessment:job_download", args=[job.pk]) if done else None,
            "error": job.error,
        }
    )


@login_required
@require_GET
def job_download(request, pk: int):
    """The kept workbook, after the permission check (404 when not visible or not generated)."""
    job = report_job_for(request.user, pk)
    if job.status != ReportJob.Status.DONE or not job.file or not job.file.storage.exists(job.file.name):
        raise Http404(_("报表尚未生成。"))
    audit_record(AuditEvent.Kind.DOWNLOAD, obj=job, detail=job.download_name)
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.download_name, content_type=XLSX_TYPE)


@login_required
@require_GET
def report_page(request):
    """The report as a page (the same cells as the workbook); defaults to the final assessment."""
    form, params = _params(request, _defaults(request))
    if params is None:
        return render(request, "reports/assessment.html", plan_page(request) | {"form": form}, status=400)
    report = assessment_report(params=params)
    return render(
        request,
        "reports/assessment.html",
        plan_page(request)
        | {
            "form": form,
            "report": report,
            "sheets": report_display(report),
            "query": urlencode(params.as_query()),
            "hidden": params.as_query(),
        },
    )


@login_required
@require_GET
def indicators_csv_download(request):
    """The indicator table of the chosen report as CSV (UTF-8 with BOM, formula-safe)."""
    form, params = _params(request, _defaults(request))
    if params is None:
        return HttpResponse(
            _("参数有误:")
            + "；".join(
                f"{form.fields[name].label if name in form.fields else ''}:{' '.join(errors)}"
                for name, errors in form.errors.items()
            ),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    report = assessment_report(params=params)
    response = HttpResponse(indicators_csv(report), content_type="text/csv; charset=utf-8")
    name = _("指标_%(scope)s_%(period)s.csv") % {"scope": report.scope_label, "period": report.period_label}
    response["Content-Disposition"] = _attachment(name)
    audit_record(AuditEvent.Kind.EXPORT, detail=name, object_type="reports.AssessmentReport")
    return response


def _defaults(request):
    """GET parameters, or the final assessment of the user's widest scope when none are given (``plan`` is the
    switcher's, not a report parameter)."""
    if set(request.GET) - {"plan"}:
        return request.GET
    own = department_visible_only(request.user)
    if own is None:
        return {"scope": ReportJob.Scope.COUNTY, "period_kind": ReportJob.PeriodKind.PLAN}
    return {"scope": ReportJob.Scope.DEPARTMENT, "department": own.pk, "period_kind": ReportJob.PeriodKind.PLAN}


def _attachment(filename: str) -> str:
    return content_disposition_header(as_attachment=True, filename=filename)
