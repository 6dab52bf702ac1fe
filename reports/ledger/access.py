"""Who may generate and download which 台账: the rules of the assessment reports
(``reports.assessment.access``): supervisors, leaders and administrators any scope; department staff
their own department only (a county ledger 403, another department's 404); users without a role none."""

from django.http import Http404
from django.utils.translation import gettext as _

from reports.assessment.access import report_scope_check
from reports.ledger.models import LedgerJob
from reports.models import ReportJob
from responsibilities.access import department_scoped, departments_visible


def ledger_scope_check(user, *, department_id: int | None) -> None:
    """Raise ``PermissionDenied`` / ``Http404`` as ``report_scope_check`` does for the same scope."""
    scope = ReportJob.Scope.DEPARTMENT if department_id else ReportJob.Scope.COUNTY
    report_scope_check(user, scope=scope, department_id=department_id)


def ledger_jobs_visible(user):
    """The ledgers ``user`` may list and download again, newest first (staff: their department's)."""
    jobs = LedgerJob.objects.select_related("plan", "department", "requested_by")
    if departments_visible(user).read_all:
        return jobs
    return department_scoped(jobs.filter(department__isnull=False), user, field="department")


def ledger_job_for(user, pk: int) -> LedgerJob:
    """The ledger ``pk`` if ``user`` may see it; ``Http404`` otherwise (no hint that it exists)."""
    try:
        return ledger_jobs_visible(user).get(pk=pk)
    except LedgerJob.DoesNotExist:
        raise Http404(_("没有这份台账。")) from None
