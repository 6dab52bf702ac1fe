"""Writes of stored scores: the full and the incremental recompute.

One ``Score`` row per (indicator | task | system | department | plan, period), for every period from
the plan's first quarter to the latest one (2026 quarters too: values after the plan end keep being
scored against the 2025 targets). Levels, all percentages on a 0–100 scale:

* indicator — ``engine.indicator_evaluate`` at the period's last day on the approved figures;
* task — weighted mean of its indicators' scores (indicator weight) and its milestones' share done
  (milestone weight; latest approved report up to the period, ``engine.milestones_progress``);
* system — weighted mean of its tasks (task weight); plan — weighted mean of its systems (system weight);
* department (考核) — ``engine.department_assess`` over the tasks it leads (lead weight) and supports
  (support weight), timeliness of its forms of the year so far and returned forms of the year so far;
  a veto (一票否决) of that year makes it 不合格.

Inputs without approved data score 0 in roll-ups (the engine's ``IndicatorResult.score``), so a
missing report lowers the task, system, plan and departments. A roll-up's expected progress
(时序进度) is the same weighted mean of its parts' expected progress, and its status compares
the two with ``engine.status_classify`` (achieved = every part achieved).

Writes are idempotent: each stored row is compared with the computed one and only changed rows
are replaced (delete + bulk_create inside the transaction), so re-running gives the same rows and
no duplicates. Every recompute of a plan first locks the plan row (``SELECT … FOR UPDATE``), so
recomputes of one plan never interleave and always read committed data.

What triggers which recompute (``triggers.py``, always after the commit, as a Celery job):
approving / reopening a figure or milestone report → ``scores_recompute_incremental``; submitting a
form for the first time or returning it (timeliness and returned forms feed only the 考核 rows: the
plan score is the weighted mean of the systems, not of the departments) → ``scores_recompute_departments``
of every plan assessing the department; saving the active scoring configuration (``scoring_config_save``,
from the admin) → ``scores_recompute_all``; every night → ``scores_recompute_all``.
"""

import dataclasses
import datetime as dt
import functools
import logging
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from indicators.models import Indicator, ReportingPeriod, Score, ScoreStatus, ScoringConfig
from tasks.models import Milestone, Plan

from indicators.scoring import engine
from indicators.scoring.config import DEFAULT_VERSION, RULE_FIELDS, scoring_rules_active
from indicators.scoring.selectors import (
    PlanStructure,
    department_inputs,
    indicator_spec,
    milestone_reports_approved,
    observations_approved,
    periods_every,
    plan_structure,
    plans_assessing,
    scores_stored,
    scoring_periods,
)
from indicators.recompute.triggers import scores_recompute_all_on_commit

log = logging.getLogger(__name__)
L = Score.Level
_ZERO = Decimal(0)
_HUNDRED = Decimal(100)
# Stored precision of the numeric Score fields: (decimal places, integer digits).
_NUMBER_FIELDS = {"current_value": (6, 14), "progress_raw": (4, 8), "progress": (4, 4), "expected": (4, 4),
                  "forecast": (6, 14), "score": (4, 4)}
# (quantum, largest storable magnitude) per numeric field, e.g. progress: (0.0001, 9999.9999).
_STORAGE = {name: (Decimal(1).scaleb(-places), Decimal(10) ** digits - Decimal(1).scaleb(-places))
            for name, (places, digits) in _NUMBER_FIELDS.items()}
_TEXT_STORAGE = (Decimal("0.0001"), Decimal(10) ** 14 - Decimal("0.0001"))
_WRITE_BATCH = 1000


@dataclasses.dataclass
class RecomputeReport:
    """Rows created, updated (replaced because a value changed), deleted (stale) and unchanged."""

    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    def __add__(self, other: "RecomputeReport") -> "RecomputeReport":
        return RecomputeReport(*(a + b for a, b in zip(dataclasses.astuple(self), dataclasses.astuple(other))))

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted


@dataclasses.dataclass(frozen=True)
class _Part:
    """What a roll-up needs of one part: score 0–100 (0 without data), expected %, achieved, has data."""

    score: Decimal
    expected: Decimal | None
    met: bool
    has_data: bool


