"""Read-only API of the plan's structure: /api/v1/plans/, systems/, tasks/, milestones/.

Everyone logged in reads the structure (it is the published plan); nobody writes it through the
API — the plan file and the admin maintain it.
"""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from rest_framework import viewsets

from tasks.common.api import IntegerFilter, PortalAPIMixin
from tasks.models import EcoSystem, Milestone, Plan, PlanTask
from tasks.serializers import EcoSystemSerializer, MilestoneSerializer, PlanSerializer, PlanTaskSerializer


class PlanViewSet(PortalAPIMixin, viewsets.ReadOnlyModelViewSet):
    """规划 (plans)."""

    queryset = Plan.objects.order_by("id")
    serializer_class = PlanSerializer
    ordering_fields = ["id", "code", "period_end"]


class EcoSystemFilter(filters.FilterSet):
    plan = IntegerFilter(field_name="plan_id", label=_("规划ID"))

    class Meta:
        model = EcoSystem
        fields = ["plan", "code"]


class EcoSystemViewSet(PortalAPIMixin, viewsets.ReadOnlyModelViewSet):
    """体系 (the plan's six systems), in plan order."""

    queryset = EcoSystem.objects.order_by("plan_id", "order")
    serializer_class = EcoSystemSerializer
    filterset_class = EcoSystemFilter
    ordering_fields = ["order", "code", "name"]


class PlanTaskFilter(filters.FilterSet):
    system = IntegerFilter(field_name="system_id", label=_("体系ID"))
    system_code = filters.CharFilter(field_name="system__code", label=_("体系代码"))
    number = IntegerFilter(label=_("任务序号"))

    class Meta:
        model = PlanTask
        fields = ["system", "system_code", "number"]


class PlanTaskViewSet(PortalAPIMixin, viewsets.ReadOnlyModelViewSet):
    """规划任务 (tasks 1–23) with their system."""

    queryset = PlanTask.objects.select_related("system").order_by("number")
    serializer_class = PlanTaskSerializer
    filterset_class = PlanTaskFilter
    ordering_fields = ["number", "title"]


class MilestoneFilter(filters.FilterSet):
    task = IntegerFilter(field_name="task_id", label=_("任务ID"))
    task_number = IntegerFilter(field_name="task__number", label=_("任务序号"))
    due_before = filters.DateFilter(field_name="due_date", lookup_expr="lte", label=_("完成时限不晚于"))

    class Meta:
        model = Milestone
        fields = ["task", "task_number", "code", "due_before"]


class MilestoneViewSet(PortalAPIMixin, viewsets.ReadOnlyModelViewSet):
    """节点目标 (milestones) of the tasks."""

    queryset = Milestone.objects.select_related("task").order_by("task__number", "code")
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilter
    ordering_fields = ["code", "due_date"]
