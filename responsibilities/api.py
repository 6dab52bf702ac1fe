"""API of departments: the read-only /api/v1/departments/ and assignments/ (the token endpoints are
``responsibilities.accounts.api``).

Who is responsible for what is part of the published plan: everyone logged in reads it.
"""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from rest_framework import viewsets

from responsibilities.models import Department, TaskAssignment
from responsibilities.serializers import DepartmentSerializer, TaskAssignmentSerializer
from tasks.common.api import IntegerFilter, PortalAPIMixin


class DepartmentFilter(filters.FilterSet):
    class Meta:
        model = Department
        fields = ["code", "kind", "is_active"]


class DepartmentViewSet(PortalAPIMixin, viewsets.ReadOnlyModelViewSet):
    """责任单位."""

    queryset = Department.objects.order_by("order", "code")
    serializer_class = DepartmentSerializer
    filterset_class = DepartmentFilter
    ordering_fields = ["code", "name", "kind"]


class TaskAssignmentFilter(filters.FilterSet):
    task = IntegerFilter(field_name="task_id", label=_("任务ID"))
    task_number = IntegerFilter(field_name="task__number", label=_("任务序号"))
    department = IntegerFilter(field_name="department_id", label=_("单位ID"))
    department_code = filters.CharFilter(field_name="department__code", label=_("单位代码"))

    class Meta:
        model = TaskAssignment
        fields = ["task", "task_number", "department", "department_code", "role"]


class TaskAssignmentViewSet(PortalAPIMixin, viewsets.ReadOnlyModelViewSet):
    """任务分工: which department leads (牵头) or supports (配合) which task."""

    queryset = TaskAssignment.objects.select_related("task", "department").order_by(
        "task__number", "role", "department__code"
    )
    serializer_class = TaskAssignmentSerializer
    filterset_class = TaskAssignmentFilter
    ordering_fields = ["task__number", "role"]
