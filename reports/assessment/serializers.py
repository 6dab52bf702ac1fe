"""API serializers of assessment report jobs (考核报表)."""

from django.urls import reverse
from rest_framework import serializers

from reports.models import ReportJob


class ReportJobSerializer(serializers.ModelSerializer):
    """A requested report: its parameters, ``status`` (queued | running | done | failed), ``progress`` (%)
    and, once done, ``download_url``."""

    title = serializers.CharField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportJob
        fields = [
            "id",
            "title",
            "plan",
            "scope",
            "department",
            "period_kind",
            "year",
            "quarter",
            "as_of",
            "status",
            "status_display",
            "progress",
            "error",
            "requested_at",
            "started_at",
            "finished_at",
            "download_url",
        ]

    def get_download_url(self, job) -> str | None:
        return reverse("api-reportjob-download", args=[job.pk]) if job.status == ReportJob.Status.DONE else None


class ReportJobCreateSerializer(serializers.Serializer):
    """What to report (shape only; the rules are those of the web form ``ReportParamsForm``):
    ``scope`` county | department (with ``department`` id); ``period_kind`` quarter (``year``,
    ``quarter``) | year (``year``) | plan (the whole plan period, 终期评估)."""

    scope = serializers.ChoiceField(choices=ReportJob.Scope.choices, default=ReportJob.Scope.COUNTY)
    department = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**31 - 1)
    period_kind = serializers.ChoiceField(choices=ReportJob.PeriodKind.choices, default=ReportJob.PeriodKind.PLAN)
    year = serializers.IntegerField(required=False, allow_null=True, min_value=2000, max_value=2100)
    quarter = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=4)
