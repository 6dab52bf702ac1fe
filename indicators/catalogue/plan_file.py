"""Validation of a plan file (fixtures/plan_*.yaml) with DRF serializers.

Serializers give nested errors with Chinese messages (Django's zh-hans translations); ``plan_file_errors``
flattens them into ``systems[1].tasks[0].indicators[2].comparator: "xx"不是合法选项。`` so that a
supervisor editing the YAML sees the exact place. Cross-references (department codes, one lead per
task, indicator codes unique within the plan — the database holds the same rule) are checked in
``PlanFileSerializer.validate``.
"""

from rest_framework import serializers

from indicators.models import Accumulation, Comparator, Frequency, GrowthUnit, TargetKind
from responsibilities.models import Department, TaskAssignment
from tasks.common.api import DigitsDecimalField, DigitsIntegerField
from tasks.models import Plan


class DepartmentSerializer(serializers.Serializer):
    code = serializers.SlugField(max_length=32)
    name = serializers.CharField(max_length=100)
    short_name = serializers.CharField(max_length=30)
    kind = serializers.ChoiceField(Department.Kind.choices)
    order = DigitsIntegerField(min_value=0, required=False, default=0)  # the county's order in lists


class AssignmentSerializer(serializers.Serializer):
    department = serializers.SlugField()
    role = serializers.ChoiceField(TaskAssignment.Role.choices)
    basis = serializers.CharField()


class YearlyTargetSerializer(serializers.Field):
    """One year's target: a number (``2023: 85``) or, with its source document,
    ``2023: {value: 85, source: 大同市2023年目标责任书}`` (value may be null when only the document is known).
    Read as {"value": Decimal | None, "source": str}."""

    default_error_messages = {"invalid": "应为数值，或 {{value: 数值, source: 依据文件}}。"}

    def to_internal_value(self, data):
        number = DigitsDecimalField(max_digits=20, decimal_places=6, allow_null=True)
        if isinstance(data, dict):
            if set(data) - {"value", "source"}:
                self.fail("invalid")
            source = serializers.CharField(max_length=300, allow_blank=True).run_validation(data.get("source") or "")
            return {"value": number.run_validation(data.get("value")), "source": source}
        if isinstance(data, bool | list):
            self.fail("invalid")
        return {"value": number.run_validation(data), "source": ""}

    def to_representation(self, value):
        return value


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=32)
    name = serializers.CharField(max_length=200)
    unit = serializers.CharField(max_length=20, allow_blank=True)
    kind = serializers.ChoiceField(TargetKind.choices)
    comparator = serializers.ChoiceField(Comparator.choices)
    target_value = DigitsDecimalField(max_digits=20, decimal_places=6, allow_null=True)
    target_year = DigitsIntegerField(min_value=2000, max_value=2100)
    baseline_value = DigitsDecimalField(max_digits=20, decimal_places=6, allow_null=True, required=False)
    baseline_year = DigitsIntegerField(allow_null=True, required=False)
    yearly_targets = serializers.DictField(child=YearlyTargetSerializer(), required=False)
    growth_unit = serializers.ChoiceField(GrowthUnit.choices, allow_null=True, allow_blank=True, required=False)
    binding = serializers.BooleanField()
    reporting_department = serializers.SlugField()
    frequency = serializers.ChoiceField(Frequency.choices)
    accumulation = serializers.ChoiceField(Accumulation.choices, default=Accumulation.LATEST)
    weight = DigitsDecimalField(max_digits=6, decimal_places=2, default=1)
    min_value = DigitsDecimalField(max_digits=20, decimal_places=6, allow_null=True, required=False)
    max_value = DigitsDecimalField(max_digits=20, decimal_places=6, allow_null=True, required=False)
    decimal_places = DigitsIntegerField(min_value=0, max_value=6, default=1)
    source_sentence = serializers.CharField()
    interpretation = serializers.CharField(allow_blank=True, allow_null=True, required=False, default="")

    def validate(self, attrs):
        needs_target = attrs["kind"] not in (TargetKind.ANNUAL_ASSIGNED, TargetKind.TREND)
        if needs_target and attrs.get("target_value") is None:
            raise serializers.ValidationError({"target_value": "该类型指标必须填写目标值。"})
        if attrs["kind"] == TargetKind.ANNUAL_GROWTH and not attrs.get("growth_unit"):
            raise serializers.ValidationError({"growth_unit": "年均增幅型指标必须注明增幅单位(points 或 percent)。"})
        if attrs["unit"].strip() == "%" and attrs["accumulation"] == Accumulation.SUM:
            raise serializers.ValidationError(
                {"accumulation": "百分比指标不能设为逐期累加(sum):各期百分比相加没有意义,请用 latest。"}
            )
        return attrs


class MilestoneSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=32)
    title = serializers.CharField(max_length=300)
    due_date = serializers.DateField()
    weight = DigitsDecimalField(max_digits=6, decimal_places=2, default=1)
    source_sentence = serializers.CharField(allow_blank=True, required=False, default="")


class TaskSerializer(serializers.Serializer):
    number = DigitsIntegerField(min_value=1)
    title = serializers.CharField(max_length=200)
    text = serializers.CharField()
    target_statement = serializers.CharField(allow_blank=True, required=False, default="")
    assignments = AssignmentSerializer(many=True)
    indicators = IndicatorSerializer(many=True, required=False, default=list)
    milestones = MilestoneSerializer(many=True, required=False, default=list)

    def validate_assignments(self, value):
        if not any(a["role"] == TaskAssignment.Role.LEAD for a in value):
            raise serializers.ValidationError("每项任务至少要有一个牵头单位(role: lead)。")
        return value


