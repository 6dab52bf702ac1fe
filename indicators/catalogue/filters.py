"""django-filter FilterSets of the API (/api/v1/indicators/, periods/, values/, submissions/, scores/).

Filters by id (``indicator=5``) and by the codes people use (``indicator_code=12-1``,
``department=ecoenv``, ``year=2025&quarter=4``); ``department`` and ``plan`` take either the code or the
numeric id the responses show (``department=4``). A malformed filter value is a 400 naming the field.

Indicator codes are unique within a plan only (issue 11): an indicator code (``code`` of indicators/,
``indicator_code`` of values/ and scores/) is resolved in the plan named by ``plan=`` and, without it, in
the plan being tracked (``tasks.selectors.plan_current``) — never across plans.
"""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from indicators.models import Indicator, IndicatorValue, MilestoneReport, ReportingPeriod, Score, Submission
from tasks.common.api import INT_MAX, IntegerFilter
from tasks.selectors import plan_current

DEPARTMENT_HELP = _("单位代码(如 ecoenv)或单位ID(如 4,即返回结果中的 department)")


class DepartmentFilter(filters.CharFilter):
    """``department=ecoenv`` (the code) or ``department=4`` (the id, as responses show it).

    ``field_name`` is the path to the Department foreign key (e.g. ``indicator__reporting_department``).
    ASCII digits up to INT_MAX are an id; anything else is a code (an unknown one matches nothing).
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("单位"))
        kwargs.setdefault("help_text", DEPARTMENT_HELP)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in ([], (), {}, "", None):
            return qs
        if value.isascii() and value.isdigit() and int(value) <= INT_MAX:
            return qs.filter(**{f"{self.field_name}__pk": int(value)})
        return qs.filter(**{f"{self.field_name}__code": value})


class PlanFilter(filters.CharFilter):
    """``plan=lingqiu-2022-2025`` (the plan's code) or ``plan=1`` (its id); ``field_name`` is the path to
    the Plan foreign key. The indicator-code filters of the same FilterSet are resolved in this plan."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("规划"))
        kwargs.setdefault("help_text", _("规划代码或规划ID;按指标代码筛选时,不填则为当前规划"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in ([], (), {}, "", None):
            return qs
        if value.isascii() and value.isdigit() and int(value) <= INT_MAX:
            return qs.filter(**{f"{self.field_name}__pk": int(value)})
        return qs.filter(**{f"{self.field_name}__code": value})


class IndicatorCodeFilter(filters.CharFilter):
    """An indicator code, resolved in one plan: the FilterSet's ``plan`` filter when given, else the plan
    being tracked. ``field_name`` is the path to the code; ``plan_path`` the path to the indicator's plan."""

    def __init__(self, *args, plan_path: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan_path = plan_path

    def filter(self, qs, value):
        if value in ([], (), {}, "", None):
            return qs
        qs = qs.filter(**{self.field_name: value})
        if self.parent is not None and self.parent.form.cleaned_data.get("plan"):
            return qs  # the plan filter scopes the queryset
        current = plan_current()
        return qs.filter(**{f"{self.plan_path}_id": current.pk if current else None})


class IndicatorFilter(filters.FilterSet):
    plan = PlanFilter(field_name="plan")
    code = IndicatorCodeFilter(field_name="code", plan_path="plan", label=_("指标代码"))
    task = IntegerFilter(field_name="task_id", label=_("任务ID"))
    task_number = IntegerFilter(field_name="task__number", label=_("任务序号"))
    system_code = filters.CharFilter(field_name="task__system__code", label=_("体系代码"))
    department = DepartmentFilter(field_name="reporting_department", label=_("填报单位"))

    class Meta:
        model = Indicator
        fields = ["plan", "task", "task_number", "system_code", "code", "department", "kind", "frequency", "binding"]


class ReportingPeriodFilter(filters.FilterSet):
    year = IntegerFilter(label=_("年度"))
    quarter = IntegerFilter(label=_("季度"))

    class Meta:
        model = ReportingPeriod
        fields = ["year", "quarter"]


class _PeriodFilterMixin(filters.FilterSet):
    period = IntegerFilter(field_name="period_id", label=_("报告期ID"))
    year = IntegerFilter(field_name="period__year", label=_("年度"))
    quarter = IntegerFilter(field_name="period__quarter", label=_("季度"))


class IndicatorValueFilter(_PeriodFilterMixin):
    plan = PlanFilter(field_name="indicator__plan")
    indicator = IntegerFilter(field_name="indicator_id", label=_("指标ID"))
    indicator_code = IndicatorCodeFilter(field_name="indicator__code", plan_path="indicator__plan", label=_("指标代码"))
    department = DepartmentFilter(field_name="indicator__reporting_department")
    submission = IntegerFilter(field_name="submission_id", label=_("填报表ID"))

    class Meta:
        model = IndicatorValue
        fields = ["plan", "indicator", "indicator_code", "department", "submission", "status", "is_final", "origin"]


class MilestoneReportFilter(_PeriodFilterMixin):
    milestone = IntegerFilter(field_name="milestone_id", label=_("节点ID"))
    milestone_code = filters.CharFilter(field_name="milestone__code", label=_("节点代码"))
    department = DepartmentFilter(field_name="submission__department")
    submission = IntegerFilter(field_name="submission_id", label=_("填报表ID"))

    class Meta:
        model = MilestoneReport
        fields = ["milestone", "milestone_code", "department", "submission", "state", "status"]


class SubmissionFilter(_PeriodFilterMixin):
    department = DepartmentFilter(field_name="department")

    class Meta:
        model = Submission
        fields = ["department", "status", "is_demo"]


class ScoreFilter(_PeriodFilterMixin):
    plan = PlanFilter(field_name="plan")
    indicator = IntegerFilter(field_name="indicator_id", label=_("指标ID"))
    indicator_code = IndicatorCodeFilter(field_name="indicator__code", plan_path="plan", label=_("指标代码"))
    task = IntegerFilter(field_name="task_id", label=_("任务ID"))
    task_number = IntegerFilter(field_name="task__number", label=_("任务序号"))
    system = IntegerFilter(field_name="system_id", label=_("体系ID"))
    department = DepartmentFilter(field_name="department")

    class Meta:
        model = Score
        fields = [
            "plan",
            "level",
            "indicator",
            "indicator_code",
            "task",
            "task_number",
            "system",
            "department",
            "status",
        ]
