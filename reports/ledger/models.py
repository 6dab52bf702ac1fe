"""Generated evidence ledgers (台账): who asked, for which plan, department and year, and the ZIP.

A sibling of ``reports.models.ReportJob`` (same statuses, progress, permission rules and status page
script): the ledger is a ZIP of evidence files, not a workbook, and is written to disk as it goes, so it has
its own row. Imported by ``reports.models`` so that it belongs to the reports app.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from responsibilities.models import Department
from tasks.models import Plan


def ledger_upload_to(instance, filename):
    """A fixed name per job, ``ledgers/<year>/ledger-<id>.zip``: re-running a job overwrites its file."""
    return f"ledgers/{instance.requested_at:%Y}/ledger-{instance.pk}.zip"


class LedgerJob(models.Model):
    """One requested 台账 (evidence ledger) and its ZIP: the whole plan or one ``department``, every year
    or one ``year``. ``progress`` is in % (0–100); ``file_count`` and ``size`` (bytes) describe the
    evidence copied into the ZIP."""

    class Status(models.TextChoices):
        """The statuses of ``reports.models.ReportJob`` (same values and labels; not imported: the reports
        models module imports this one)."""

        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("生成失败")

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="ledger_jobs", verbose_name=_("规划"))
    department = models.ForeignKey(
        Department, models.PROTECT, null=True, blank=True, related_name="ledger_jobs", verbose_name=_("单位")
    )
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="ledger_jobs",
        verbose_name=_("申请人"),
    )
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    file = models.FileField(_("台账文件"), upload_to=ledger_upload_to, blank=True, max_length=200)
    file_count = models.PositiveIntegerField(_("佐证材料数"), default=0)
    size = models.PositiveBigIntegerField(_("佐证材料大小（字节）"), default=0)
    error = models.TextField(_("错误信息"), blank=True)

    class Meta:
        verbose_name = _("台账")
        verbose_name_plural = _("台账")
        ordering = ["-requested_at", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(progress__lte=100), name="ledgerjob_progress_0_100")]

    def __str__(self):
        return self.title

    @property
    def scope_label(self) -> str:
        return self.department.name if self.department_id else _("全县")

    @property
    def year_label(self) -> str:
        if self.year:
            return _("%(year)s年度") % {"year": self.year}
        return _("%(start)s—%(end)s年") % {"start": self.plan.period_start.year, "end": self.plan.period_end.year}

    @property
    def title(self) -> str:
        """E.g. "全县 2022—2025年台账"."""
        return _("%(scope)s %(period)s台账") % {"scope": self.scope_label, "period": self.year_label}

    @property
    def download_name(self) -> str:
        name = f"{_('台账')}_{self.scope_label}_{self.year_label}"
        for char in '\\/:*?"<>|':
            name = name.replace(char, "_")
        return f"{name}.zip"