class SystemSerializer(serializers.Serializer):
    code = serializers.SlugField(max_length=32)
    order = DigitsIntegerField(min_value=1)
    name = serializers.CharField(max_length=50)
    aliases = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    tasks = TaskSerializer(many=True, allow_empty=False)


class PlanHeaderSerializer(serializers.Serializer):
    code = serializers.SlugField(max_length=64)
    name = serializers.CharField(max_length=200)
    county = serializers.CharField(max_length=50)
    city = serializers.CharField(max_length=50, required=False, default="")
    province = serializers.CharField(max_length=50, required=False, default="")
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    base_year = DigitsIntegerField(min_value=2000, max_value=2100)
    target_year = DigitsIntegerField(min_value=2000, max_value=2100)
    source = serializers.CharField(required=False, default="")
    preamble = serializers.CharField(required=False, default="")
    # The state a newly loaded plan starts in (default 草案); afterwards the administrator changes it in the admin.
    state = serializers.ChoiceField(Plan.State.choices, required=False)

    def validate(self, attrs):
        if attrs["period_start"] >= attrs["period_end"]:
            raise serializers.ValidationError({"period_end": "规划期止必须晚于规划期起。"})
        return attrs


class PublicFigureSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    year = DigitsIntegerField(min_value=2000, max_value=2100)
    value = DigitsDecimalField(max_digits=20, decimal_places=6)
    unit = serializers.CharField(max_length=20, allow_blank=True)
    indicator = serializers.CharField(allow_null=True, required=False)
    same_measure = serializers.BooleanField(default=False)
    source = serializers.CharField()
    note = serializers.CharField(allow_blank=True, required=False, default="")


class PlanFileSerializer(serializers.Serializer):
    plan = PlanHeaderSerializer()
    departments = DepartmentSerializer(many=True, allow_empty=False)
    systems = SystemSerializer(many=True, allow_empty=False)
    public_figures = PublicFigureSerializer(many=True, required=False, default=list)

    def validate(self, attrs):
        errors = {}
        department_codes = _unique_or_error(attrs["departments"], "code", "departments", errors)
        task_numbers = set()
        indicator_codes = {}  # code → number of the task that first uses it (codes are unique per plan)
        for s, system in enumerate(attrs["systems"]):
            for t, task in enumerate(system["tasks"]):
                place = f"systems[{s}].tasks[{t}]"
                _check_task(task, place, department_codes, task_numbers, indicator_codes, errors)
        for f, figure in enumerate(attrs["public_figures"]):
            if figure.get("indicator") and figure["indicator"] not in indicator_codes:
                errors[f"public_figures[{f}].indicator"] = f"指标代码“{figure['indicator']}”在规划中不存在。"
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


def _unique_or_error(items, key, place, errors) -> set:
    seen = set()
    for i, item in enumerate(items):
        if item[key] in seen:
            errors[f"{place}[{i}].{key}"] = f"“{item[key]}”重复。"
        seen.add(item[key])
    return seen


def _check_task(task, place, department_codes, task_numbers, indicator_codes, errors):
    if task["number"] in task_numbers:
        errors[f"{place}.number"] = f"任务序号 {task['number']} 重复。"
    task_numbers.add(task["number"])
    for a, assignment in enumerate(task["assignments"]):
        if assignment["department"] not in department_codes:
            errors[f"{place}.assignments[{a}].department"] = (
                f"单位代码“{assignment['department']}”未在 departments 中定义。"
            )
    for i, indicator in enumerate(task["indicators"]):
        first = indicator_codes.get(indicator["code"])
        if first is not None:
            errors[f"{place}.indicators[{i}].code"] = (
                f"指标代码“{indicator['code']}”重复(已用于任务 {first}):同一规划内指标代码不能重复。"
            )
        indicator_codes.setdefault(indicator["code"], task["number"])
        if indicator["reporting_department"] not in department_codes:
            errors[f"{place}.indicators[{i}].reporting_department"] = (
                f"单位代码“{indicator['reporting_department']}”未在 departments 中定义。"
            )
    _unique_or_error(task["milestones"], "code", f"{place}.milestones", errors)


def plan_file_errors(detail, prefix: str = "") -> list[str]:
    """Flatten DRF's nested ``serializer.errors`` into ``place: message`` lines (place like a[1].b.c)."""
    if isinstance(detail, dict):
        lines = []
        for key, value in detail.items():
            if isinstance(key, int):  # DRF keys list items by their index
                place = f"{prefix}[{key}]"
            else:
                place = key if not prefix else (prefix if key == "non_field_errors" else f"{prefix}.{key}")
            lines += plan_file_errors(value, "" if key == "non_field_errors" and not prefix else place)
        return lines
    if isinstance(detail, list) and detail and all(isinstance(d, str) for d in detail):
        return [f"{prefix or '文件'}: {message}" for message in detail]
    if isinstance(detail, list):
        return [line for i, item in enumerate(detail) for line in plan_file_errors(item, f"{prefix}[{i}]")]
    return [f"{prefix or '文件'}: {detail}"]
