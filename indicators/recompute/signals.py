"""Model signals that mark the scores out of date, whatever the path of the change (admin, commands, shell).

Every model feeding the scoring engine is watched (``WATCHED``: the model and the fields of it the engine
reads, directly or through the selectors of ``indicators.scoring.selectors``). A row remembers those
fields as loaded (``post_init``); when it is saved with one of them changed, created, or deleted
(``pre_delete``: its plan is still there to be found), a ``ScoreRecomputeMark`` is written in the same
transaction through ``indicators.recompute.triggers`` and the drain runs after the commit.

Bulk writes send no signals: the services that write in bulk (whole-form review, submitting, saving a
form) call the triggers themselves; ``QuerySet.update()`` outside the services changes no engine input
in the code base (``tests/indicators/recompute/test_coverage.py`` enumerates the engine's inputs and
fails when one has no watched field). There are no many-to-many fields among the engine's inputs.

What each change marks (the rule's source: which level reads the field, ``indicators.scoring.services``):

* an approved figure or milestone report (approved now or before, value/state/period changed, deleted)
  → ``indicator`` / ``milestone`` from its period;
* an indicator's target, yearly targets, baseline, comparator, kind, accumulation, growth unit, weight,
  bounds → ``indicator``, every period; its task, reporting department or frequency (the plan's structure,
  who is assessed and when forms are due), created or deleted → ``plan`` (old and new plan);
* a milestone's weight or due date → ``milestone``; its task, created, deleted → ``plan``;
* task and system weights, a task moved, created or deleted, an assignment (牵头/配合), a plan's start or
  end → ``plan``;
* a veto (一票否决) → ``department`` of the plans assessing the department, from that year's first period;
* a form's first submission or returned count (timeliness, returns) → ``department`` from its period;
* a reporting period's due dates → ``department`` of every plan from that period; a period created →
  ``plan`` from it; renumbered or deleted → ``plan``, every period;
* the scoring configuration in force (or just retired) → ``plan`` of every plan;
* a supervision order's lead department, 整改期限 or 销号 time, and a closure request returned (退回整改: the
  督办 deductions of ``engine.OrderDeductions``) → ``department`` of the plans assessing the lead department,
  from the first period of the year concerned.
"""

import dataclasses
from collections.abc import Callable

from django.db.models.signals import post_init, post_save, pre_delete
from django.utils import timezone

from indicators.models import (
    AssessmentVeto,
    Indicator,
    IndicatorValue,
    MilestoneReport,
    OrderEvent,
    ReportingPeriod,
    ReviewStatus,
    ScoreRecomputeMark,
    ScoringConfig,
    Submission,
    SupervisionOrder,
)
from indicators.recompute import triggers
from responsibilities.models import TaskAssignment
from tasks.models import EcoSystem, Milestone, Plan, PlanTask

Scope = ScoreRecomputeMark.Scope
_MISSING = object()  # a field deferred when the row was loaded: counts as changed
_SNAPSHOT = "_score_inputs"

# Indicator fields the engine reads through ``indicator_spec`` and the roll-ups (weight); min/max bound the
# values that can be approved.
INDICATOR_SPEC_FIELDS = (
    "kind",
    "comparator",
    "target_value",
    "target_year",
    "baseline_value",
    "baseline_year",
    "yearly_targets",
    "growth_unit",
    "accumulation",
    "weight",
    "min_value",
    "max_value",
)
INDICATOR_STRUCTURE_FIELDS = ("task_id", "reporting_department_id", "frequency")
RULE_MODEL_FIELDS = tuple(
    f.attname for f in ScoringConfig._meta.concrete_fields if f.attname not in ("id", "note", "created_at")
)


@dataclasses.dataclass(frozen=True)
class Change:
    """One save or delete of a watched row: ``old`` (as loaded; {} for a new row), ``created``, ``deleted``."""

    instance: object
    old: dict
    created: bool = False
    deleted: bool = False

    def was(self, name: str):
        return self.old.get(name, _MISSING)

    def now(self, name: str):
        return _MISSING if self.deleted else getattr(self.instance, name)

    def changed(self, *names: str) -> bool:
        return self.created or self.deleted or any(self.was(n) != self.now(n) for n in names)

    def both(self, name: str) -> set:
        """The field's value before and after (known ones only)."""
        return {v for v in (self.was(name), getattr(self.instance, name)) if v is not _MISSING and v is not None}


