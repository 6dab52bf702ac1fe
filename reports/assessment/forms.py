"""The form choosing a report's scope and period (范围、期间), with Chinese messages naming the field."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators.models import ReportingPeriod
from reports.assessment.cells import ReportParams
from reports.models import ReportJob
from responsibilities.models import Department


class ReportParamsForm(forms.Form):
    """Scope (全县 | 单个单位 with the department) and period (季度 with year and quarter | 年度 with the
    year | 规划期, the final assessment). ``params(plan)`` gives the ``ReportParams``."""

    scope = forms.ChoiceField(label=_("范围"), choices=ReportJob.Scope.choices, initial=ReportJob.Scope.COUNTY)
    department = forms.ModelChoiceField(
        label=_("单位"),
        queryset=Department.objects.filter(is_active=True).order_by("order", "code"),
        required=False,
        empty_label=_("(选择单位)"),
    )
    period_kind = forms.ChoiceField(
        label=_("期间"), choices=ReportJob.PeriodKind.choices, initial=ReportJob.PeriodKind.PLAN
    )
    year = forms.TypedChoiceField(label=_("年度"), coerce=int, required=False, empty_value=None)
    quarter = forms.TypedChoiceField(
        label=_("季度"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "—")] + [(q, _("第%(q)s季度") % {"q": q}) for q in range(1, 5)],
    )

    def __init__(self, *args, department=None, **kwargs):
        """``department``: the only department a 填报员 may choose (scope fixed to 单个单位)."""
        super().__init__(*args, **kwargs)
        years = sorted(set(ReportingPeriod.objects.values_list("year", flat=True)))
        self.fields["year"].choices = [("", "—")] + [(y, _("%(y)s年") % {"y": y}) for y in years]
        if department is not None:
            self.fields["scope"].choices = [(ReportJob.Scope.DEPARTMENT, ReportJob.Scope.DEPARTMENT.label)]
            self.fields["scope"].initial = ReportJob.Scope.DEPARTMENT
            self.fields["department"].initial = department.pk
            self.fields["department"].queryset = Department.objects.filter(pk=department.pk)

    def clean(self):
        data = super().clean()
        if data.get("scope") == ReportJob.Scope.DEPARTMENT and not data.get("department"):
            self.add_error("department", _("选择“单个单位”时须选择单位。"))
        kind = data.get("period_kind")
        if kind in (ReportJob.PeriodKind.QUARTER, ReportJob.PeriodKind.YEAR) and not data.get("year"):
            self.add_error("year", _("按季度或年度出报表时须选择年度。"))
        if kind == ReportJob.PeriodKind.QUARTER:
            self._quarter_check(data)
        return data

    def _quarter_check(self, data) -> None:
        if not data.get("quarter"):
            self.add_error("quarter", _("按季度出报表时须选择季度。"))
        elif (
            data.get("year") and not ReportingPeriod.objects.filter(year=data["year"], quarter=data["quarter"]).exists()
        ):
            self.add_error("quarter", _("%(y)s年第%(q)s季度没有报告期。") % {"y": data["year"], "q": data["quarter"]})
        elif (
            data.get("year") and ReportingPeriod(year=data["year"], quarter=data["quarter"]).end >= timezone.localdate()
        ):
            self.add_error(
                "quarter", _("%(y)s年第%(q)s季度尚未结束,不能出季度报表。") % {"y": data["year"], "q": data["quarter"]}
            )

    def params(self, plan) -> ReportParams:
        """The validated choice as ``ReportParams`` (year and quarter dropped where the kind ignores them)."""
        data = self.cleaned_data
        kind = data["period_kind"]
        county = data["scope"] == ReportJob.Scope.COUNTY
        return ReportParams(
            plan_id=plan.pk,
            scope=data["scope"],
            department_id=None if county else data["department"].pk,
            period_kind=kind,
            year=None if kind == ReportJob.PeriodKind.PLAN else data["year"],
            quarter=data["quarter"] if kind == ReportJob.PeriodKind.QUARTER else None,
        )
