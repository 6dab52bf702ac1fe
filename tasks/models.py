"""The plan's structure: Plan → EcoSystem (体系) → PlanTask (任务) → Milestone (节点).

A bare "task" in this codebase is a Celery task; the plan's tasks are ``PlanTask``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tasks.audit.models import AuditEvent  # noqa: F401  (the audit log's model lives in tasks.audit)


class Plan(models.Model):
    """A county plan with its period, e.g. 灵丘县国家生态文明示范区建设规划(2022-2025年).

    ``state`` (规划状态): 草案 (loaded, not yet open for entry), 实施中, 已结束 (the period has ended; figures
    keep being entered, reviewed and scored against the final targets, as during the period) and 已归档
    (read-only: no entry, no review, no recompute; dashboard and reports still open). Entry and review are
    open in 实施中 and 已结束 only (``accepts_entry``).
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("草案")
        ACTIVE = "active", _("实施中")
        ENDED = "ended", _("已结束")
        ARCHIVED = "archived", _("已归档")

    # States open for entry and review (填报、审核), in the order plans are offered as the default.
    ENTRY_STATES = (State.ACTIVE, State.ENDED)

    code = models.SlugField(_("代码"), max_length=64, unique=True)
    name = models.CharField(_("规划名称"), max_length=200)
    county = models.CharField(_("县(区)"), max_length=50)
    city = models.CharField(_("市"), max_length=50, blank=True)
    province = models.CharField(_("省"), max_length=50, blank=True)
    period_start = models.DateField(_("规划期起"))
    period_end = models.DateField(_("规划期止"))
    base_year = models.PositiveSmallIntegerField(_("基准年"))
    target_year = models.PositiveSmallIntegerField(_("目标年"))
    source = models.CharField(_("来源"), max_length=300, blank=True)
    preamble = models.TextField(_("总体要求"), blank=True)
    state = models.CharField(_("规划状态"), max_length=10, choices=State.choices, default=State.DRAFT)

    class Meta:
        verbose_name = _("规划")
        verbose_name_plural = _("规划")

    def __str__(self):
        return self.name

    @property
    def accepts_entry(self) -> bool:
        """Figures and milestone reports may be entered and reviewed (实施中, 已结束)."""
        return self.state in self.ENTRY_STATES

    @property
    def is_archived(self) -> bool:
        return self.state == self.State.ARCHIVED


class EcoSystem(models.Model):
    """One of the plan's six systems (体系), e.g. 生态安全体系 (alias 生态环境)."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="systems", verbose_name=_("规划"))
    code = models.SlugField(_("代码"), max_length=32)
    order = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("名称"), max_length=50)
    aliases = models.JSONField(_("别名"), default=list, blank=True)
    weight = models.DecimalField(_("权重"), max_digits=6, decimal_places=2, default=1)

    class Meta:
        verbose_name = _("体系")
        verbose_name_plural = _("体系")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="ecosystem_unique_code"),
            models.UniqueConstraint(fields=["plan", "order"], name="ecosystem_unique_order"),
        ]

    def __str__(self):
        return self.name


class PlanTask(models.Model):
    """One of the plan's 23 main tasks (主要任务), with its full text and 2025 target statement."""

    system = models.ForeignKey(EcoSystem, models.CASCADE, related_name="tasks", verbose_name=_("体系"))
    number = models.PositiveSmallIntegerField(_("任务序号"))
    title = models.CharField(_("任务名称"), max_length=200)
    text = models.TextField(_("任务内容"))
    target_statement = models.TextField(_("2025年目标表述"), blank=True)
    weight = models.DecimalField(_("权重"), max_digits=6, decimal_places=2, default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("规划任务")
        verbose_name_plural = _("规划任务")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["system", "number"], name="plantask_unique_number"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Milestone(models.Model):
    """A qualitative target (节点/里程碑) of a plan task, e.g. 河长制、林长制进一步完善."""

    task = models.ForeignKey(PlanTask, models.CASCADE, related_name="milestones", verbose_name=_("规划任务"))
    code = models.CharField(_("代码"), max_length=32)
    title = models.CharField(_("节点目标"), max_length=300)
    due_date = models.DateField(_("完成时限"))
    weight = models.DecimalField(_("权重"), max_digits=6, decimal_places=2, default=1)
    source_sentence = models.TextField(_("规划原文"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("节点目标")
        verbose_name_plural = _("节点目标")
        ordering = ["task__number", "code"]
        constraints = [models.UniqueConstraint(fields=["task", "code"], name="milestone_unique_code")]

    def __str__(self):
        return f"{self.code} {self.title}"
