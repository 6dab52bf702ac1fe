"""API serializers of the catalogue: indicators with their targets, and reporting periods."""

from rest_framework import serializers

from indicators.models import Indicator, ReportingPeriod


class IndicatorSerializer(serializers.ModelSerializer):
    """An indicator with its 2025 target; ``target`` is the target as people read it ("≥ 78 %")."""

    task_number = serializers.IntegerField(source="task.number", read_only=True)
    reporting_department_code = serializers.CharField(source="reporting_department.code", read_only=True)
    target = serializers.CharField(source="target_display", read_only=True)
    yearly_targets = serializers.DictField(child=serializers.FloatField(allow_null=True), read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "task",
            "task_number",
            "code",
            "name",
            "unit",
            "kind",
            "comparator",
            "target",
            "target_value",
            "target_year",
            "baseline_value",
            "baseline_year",
            "yearly_targets",
            "growth_unit",
            "binding",
            "reporting_department",
            "reporting_department_code",
            "frequency",
            "accumulation",
            "weight",
            "min_value",
            "max_value",
            "decimal_places",
            "change_warning_percent",
            "source_sentence",
            "interpretation",
        ]


class ReportingPeriodSerializer(serializers.ModelSerializer):
    """A quarter: ``label`` "2025Q4", ``start``/``end`` its first and last day."""

    label = serializers.CharField(read_only=True)
    start = serializers.DateField(read_only=True)
    end = serializers.DateField(read_only=True)

    class Meta:
        model = ReportingPeriod
        fields = ["id", "year", "quarter", "label", "start", "end", "opens_on", "due_on", "annual_due_on"]
