"""The plan's indicator catalogue: indicators (指标), their kinds and comparators, reporting periods
(报告期) and public figures (公开数据)."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from indicators.catalogue import periods
from indicators.scoring import engine
from responsibilities.models import Department
from tasks.common.numbers import number_plain, number_with_unit
from tasks.models import EcoSystem, Plan, PlanTask

# The choices of kinds, comparators, growth units and accumulation take their stored values from the scoring
# engine's enums (the one source); only the labels are the models'. tests/indicators/scoring/test_enums.py
# fails when a member is added to one side only.


class TargetKind(models.TextChoices):
    """How a 2025 target is read; see ``indicators.scoring.engine.TargetKind`` for the methods."""

    AT_LEAST = engine.TargetKind.AT_LEAST.value, _("不低于型")
    AT_MOST = engine.TargetKind.AT_MOST.value, _("不高于型(越低越好)")
    ZERO_COUNT = engine.TargetKind.ZERO_COUNT.value, _("清零型")
    PROJECT_COUNT = engine.TargetKind.PROJECT_COUNT.value, _("项目数量型")
    YES_NO = engine.TargetKind.YES_NO.value, _("是否型")
    ANNUAL_ASSIGNED = engine.TargetKind.ANNUAL_ASSIGNED.value, _("上级年度下达型")
    TREND = engine.TargetKind.TREND.value, _("趋势型(持续提升)")
    ANNUAL_GROWTH = engine.TargetKind.ANNUAL_GROWTH.value, _("年均增幅型")


class Comparator(models.TextChoices):
    GTE = engine.Comparator.GTE.value, "≥"
    GT = engine.Comparator.GT.value, ">"
    LTE = engine.Comparator.LTE.value, "≤"
    LT = engine.Comparator.LT.value, "<"
    EQ = engine.Comparator.EQ.value, "="


class GrowthUnit(models.TextChoices):
    POINTS = engine.GrowthUnit.POINTS.value, _("百分点")
    PERCENT = engine.GrowthUnit.PERCENT.value, _("百分比(相对增幅)")


class Frequency(models.TextChoices):
    QUARTERLY = "quarterly", _("按季度")
    ANNUAL = "annual", _("按年度")


class Accumulation(models.TextChoices):
    LATEST = engine.Accumulation.LATEST.value, _("取最新值")
    SUM = engine.Accumulation.SUM.value, _("逐期累加")


class Indicator(models.Model):
    """A quantitative 2025 target of a plan task, e.g. 林草覆盖率 ≥ 78 % (task 12).

    ``interpretation`` records the choice made where the plan is ambiguous (优于 read as <,
    远期, 年均提高幅度 in percentage points) and why; every field stays editable in the admin.

    ``plan`` is the task's plan, denormalised so that the database holds codes unique within a plan
    (``indicator_unique_code_per_plan``): every lookup by code (upload, API filters, plan loader) is
    scoped by plan. It is not editable; ``save`` sets it from the task. ``clean`` refuses, with Chinese
    messages naming the field, a code already used in the plan and a percent indicator summed period by
    period (逐期累加: 90 % + 50 % would read 140 %).
    """

    task = models.ForeignKey(PlanTask, models.CASCADE, related_name="indicators", verbose_name=_("规划任务"))
    plan = models.ForeignKey(Plan, models.CASCADE, related_name="indicators", editable=False, verbose_name=_("规划"))
    code = models.CharField(_("指标代码"), max_length=32)
    name = models.CharField(_("指标名称"), max_length=200)
    unit = models.CharField(pgettext_lazy("unit of measurement", "单位"), max_length=20, blank=True)
    kind = models.CharField(_("目标类型"), max_length=20, choices=TargetKind.choices)
    comparator = models.CharField(_("比较方式"), max_length=3, choices=Comparator.choices)
    target_value = models.DecimalField(_("目标值"), max_digits=20, decimal_places=6, null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("目标年"))
    baseline_value = models.DecimalField(_("基准值"), max_digits=20, decimal_places=6, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("基准年"), null=True, blank=True)
    yearly_targets = models.JSONField(
        _("分年度目标"),
        default=dict,
        blank=True,
        help_text=_("每个规划年度一行：下达的目标值（如 80 或 80%）及其依据文件"),
    )
    yearly_target_sources = models.JSONField(
        _("分年度目标依据"), default=dict, blank=True, help_text=_("年度 → 下达目标值的文件或来源")
    )
    growth_unit = models.CharField(_("增幅单位"), max_length=10, choices=GrowthUnit.choices, blank=True)
    binding = models.BooleanField(_("约束性"), default=True, help_text=_("约束性为是,参考性为否"))
    reporting_department = models.ForeignKey(
        Department, models.PROTECT, related_name="reported_indicators", verbose_name=_("填报单位")
    )
    frequency = models.CharField(_("填报频次"), max_length=10, choices=Frequency.choices)
    accumulation = models.CharField(
        _("累计方式"), max_length=10, choices=Accumulation.choices, default=Accumulation.LATEST
    )
    weight = models.DecimalField(_("权重"), max_digits=6, decimal_places=2, default=1)
    min_value = models.DecimalField(_("下限"), max_digits=20, decimal_places=6, null=True, blank=True)
    max_value = models.DecimalField(_("上限"), max_digits=20, decimal_places=6, null=True, blank=True)
    decimal_places = models.PositiveSmallIntegerField(_("小数位数"), default=1)
    change_warning_percent = models.DecimalField(
        _("变动预警阈值(%)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("30"),
        help_text=_("与上期审核通过值相比变动超过此比例时需在备注中说明"),
    )
    source_sentence = models.TextField(_("规划原文"))
    interpretation = models.TextField(_("口径说明"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["task__number", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="indicator_unique_code_per_plan")]

    def __str__(self):
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        """Keeps ``plan`` equal to the task's plan (the uniqueness of codes per plan relies on it)."""
        plan_id = self.plan_from_task()
        if plan_id is not None and plan_id != self.plan_id:
            self.plan_id = plan_id
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "plan"}
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.unit.strip() == "%" and self.accumulation == Accumulation.SUM:
            errors["accumulation"] = _("百分比指标不能设为“逐期累加”(各期百分比相加没有意义),请选择“取最新值”。")
        plan_id = self.plan_from_task()
        if plan_id is not None and self.code:
            other = Indicator.objects.filter(plan_id=plan_id, code=self.code).exclude(pk=self.pk).select_related("task")
            other = other.first()
            if other is not None:
                errors["code"] = _(
                    "指标代码“%(code)s”在本规划中已被“%(task)s”的指标“%(name)s”使用,同一规划内指标代码不能重复。"
                ) % {
                    "code": self.code,
                    "task": other.task,
                    "name": other.name,
                }
        if errors:
            raise ValidationError(errors)

    def plan_from_task(self) -> int | None:
        """The id of the task's plan (one query unless the task and its system are loaded)."""
        if self.task_id is None:
            return None
        task = self.task
        if task.system_id is None:
            return None
        if "system" in task._state.fields_cache:
            return task.system.plan_id
        return EcoSystem.objects.filter(pk=task.system_id).values_list("plan_id", flat=True).first()

    def target_display(self) -> str:
        """The target as people read it, e.g. "≥ 78 %", "< 35 µg/m³", "逐年提升"."""
        if self.target_value is None:
            return str({"annual_assigned": _("完成上级下达任务"), "trend": _("持续提升")}.get(self.kind, "—"))
        return f"{self.get_comparator_display()} {number_plain(self.target_value)} {self.unit}".strip()

    def yearly_target_rows(self) -> list[tuple[int, str, str]]:
        """(year, value as people write it with the unit, source document) per year with a target or a source,
        oldest first, e.g. [(2023, "85%", "大同市2023年空气质量目标责任书")]."""
        targets = {str(k): v for k, v in (self.yearly_targets or {}).items()}
        sources = {str(k): v for k, v in (self.yearly_target_sources or {}).items()}
        years = sorted({int(y) for y in (*targets, *sources) if str(y).isdigit()})
        return [
            (
                year,
                number_with_unit(targets.get(str(year)), self.unit)
                if targets.get(str(year)) not in (None, "")
                else "—",
                sources.get(str(year)) or "",
            )
            for year in years
        ]