@dataclasses.dataclass
class _Context:
    """One recompute: the plan, its structure, the periods written, all periods since the plan start."""

    plan: Plan
    structure: PlanStructure
    periods: list
    all_periods: list
    rules: engine.ScoringRules
    today: dt.date
    _milestone_specs: dict = dataclasses.field(default_factory=dict)

    @functools.cached_property
    def year_so_far(self) -> dict[int, list[int]]:
        """{period_id: ids of the periods of its year up to and including it}."""
        return {p.pk: [q.pk for q in self.all_periods if q.year == p.year and q.quarter <= p.quarter]
                for p in self.all_periods}

    @functools.cached_property
    def task_rule(self) -> str:
        share = engine.round_half_up(self.rules.in_progress_share * _HUNDRED, 1).normalize()
        return ("任务得分=所属指标得分与节点完成度按各自权重加权平均;没有已审核数据的指标记0分,"
                f"没有已审核进展的节点按未启动记0分,推进中的节点未填比例时按{share:f}%计。")

    @functools.cached_property
    def department_rule(self) -> str:
        r = self.rules
        f = lambda d: f"{engine.round_half_up(d, 2).normalize():f}"  # noqa: E731
        return (f"考核得分=任务完成进度(牵头任务权重{f(r.lead_weight)},配合任务权重{f(r.support_weight)})"
                f"×{f(r.progress_share)}+报送及时性×{f(r.timeliness_share)}−退回扣分(每次{f(r.return_deduction)}分),"
                f"最低0分;本年度截至本季度;一票否决为不合格。")

    def milestone_spec(self, due: dt.date) -> engine.IndicatorSpec:
        """A spec whose 时序进度 is the elapsed share of plan start … end of the milestone's due year."""
        year = max(due.year, self.plan.period_start.year)
        if year not in self._milestone_specs:
            self._milestone_specs[year] = engine.IndicatorSpec(
                kind=engine.TargetKind.PROJECT_COUNT, comparator=engine.Comparator.GTE, target_value=_HUNDRED,
                target_year=year, plan_start=self.plan.period_start)
        return self._milestone_specs[year]


class _StoredRowMissing(Exception):
    """An incremental recompute needs a stored row that does not exist: recompute the plan instead."""


# ---------------------------------------------------------------------------------------------------
# Public services
# ---------------------------------------------------------------------------------------------------


def scores_recompute(*, plan: Plan, periods=None, today: dt.date | None = None) -> RecomputeReport:
    """Recompute every stored score of ``plan`` for ``periods`` (default: plan start … latest period).

    Loads everything in a fixed number of queries (13 whatever the plan's size), runs the engine
    in memory, replaces changed rows, creates missing ones and deletes stale ones (rows of these
    periods whose object is no longer part of the plan). One transaction; idempotent.
    ``today`` (default: today in Asia/Shanghai) decides which forms are already missing.
    """
    with transaction.atomic():
        plan = _plan_lock(plan.pk)
        ctx = _context(plan, periods=periods, today=today)
        computed = _compute_plan(ctx)
        stored = scores_stored(Score.objects.filter(plan=plan, period__in=ctx.periods))
        report = _scores_write(plan, computed, stored, delete_stale=True)
    log.info("scores_recompute plan=%s periods=%d %s", plan.code, len(ctx.periods), report)
    return report


def scores_recompute_all(*, today: dt.date | None = None) -> RecomputeReport:
    """Recompute every plan (one transaction per plan). Called by load_demo and the nightly job."""
    report = RecomputeReport()
    for plan in Plan.objects.order_by("pk"):
        report += scores_recompute(plan=plan, today=today)
    return report


