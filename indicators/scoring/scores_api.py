"""API of the stored scores: ``GET /api/v1/scores/`` (进度得分 by level, entity and period).

Task, system and plan scores are county-level aggregates read by everyone signed in; an indicator's score
(it shows the approved figure) and a department's assessment score only by its department's staff and by
the readers of everything (``responsibilities.access.scores_scoped``, the one visibility policy).
"""

from rest_framework import serializers, viewsets

from indicators.catalogue.filters import ScoreFilter
from indicators.models import Score
from responsibilities.access import scores_scoped
from tasks.common.api import PortalAPIMixin


class ScoreSerializer(serializers.ModelSerializer):
    """A stored score. Progress and expected (时序进度) in % (0–100, ``progress_raw`` unclamped), score 0–100."""

    period_label = serializers.CharField(source="period.label", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    components = serializers.JSONField(read_only=True)

    class Meta:
        model = Score
        fields = [
            "id",
            "level",
            "period",
            "period_label",
            "plan",
            "indicator",
            "task",
            "system",
            "department",
            "current_value",
            "progress_raw",
            "progress",
            "expected",
            "status",
            "status_display",
            "forecast",
            "forecast_met",
            "score",
            "grade",
            "components",
            "rule",
            "config_version",
            "computed_at",
        ]


class ScoreViewSet(PortalAPIMixin, viewsets.ReadOnlyModelViewSet):
    """进度得分: stored scores by entity (``level`` and its id) and period, as recomputed after approvals."""

    serializer_class = ScoreSerializer
    filterset_class = ScoreFilter
    ordering_fields = ["period__year", "period__quarter", "level", "score", "progress"]

    def get_queryset(self):
        queryset = Score.objects.select_related("period").order_by("period__year", "period__quarter", "level", "id")
        return scores_scoped(queryset, self.request.user)
