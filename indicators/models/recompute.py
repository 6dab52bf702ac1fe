"""The recompute outbox (待重算标记): what a change of an engine input leaves for the scoring jobs to redo."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScoreRecomputeMark(models.Model):
    """One affected plan whose stored scores are out of date since a change (a transactional outbox row).

    Written in the same transaction as the change (``indicators.recompute``), so a committed change
    always leaves its mark and a rolled-back one never does; deleted only in the transaction that
    writes the new scores (``indicators.scoring.services.scores_marks_drain``). ``plan_id`` and
    ``period_id`` are plain numbers, not foreign keys: a mark must survive (and be written during) the
    deletion of what it names; a plan or period gone by the time of the drain means "nothing to do" or
    "from the plan's first quarter".

    ``scope``: what changed — ``plan`` (the whole plan: structure, weights, periods, rules),
    ``indicator`` / ``milestone`` (one object's definition or approved figures: ``object_id``; the
    incremental recompute) or ``department`` (timeliness, returned forms or vetoes: the 考核 level of
    the plan only). ``period_id``: the earliest period affected (null: every period).
    """

    class Scope(models.TextChoices):
        PLAN = "plan", _("整个规划")
        INDICATOR = "indicator", _("指标")
        MILESTONE = "milestone", _("节点目标")
        DEPARTMENT = "department", _("单位考核")

    plan_id = models.PositiveIntegerField(_("规划编号"), db_index=True)
    scope = models.CharField(_("范围"), max_length=12, choices=Scope.choices)
    object_id = models.PositiveIntegerField(_("对象编号"), null=True, blank=True)
    period_id = models.PositiveIntegerField(_("最早报告期编号"), null=True, blank=True)
    reason = models.CharField(_("原因"), max_length=100)
    created_at = models.DateTimeField(_("标记时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("待重算标记")
        verbose_name_plural = _("待重算标记")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.plan_id}:{self.scope}:{self.object_id or '-'}:{self.period_id or '-'} ({self.reason})"