def scores_recompute_incremental(*, period_id: int, indicator_id: int | None = None,
                                 milestone_id: int | None = None, today: dt.date | None = None) -> RecomputeReport:
    """Recompute what depends on one indicator's (or milestone's) figure of one period.

    From that period to the latest: the indicator (for a milestone: nothing at indicator level),
    its task, the task's system, the plan, and the departments assigned to the task. Sibling scores
    are read from their stored rows; if one is missing the plan is recomputed for these periods
    instead. 14 queries (+ one INSERT per 1000 changed rows), whatever the number of plans.
    Raises ValueError unless exactly one of indicator_id / milestone_id is given; an object
    deleted meanwhile is a no-op.
    """
    if (indicator_id is None) == (milestone_id is None):
        raise ValueError("give exactly one of indicator_id and milestone_id")
    target = _incremental_target(indicator_id=indicator_id, milestone_id=milestone_id)
    if target is None:
        return RecomputeReport()
    plan_id, task_id = target
    with transaction.atomic():
        plan = _plan_lock(plan_id)
        ctx = _context(plan, since_id=period_id, today=today)
        if ctx is None:  # the period was deleted meanwhile
            return RecomputeReport()
        try:
            computed, stored = _compute_incremental(ctx, task_id=task_id, indicator_id=indicator_id)
        except _StoredRowMissing:
            computed = _compute_plan(ctx)
            stored = scores_stored(Score.objects.filter(plan=plan, period__in=ctx.periods))
        return _scores_write(plan, computed, stored, delete_stale=False)


def scores_recompute_departments(*, plan: Plan, from_period: ReportingPeriod | None = None,
                                 today: dt.date | None = None) -> RecomputeReport:
    """Recompute only the department level (考核) of ``plan``, from ``from_period`` on (default: every period).

    For a change of timeliness or returned forms, which feed nothing else. Task scores are read
    from their stored rows (not recomputed); if one is missing, the plan is recomputed for these
    periods instead. Same department rows as ``scores_recompute``, stale ones (a department no
    longer in the plan) deleted too. 11 queries (+ one INSERT per 1000 changed rows), whatever the
    number of periods and departments; a period deleted meanwhile is a no-op.
    """
    with transaction.atomic():
        plan = _plan_lock(plan.pk)
        ctx = _context(plan, since_id=from_period.pk if from_period is not None else None, today=today)
        if ctx is None:
            return RecomputeReport()
        stored = scores_stored(Score.objects.filter(plan=plan, period__in=ctx.periods, level__in=[L.TASK, L.DEPARTMENT]))
        try:
            computed = _compute_departments(ctx, stored)
        except _StoredRowMissing:
            computed = _compute_plan(ctx)
            stored = scores_stored(Score.objects.filter(plan=plan, period__in=ctx.periods))
            return _scores_write(plan, computed, stored, delete_stale=True)
        departments = {key: row for key, row in stored.items() if key[0] == L.DEPARTMENT}
        return _scores_write(plan, computed, departments, delete_stale=True)


def scores_recompute_departments_of(*, department_id: int, period_id: int,
                                    today: dt.date | None = None) -> RecomputeReport:
    """After a form of the department for the period was submitted or returned: the department level of
    every plan assessing it (``plans_assessing``), from that period on, one transaction per plan.
    A period deleted meanwhile is a no-op. 2 queries + 11 per plan."""
    period = ReportingPeriod.objects.filter(pk=period_id).first()
    report = RecomputeReport()
    if period is None:
        return report
    for plan in plans_assessing(department_id=department_id):
        report += scores_recompute_departments(plan=plan, from_period=period, today=today)
    return report


@transaction.atomic
def scoring_config_save(*, config: ScoringConfig, user=None) -> ScoringConfig:
    """Save a scoring configuration (the admin's save); recompute every plan when it is or was active.

    One active configuration at a time: saving one with ``is_active`` retires the active one (with
    history). When the saved row is active now or was before (edited, activated or retired — then
    ``config.scoring_config_active`` falls back to version "1"), a full recompute of every plan is
    enqueued after the commit, so every stored score then carries the rules and version in force;
    a rolled-back save enqueues nothing. ``user``: the author recorded in the history.

    A version that stored scores already carry is never rewritten (reports look its rules up by
    version): when a rule field (``RULE_FIELDS``) or the label of such a row changed, the edit is
    saved as a NEW row — ``config`` becomes that row (new pk; the label typed, or the next free
    integer when it was kept) — and the stored row keeps its numbers, retired. Anything else (e.g.
    only 说明, or a version no score uses yet) is edited in place.
    """
    previous = ScoringConfig.objects.select_for_update().filter(pk=config.pk).first() if config.pk else None
    was_active = previous is not None and previous.is_active
    if previous is not None and _config_version_used_and_changed(previous, config):
        _config_fork(config, previous=previous, user=user)
    if config.is_active:
        for other in ScoringConfig.objects.select_for_update().filter(is_active=True).exclude(pk=config.pk):
            other.is_active, other._history_user = False, user
            other.save(update_fields=["is_active"])
    config._history_user = user
    config.save()
    if config.is_active or was_active:
        scores_recompute_all_on_commit()
    return config


