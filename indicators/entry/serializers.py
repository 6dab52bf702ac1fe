"""API serializers of figures, milestone reports and submissions.

Numbers go out as decimal strings (``"97.500000"``): exact, in the indicator's unit (%, µg/m³, MW …).
Figures come in as text, exactly as a person typed them (``"９７．５"``, ``"1,595"``, ``"97.5%"``), and
are read by ``indicators.catalogue.parsing.value_parse`` — the same reading as the web form and the Excel upload.
"""

from rest_framework import serializers

from indicators.models import Indicator, IndicatorValue, MilestoneReport, ReportingPeriod, Submission
from tasks.common.api import DigitsDecimalField
from tasks.models import Milestone

VERSION_HELP = "您读取到的填报表版本号(必填,或以 If-Match 请求头发送);已被他人修改时返回 409"


class SubmissionSerializer(serializers.ModelSerializer):
    """A department's form for a period; ``version`` is what a later write must send back (409 if stale)."""

    department_code = serializers.CharField(source="department.code", read_only=True)
    period_label = serializers.CharField(source="period.label", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Submission
        fields = [
            "id",
            "department",
            "department_code",
            "period",
            "period_label",
            "status",
            "status_display",
            "version",
            "first_submitted_at",
            "submitted_at",
            "returned_count",
            "is_demo",
        ]


class IndicatorValueSerializer(serializers.ModelSerializer):
    """A figure (read side). ``is_final``: 正式 (true) or 初步 (false)."""

    indicator_code = serializers.CharField(source="indicator.code", read_only=True)
    department = serializers.IntegerField(source="indicator.reporting_department_id", read_only=True)
    period_label = serializers.CharField(source="period.label", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    submission_version = serializers.IntegerField(source="submission.version", read_only=True, allow_null=True)

    class Meta:
        model = IndicatorValue
        fields = [
            "id",
            "submission",
            "submission_version",
            "indicator",
            "indicator_code",
            "department",
            "period",
            "period_label",
            "is_final",
            "value",
            "note",
            "status",
            "status_display",
            "review_reason",
            "reviewed_at",
            "origin",
            "source",
            "updated_at",
        ]


class ValueWriteSerializer(serializers.Serializer):
    """A figure as a person typed it, for ``POST /api/v1/values/`` (save as draft; creates or updates).

    ``value``: text as typed (``"97.5"``, ``"９７．５"``, ``"1,595"``, ``"97.5%"`` on a percent indicator)
    or null/"" for blank; read by ``value_parse`` — ambiguous text (``"97,5"``) is a 400 naming ``value``.
    ``version``: the version of the department's form for the period that you read (``submission_version`` of
    its figures, ``version`` of ``/api/v1/submissions/``; 1 when the form does not exist yet) — or send it as an
    ``If-Match`` header. Required: without it 428, when the form moved on 409, and nothing is saved.
    ``is_final`` left out: the entry form's and the Excel upload's default — the period's stored figure keeps its
    type; a new quarterly figure is 正式, a new annual one 初步.
    """

    indicator = serializers.PrimaryKeyRelatedField(queryset=Indicator.objects.select_related("reporting_department"))
    period = serializers.PrimaryKeyRelatedField(queryset=ReportingPeriod.objects.all())
    value = serializers.CharField(allow_null=True, allow_blank=True, max_length=60, required=False, default=None)
    is_final = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text=(
            "正式数据为 true,初步数据为 false;不填:与网页填报和Excel导入相同"
            "(已有数据沿用其类型,新的季度数据为正式,年度数据为初步)"
        ),
    )
    note = serializers.CharField(allow_blank=True, required=False, default="", max_length=2000)
    version = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1, help_text=VERSION_HELP)

    def validate(self, attrs):
        attrs["value"] = parsed_value(attrs.get("value"), indicator=attrs["indicator"])
        return attrs


class ValueUpdateSerializer(serializers.Serializer):
    """``PATCH /api/v1/values/{id}/``: any of ``value``, ``is_final``, ``note``; the rest stays as it is."""

    value = serializers.CharField(allow_null=True, allow_blank=True, max_length=60, required=False)
    is_final = serializers.BooleanField(required=False)
    note = serializers.CharField(allow_blank=True, required=False, max_length=2000)
    version = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1, help_text=VERSION_HELP)

    def validate(self, attrs):
        if "value" in attrs:
            attrs["value"] = parsed_value(attrs["value"], indicator=self.context["indicator"])
        return attrs


def parsed_value(raw, *, indicator):
    """``value_parse`` with its Chinese message under the ``value`` field."""
    from indicators.catalogue.parsing import ValueParseError, value_parse

    try:
        return value_parse(raw, indicator=indicator)
    except ValueParseError as exc:
        raise serializers.ValidationError({"value": [exc.message]}) from None


class ReviewSerializer(serializers.Serializer):
    """Approve, submit or withdraw: the form ``version`` you read (this field or an ``If-Match`` header; 428
    without it, 409 if it changed since)."""

    version = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1, help_text=VERSION_HELP)


class ReviewReasonSerializer(ReviewSerializer):
    """Return or reopen: the ``reason`` (required, shown to the department) and the ``version`` you read."""

    reason = serializers.CharField(max_length=1000)


class MilestoneReportSerializer(serializers.ModelSerializer):
    """Progress of a milestone in a period: ``state`` 未启动/推进中/已完成, ``percent_done`` 0–100 %."""

    milestone_code = serializers.CharField(source="milestone.code", read_only=True)
    department = serializers.IntegerField(source="submission.department_id", read_only=True)
    period_label = serializers.CharField(source="period.label", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    submission_version = serializers.IntegerField(source="submission.version", read_only=True)

    class Meta:
        model = MilestoneReport
        fields = [
            "id",
            "submission",
            "submission_version",
            "milestone",
            "milestone_code",
            "department",
            "period",
            "period_label",
            "state",
            "state_display",
            "percent_done",
            "description",
            "status",
            "status_display",
            "review_reason",
            "reviewed_at",
            "updated_at",
        ]


class MilestoneReportWriteSerializer(serializers.Serializer):
    """``POST /api/v1/milestone-reports/`` (save as draft; creates or updates the period's report of a
    milestone of a task your department leads). ``version`` as for figures."""

    milestone = serializers.PrimaryKeyRelatedField(queryset=Milestone.objects.all())
    period = serializers.PrimaryKeyRelatedField(queryset=ReportingPeriod.objects.all())
    state = serializers.ChoiceField(choices=MilestoneReport.State.choices)
    percent_done = DigitsDecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False, allow_null=True, default=None
    )
    description = serializers.CharField(allow_blank=True, required=False, default="", max_length=4000)
    version = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1, help_text=VERSION_HELP)
