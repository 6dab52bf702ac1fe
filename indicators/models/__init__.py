"""Indicators (指标), reporting periods (报告期), submitted figures and their review, stored scores.

Kinds, comparators and statuses share their values with the pure scoring engine
(``indicators.scoring.engine``) so that a stored row maps onto the engine without translation.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from responsibilities.models import Department
from tasks.models import EcoSystem, Milestone, Plan, PlanTask

from indicators.scoring import engine


class TargetKind(models.TextChoices):
    """How a 2025 target is read; see ``indicators.scoring.engine.TargetKind`` for the methods."""

    AT_LEAST = "at_least", _("不低于型")
    AT_MOST = "at_most", _("不高于型(越低越好)")
    ZERO_COUNT = "zero_count", _("清零型")
    PROJECT_COUNT = "project_count", _("项目数量型")
    YES_NO = "yes_no", _("是否型")
    ANNUAL_ASSIGNED = "annual_assigned", _("上级年度下达型")
    TREND = "trend", _("趋势型(持续提升)")
    ANNUAL_GROWTH = "annual_growth", _("年均增幅型")


class Comparator(models.TextChoices):
    GTE = "gte", "≥"
    GT = "gt", ">"
    LTE = "lte", "≤"
    LT = "lt", "<"
    EQ = "eq", "="


class GrowthUnit(models.TextChoices):
    POINTS = "points", _("百分点")
    PERCENT = "percent", _("百分比(相对增幅)")


class Frequency(models.TextChoices):
    QUARTERLY = "quarterly", _("按季度")
    ANNUAL = "annual", _("按年度")


class Accumulation(models.TextChoices):
    LATEST = "latest", _("取最新值")
    SUM = "sum", _("逐期累加")


class Indicator(models.Model):
    """A quantitative 2025 target of a plan task, e.g. 林草覆盖率 ≥ 78 % (task 12).

    ``interpretation`` records the choice made where the plan is ambiguous (优于 read as <,
    远期, 年均提高幅度 in percentage points) and why; every field stays editable in the admin.
    """

    task = models.ForeignKey(PlanTask, models.CASCADE, related_name="indicators", verbose_name=_("规划任务"))
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
        _("分年度目标"), default=dict, blank=True, help_text=_('例如 {"2023": 85.0, "2024": 86.0}')
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
        constraints = [models.UniqueConstraint(fields=["task", "code"], name="indicator_unique_code")]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"

    def target_display(self) -> str:
        """The target as people read it, e.g. "≥ 78 %", "< 35 µg/m³", "逐年提升"."""
        if self.target_value is None:
            return str({"annual_assigned": _("完成上级下达任务"), "trend": _("持续提升")}.get(self.kind, "—"))
        value = self.target_value.normalize()
        value = value.quantize(Decimal(1)) if value == value.to_integral() else value
        return f"{self.get_comparator_display()} {value} {self.unit}".strip()


class ReportingPeriod(models.Model):
    """A quarter (year and quarter as integers, never a timestamp) with its opening and due dates.

    Annual indicators are due once a year with Q4, by ``annual_due_on`` (set by the supervisor).
    """

    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000)])
    quarter = models.PositiveSmallIntegerField(
        _("季度"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
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
        """"2026年第3季度" (English "Q3 2026"), translated when shown; ``label`` is the neutral "2026Q3"."""
        return str(_("%(year)s年第%(quarter)s季度") % {"year": self.year, "quarter": self.quarter})

    @property
    def label(self) -> str:
        return f"{self.year}Q{self.quarter}"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> dt.date:
        """Last day of the quarter."""
        if self.quarter == 4:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, 3 * self.quarter + 1, 1) - dt.timedelta(days=1)

    @property
    def is_annual(self) -> bool:
        """Annual indicators are reported with the fourth quarter."""
        return self.quarter == 4


class PublicFigure(models.Model):
    """A public figure for the county with its source (shared/data/lingqiu_public_figures.csv).

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
        return f"{self.name} {self.year}: {self.value} {self.unit}"


