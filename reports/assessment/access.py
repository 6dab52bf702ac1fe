"""Who may generate, read and download which assessment report (考核报表).

Decision (documented in the README's reports section): supervisors (督查员), leadership (领导) and
administrators choose any scope — the whole county or any department. Department staff (填报员) may
only see reports of their own department (any period): a county-wide report is refused (403) and another
department's report or file does not exist for them (404). Everyone else (no role) sees none.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from reports.models import ReportJob
from responsibilities.access import department_scoped, departments_visible


def report_scope_check(user, *, scope: str, department_id: int | None) -> None:
    """Raise ``Http404`` for another department's report and ``PermissionDenied`` for a scope the user
    may not choose (county-wide for staff, anything for users without a role). Which departments a user
    reads is the department access policy's answer (``responsibilities.access.departments_visible``)."""
    visible = departments_visible(user)
    if visible.read_all:
        return
    if visible.department_id is None:
        raise PermissionDenied(_("只有督查员、领导和填报员可以查看考核报表。"))
    if scope != ReportJob.Scope.DEPARTMENT:
        raise PermissionDenied(_("填报员只能查看本单位的考核报表。"))
    if not visible.can_read(department_id):
        raise Http404(_("没有这个单位的报表。"))


def report_jobs_visible(user):
    """The generated reports ``user`` may list and download again, newest first (a queryset).

    Supervisors and leaders: all; staff: the department-scope reports of their own department
    (``responsibilities.access.department_scoped``); users without a role: none.
    """
    jobs = ReportJob.objects.select_related("plan", "department", "requested_by", "as_of")
    if departments_visible(user).read_all:
        return jobs
    return department_scoped(jobs.filter(scope=ReportJob.Scope.DEPARTMENT), user, field="department")


def report_job_for(user, pk: int) -> ReportJob:
    """The report ``pk`` if ``user`` may see it; ``Http404`` otherwise (no hint that it exists)."""
    try:
        return report_jobs_visible(user).get(pk=pk)
    except ReportJob.DoesNotExist:
        raise Http404(_("没有这份报表。")) from None
