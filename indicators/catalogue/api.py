"""API of the catalogue (/api/v1/indicators/, /api/v1/periods/): part of the published plan, read by everyone
signed in."""

from rest_framework import viewsets

from indicators.catalogue.filters import IndicatorFilter, ReportingPeriodFilter
from indicators.catalogue.serializers import IndicatorSerializer, ReportingPeriodSerializer
from indicators.models import Indicator, ReportingPeriod
from tasks.common.api import PortalAPIMixin


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