def _config_version_used_and_changed(previous: ScoringConfig, config: ScoringConfig) -> bool:
    """True when ``config`` changes the label or a rule number of ``previous`` and a stored score
    carries ``previous.version``. 0–1 query."""
    changed = config.version != previous.version or any(
        Decimal(str(getattr(config, name))) != Decimal(str(getattr(previous, name))) for name in RULE_FIELDS)
    return changed and Score.objects.filter(config_version=previous.version).exists()


def _config_fork(config: ScoringConfig, *, previous: ScoringConfig, user) -> None:
    """Turn ``config`` into a new, unsaved row and retire ``previous`` (unchanged otherwise, with history)."""
    if config.version == previous.version:
        config.version = _config_version_next()
    if previous.is_active:
        previous.is_active, previous._history_user = False, user
        previous.save(update_fields=["is_active"])
    config.pk = None
    config._state.adding = True


def _config_version_next() -> str:
    """The next free integer label: 1 + the largest integer among the configurations' versions, the
    versions stored scores carry and the default "1" (e.g. "1", "2", "2.1" → "3"). 2 queries."""
    labels = set(ScoringConfig.objects.values_list("version", flat=True))
    labels |= set(Score.objects.order_by().values_list("config_version", flat=True).distinct())
    labels.add(DEFAULT_VERSION)
    return str(max(int(label) for label in labels if label.isascii() and label.isdigit()) + 1)


# ---------------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------------


def _plan_lock(plan_id: int) -> Plan:
    """The plan row, locked until the transaction ends (serialises recomputes of one plan). 1 query."""
    return Plan.objects.select_for_update().get(pk=plan_id)


def _context(plan: Plan, *, periods=None, since_id: int | None = None, today=None) -> _Context | None:
    """Periods, rules and structure of one recompute (None when ``since_id`` is no period). 7 queries
    (periods, rules, 5 of the structure).

    ``periods``: only these; ``since_id``: that period and every later one (from the plan start when
    it precedes it); default: every period from the plan start.
    """
    every = periods_every()
    all_periods = chosen = scoring_periods(plan=plan, every=every)
    if periods is not None:
        wanted = {p.pk for p in periods}
        chosen = [p for p in all_periods if p.pk in wanted]
    if since_id is not None:
        since = next((p for p in every if p.pk == since_id), None)
        if since is None:
            return None
        chosen = [p for p in all_periods if (p.year, p.quarter) >= (since.year, since.quarter)]
    return _Context(plan=plan, structure=plan_structure(plan=plan), periods=chosen, all_periods=all_periods,
                    rules=scoring_rules_active(), today=today or timezone.localdate())


def _incremental_target(*, indicator_id, milestone_id) -> tuple[int, int] | None:
    """(plan_id, task_id) of the indicator or milestone; None when it no longer exists. 1 query."""
    model, pk = (Indicator, indicator_id) if indicator_id is not None else (Milestone, milestone_id)
    return model.objects.filter(pk=pk).values_list("task__system__plan_id", "task_id").first()


# ---------------------------------------------------------------------------------------------------
# Computing
# ---------------------------------------------------------------------------------------------------


def _compute_plan(ctx: _Context) -> dict[tuple, dict]:
    """Every level of the plan for ctx.periods: {(level, object id, period_id): fields}. 4 queries."""
    s = ctx.structure
    observations = observations_approved(indicator_ids=list(s.indicators))
    reports = milestone_reports_approved(milestone_ids=list(s.milestones))
    inputs = department_inputs(structure=s, department_ids=s.department_ids(), periods=ctx.all_periods,
                               today=ctx.today)
    rows, departments = {}, s.department_ids()
    for indicator in s.indicators.values():
        for period_id, fields in _indicator_rows(ctx, indicator, observations.get(indicator.pk, [])).items():
            rows[L.INDICATOR, indicator.pk, period_id] = fields
    for period in ctx.periods:
        rows |= _rollups(ctx, period, rows, reports, inputs, tasks=s.tasks, systems=s.systems,
                         departments=departments)
    return rows


