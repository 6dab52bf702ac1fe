"""The outbox itself: marks survive a dead broker and the sweep catches up; one job per commit (a 12-item
whole-form approval enqueues ONE); a drain deletes exactly the marks it read; every engine input has a trigger."""

import dataclasses
from decimal import Decimal as D
from unittest import mock

import pytest
from kombu.exceptions import OperationalError as BrokerDown

from indicators.entry import services as entry
from indicators.models import (
    AssessmentVeto,
    Indicator,
    IndicatorValue,
    MilestoneReport,
    OrderEvent,
    ReportingPeriod,
    ReviewStatus,
    Score,
    ScoreRecomputeMark,
    ScoringConfig,
    Submission,
    SupervisionOrder,
)
from indicators.recompute import signals
from indicators.recompute.triggers import DRAIN_JOB, scores_recompute_plan_mark
from indicators.scoring import engine
from indicators.scoring.config import scoring_config_active
from indicators.scoring.jobs import scores_marks_sweep_job
from indicators.scoring.services import scores_marks_drain, scores_recompute
from responsibilities.models import Department, TaskAssignment
from tasks.models import EcoSystem, Milestone, Plan, PlanTask

CODE = "T14-NEW-ENERGY-MW"


def submitted_value(code: str, year: int, quarter: int, value: str) -> IndicatorValue:
    indicator = Indicator.objects.get(code=code)
    period = ReportingPeriod.objects.get(year=year, quarter=quarter)
    form, _ = Submission.objects.get_or_create(
        department=indicator.reporting_department, period=period, defaults={"status": ReviewStatus.SUBMITTED}
    )
    return IndicatorValue.objects.create(
        submission=form,
        indicator=indicator,
        period=period,
        value=D(value),
        is_final=True,
        status=ReviewStatus.SUBMITTED,
    )


def indicator_row(value: IndicatorValue) -> Score:
    return Score.objects.get(level="indicator", indicator_id=value.indicator_id, period_id=value.period_id)


