"""Scoring: the versioned scoring rules (评分规则), vetoes (一票否决) and the stored scores."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from indicators.models.catalogue import Indicator, ReportingPeriod
from indicators.scoring import engine
from responsibilities.models import Department
from tasks.common.numbers import number_plain
from tasks.models import EcoSystem, Plan, PlanTask

# The engine's default rules: the one source of ScoringConfig's defaults (tests/indicators/scoring/test_config.py).
_RULES = engine.ScoringRules()


class ScoringConfig(models.Model):
    """The one versioned set of scoring weights and thresholds (see ``scoring.engine.ScoringRules``).

    The active row is used for recomputes; every stored score records its ``version``.
    Percentages are in percentage points (10 = 10 个百分点); shares are fractions (0.8 = 80 %).
    Every rule field defaults to the engine's ``ScoringRules()`` value.
    """

    version = models.CharField(_("版本"), max_length=20, unique=True)
    is_active = models.BooleanField(_("当前启用"), default=False)
    on_track_gap = models.DecimalField(
        _("正常:落后时序进度不超过(百分点)"), max_digits=6, decimal_places=2, default=_RULES.on_track_gap
    )
    lagging_gap = models.DecimalField(
        _("滞后:落后时序进度不超过(百分点)"), max_digits=6, decimal_places=2, default=_RULES.lagging_gap
    )
    in_progress_share = models.DecimalField(
        _("推进中节点计分比例"), max_digits=4, decimal_places=3, default=_RULES.in_progress_share
    )
    lead_weight = models.DecimalField(_("牵头任务权重"), max_digits=4, decimal_places=2, default=_RULES.lead_weight)
    support_weight = models.DecimalField(
        _("配合任务权重"), max_digits=4, decimal_places=2, default=_RULES.support_weight
    )
    progress_share = models.DecimalField(
        _("任务进度占比"), max_digits=4, decimal_places=3, default=_RULES.progress_share
    )
    timeliness_share = models.DecimalField(
        _("填报及时性占比"), max_digits=4, decimal_places=3, default=_RULES.timeliness_share
    )
    late_penalty_per_day = models.DecimalField(
        _("逾期每日扣分"), max_digits=5, decimal_places=2, default=_RULES.late_penalty_per_day
    )
    return_deduction = models.DecimalField(
        _("每次退回扣分"), max_digits=5, decimal_places=2, default=_RULES.return_deduction
    )
    order_overdue_deduction = models.DecimalField(
        _("督办单逾期每件扣分"), max_digits=5, decimal_places=2, default=_RULES.order_overdue_deduction
    )
    order_return_deduction = models.DecimalField(
        _("督办销号退回每次扣分"), max_digits=5, decimal_places=2, default=_RULES.order_return_deduction
    )
    grade_excellent = models.DecimalField(
        _("优秀分数线"), max_digits=5, decimal_places=2, default=_RULES.grade_excellent
    )
    grade_good = models.DecimalField(_("良好分数线"), max_digits=5, decimal_places=2, default=_RULES.grade_good)
    grade_pass = models.DecimalField(_("合格分数线"), max_digits=5, decimal_places=2, default=_RULES.grade_pass)
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

        Raises ValidationError {field: Chinese message naming the field(s)}; fields that are already invalid are
        skipped.
        """
        errors = {}
        for name in self.SHARE_FIELDS:
            if (value := self._number(name)) is not None and not 0 <= value <= 1:
                errors[name] = _("“%(field)s”须在0到1之间(如0.8即80%%)。") % {"field": self._label(name)}
        for low, high in self.ORDERED_FIELDS:
            a, b = self._number(low), self._number(high)
            if None not in (a, b) and a >= b and low not in errors:
                errors[low] = _("“%(low)s”(%(a)s)须小于“%(high)s”(%(b)s)。") % {
                    "low": self._label(low),
                    "a": _plain(a),
                    "high": self._label(high),
                    "b": _plain(b),
                }
        for name in ("order_overdue_deduction", "order_return_deduction"):
            if (value := self._number(name)) is not None and value < 0:
                errors[name] = _("“%(field)s”不能为负数。") % {"field": self._label(name)}
        self._shares_sum_check(errors)
        if errors:
            raise ValidationError(errors)

    def _shares_sum_check(self, errors: dict) -> None:
        progress, timeliness = self._number("progress_share"), self._number("timeliness_share")
        if None in (progress, timeliness) or {"progress_share", "timeliness_share"} & errors.keys():
            return
        if progress + timeliness != 1:
            message = _("“%(a)s”与“%(b)s”之和须等于1(现为%(sum)s)。") % {
                "a": self._label("progress_share"),
                "b": self._label("timeliness_share"),
                "sum": _plain(progress + timeliness),
            }
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
    return number_plain(value)


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
    """Stored status of a score; values from the engine's ``Status`` (labels as ``engine.STATUS_LABELS``)."""

    ACHIEVED = engine.Status.ACHIEVED.value, _("已达标")
    ON_TRACK = engine.Status.ON_TRACK.value, _("正常")
    LAGGING = engine.Status.LAGGING.value, _("滞后")
    SERIOUSLY_LAGGING = engine.Status.SERIOUSLY_LAGGING.value, _("严重滞后")
    NO_DATA = engine.Status.NO_DATA.value, _("无数据")
    MISSED = engine.Status.MISSED.value, _("未完成")
    NO_TARGET = engine.Status.NO_TARGET.value, _("目标未下达")