def _compute_incremental(ctx: _Context, *, task_id: int, indicator_id: int | None) -> tuple[dict, dict]:
    """(computed, stored) rows for one indicator/milestone change: the indicator, its task, system,
    plan and the task's departments, for ctx.periods; other parts come from stored rows. 5 queries
    (4 when the task has no milestones)."""
    s = ctx.structure
    system_id = s.tasks[task_id][0]
    departments = s.departments_of(task_id)
    tasks = set(s.tasks_of(system_id)) | {t for t, d, _r in s.assignments if d in departments}
    stored = scores_stored(Score.objects.filter(plan=ctx.plan, period__in=ctx.periods).filter(
        Q(level=L.INDICATOR, indicator_id__in=[i.pk for i in s.indicators_by_task.get(task_id, [])])
        | Q(level=L.TASK, task_id__in=tasks) | Q(level=L.SYSTEM, system_id__in=list(s.systems)) | Q(level=L.PLAN)
        | Q(level=L.DEPARTMENT, department_id__in=departments)))
    rows = dict(stored)
    computed = {}
    if indicator_id is not None:
        observations = observations_approved(indicator_ids=[indicator_id]).get(indicator_id, [])
        for period_id, fields in _indicator_rows(ctx, s.indicators[indicator_id], observations).items():
            computed[L.INDICATOR, indicator_id, period_id] = rows[L.INDICATOR, indicator_id, period_id] = fields
    reports = milestone_reports_approved(milestone_ids=s.milestones_of(task_id))
    inputs = department_inputs(structure=s, department_ids=departments, periods=ctx.all_periods, today=ctx.today)
    for period in ctx.periods:
        new = _rollups(ctx, period, rows, reports, inputs, tasks={task_id: s.tasks[task_id]},
                       systems={system_id: s.systems[system_id]}, departments=departments)
        rows |= new
        computed |= new
    return computed, {key: stored[key] for key in computed if key in stored}


def _compute_departments(ctx: _Context, rows: dict) -> dict[tuple, dict]:
    """The department rows of every department of the plan for ctx.periods, from the task rows in
    ``rows`` (raises _StoredRowMissing when one is absent). 2 queries (forms, vetoes)."""
    s = ctx.structure
    departments = s.department_ids()
    inputs = department_inputs(structure=s, department_ids=departments, periods=ctx.all_periods, today=ctx.today)
    return {(L.DEPARTMENT, department_id, period.pk): _department_fields(ctx, department_id, period, rows, inputs)
            for period in ctx.periods for department_id in departments}


def _rollups(ctx, period, rows, reports, inputs, *, tasks, systems, departments) -> dict[tuple, dict]:
    """Task, system, plan and department rows of one period, from the part rows in ``rows``
    (computed or stored; raises _StoredRowMissing when one is absent)."""
    s, pid, new = ctx.structure, period.pk, {}
    for task_id in tasks:
        parts = [(_part(_row(rows, L.INDICATOR, i.pk, pid)), i.weight) for i in s.indicators_by_task.get(task_id, [])]
        parts += [(_milestone_part(ctx, reports.get(m, []), due, period), weight)
                  for m, weight, due in s.milestones_by_task.get(task_id, [])]
        new[L.TASK, task_id, pid] = rows[L.TASK, task_id, pid] = _rollup_fields(ctx, parts, period, ctx.task_rule)
    for system_id in systems:
        parts = [(_part(_row(rows, L.TASK, t, pid)), s.tasks[t][1]) for t in s.tasks_by_system.get(system_id, [])]
        new[L.SYSTEM, system_id, pid] = rows[L.SYSTEM, system_id, pid] = _rollup_fields(
            ctx, parts, period, "体系得分=所属任务得分按任务权重加权平均。")
    parts = [(_part(_row(rows, L.SYSTEM, system_id, pid)), weight) for system_id, weight in s.systems.items()]
    new[L.PLAN, ctx.plan.pk, pid] = _rollup_fields(ctx, parts, period, "规划总得分=各体系得分按体系权重加权平均。")
    for department_id in departments:
        new[L.DEPARTMENT, department_id, pid] = _department_fields(ctx, department_id, period, rows, inputs)
    return new


