"""The department access policy: who may read, change and review a department's data.

Every page, export, API view and selector asks here.

Staff (填报员) read and change only their own department's data; supervisors (督查员, and
administrators) read everything and review; leadership (领导) read everything and change nothing.
Views answer 404 when a staff member aims at another department (the object "does not exist" for
them) and 403 when a reader who may see it tries to change it.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
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


def supervisor_or_deny(user) -> None:
    """Raise PermissionDenied unless ``user`` is a supervisor (督查员) or administrator."""
    if not user_is_supervisor(user):
        raise PermissionDenied(_("只有督查员可以审核。"))


def department_scoped(queryset: QuerySet, user, *, field: str) -> QuerySet:
    """Rows a user may see: all for supervisors/leaders/admins, the own department's for staff
    (``field`` is the lookup of the row's department, e.g. ``"department"``), none otherwise."""
    if user_can_read_all(user):
        return queryset
    department = user_department(user)
    if department is None:
        return queryset.none()
    return queryset.filter(**{field: department})


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