class ReportingPeriod(models.Model):
    """A quarter (year and quarter as integers, never a timestamp) with its opening and due dates.

    Annual indicators are due once a year with Q4, by ``annual_due_on`` (set by the supervisor).
    """

    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000)])
    quarter = models.PositiveSmallIntegerField(_("季度"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    opens_on = models.DateField(_("开放填报日期"))
    due_on = models.DateField(_("截止日期"))
    annual_due_on = models.DateField(_("年度指标截止日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("报告期")
        verbose_name_plural = _("报告期")
        ordering = ["year", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="period_unique_quarter"),
            models.CheckConstraint(condition=models.Q(quarter__gte=1, quarter__lte=4), name="period_quarter_1_4"),
        ]

    def __str__(self):
        """ "2026年第3季度" (English "Q3 2026"), translated when shown; ``label`` is the neutral "2026Q3"."""
        return periods.period_name(self.year, self.quarter)

    @property
    def label(self) -> str:
        return periods.period_label(self.year, self.quarter)

    @property
    def start(self) -> dt.date:
        return periods.quarter_start(self.year, self.quarter)

    @property
    def end(self) -> dt.date:
        """Last day of the quarter."""
        return periods.quarter_end(self.year, self.quarter)

    @property
    def is_annual(self) -> bool:
        """Annual indicators are reported with the fourth quarter."""
        return self.quarter == 4


class PublicFigure(models.Model):
    """A public figure for the county with its source (fixtures/source/lingqiu_public_figures.csv).

    ``same_measure`` is true only where the figure measures exactly the linked indicator; otherwise
    it is context (森林覆盖率 is not 林草覆盖率) and never shown as the indicator's value.
    """

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="public_figures", verbose_name=_("规划"))
    name = models.CharField(_("名称"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年份"))
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=6)
    unit = models.CharField(pgettext_lazy("unit of measurement", "单位"), max_length=20, blank=True)
    indicator = models.ForeignKey(
        Indicator, models.SET_NULL, null=True, blank=True, related_name="public_figures", verbose_name=_("关联指标")
    )
    same_measure = models.BooleanField(_("与指标口径一致"), default=False)
    source = models.TextField(_("来源"))
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("公开数据")
        verbose_name_plural = _("公开数据")
        ordering = ["name", "year"]
        constraints = [models.UniqueConstraint(fields=["plan", "name", "year"], name="publicfigure_unique")]

    def __str__(self):
        return f"{self.name}({self.year}年):{number_with_unit(self.value, self.unit)}"