def _row(rows: dict, level: str, object_id: int, period_id: int) -> dict:
    try:
        return rows[level, object_id, period_id]
    except KeyError:
        raise _StoredRowMissing((level, object_id, period_id)) from None


def _part(fields: dict) -> _Part:
    """A stored or computed row as a roll-up part (achieved ⇔ status 已达标, data ⇔ not 无数据)."""
    status = fields["status"]
    return _Part(fields["score"] if fields["score"] is not None else _ZERO, fields["expected"],
                 status == ScoreStatus.ACHIEVED, status != ScoreStatus.NO_DATA)


def _indicator_rows(ctx: _Context, indicator: Indicator, observations: list) -> dict[int, dict]:
    """{period_id: fields} of one indicator over ctx.periods (engine at each period's last day).

    An indicator whose settings the engine refuses (e.g. a target year before the plan start) gets
    无数据 rows naming the problem instead of stopping the whole recompute.
    """
    try:
        spec = indicator_spec(indicator, plan_start=ctx.plan.period_start)
    except (ValueError, TypeError, ArithmeticError) as exc:
        log.warning("indicator %s has settings the engine refuses: %s", indicator.pk, exc)
        return {p.pk: _fields(ctx, status=engine.Status.NO_DATA, score=_ZERO, rule=f"指标口径设置有误,无法评价:{exc}")
                for p in ctx.periods}
    rows = {}
    for period in ctx.periods:
        r = engine.indicator_evaluate(spec, observations, as_of=period.end, rules=ctx.rules)
        rows[period.pk] = _fields(
            ctx, current_value=r.current, progress_raw=r.progress_raw, progress=r.progress, expected=r.expected,
            status=r.status, forecast=r.forecast, forecast_met=r.forecast_met, score=r.score, rule=r.rule)
    return rows


def _milestone_part(ctx: _Context, reports: list, due: dt.date, period: ReportingPeriod) -> _Part:
    """Share done of a milestone at ``period`` from its latest approved report up to it (none: 未启动, 0)."""
    latest = None
    for year, quarter, state, percent in reports:  # ordered by period
        if (year, quarter) <= (period.year, period.quarter):
            latest = (state, percent)
    expected = engine.expected_progress(ctx.milestone_spec(due), as_of=period.end)
    if latest is None:
        return _Part(_ZERO, expected, False, False)
    share = engine.milestones_progress([(latest[0], latest[1], Decimal(1))], ctx.rules)
    return _Part(share, expected, latest[0] == engine.MilestoneState.DONE, True)


def _rollup_fields(ctx: _Context, parts: list, period: ReportingPeriod, rule: str) -> dict:
    """Weighted mean of the parts' scores and expected progress, and the status comparing them.

    Negative weights (a slip in the admin) count as 0. No part with data → 无数据 and score 0.
    """
    parts = [(p, max(w, _ZERO)) for p, w in parts]
    has_data = any(p.has_data for p, _w in parts)
    progress = engine.weighted_mean((p.score, w) for p, w in parts) if has_data else None
    expected = engine.weighted_mean((p.expected, w) for p, w in parts)
    met = has_data and all(p.met for p, _w in parts)
    status = engine.status_classify(
        progress_raw=progress, expected=expected if expected is not None else _ZERO, met=met,
        target_passed=period.end >= ctx.plan.period_end, has_data=has_data, rules=ctx.rules)
    return _fields(ctx, progress_raw=progress, progress=progress, expected=expected, status=status,
                   score=progress if progress is not None else _ZERO, rule=rule)


