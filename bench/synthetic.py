"""Synthetic data for the benchmarks: copies of the loaded plan, with approved figures for every quarter.

``synthetic_ensure(n_plans=100)`` returns ``n_plans`` plans ``bench-001`` … ``bench-100``, each a copy of
the loaded plan (6 systems, 23 tasks, 33 indicators, 29 milestones, 146 assignments; departments are
shared) with, for every indicator and every quarter from 2022Q1 to the latest period, one approved
final figure moving toward its target at a plan-specific pace, plus an approved provisional figure in
one quarter of five (≈ 80,000 approved figures for 100 plans), approved milestone reports every
fourth quarter and on-time/late submissions of every department. Deterministic and idempotent: plans
already built are reused (each plan is built in one transaction, so a plan that exists is complete);
stored scores are recomputed for plans that have none. Other benchmarks (dashboard, Excel export)
reuse it.

``database_ensure()`` creates the PostgreSQL database of ``DATABASE_URL`` when it is missing (call it
before ``django.setup()``); ``django_ready()`` sets Django up, migrates and loads the plan file.
"""

import logging
import os
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

PLAN_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "plan_lingqiu_2022_2025.yaml"
BASE_CODE = "lingqiu-eco-2022-2025"
PROVISIONAL_EVERY = 5  # one quarter in five also has an approved provisional (初步) figure


def database_ensure(url: str | None = None) -> None:
    """CREATE DATABASE for a postgres:// DATABASE_URL whose database does not exist yet (else nothing)."""
    import environ
    import psycopg2

    config = environ.Env.db_url_config(url or os.environ["DATABASE_URL"])
    if "postgresql" not in config["ENGINE"]:
        return
    params = {
        "host": config.get("HOST") or "127.0.0.1",
        "port": config.get("PORT") or 5432,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }
    conn = psycopg2.connect(dbname="postgres", **{k: v for k, v in params.items() if v is not None})
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
    conn.close()


def django_ready() -> None:
    """django.setup(), migrate, and load the plan file when no plan is loaded. Idempotent."""
    import django

    django.setup()
    from django.core.management import call_command

    from tasks.models import Plan

    call_command("migrate", verbosity=0)
    if not Plan.objects.filter(code=BASE_CODE).exists():
        call_command("load_plan", str(PLAN_FILE), verbosity=0, stdout=open(os.devnull, "w"))


def synthetic_ensure(n_plans: int = 100, *, scored: bool = True) -> list:
    """The ``n_plans`` synthetic plans (Plan rows, by code), built where missing; scored unless ``scored=False``."""
    django_ready()
    from tasks.models import Plan

    codes = [f"bench-{i:03d}" for i in range(1, n_plans + 1)]
    existing = set(Plan.objects.filter(code__in=codes).values_list("code", flat=True))
    source = _Source.load()
    _submissions_ensure(source)
    for index, code in enumerate(codes, 1):
        if code not in existing:
            _plan_build(source, index, code)
    plans = list(Plan.objects.filter(code__in=codes).order_by("code"))
    if scored:
        _scores_ensure(plans)
    return plans


