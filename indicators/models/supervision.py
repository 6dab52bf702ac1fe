"""Supervision orders (督办单): 督办 → 整改 → 销号.

A 督查员 issues a numbered order (灵生态督〔2026〕3号) to a lead department (with support departments): the
problem, the requirement, a deadline. The department 签收 (acknowledges) it, reports 整改进展 with evidence,
applies for 销号 (closure); the 督查员 closes it or returns it. The steps are in
``indicators.supervision.services`` (an explicit state machine); every step leaves an ``OrderEvent``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from indicators.models.catalogue import Indicator
from indicators.models.entry import evidence_upload_to
from responsibilities.models import Department
from tasks.models import PlanTask


class OrderSource(models.TextChoices):
    WARNING = "warning", _("预警")
    INSPECTION = "inspection", _("督察反馈")
    INSTRUCTION = "instruction", _("领导批示")
    CHECK = "check", _("督查检查")
    OTHER = "other", _("其他")


class OrderSeverity(models.TextChoices):
    NORMAL = "normal", _("一般")
    KEY = "key", _("重点")
    LISTED = "listed", _("挂牌督办")


class OrderStatus(models.TextChoices):
    """issued → acknowledged → rectifying → closure_requested → closed; closure_requested → rectifying (退回)."""

    ISSUED = "issued", _("待签收")
    ACKNOWLEDGED = "acknowledged", _("已签收")
    RECTIFYING = "rectifying", _("整改中")
    CLOSURE_REQUESTED = "closure_requested", _("申请销号")
    CLOSED = "closed", _("已销号")


OPEN_STATUSES = (
    OrderStatus.ISSUED,
    OrderStatus.ACKNOWLEDGED,
    OrderStatus.RECTIFYING,
    OrderStatus.CLOSURE_REQUESTED,
)


class SupervisionOrder(models.Model):
    """One 督办单. ``number`` is unique (``year`` + per-year ``sequence`` in ``SUPERVISION_NUMBER_FORMAT``);
    ``version`` rises with every step (optimistic concurrency: a stale step is refused, 409).

    Dates are local (Asia/Shanghai): ``acknowledge_due`` (签收期限, default 3 working days after issue) and
    ``deadline`` (整改期限). ``extension_requested_until`` holds a department's pending request for a later
    deadline (a supervisor grants or refuses it).
    """

    year = models.PositiveSmallIntegerField(_("年度"))
    sequence = models.PositiveIntegerField(_("序号"))
    number = models.CharField(_("督办编号"), max_length=50, unique=True)
    source = models.CharField(_("来源"), max_length=12, choices=OrderSource.choices)
    source_reference = models.CharField(_("来源文件"), max_length=200, blank=True)
    inspection_item = models.CharField(
        _("问题编号"), max_length=30, blank=True, help_text=_("督察反馈问题清单中的编号")
    )
    task = models.ForeignKey(
        PlanTask, models.SET_NULL, null=True, blank=True, related_name="supervision_orders", verbose_name=_("规划任务")
    )
    indicator = models.ForeignKey(
        Indicator, models.SET_NULL, null=True, blank=True, related_name="supervision_orders", verbose_name=_("指标")
    )
    title = models.CharField(_("督办事项"), max_length=200)
    problem = models.TextField(_("存在问题"))
    requirement = models.TextField(_("整改要求"))
    lead_department = models.ForeignKey(
        Department, models.PROTECT, related_name="supervision_orders", verbose_name=_("牵头单位")
    )
    support_departments = models.ManyToManyField(
        Department, blank=True, related_name="supervision_orders_supported", verbose_name=_("配合单位")
    )
    severity = models.CharField(
        _("督办等级"), max_length=10, choices=OrderSeverity.choices, default=OrderSeverity.NORMAL
    )
    status = models.CharField(_("状态"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.ISSUED)
    acknowledge_due = models.DateField(_("签收期限"))
    deadline = models.DateField(_("整改期限"))
    measures = models.TextField(_("整改措施"), blank=True)
    responsible_person = models.CharField(_("责任人"), max_length=100, blank=True)
    timeline = models.TextField(_("整改时限安排"), blank=True)
    progress_percent = models.PositiveSmallIntegerField(_("整改进度（%）"), null=True, blank=True)
    extension_requested_until = models.DateField(_("申请延期至"), null=True, blank=True)
    extension_reason = models.TextField(_("延期理由"), blank=True)
    returned_count = models.PositiveIntegerField(_("退回次数"), default=0)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("下达人")
    )
    issued_at = models.DateTimeField(_("下达时间"))
    acknowledged_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    closure_requested_at = models.DateTimeField(_("申请销号时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("销号人")
    )
    version = models.PositiveIntegerField(_("版本"), default=1)
    is_demo = models.BooleanField(_("示例数据"), default=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("督办单")
        verbose_name_plural = _("督办单")
        ordering = ["-year", "-sequence"]
        constraints = [models.UniqueConstraint(fields=["year", "sequence"], name="supervision_order_sequence")]
        indexes = [models.Index(fields=["status", "deadline"]), models.Index(fields=["lead_department", "status"])]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class OrderNumberSequence(models.Model):
    """The last sequence number given in a year (one row per year, locked while a number is taken)."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    last = models.PositiveIntegerField(_("最后序号"), default=0)

    class Meta:
        verbose_name = _("督办编号序列")
        verbose_name_plural = _("督办编号序列")

    def __str__(self):
        return f"{self.year}: {self.last}"


class OrderEvent(models.Model):
    """One step of an order (督办记录): who, when, what, the status before and after, the words given."""

    class Kind(models.TextChoices):
        ISSUED = "issued", _("下达督办")
        ACKNOWLEDGED = "acknowledged", _("签收")
        PROGRESS = "progress", _("报送整改进展")
        CLOSURE_REQUESTED = "closure_requested", _("申请销号")
        RETURNED = "returned", _("退回整改")
        CLOSED = "closed", _("销号")
        EXTENSION_REQUESTED = "extension_requested", _("申请延期")
        EXTENSION_GRANTED = "extension_granted", _("批准延期")
        EXTENSION_REFUSED = "extension_refused", _("不予延期")

    order = models.ForeignKey(SupervisionOrder, models.CASCADE, related_name="events", verbose_name=_("督办单"))
    kind = models.CharField(_("环节"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("操作人")
    )
    at = models.DateTimeField(_("时间"))
    from_status = models.CharField(_("原状态"), max_length=20, choices=OrderStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20, choices=OrderStatus.choices)
    text = models.TextField(_("说明"), blank=True)
    percent = models.PositiveSmallIntegerField(_("整改进度（%）"), null=True, blank=True)
    old_deadline = models.DateField(_("原整改期限"), null=True, blank=True)
    new_deadline = models.DateField(_("新整改期限"), null=True, blank=True)

    class Meta:
        verbose_name = _("督办记录")
        verbose_name_plural = _("督办记录")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.order.number} {self.get_kind_display()}"


class OrderAttachment(models.Model):
    """A file of an order: the issuing document or evidence of a progress report (checked like 佐证材料)."""

    order = models.ForeignKey(SupervisionOrder, models.CASCADE, related_name="attachments", verbose_name=_("督办单"))
    event = models.ForeignKey(
        OrderEvent, models.SET_NULL, null=True, blank=True, related_name="attachments", verbose_name=_("督办记录")
    )
    file = models.FileField(_("文件"), upload_to=evidence_upload_to)
    original_name = models.CharField(_("原文件名"), max_length=255)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("上传人")
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("督办附件")
        verbose_name_plural = _("督办附件")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name