# 等次 as the scoring engine stores them in Score.grade (engine.GRADE_*: Chinese words, kept as codes)
# → their names, translated when shown. Pages, charts and Excel show a grade through ``grade_label``.
GRADE_LABELS = {
    engine.GRADE_EXCELLENT: _("优秀"),
    engine.GRADE_GOOD: _("良好"),
    engine.GRADE_PASS: _("合格"),
    engine.GRADE_FAIL: _("不合格"),
}


def grade_label(grade: str | None) -> str:
    """A stored grade ("良好") → its name in the active language ("良好" / "Good"); "" for none, unknown as is."""
    return str(GRADE_LABELS.get(grade, grade or ""))


class Score(models.Model):
    """A stored score: one row per (indicator | task | system | department | plan, period).

    Progress and expected are in % (0–100; ``progress_raw`` unclamped), ``score`` 0–100, all with 8 decimals:
    pages round once, half-up, for display (``engine.round_half_up``), from these unrounded values.
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
    progress_raw = models.DecimalField(_("完成进度(未截断)"), max_digits=14, decimal_places=8, null=True, blank=True)
    progress = models.DecimalField(_("完成进度"), max_digits=12, decimal_places=8, null=True, blank=True)
    expected = models.DecimalField(_("时序进度"), max_digits=12, decimal_places=8, null=True, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=ScoreStatus.choices)
    forecast = models.DecimalField(_("预测值"), max_digits=20, decimal_places=6, null=True, blank=True)
    forecast_met = models.BooleanField(_("预计达标"), null=True, blank=True)
    score = models.DecimalField(_("得分"), max_digits=12, decimal_places=8, null=True, blank=True)
    grade = models.CharField(_("等次"), max_length=10, blank=True)
    components = models.JSONField(_("得分构成"), default=dict, blank=True)
    rule = models.TextField(_("计分规则"), blank=True)
    config_version = models.CharField(_("规则版本"), max_length=20)
    # MD5 (hex) of the stored values (``indicators.scoring.services.store._digest``): a recompute compares it
    # instead of every field; empty for rows written before it existed (rewritten once by the next recompute).
    digest = models.CharField(_("摘要"), max_length=32, blank=True, default="")
    computed_at = models.DateTimeField(_("计算时间"), auto_now=True)

    class Meta:
        verbose_name = _("进度得分")
        verbose_name_plural = _("进度得分")
        ordering = ["period__year", "period__quarter", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"], condition=models.Q(level="indicator"), name="score_unique_indicator"
            ),
            models.UniqueConstraint(
                fields=["task", "period"], condition=models.Q(level="task"), name="score_unique_task"
            ),
            models.UniqueConstraint(
                fields=["system", "period"], condition=models.Q(level="system"), name="score_unique_system"
            ),
            models.UniqueConstraint(
                fields=["plan", "department", "period"],
                condition=models.Q(level="department"),
                name="score_unique_department",
            ),
            models.UniqueConstraint(
                fields=["plan", "period"], condition=models.Q(level="plan"), name="score_unique_plan"
            ),
        ]
        indexes = [models.Index(fields=["level", "period"])]

    def __str__(self):
        return f"{self.get_level_display()} {self.period}:{number_plain(self.score)}"