class _Source:
    """The loaded plan's structure, read once."""

    @classmethod
    def load(cls):
        from indicators.models import Indicator, ReportingPeriod
        from responsibilities.models import TaskAssignment
        from tasks.models import Milestone, Plan

        s = cls()
        s.plan = Plan.objects.get(code=BASE_CODE)
        s.systems = list(s.plan.systems.order_by("order"))
        s.tasks = {t.pk: t for t in _tasks_of(s.plan)}
        s.milestones = list(Milestone.objects.filter(task__in=s.tasks.values()).order_by("task__number", "code"))
        s.indicators = list(Indicator.objects.filter(task__in=s.tasks.values()).order_by("task__number", "code"))
        s.assignments = list(TaskAssignment.objects.filter(task__in=s.tasks.values()).order_by("task__number"))
        start = s.plan.period_start
        s.periods = [
            p
            for p in ReportingPeriod.objects.order_by("year", "quarter")
            if (p.year, p.quarter) >= (start.year, (start.month - 1) // 3 + 1)
        ]
        s.leads = {}
        for a in s.assignments:
            if a.role == TaskAssignment.Role.LEAD:
                s.leads.setdefault(a.task_id, a.department_id)
        return s


def _tasks_of(plan):
    from tasks.models import PlanTask

    return PlanTask.objects.filter(system__plan=plan).order_by("number")


def _submissions_ensure(source) -> None:
    """One submitted form per (department, period), mostly on time (every seventh 3 days late)."""
    import datetime as dt

    from django.utils import timezone

    from indicators.models import ReviewStatus, Submission
    from responsibilities.models import Department

    rows = []
    for d, department in enumerate(Department.objects.order_by("code")):
        for p, period in enumerate(source.periods):
            late = 3 if (d + p) % 7 == 0 else 0
            at = timezone.make_aware(dt.datetime.combine(period.due_on + dt.timedelta(days=late), dt.time(9)))
            rows.append(
                Submission(
                    department=department,
                    period=period,
                    status=ReviewStatus.APPROVED,
                    first_submitted_at=at,
                    submitted_at=at,
                    returned_count=int((d + p) % 11 == 0),
                    is_demo=True,
                )
            )
    Submission.objects.bulk_create(rows, ignore_conflicts=True)


def _plan_build(source, index: int, code: str) -> None:
    """One copy of the plan with its figures, in one transaction (bulk inserts, no history rows)."""
    from django.db import transaction

    from indicators.models import Indicator
    from responsibilities.models import TaskAssignment
    from tasks.models import EcoSystem, Milestone, Plan, PlanTask

    base = source.plan
    with transaction.atomic():
        plan = Plan.objects.create(
            code=code,
            name=f"{base.name}(基准测试副本 {index:03d})",
            county=base.county,
            city=base.city,
            province=base.province,
            period_start=base.period_start,
            period_end=base.period_end,
            base_year=base.base_year,
            target_year=base.target_year,
            source=base.source,
        )
        systems = {
            s.pk: EcoSystem(plan=plan, code=s.code, order=s.order, name=s.name, aliases=s.aliases, weight=s.weight)
            for s in source.systems
        }
        EcoSystem.objects.bulk_create(systems.values())
        tasks = {
            t.pk: PlanTask(
                system=systems[t.system_id],
                number=t.number,
                title=t.title,
                text=t.text,
                target_statement=t.target_statement,
                weight=t.weight,
            )
            for t in source.tasks.values()
        }
        PlanTask.objects.bulk_create(tasks.values())
        milestones = [
            Milestone(
                task=tasks[m.task_id],
                code=m.code,
                title=m.title,
                due_date=m.due_date,
                weight=m.weight,
                source_sentence=m.source_sentence,
            )
            for m in source.milestones
        ]
        Milestone.objects.bulk_create(milestones)
        TaskAssignment.objects.bulk_create(
            TaskAssignment(task=tasks[a.task_id], department_id=a.department_id, role=a.role, basis=a.basis)
            for a in source.assignments
        )
        indicators = [_indicator_copy(i, tasks[i.task_id], plan) for i in source.indicators]
        Indicator.objects.bulk_create(indicators)
        _values_build(source, index, indicators)
        _reports_build(source, index, milestones)


def _indicator_copy(indicator, task, plan):
    """A copy of ``indicator`` in ``task`` of ``plan`` (bulk_create skips ``Indicator.save``: the plan is set here)."""
    from indicators.models import Indicator

    fields = {
        f.attname: getattr(indicator, f.attname)
        for f in Indicator._meta.concrete_fields
        if f.attname not in ("id", "task_id", "plan_id")
    }
    return Indicator(task=task, plan=plan, **fields)


def _values_build(source, index: int, indicators: list) -> None:
    """Approved figures: a final one every quarter, a provisional one every fifth quarter."""
    from indicators.models import IndicatorValue, Origin, ReviewStatus, Submission

    forms = {(s.department_id, s.period_id): s.pk for s in Submission.objects.filter(period__in=source.periods)}
    rows = []
    for n, indicator in enumerate(indicators):
        pace = Decimal(60 + (index * 7 + n * 13) % 70) / 100  # 0.60 … 1.29 of the planned pace
        for k, period in enumerate(source.periods):
            value = _figure(indicator, k, pace)
            common = {
                "indicator": indicator,
                "period": period,
                "status": ReviewStatus.APPROVED,
                "origin": Origin.DEMO,
                "submission_id": forms.get((indicator.reporting_department_id, period.pk)),
                "note": "基准测试数据",
            }
            rows.append(IndicatorValue(is_final=True, value=value, **common))
            if (k + n) % PROVISIONAL_EVERY == 0:
                rows.append(
                    IndicatorValue(is_final=False, value=_figure(indicator, k, pace * Decimal("0.97")), **common)
                )
    IndicatorValue.objects.bulk_create(rows, batch_size=5000)


def _figure(indicator, k: int, pace: Decimal) -> Decimal:
    """A plausible figure for quarter ``k`` (0 = 2022Q1) of an indicator, in its unit and limits."""
    share = min(Decimal("1.15"), Decimal(k + 1) / 16 * pace)
    target = indicator.target_value
    kind = indicator.kind
    if kind == "zero_count":
        value = (Decimal(4) * (1 - share)).to_integral_value(ROUND_HALF_UP)
    elif kind == "project_count":
        value = (target * share).to_integral_value(ROUND_HALF_UP)
    elif kind == "yes_no":
        value = Decimal(1 if share >= Decimal("0.9") else 0)
    elif kind in ("trend", "annual_growth") or target is None:
        value = Decimal(55) + Decimal(k) * pace
    else:
        start = indicator.baseline_value
        if start is None:
            start = target * (Decimal("1.4") if kind == "at_most" else Decimal("0.7"))
        value = start + (target - start) * share
    return _within(indicator, value).quantize(Decimal(1).scaleb(-indicator.decimal_places), rounding=ROUND_HALF_UP)


def _within(indicator, value: Decimal) -> Decimal:
    low, high = indicator.min_value, indicator.max_value
    value = value if low is None else max(low, value)
    return value if high is None else min(high, value)


def _reports_build(source, index: int, milestones: list) -> None:
    """Approved milestone reports every fourth quarter by the task's lead: 未启动 → 推进中 → 已完成."""
    from django.utils import timezone

    from indicators.models import MilestoneReport, ReviewStatus, Submission

    forms = {(s.department_id, s.period_id): s.pk for s in Submission.objects.filter(period__in=source.periods)}
    lead_by_task = {t.number: source.leads.get(pk) for pk, t in source.tasks.items()}
    rows = []
    for n, milestone in enumerate(milestones):
        department = lead_by_task[milestone.task.number]
        for k, period in enumerate(source.periods):
            if k % 4 != 3:
                continue
            step = (k // 4 + index + n) % 4
            state, percent = [
                ("not_started", None),
                ("in_progress", None),
                ("in_progress", Decimal(60)),
                ("done", None),
            ][step]
            rows.append(
                MilestoneReport(
                    submission_id=forms[department, period.pk],
                    milestone=milestone,
                    period=period,
                    state=state,
                    percent_done=percent,
                    status=ReviewStatus.APPROVED,
                    reviewed_at=timezone.now(),
                    description="基准测试数据",
                )
            )
    MilestoneReport.objects.bulk_create(rows, batch_size=5000)


def _scores_ensure(plans: list) -> None:
    """Recompute the plans that have no stored scores yet."""
    from indicators.models import Score
    from indicators.scoring.services import scores_recompute

    scored = set(Score.objects.filter(plan__in=plans, level="plan").values_list("plan_id", flat=True).distinct())
    logger = logging.getLogger("indicators.scoring.services")
    level, logger.level = logger.level, logging.WARNING  # one line per plan is noise here
    try:
        for plan in plans:
            if plan.pk not in scored:
                scores_recompute(plan=plan)
    finally:
        logger.setLevel(level)