def _item(change: Change, scope: str, object_field: str) -> None:
    """An approved figure / milestone report: approved now or before, and changed (or created, deleted)."""
    approved = ReviewStatus.APPROVED
    before = not change.created and change.was("status") in (approved, _MISSING)
    if not before and change.instance.status != approved:
        return  # drafts, submissions and returns of unapproved items feed no score
    period_id = _earliest(change.both("period_id"))
    for object_id in change.both(object_field):
        kwargs = {"indicator_id" if scope == Scope.INDICATOR else "milestone_id": object_id}
        triggers.scores_recompute_on_commit(period_id=period_id, **kwargs)


def _value(change: Change) -> None:
    _item(change, Scope.INDICATOR, "indicator_id")


def _report(change: Change) -> None:
    _item(change, Scope.MILESTONE, "milestone_id")


def _indicator(change: Change) -> None:
    plans = triggers.plans_of_tasks(change.both("task_id"))
    if change.changed(*INDICATOR_STRUCTURE_FIELDS):
        triggers.marks_write(plan_ids=plans, scope=Scope.PLAN, reason="指标归属或填报设置变更")
    else:
        triggers.marks_write(plan_ids=plans, scope=Scope.INDICATOR, object_id=change.instance.pk, reason="指标口径变更")


def _milestone(change: Change) -> None:
    plans = triggers.plans_of_tasks(change.both("task_id"))
    if change.changed("task_id"):
        triggers.marks_write(plan_ids=plans, scope=Scope.PLAN, reason="节点目标增删或归属变更")
    else:
        triggers.marks_write(plan_ids=plans, scope=Scope.MILESTONE, object_id=change.instance.pk, reason="节点目标变更")


def _task(change: Change) -> None:
    systems = change.both("system_id")
    plans = EcoSystem.objects.filter(pk__in=systems).values_list("plan_id", flat=True)
    triggers.marks_write(plan_ids=plans, scope=Scope.PLAN, reason="规划任务或权重变更")


def _system(change: Change) -> None:
    triggers.marks_write(plan_ids=change.both("plan_id"), scope=Scope.PLAN, reason="体系或权重变更")


def _plan(change: Change) -> None:
    if not (change.created or change.deleted):  # a new plan has nothing to score; a deleted one no scores
        triggers.marks_write(plan_ids=[change.instance.pk], scope=Scope.PLAN, reason="规划期变更")


def _assignment(change: Change) -> None:
    triggers.marks_write(
        plan_ids=triggers.plans_of_tasks(change.both("task_id")), scope=Scope.PLAN, reason="任务分工变更"
    )


def _veto(change: Change) -> None:
    years = change.both("year")
    first = ReportingPeriod.objects.filter(year__in=years).order_by("year", "quarter").values_list("pk", flat=True)
    triggers.marks_write(
        plan_ids=triggers.plans_of_departments(change.both("department_id")),
        scope=Scope.DEPARTMENT,
        period_id=first.first(),
        reason="一票否决变更",
    )


def _submission(change: Change) -> None:
    if change.created or change.deleted:
        if not (change.instance.first_submitted_at or change.instance.returned_count):
            return  # an unsubmitted, never returned form counts as no form
    periods = change.both("period_id")
    triggers.marks_write(
        plan_ids=triggers.plans_of_departments(change.both("department_id")),
        scope=Scope.DEPARTMENT,
        period_id=_earliest(periods),
        reason="填报表提交时间或退回次数变更",
    )


def _first_period_of(years: set) -> int | None:
    """The first period of the earliest of the years (None without years or periods). 0–1 query."""
    if not years:
        return None
    rows = ReportingPeriod.objects.filter(year=min(years)).order_by("quarter").values_list("pk", flat=True)
    return rows.first()


def _order(change: Change) -> None:
    years = {d.year for d in change.both("deadline")}
    triggers.marks_write(
        plan_ids=triggers.plans_of_departments(change.both("lead_department_id")),
        scope=Scope.DEPARTMENT,
        period_id=_first_period_of(years),
        reason="督办单期限或销号变更",
    )