def test_broker_down_the_change_commits_and_the_sweep_catches_up(
    plan, supervisor, caplog, django_capture_on_commit_callbacks
):
    value = submitted_value(CODE, 2023, 4, "797.5")
    scores_recompute(plan=plan)
    ScoreRecomputeMark.objects.all().delete()
    down = BrokerDown("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    with mock.patch("indicators.recompute.triggers.job_enqueue", side_effect=down) as enqueue:
        with django_capture_on_commit_callbacks(execute=True):
            entry.value_approve(value=value, user=supervisor)
    enqueue.assert_called_once_with(DRAIN_JOB)
    value.refresh_from_db()
    assert value.status == ReviewStatus.APPROVED  # committed
    assert indicator_row(value).status == "no_data"  # stale …
    assert ScoreRecomputeMark.objects.filter(scope="indicator", object_id=value.indicator_id).exists()  # … and known
    assert "Connection refused" in caplog.text
    scores_marks_sweep_job()  # beat, within 2 minutes
    assert (indicator_row(value).progress, indicator_row(value).status) == (D("50"), "on_track")
    assert not ScoreRecomputeMark.objects.exists()


def test_a_whole_form_approval_of_12_items_enqueues_one_job(plan, supervisor, django_capture_on_commit_callbacks):
    department = max(
        Department.objects.all(),
        key=lambda d: Indicator.objects.filter(reporting_department=d, frequency="quarterly").count(),
    )
    period = ReportingPeriod.objects.get(year=2024, quarter=2)
    form = Submission.objects.create(department=department, period=period, status=ReviewStatus.SUBMITTED)
    indicators = list(Indicator.objects.filter(reporting_department=department))
    milestones = list(
        Milestone.objects.filter(task__assignments__department=department, task__assignments__role="lead")
    )
    items = 0
    for indicator in indicators[:12]:
        IndicatorValue.objects.create(
            submission=form, indicator=indicator, period=period, value=D(1), is_final=True, status="submitted"
        )
        items += 1
    for milestone in milestones[: 12 - items]:
        MilestoneReport.objects.create(
            submission=form, milestone=milestone, period=period, state="in_progress", status="submitted"
        )
        items += 1
    assert items == 12
    scores_recompute(plan=plan)
    ScoreRecomputeMark.objects.all().delete()
    with mock.patch("indicators.recompute.triggers.job_enqueue") as enqueue:
        with django_capture_on_commit_callbacks(execute=True):
            entry.submission_approve(submission=form, user=supervisor)
    assert enqueue.call_args_list == [mock.call(DRAIN_JOB)]  # one job, not 12
    report = scores_marks_drain()
    assert report.changed > 0 and not ScoreRecomputeMark.objects.exists()
    clean = _scores_by_key()
    scores_recompute(plan=plan)  # the batched recompute left exactly what a full one writes
    assert clean == _scores_by_key()


def _scores_by_key() -> dict:
    """Every stored score by its whole key (systems and departments included: a shorter key let rows of
    one level overwrite each other in an order the database chooses)."""
    rows = Score.objects.values_list(
        "level", "indicator_id", "task_id", "system_id", "department_id", "period_id", "score"
    )
    return {row[:-1]: row[-1] for row in rows}


def test_a_drain_deletes_only_the_marks_it_read(plan):
    scoring_config_active()  # the default rules exist (creating them marks every plan once)
    ScoreRecomputeMark.objects.all().delete()
    scores_recompute_plan_mark(plan_id=plan.pk, reason="测试")
    first = ScoreRecomputeMark.objects.get()
    real = scores_recompute

    def recompute_while_a_change_commits(**kwargs):
        scores_recompute_plan_mark(plan_id=plan.pk, reason="重算期间的新变更")  # written meanwhile
        return real(**kwargs)

    with mock.patch("indicators.scoring.services.drain.scores_recompute", side_effect=recompute_while_a_change_commits):
        scores_marks_drain()
    left = list(ScoreRecomputeMark.objects.values_list("pk", "reason"))
    assert len(left) == 1 and left[0][0] != first.pk and left[0][1] == "重算期间的新变更"
    assert scores_marks_drain().changed == 0  # idempotent: the scores were already right
    assert not ScoreRecomputeMark.objects.exists()
    assert scores_marks_drain().changed == 0  # nothing pending: nothing to do


def test_marks_of_a_deleted_plan_are_dropped(plan):
    scores_recompute_plan_mark(plan_id=plan.pk + 1000, reason="测试")
    scores_marks_drain()
    assert not ScoreRecomputeMark.objects.exists()


def test_a_rolled_back_change_leaves_no_mark(plan):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        PlanTask.objects.filter(number=14).get().save()  # unchanged: no mark either
        task = PlanTask.objects.get(number=14)
        task.weight = D(2)
        task.save()
        assert ScoreRecomputeMark.objects.filter(scope="plan").exists()
        raise RuntimeError
    assert not ScoreRecomputeMark.objects.exists()


def test_an_unchanged_save_and_a_draft_write_leave_no_mark(plan):
    Indicator.objects.get(code=CODE).save()
    submitted_value(CODE, 2023, 4, "1")  # a submitted figure feeds no score yet
    assert not ScoreRecomputeMark.objects.exists()


# ------------------------------------------------------------ every engine input has a trigger

# The engine's input dataclasses, field by field → the model fields they are read from (selectors and
# services of indicators.scoring). A new engine field fails the test until it is listed here, and every
# listed model field must be watched by indicators.recompute.signals.
ENGINE_INPUTS = {
    engine.IndicatorSpec: {
        "kind": [(Indicator, "kind")],
        "comparator": [(Indicator, "comparator")],
        "target_value": [(Indicator, "target_value")],
        "target_year": [(Indicator, "target_year")],
        "plan_start": [(Plan, "period_start")],
        "baseline_value": [(Indicator, "baseline_value")],
        "baseline_year": [(Indicator, "baseline_year")],
        "yearly_targets": [(Indicator, "yearly_targets")],
        "accumulation": [(Indicator, "accumulation")],
        "growth_unit": [(Indicator, "growth_unit")],
    },
    engine.Observation: {
        "year": [(IndicatorValue, "period_id"), (ReportingPeriod, "year")],
        "quarter": [(IndicatorValue, "period_id"), (ReportingPeriod, "quarter")],
        "value": [
            (IndicatorValue, "value"),
            (IndicatorValue, "status"),
            (IndicatorValue, "is_final"),
            (IndicatorValue, "indicator_id"),
        ],
    },
    engine.DepartmentInput: {
        "lead_task_scores": [
            (TaskAssignment, "task_id"),
            (TaskAssignment, "department_id"),
            (TaskAssignment, "role"),
            (Indicator, "weight"),
            (Indicator, "task_id"),
            (Milestone, "weight"),
            (Milestone, "task_id"),
            (Milestone, "due_date"),
            (MilestoneReport, "status"),
            (MilestoneReport, "state"),
            (MilestoneReport, "percent_done"),
            (MilestoneReport, "milestone_id"),
            (MilestoneReport, "period_id"),
            (MilestoneReport, "reviewed_at"),
        ],
        "support_task_scores": [(TaskAssignment, "role")],
        "timeliness": [
            (Submission, "first_submitted_at"),
            (Submission, "department_id"),
            (Submission, "period_id"),
            (ReportingPeriod, "due_on"),
            (ReportingPeriod, "annual_due_on"),
            (Indicator, "frequency"),
            (Indicator, "reporting_department_id"),
        ],
        "returned_count": [(Submission, "returned_count")],
        "veto": [(AssessmentVeto, "department_id"), (AssessmentVeto, "year")],
        "orders": [(SupervisionOrder, "lead_department_id")],
    },
    engine.OrderDeductions: {
        "overdue": [(SupervisionOrder, "deadline"), (SupervisionOrder, "closed_at")],
        "returned": [(OrderEvent, "kind"), (OrderEvent, "order_id"), (OrderEvent, "at")],
    },
    engine.ScoringRules: {f.name: [(ScoringConfig, f.name)] for f in dataclasses.fields(engine.ScoringRules)},
}
# The roll-ups' own inputs (weighted means, 时序进度 of the plan period): not engine dataclass fields.
ROLLUP_INPUTS = [(PlanTask, "weight"), (PlanTask, "system_id"), (EcoSystem, "weight"), (Plan, "period_end")]


@pytest.mark.parametrize("dataclass", list(ENGINE_INPUTS), ids=lambda d: d.__name__)
def test_every_engine_input_field_is_mapped(dataclass):
    assert {f.name for f in dataclasses.fields(dataclass)} == set(ENGINE_INPUTS[dataclass]), (
        f"{dataclass.__name__} has a field without its model source here: add it, and watch the model field"
    )


def test_every_model_field_feeding_the_engine_is_watched():
    sources = [pair for fields in ENGINE_INPUTS.values() for pairs in fields.values() for pair in pairs]
    unwatched = [
        f"{model.__name__}.{name}"
        for model, name in sources + ROLLUP_INPUTS
        if model not in signals.WATCHED
        or model._meta.get_field(name.removesuffix("_id")).attname not in signals.WATCHED[model][0]
    ]
    assert unwatched == []
    # no many-to-many field feeds the engine: no m2m_changed path to cover
    assert not [f"{m.__name__}.{n}" for m, n in sources if m._meta.get_field(n.removesuffix("_id")).many_to_many]


def test_a_supervision_orders_deadline_changed_marks_the_department(plan, supervisor):
    """督办 deductions read the lead department's orders (deadline, 销号): any save (admin, shell) marks its 考核."""
    import datetime as dt

    from tests.factories import order_issue_for

    energy = Department.objects.get(code="energy")
    order = order_issue_for(energy, supervisor=supervisor, deadline=dt.date(2025, 6, 30), today=dt.date(2025, 5, 1))
    ScoreRecomputeMark.objects.all().delete()
    order.deadline = dt.date(2025, 3, 31)
    order.save()
    marks = list(ScoreRecomputeMark.objects.values_list("scope", "period_id"))
    assert marks == [("department", ReportingPeriod.objects.get(year=2025, quarter=1).pk)]
