"""API of indicators, reporting periods, figures, submissions and stored scores (/api/v1/…).

Reads are scoped exactly like the web pages (``lingqiu_portal.api.department_scoped`` on top of
``responsibilities.selectors``): staff see their own department's figures, forms and department
scores (another department's object is a 404, and is filtered out of lists); supervisors and
leadership see everything. Writes go through ``indicators.services`` — the same services, and so the
same rules, as the web forms and the Excel upload; this module only checks the shape of the input.
"""

from django.db.models import Q
from rest_framework import viewsets

from lingqiu_portal.api import PortalAPIMixin, department_scoped
from responsibilities.selectors import user_can_read_all, user_department

from .filters import IndicatorFilter, IndicatorValueFilter, ReportingPeriodFilter, ScoreFilter, SubmissionFilter
from .models import Indicator, IndicatorValue, ReportingPeriod, Score, Submission
from .serializers import (
    IndicatorSerializer,
    IndicatorValueSerializer,
    ReportingPeriodSerializer,
    ScoreSerializer,
    SubmissionSerializer,
)


class IndicatorViewSet(PortalAPIMixin, viewsets.ReadOnlyModelViewSet):
    """指标: the plan's indicators with targets (part of the published plan: everyone logged in reads)."""

    queryset = Indicator.objects.select_related("task", "reporting_department").order_by("task__number", "code")
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter
    ordering_fields = ["code", "task__number", "name"]


class ReportingPeriodViewSet(PortalAPIMixin, viewsets.ReadOnlyModelViewSet):
    """报告期: quarters with their opening and due dates."""

    queryset = ReportingPeriod.objects.order_by("year", "quarter")
    serializer_class = ReportingPeriodSerializer
    filterset_class = ReportingPeriodFilter
    ordering_fields = ["year", "quarter", "due_on"]


class SubmissionViewSet(PortalAPIMixin, viewsets.ReadOnlyModelViewSet):
    """填报表: one department's form for one period, with its workflow status and version."""

    serializer_class = SubmissionSerializer
    filterset_class = SubmissionFilter
    ordering_fields = ["period__year", "period__quarter", "department__code", "submitted_at"]

    def get_queryset(self):
        queryset = Submission.objects.select_related("department", "period").order_by(
            "-period__year", "-period__quarter", "department__code"
        )
        return department_scoped(queryset, self.request.user, field="department")


class IndicatorValueViewSet(PortalAPIMixin, viewsets.ReadOnlyModelViewSet):
    """指标数值: figures by indicator and period, in the indicator's unit."""

    serializer_class = IndicatorValueSerializer
    filterset_class = IndicatorValueFilter
    ordering_fields = ["indicator__code", "period__year", "period__quarter", "updated_at", "status"]

    def get_queryset(self):
        queryset = IndicatorValue.objects.select_related("indicator", "period").order_by(
            "indicator__task__number", "indicator__code", "period__year", "period__quarter", "is_final"
        )
        return department_scoped(queryset, self.request.user, field="indicator__reporting_department")


def scores_visible(queryset, user):
    """Stored scores a user may read. Task, system and plan scores concern everyone; an indicator's
    score (it shows the approved figure) and a department's assessment score only its department —
    for staff; supervisors and leadership read all."""
    if user_can_read_all(user):
        return queryset
    shared = ~Q(level__in=[Score.Level.INDICATOR, Score.Level.DEPARTMENT])
    department = user_department(user)
    if department is None:
        return queryset.filter(shared)
    own = Q(level=Score.Level.INDICATOR, indicator__reporting_department=department) | Q(
        level=Score.Level.DEPARTMENT, department=department
    )
    return queryset.filter(shared | own)


class ScoreViewSet(PortalAPIMixin, viewsets.ReadOnlyModelViewSet):
    """进度得分: stored scores by entity (``level`` and its id) and period, as recomputed after approvals."""

    serializer_class = ScoreSerializer
    filterset_class = ScoreFilter
    ordering_fields = ["period__year", "period__quarter", "level", "score", "progress"]

    def get_queryset(self):
        queryset = Score.objects.select_related("period").order_by("period__year", "period__quarter", "level", "id")
        return scores_visible(queryset, self.request.user)