class ReviewStatus(models.TextChoices):
    """Workflow of a figure: draft → submitted → approved, or returned (with a reason) → resubmitted."""

    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    APPROVED = "approved", _("已通过")
    RETURNED = "returned", _("已退回")


class Origin(models.TextChoices):
    ENTRY = "entry", _("网页填报")
    UPLOAD = "upload", _("Excel导入")
    API = "api", _("接口")
    PUBLIC = "public", _("公开数据")
    DEMO = "demo", _("示例数据")


class Submission(models.Model):
    """One department's report for one reporting period: the form that holds its values.

    ``version`` increases on every save so that a second editor's stale form is refused
    (optimistic concurrency). ``submitted_at`` of the first submission decides timeliness.
    """

    department = models.ForeignKey(Department, models.PROTECT, related_name="submissions", verbose_name=_("单位"))
    period = models.ForeignKey(ReportingPeriod, models.PROTECT, related_name="submissions", verbose_name=_("报告期"))
    status = models.CharField(_("状态"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)
    version = models.PositiveIntegerField(_("版本"), default=1)
    first_submitted_at = models.DateTimeField(_("首次提交时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("提交人")
    )
    returned_count = models.PositiveIntegerField(_("退回次数"), default=0)
    is_demo = models.BooleanField(_("示例数据"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("填报表")
        verbose_name_plural = _("填报表")
        ordering = ["-period__year", "-period__quarter", "department__code"]
        constraints = [models.UniqueConstraint(fields=["department", "period"], name="submission_unique")]

    def __str__(self):
        return f"{self.department} {self.period}"


class IndicatorValue(models.Model):
    """A figure for one indicator and period: 初步 (provisional) or 正式 (final).

    A final value replaces a provisional one for the same period; both rows stay.
    Units are the indicator's (%, µg/m³, MW, 个 …).
    """

    submission = models.ForeignKey(
        Submission, models.CASCADE, null=True, blank=True, related_name="values", verbose_name=_("填报表"),
        help_text=_("公开数据不属于任何填报表"),
    )
    indicator = models.ForeignKey(Indicator, models.PROTECT, related_name="values", verbose_name=_("指标"))
    period = models.ForeignKey(ReportingPeriod, models.PROTECT, related_name="values", verbose_name=_("报告期"))
    is_final = models.BooleanField(_("正式数据"), default=False)
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=6, null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)
    review_reason = models.TextField(_("审核意见"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("审核人")
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    origin = models.CharField(_("来源"), max_length=10, choices=Origin.choices, default=Origin.ENTRY)
    source = models.TextField(_("数据出处"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("指标数值")
        verbose_name_plural = _("指标数值")
        ordering = ["indicator__code", "period__year", "period__quarter", "is_final"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period", "is_final"], name="value_unique_per_period"),
        ]
        indexes = [models.Index(fields=["indicator", "status"])]

    def __str__(self):
        return f"{self.indicator.code} {self.period.label}: {self.value}"


class MilestoneReport(models.Model):
    """Progress of a milestone in one period, reported by a lead department of its task."""

    class State(models.TextChoices):
        NOT_STARTED = "not_started", _("未启动")
        IN_PROGRESS = "in_progress", _("推进中")
        DONE = "done", _("已完成")

    submission = models.ForeignKey(
        Submission, models.CASCADE, related_name="milestone_reports", verbose_name=_("填报表")
    )
    milestone = models.ForeignKey(Milestone, models.PROTECT, related_name="reports", verbose_name=_("节点目标"))
    period = models.ForeignKey(
        ReportingPeriod, models.PROTECT, related_name="milestone_reports", verbose_name=_("报告期")
    )
    state = models.CharField(_("进展"), max_length=12, choices=State.choices, default=State.NOT_STARTED)
    percent_done = models.DecimalField(
        _("完成比例(%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    description = models.TextField(_("进展说明"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)
    review_reason = models.TextField(_("审核意见"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("审核人")
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("节点进展")
        verbose_name_plural = _("节点进展")
        ordering = ["milestone__code", "period__year", "period__quarter"]
        constraints = [
            models.UniqueConstraint(fields=["milestone", "submission"], name="milestonereport_unique"),
        ]

    def __str__(self):
        return f"{self.milestone.code} {self.period.label}: {self.get_state_display()}"


def evidence_upload_to(instance, filename):
    """Generated names under MEDIA_ROOT/evidence/<year>/<uuid>.<ext>: never the uploader's name."""
    import uuid
    from pathlib import PurePath

    ext = PurePath(filename).suffix.lower()[:10]
    return f"evidence/{dt.date.today():%Y}/{uuid.uuid4().hex}{ext}"


class Evidence(models.Model):
    """A supporting file (佐证材料) attached to a figure or a milestone report."""

    value = models.ForeignKey(
        IndicatorValue, models.CASCADE, null=True, blank=True, related_name="evidence", verbose_name=_("指标数值")
    )
    milestone_report = models.ForeignKey(
        MilestoneReport, models.CASCADE, null=True, blank=True, related_name="evidence", verbose_name=_("节点进展")
    )
    file = models.FileField(_("文件"), upload_to=evidence_upload_to)
    original_name = models.CharField(_("原文件名"), max_length=255)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小(字节)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("上传人")
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value__isnull=False, milestone_report__isnull=True)
                | models.Q(value__isnull=True, milestone_report__isnull=False),
                name="evidence_one_owner",
            )
        ]

    def __str__(self):
        return self.original_name


class ScoringConfig(models.Model):
    """The one versioned set of scoring weights and thresholds (see ``scoring.engine.ScoringRules``).

    The active row is used for recomputes; every stored score records its ``version``.
    Percentages are in percentage points (10 = 10 个百分点); shares are fractions (0.8 = 80 %).
    """

    version = models.CharField(_("版本"), max_length=20, unique=True)
    is_active = models.BooleanField(_("当前启用"), default=False)
    on_track_gap = models.DecimalField(_("正常:落后时序进度不超过(百分点)"), max_digits=6, decimal_places=2, default=10)
    lagging_gap = models.DecimalField(_("滞后:落后时序进度不超过(百分点)"), max_digits=6, decimal_places=2, default=30)
    in_progress_share = models.DecimalField(_("推进中节点计分比例"), max_digits=4, decimal_places=3, default=Decimal("0.5"))
    lead_weight = models.DecimalField(_("牵头任务权重"), max_digits=4, decimal_places=2, default=1)
    support_weight = models.DecimalField(_("配合任务权重"), max_digits=4, decimal_places=2, default=Decimal("0.5"))
    progress_share = models.DecimalField(_("任务进度占比"), max_digits=4, decimal_places=3, default=Decimal("0.8"))
    timeliness_share = models.DecimalField(_("填报及时性占比"), max_digits=4, decimal_places=3, default=Decimal("0.2"))
    late_penalty_per_day = models.DecimalField(_("逾期每日扣分"), max_digits=5, decimal_places=2, default=5)
    return_deduction = models.DecimalField(_("每次退回扣分"), max_digits=5, decimal_places=2, default=1)
    grade_excellent = models.DecimalField(_("优秀分数线"), max_digits=5, decimal_places=2, default=90)
    grade_good = models.DecimalField(_("良好分数线"), max_digits=5, decimal_places=2, default=75)
    grade_pass = models.DecimalField(_("合格分数线"), max_digits=5, decimal_places=2, default=60)
    note = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评分规则")
        verbose_name_plural = _("评分规则")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["is_active"], condition=models.Q(is_active=True), name="one_active_config")
        ]

    def __str__(self):
        return f"v{self.version}"

    SHARE_FIELDS = ("progress_share", "timeliness_share", "in_progress_share")
    ORDERED_FIELDS = (("on_track_gap", "lagging_gap"), ("grade_pass", "grade_good"), ("grade_good", "grade_excellent"))

    def clean(self):
        """Rules the engine can use (admin form, ``full_clean``): shares within 0–1; 任务进度占比 + 填报及时性占比 = 1;
        正常 gap < 滞后 gap (percentage points); 合格 < 良好 < 优秀 (points).

        Raises ValidationError {field: Chinese message naming the field(s)}; fields that are already invalid are skipped.
        """
        errors = {}
        for name in self.SHARE_FIELDS:
            if (value := self._number(name)) is not None and not 0 <= value <= 1:
                errors[name] = _("“%(field)s”须在0到1之间(如0.8即80%%)。") % {"field": self._label(name)}
        for low, high in self.ORDERED_FIELDS:
            a, b = self._number(low), self._number(high)
            if None not in (a, b) and a >= b and low not in errors:
                errors[low] = _("“%(low)s”(%(a)s)须小于“%(high)s”(%(b)s)。") % {
                    "low": self._label(low), "a": _plain(a), "high": self._label(high), "b": _plain(b)}
        self._shares_sum_check(errors)
        if errors:
            raise ValidationError(errors)

    def _shares_sum_check(self, errors: dict) -> None:
        progress, timeliness = self._number("progress_share"), self._number("timeliness_share")
        if None in (progress, timeliness) or {"progress_share", "timeliness_share"} & errors.keys():
            return
        if progress + timeliness != 1:
            message = _("“%(a)s”与“%(b)s”之和须等于1(现为%(sum)s)。") % {
                "a": self._label("progress_share"), "b": self._label("timeliness_share"),
                "sum": _plain(progress + timeliness)}
            errors["progress_share"] = errors["timeliness_share"] = message

    def _number(self, name: str) -> Decimal | None:
        """The field as a Decimal; None when blank or unreadable (its own field error is reported)."""
        try:
            return Decimal(str(getattr(self, name)))
        except (ArithmeticError, ValueError, TypeError):
            return None

    def _label(self, name: str) -> str:
        return str(self._meta.get_field(name).verbose_name)


def _plain(value: Decimal) -> str:
    """Decimal("10.00") → "10", Decimal("0.90") → "0.9" (no exponent)."""
    return format(value.normalize(), "f")


class AssessmentVeto(models.Model):
    """一票否决: a major environmental incident or falsified data sets the department's grade to 不合格."""

    class Reason(models.TextChoices):
        INCIDENT = "incident", _("重大生态环境事件")
        FALSIFIED = "falsified", _("数据弄虚作假")
        OTHER = "other", _("其他")

    department = models.ForeignKey(Department, models.CASCADE, related_name="vetoes", verbose_name=_("单位"))
    year = models.PositiveSmallIntegerField(_("考核年度"))
    reason = models.CharField(_("否决事由"), max_length=12, choices=Reason.choices)
    description = models.TextField(_("情况说明"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("登记人")
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("一票否决")
        verbose_name_plural = _("一票否决")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.department} {self.year} {self.get_reason_display()}"


class ScoreStatus(models.TextChoices):
    ACHIEVED = "achieved", _("已达标")
    ON_TRACK = "on_track", _("正常")
    LAGGING = "lagging", _("滞后")
    SERIOUSLY_LAGGING = "seriously_lagging", _("严重滞后")
    NO_DATA = "no_data", _("无数据")
    MISSED = "missed", _("未完成")


# 等次 as the scoring engine stores them in Score.grade (engine.GRADE_*: Chinese words, kept as codes)
# → their names, translated when shown. Pages, charts and Excel show a grade through ``grade_label``.
GRADE_LABELS = {
    engine.GRADE_EXCELLENT: _("优秀"), engine.GRADE_GOOD: _("良好"), engine.GRADE_PASS: _("合格"),
    engine.GRADE_FAIL: _("不合格"),
}


def grade_label(grade: str | None) -> str:
    """A stored grade ("良好") → its name in the active language ("良好" / "Good"); "" for none, unknown as is."""
    return str(GRADE_LABELS.get(grade, grade or ""))


class Score(models.Model):
    """A stored score: one row per (indicator | task | system | department | plan, period).

    Progress and expected are in % (0–100; ``progress_raw`` unclamped), ``score`` 0–100.
    Pages read these rows; recompute jobs (re)write them idempotently.
    """

    class Level(models.TextChoices):
        INDICATOR = "indicator", _("指标")
        TASK = "task", _("任务")
        SYSTEM = "system", _("体系")
        DEPARTMENT = "department", _("单位")
        PLAN = "plan", _("规划")

    level = models.CharField(_("层级"), max_length=12, choices=Level.choices)
    period = models.ForeignKey(ReportingPeriod, models.CASCADE, related_name="scores", verbose_name=_("报告期"))
    plan = models.ForeignKey(Plan, models.CASCADE, related_name="scores", verbose_name=_("规划"))
    indicator = models.ForeignKey(Indicator, models.CASCADE, null=True, blank=True, related_name="scores")
    task = models.ForeignKey(PlanTask, models.CASCADE, null=True, blank=True, related_name="scores")
    system = models.ForeignKey(EcoSystem, models.CASCADE, null=True, blank=True, related_name="scores")
    department = models.ForeignKey(Department, models.CASCADE, null=True, blank=True, related_name="scores")
    current_value = models.DecimalField(_("当前值"), max_digits=20, decimal_places=6, null=True, blank=True)
    progress_raw = models.DecimalField(_("完成进度(未截断)"), max_digits=12, decimal_places=4, null=True, blank=True)
    progress = models.DecimalField(_("完成进度"), max_digits=8, decimal_places=4, null=True, blank=True)
    expected = models.DecimalField(_("时序进度"), max_digits=8, decimal_places=4, null=True, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=ScoreStatus.choices)
    forecast = models.DecimalField(_("预测值"), max_digits=20, decimal_places=6, null=True, blank=True)
    forecast_met = models.BooleanField(_("预计达标"), null=True, blank=True)
    score = models.DecimalField(_("得分"), max_digits=8, decimal_places=4, null=True, blank=True)
    grade = models.CharField(_("等次"), max_length=10, blank=True)
    components = models.JSONField(_("得分构成"), default=dict, blank=True)
    rule = models.TextField(_("计分规则"), blank=True)
    config_version = models.CharField(_("规则版本"), max_length=20)
    computed_at = models.DateTimeField(_("计算时间"), auto_now=True)

    class Meta:
        verbose_name = _("进度得分")
        verbose_name_plural = _("进度得分")
        ordering = ["period__year", "period__quarter", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"], condition=models.Q(level="indicator"), name="score_unique_indicator"
            ),
            models.UniqueConstraint(fields=["task", "period"], condition=models.Q(level="task"), name="score_unique_task"),
            models.UniqueConstraint(
                fields=["system", "period"], condition=models.Q(level="system"), name="score_unique_system"
            ),
            models.UniqueConstraint(
                fields=["plan", "department", "period"],
                condition=models.Q(level="department"),
                name="score_unique_department",
            ),
            models.UniqueConstraint(fields=["plan", "period"], condition=models.Q(level="plan"), name="score_unique_plan"),
        ]
        indexes = [models.Index(fields=["level", "period"])]

    def __str__(self):
        return f"{self.get_level_display()} {self.period.label} {self.score}"


class Notification(models.Model):
    """An in-app message (reminder of a due or overdue submission, a returned value …)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications")
    text = models.CharField(_("内容"), max_length=300)
    link = models.CharField(_("链接"), max_length=200, blank=True)
    key = models.CharField(_("去重键"), max_length=100, help_text=_("同一提醒只发送一次"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_unique_key")]

    def __str__(self):
        return self.text
