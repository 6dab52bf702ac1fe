"""台账 pages (/reports/ledger/): choose, build, follow, download again. Thin views: the form, the scope
check (``reports.ledger.access``), one service; files only through ``job_download`` after the check."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from indicators.models import ReportingPeriod
from reports.ledger.access import ledger_job_for, ledger_jobs_visible, ledger_scope_check
from reports.ledger.models import LedgerJob
from reports.ledger.services import ledger_job_request
from responsibilities.access import department_visible_only
from responsibilities.models import Department
from tasks.audit.record import AuditEvent, audit_record
from tasks.plan_switch import plan_page


class LedgerForm(forms.Form):
    """单位 (empty: the whole county) and 年度 (empty: every year); staff see only their own department."""

    department = forms.ModelChoiceField(
        label=_("单位"), queryset=Department.objects.none(), required=False, empty_label=_("全县")
    )
    year = forms.TypedChoiceField(label=_("年度"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, own=None, **kwargs):
        super().__init__(*args, **kwargs)
        years = sorted(set(ReportingPeriod.objects.values_list("year", flat=True)))
        self.fields["year"].choices = [("", _("全部年度"))] + [(y, _("%(y)s年") % {"y": y}) for y in years]
        if own is None:
            self.fields["department"].queryset = Department.objects.filter(is_active=True).order_by("kind", "code")
        else:
            self.fields["department"].queryset = Department.objects.filter(pk=own.pk)
            self.fields["department"].required = True
            self.fields["department"].initial = own.pk


def _page(request, form, status=200):
    jobs = Paginator(ledger_jobs_visible(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "reports/ledger_index.html", {"form": form, "jobs": jobs}, status=status)


@login_required
@require_GET
def index(request):
    """The form and every ledger the user may download again."""
    return _page(request, LedgerForm(own=department_visible_only(request.user)))


@login_required
@require_POST
def job_create(request):
    """Start building a ledger (Celery job) and open its progress page."""
    plan = plan_page(request)["plan"]  # the switcher's plan (remembered in the session)
    own = department_visible_only(request.user)
    ledger_scope_check(request.user, department_id=_int(request.POST.get("department")))
    form = LedgerForm(request.POST, own=own)
    if not form.is_valid():
        return _page(request, form, status=400)
    department, year = form.cleaned_data["department"], form.cleaned_data["year"]
    job = ledger_job_request(user=request.user, plan=plan, department=department, year=year)
    return redirect("ledger:job_detail", pk=job.pk)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@require_GET
def job_detail(request, pk: int):
    """One ledger: scope, status and progress (polled by static/js/report_job.js), download link."""
    return render(request, "reports/ledger_job.html", {"job": ledger_job_for(request.user, pk)})


@login_required
@require_GET
def job_status(request, pk: int):
    """JSON status, the shape of the reports' (``reports.assessment.views.job_status``): {"id", "status",
    "status_label", "progress" (%), "as_of" (null), "download_url" (null until done), "error"}."""
    job = ledger_job_for(request.user, pk)
    done = job.status == LedgerJob.Status.DONE
    return JsonResponse(
        {
            "id": job.pk,
            "status": job.status,
            "status_label": job.get_status_display(),
            "progress": job.progress,
            "as_of": None,
            "download_url": reverse("ledger:job_download", args=[job.pk]) if done else None,
            "error": job.error,
        }
    )


@login_required
@require_GET
def job_download(request, pk: int):
    """The kept ZIP, after the permission check (404 when not visible or not built); streamed from disk."""
    job = ledger_job_for(request.user, pk)
    if job.status != LedgerJob.Status.DONE or not job.file or not job.file.storage.exists(job.file.name):
        raise Http404(_("台账尚未生成。"))
    audit_record(AuditEvent.Kind.DOWNLOAD, obj=job, detail=job.download_name)
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.download_name, content_type="application/zip"
    )
