"""Data entry: forms (填报表), figures (指标数据), milestone reports (节点进展), evidence (佐证材料)
and their review states."""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from indicators.models.catalogue import Indicator, ReportingPeriod
from responsibilities.models import Department
from tasks.common.numbers import number_with_unit
from tasks.models import Milestone


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
        Submission,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="values",
        verbose_name=_("填报表"),
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
        return f"{self.indicator.code} {self.period}:{number_with_unit(self.value, self.indicator.unit)}"


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
