"""The department access policy: who may read, change and review a department's data.

Every page, export, API view and selector asks here — one policy for the web pages, the workbooks and CSV,
the API and the dashboard.

Staff (填报员) read and change only their own department's data; supervisors (督查员, and
administrators) read everything and review; leadership (领导) read everything and change nothing.
Views answer 404 when a staff member aims at another department (the object "does not exist" for
them) and 403 when a reader who may see it tries to change it.

What is a department's data and what is the county's (the visibility policy):

* **A department's data** — read only by its own staff and by the readers of everything: the figures it
  entered (values, drafts, history) and their notes, its milestone reports' % done and text, its evidence
  files, the numbers computed from its figures (an indicator's current value, 完成进度, forecast and score — the
  完成进度 gives the value back from the published baseline and target: ``INDICATOR_FIGURE_FIELDS``), its
  assessment score (考核得分) and its reports. ``DepartmentsVisible.can_read`` answers for one department,
  ``department_scoped`` filters rows, ``scores_scoped`` filters stored scores, ``figures_masked`` blanks the
  figures of a row that is shown for its name and status.
* **County-level** — read by every signed-in user: the plan's structure (systems, tasks, indicators with their
  targets, milestones, who leads and supports what), the plan, system and task scores (``SHARED_SCORE_LEVELS``),
  statuses (an indicator's 达标/滞后 and 时序进度, whether its forecast meets the target, a milestone's
  未开始/进行中/已完成 — what the early warnings tell everyone) and which forms are overdue.

A page or export that lists another department's indicator or milestone (a shared task's, on the task page, in
the early warnings or in a department's own report) shows its name, target and status and leaves its figures,
note and evidence out. A stored indicator score is one row with its value in it: the API hands it only to
those who read the department.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.permissions import BasePermission

from responsibilities.selectors import user_department
from tasks.common.roles import user_can_read_all, user_is_supervisor


def department_readable(user, department) -> bool:
    """True for readers of everything and for staff of ``department``."""
    if not user.is_authenticated:
        return False
    return user_can_read_all(user) or user_department(user) == department


def department_writable(user, department) -> bool:
    """True only for staff of ``department``: they enter its figures (supervisors review, never enter)."""
    own = user_department(user) if user.is_authenticated else None
    return own is not None and own == department


def department_read_or_404(user, department) -> None:
    """Raise Http404 unless ``user`` may read ``department``'s data."""
    if not department_readable(user, department):
        raise Http404(_("没有找到该单位的填报数据。"))


def department_write_or_deny(user, department) -> None:
    """Raise Http404 for another department's staff, PermissionDenied for read-only readers."""
    department_read_or_404(user, department)
    if not department_writable(user, department):
        raise PermissionDenied(_("您没有修改该单位填报数据的权限。"))


def supervisor_or_deny(user, *, message=None) -> None:
    """Raise PermissionDenied unless ``user`` is a supervisor (督查员) or administrator; ``message`` names the
    refused action (default: reviewing)."""
    if not user_is_supervisor(user):
        raise PermissionDenied(message or _("只有督查员可以审核。"))


def department_scoped(queryset: QuerySet, user, *, field: str) -> QuerySet:
    """Rows a user may see: all for supervisors/leaders/admins, the own department's for staff
    (``field`` is the lookup of the row's department, e.g. ``"department"``), none otherwise."""
    if user_can_read_all(user):
        return queryset
    department = user_department(user)
    if department is None:
        return queryset.none()
    return queryset.filter(**{field: department})


# Fields of an indicator's stored score (and of the rows built from it) that are its department's figures.
INDICATOR_FIGURE_FIELDS = ("current_value", "progress", "progress_raw", "forecast", "score", "components")
# Fields of a milestone report that are its department's: how far along, in its own words.
MILESTONE_FIGURE_FIELDS = ("percent_done", "description")


def figures_masked(row: dict, fields: tuple[str, ...]) -> dict:
    """``row`` with ``fields`` set to None and ``"foreign": True``: another department's indicator or milestone,
    shown for its name, target and status only."""
    return row | dict.fromkeys(fields) | {"foreign": True}


# Stored score levels (``indicators.models.Score.Level`` values) that are county-level aggregates, readable by
# every signed-in user. The other two are a department's data: "indicator" (of its reporting department) and
# "department" (its assessment).
SHARED_SCORE_LEVELS = ("plan", "system", "task")


def scores_scoped(queryset: QuerySet, user) -> QuerySet:
    """Stored scores (a ``Score`` queryset) ``user`` may read: every one for the readers of everything; for
    anyone signed in the plan, system and task scores; for staff also their own department's indicator scores
    and assessment score. Anonymous users read none."""
    if not user.is_authenticated:
        return queryset.none()
    if user_can_read_all(user):
        return queryset
    shared = Q(level__in=SHARED_SCORE_LEVELS)
    department = user_department(user)
    if department is None:
        return queryset.filter(shared)
    own = Q(level="indicator", indicator__reporting_department=department) | Q(
        level="department", department=department
    )
    return queryset.filter(shared | own)


class IsDepartmentStaff(BasePermission):
    """API permission: 填报员 linked to a department (they enter and submit that department's figures)."""

    message = gettext_lazy("只有本单位填报员可以填报。")

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user_department(user) is not None)


# --------------------------------------------------------------------------------------------------
# Which departments a user reads, decided once per request (dashboard links, assessment reports)
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DepartmentsVisible:
    """Whose data a user reads: every department (``read_all``: supervisors, leadership, administrators)
    or only ``department_id`` (填报员: their own; None for a user without a department, who reads none)."""

    read_all: bool
    department_id: int | None = None

    def can_read(self, department_id: int | None) -> bool:
        """Whether the data of the department ``department_id`` are readable (``department_readable`` by id)."""
        return self.read_all or (department_id is not None and department_id == self.department_id)


def department_visible_only(user):
    """The one department ``user`` is confined to: a 填报员's own department; None for readers of every
    department and for users without a department (who read none). 0–2 queries, cached per request."""
    if user_can_read_all(user):
        return None
    return user_department(user)


def departments_visible(user) -> DepartmentsVisible:
    """The ``DepartmentsVisible`` of ``user`` (anonymous users and users without a role read none)."""
    if user_can_read_all(user):
        return DepartmentsVisible(read_all=True)
    own = user_department(user)
    return DepartmentsVisible(read_all=False, department_id=own.pk if own else None)