def _department_fields(ctx: _Context, department_id: int, period: ReportingPeriod, rows: dict, inputs) -> dict:
    """考核 of one department at ``period`` (engine.department_assess).

    Tasks it leads and supports at this period; timeliness, returned forms and veto of the period's
    year up to and including this period ("missing" counted without its day count, which only
    grows and does not change the points).
    """
    s, pid, rules = ctx.structure, period.pk, ctx.rules
    lead = [_part(_row(rows, L.TASK, t, pid)) for t in s.tasks_led.get(department_id, [])]
    support = [_part(_row(rows, L.TASK, t, pid)) for t in s.tasks_supported.get(department_id, [])]
    year_so_far = ctx.year_so_far[pid]
    timeliness = [_timeliness_pair(inputs.timeliness[department_id, q]) for q in year_so_far
                  if (department_id, q) in inputs.timeliness]
    returned = sum(inputs.returned.get((department_id, q), 0) for q in year_so_far)
    veto = (department_id, period.year) in inputs.vetoes
    result = engine.department_assess(engine.DepartmentInput(
        tuple(p.score for p in lead), tuple(p.score for p in support), tuple(timeliness), returned, veto), rules)
    weighted = [(p, rules.lead_weight) for p in lead] + [(p, rules.support_weight) for p in support]
    expected = engine.weighted_mean((p.expected, w) for p, w in weighted)
    has_data = any(p.has_data for p, _w in weighted)
    status = engine.status_classify(
        progress_raw=result.progress if has_data else None, expected=expected if expected is not None else _ZERO,
        met=has_data and all(p.met for p, _w in weighted), target_passed=period.end >= ctx.plan.period_end,
        has_data=has_data, rules=rules)
    components = {
        "progress": _text(result.progress), "timeliness": _text(result.timeliness), "deduction": _text(result.deduction),
        "veto": veto, "lead_tasks": len(lead), "support_tasks": len(support), "returned_count": returned,
        "timeliness_items": [list(pair) for pair in timeliness],
    }
    return _fields(ctx, progress_raw=result.progress, progress=result.progress, expected=expected, status=status,
                   score=result.score, grade=result.grade, components=components, rule=ctx.department_rule)


def _timeliness_pair(pair: tuple[str, int]) -> tuple[str, int]:
    code, days = pair
    return (code, 0) if code == engine.Timeliness.MISSING else (code, days)


def _fields(ctx: _Context, **values) -> dict:
    """A complete row of Score values, numbers rounded half-up to their stored precision."""
    fields = {"current_value": None, "progress_raw": None, "progress": None, "expected": None, "forecast": None,
              "forecast_met": None, "score": None, "grade": "", "components": {}, "rule": "",
              "config_version": ctx.rules.version} | values
    fields["status"] = str(fields["status"])
    for name, storage in _STORAGE.items():
        value = fields[name]
        if value is not None:
            fields[name] = _stored_number(value, *storage)
    return fields


def _stored_number(value: Decimal, quantum: Decimal, limit: Decimal) -> Decimal:
    """Rounded half-up to ``quantum`` and kept within the column's range (±limit)."""
    if value > limit:
        value = limit
    elif value < -limit:
        value = -limit
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def _text(value: Decimal | None) -> str | None:
    """A Decimal for the JSON components: 4 decimals, as text (exact, no float)."""
    return None if value is None else str(_stored_number(value, *_TEXT_STORAGE))


# ---------------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------------


def _scores_write(plan: Plan, computed: dict, stored: dict, *, delete_stale: bool) -> RecomputeReport:
    """Replace changed rows, create missing ones, delete stale ones (``delete_stale``). ≤ 2 queries
    per 1000 rows; nothing is written when nothing changed."""
    report, to_delete, to_create = RecomputeReport(), [], []
    for key, fields in computed.items():
        old = stored.get(key)
        if old is not None and all(old[name] == value for name, value in fields.items()):
            report.unchanged += 1
            continue
        if old is None:
            report.created += 1
        else:
            report.updated += 1
            to_delete.append(old["id"])
        to_create.append(_score_object(plan, key, fields))
    if delete_stale:
        stale = [row["id"] for key, row in stored.items() if key not in computed]
        report.deleted = len(stale)
        to_delete += stale
    for start in range(0, len(to_delete), _WRITE_BATCH):
        Score.objects.filter(pk__in=to_delete[start:start + _WRITE_BATCH]).delete()
    Score.objects.bulk_create(to_create, batch_size=_WRITE_BATCH)
    return report


def _score_object(plan: Plan, key: tuple, fields: dict) -> Score:
    level, object_id, period_id = key
    link = {} if level == L.PLAN else {f"{level}_id": object_id}
    return Score(level=level, plan_id=plan.pk, period_id=period_id, **link, **fields)