def _order_event(change: Change) -> None:
    if OrderEvent.Kind.RETURNED not in {change.was("kind"), change.instance.kind}:
        return  # only returned closure requests are deducted
    departments = SupervisionOrder.objects.filter(pk__in=change.both("order_id")).values_list(
        "lead_department_id", flat=True
    )
    triggers.marks_write(
        plan_ids=triggers.plans_of_departments(departments),
        scope=Scope.DEPARTMENT,
        period_id=_first_period_of({timezone.localtime(at).year for at in change.both("at")}),
        reason="督办销号申请退回",
    )


def _period(change: Change) -> None:
    plans = Plan.objects.values_list("pk", flat=True)
    if change.created:
        triggers.marks_write(plan_ids=plans, scope=Scope.PLAN, period_id=change.instance.pk, reason="新增报告期")
    elif change.deleted or change.changed("year", "quarter"):
        triggers.marks_write(plan_ids=plans, scope=Scope.PLAN, reason="报告期变更")
    else:
        triggers.marks_write(
            plan_ids=plans, scope=Scope.DEPARTMENT, period_id=change.instance.pk, reason="报告期截止日期变更"
        )


def _config(change: Change) -> None:
    if change.was("is_active") is True or change.instance.is_active:  # the rules in force, or just retired
        triggers.scores_recompute_all_on_commit()


def _earliest(period_ids: set) -> int | None:
    """The earliest of the periods (by year and quarter); None for none. 0–1 query."""
    if len(period_ids) <= 1:
        return next(iter(period_ids), None)
    return (
        ReportingPeriod.objects.filter(pk__in=period_ids)
        .order_by("year", "quarter")
        .values_list("pk", flat=True)
        .first()
    )


# model → (the fields it feeds the engine with, what a change marks)
WATCHED: dict[type, tuple[tuple[str, ...], Callable[[Change], None]]] = {
    IndicatorValue: (("status", "value", "is_final", "indicator_id", "period_id"), _value),
    MilestoneReport: (("status", "state", "percent_done", "milestone_id", "period_id", "reviewed_at"), _report),
    Indicator: (INDICATOR_SPEC_FIELDS + INDICATOR_STRUCTURE_FIELDS, _indicator),
    Milestone: (("weight", "due_date", "task_id"), _milestone),
    PlanTask: (("weight", "system_id"), _task),
    EcoSystem: (("weight", "plan_id"), _system),
    Plan: (("period_start", "period_end"), _plan),
    TaskAssignment: (("task_id", "department_id", "role"), _assignment),
    AssessmentVeto: (("department_id", "year"), _veto),
    Submission: (("first_submitted_at", "returned_count", "department_id", "period_id"), _submission),
    ReportingPeriod: (("year", "quarter", "due_on", "annual_due_on"), _period),
    ScoringConfig: (RULE_MODEL_FIELDS, _config),
    SupervisionOrder: (("lead_department_id", "deadline", "closed_at"), _order),
    OrderEvent: (("kind", "order_id", "at"), _order_event),
}


def _snapshot(instance) -> dict:
    fields = WATCHED[type(instance)][0]
    return {name: instance.__dict__.get(name, _MISSING) for name in fields}


def _on_init(sender, instance, **kwargs) -> None:
    if instance.pk is not None:  # loaded from the database (a new row has no "as loaded")
        instance.__dict__[_SNAPSHOT] = _snapshot(instance)


def _on_save(sender, instance, created, raw=False, **kwargs) -> None:
    if raw:  # loaddata (restore): the restored scores come with the data
        return
    fields, handler = WATCHED[sender]
    old = {} if created else instance.__dict__.get(_SNAPSHOT, {})
    change = Change(instance, old, created=created)
    if created or any(change.was(n) != getattr(instance, n) for n in fields):
        handler(change)
    instance.__dict__[_SNAPSHOT] = _snapshot(instance)


def _on_delete(sender, instance, **kwargs) -> None:
    old = instance.__dict__.get(_SNAPSHOT) or _snapshot(instance)
    WATCHED[sender][1](Change(instance, old, deleted=True))


def signals_connect() -> None:
    """Connect the watchers (``IndicatorsConfig.ready``); idempotent (dispatch uids)."""
    for model in WATCHED:
        uid = f"scores-mark-{model._meta.label_lower}"
        post_init.connect(_on_init, sender=model, dispatch_uid=f"{uid}-init")
        post_save.connect(_on_save, sender=model, dispatch_uid=f"{uid}-save")
        pre_delete.connect(_on_delete, sender=model, dispatch_uid=f"{uid}-delete")
