"""The department level (考核) alone: timeliness and returned forms as the entry workflow counts them,
recomputed from a period on with the same rows as a full recompute; a fixed number of queries."""

import datetime as dt

import pytest

from indicators.models import AssessmentVeto, Score
from indicators.scoring.services import (
    scores_recompute,
    scores_recompute_departments,
    scores_recompute_departments_of,
)
from responsibilities.models import Department, TaskAssignment
from tasks.models import PlanTask
from tests.indicators.scoring.scoring_support import (
    ENERGY,
    TODAY,
    L,
    approve,
    milestone_report,
    period,
    score,
    snapshot,
    submission,
)


def test_timeliness_follows_the_entry_workflows_table(plan):
    """The department score's timeliness (per plan) equals indicators.entry.timeliness.timeliness_table's."""
    from indicators.entry.timeliness import timeliness_table
    from indicators.scoring.selectors import department_inputs, plan_structure, scoring_periods

    submission("energy", 2023, 1, submitted_on=period(2023, 1).due_on + dt.timedelta(days=2))
    submission("ecoenv", 2023, 4, submitted_on=period(2023, 4).due_on)
    submission("health", 2023, 4, submitted_on=period(2023, 4).annual_due_on + dt.timedelta(days=9))
    structure = plan_structure(plan=plan)
    periods = scoring_periods(plan=plan)
    departments = Department.objects.filter(pk__in=structure.department_ids())
    ours = department_inputs(
        structure=structure, department_ids=structure.department_ids(), periods=periods, today=TODAY
    ).timeliness
    theirs = {
        key: t.as_pair()
        for key, t in timeliness_table(periods=periods, departments=departments, today=TODAY).items()
        if t.kind in ("on_time", "late", "missing")
    }
    assert ours == theirs and ("late", 2) in ours.values() and ("late", 9) in ours.values()


# ------------------------------------------------------------------------ department level only


def department_inputs_change():
    """Timeliness, returns and a veto change (the inputs a submitted or returned form changes); no figure."""
    submission("energy", 2023, 1, submitted_on=period(2023, 1).due_on)
    submission("energy", 2023, 2, submitted_on=period(2023, 2).due_on + dt.timedelta(days=4), returned=2)
    submission("water", 2024, 3, submitted_on=period(2024, 3).due_on + dt.timedelta(days=1), returned=1)
    AssessmentVeto.objects.create(
        department=Department.objects.get(code="ecoenv"), year=2025, reason="incident", description="测试"
    )


def test_department_recompute_equals_the_full_recomputes_department_rows(plan):
    approve(ENERGY, 2023, 4, "638")
    milestone_report("T14-M1", 2023, 4, "done")
    scores_recompute(plan=plan, today=TODAY)
    before = snapshot(plan)
    department_inputs_change()
    report = scores_recompute_departments(plan=plan, today=TODAY)
    after = snapshot(plan)
    changed = {key for key in before if before[key] != after[key]}
    assert report.updated == len(changed) > 0 and report.created == report.deleted == 0
    assert {key[0] for key in changed} == {"department"}  # task, system, plan rows untouched
    full = scores_recompute(plan=plan, today=TODAY)
    assert full.changed == 0 and snapshot(plan) == after  # same numbers as the full recompute


def test_department_recompute_from_a_period_touches_that_period_and_later(plan):
    scores_recompute(plan=plan, today=TODAY)
    before = snapshot(plan)
    submission("energy", 2023, 2, submitted_on=period(2023, 2).due_on, returned=1)
    submission("energy", 2022, 2, submitted_on=period(2022, 2).due_on, returned=1)  # earlier: not recomputed
    scores_recompute_departments(plan=plan, from_period=period(2023, 2), today=TODAY)
    after = snapshot(plan)
    changed = {key for key in before if before[key] != after[key]}
    energy = Department.objects.get(code="energy").pk
    # the returned form counts for the rest of 2023 (year so far), not in 2024
    assert changed == {("department", None, None, None, energy, period(2023, q).pk) for q in (2, 3, 4)}


def test_department_recompute_repairs_missing_task_rows_by_a_full_recompute(plan):
    scores_recompute(plan=plan, today=TODAY)
    want = snapshot(plan)
    Score.objects.filter(level=L.TASK, task__number=14, period__year__gte=2024).delete()
    scores_recompute_departments(plan=plan, from_period=period(2024, 1), today=TODAY)
    assert snapshot(plan) == want


def test_department_recompute_deletes_stale_department_rows(plan):
    scores_recompute(plan=plan, today=TODAY)
    stray = Department.objects.create(code="stray", name="临时单位", short_name="临时", kind="township")
    Score.objects.create(
        level=L.DEPARTMENT, plan=plan, department=stray, period=period(2023, 4), status="no_data", config_version="1"
    )
    report = scores_recompute_departments(plan=plan, today=TODAY)
    assert report.deleted == 1 and not Score.objects.filter(department=stray).exists()


def test_department_recompute_is_idempotent(plan):
    scores_recompute(plan=plan, today=TODAY)
    department_inputs_change()
    scores_recompute_departments(plan=plan, today=TODAY)
    ids = set(Score.objects.values_list("id", flat=True))
    assert scores_recompute_departments(plan=plan, today=TODAY).changed == 0
    assert set(Score.objects.values_list("id", flat=True)) == ids


def test_department_recompute_of_a_form_covers_the_plans_assessing_the_department(plan):
    scores_recompute(plan=plan, today=TODAY)
    sub = submission("energy", 2023, 4, submitted_on=period(2023, 4).due_on, returned=1)
    report = scores_recompute_departments_of(department_id=sub.department_id, period_id=sub.period_id, today=TODAY)
    assert report.updated == 1 and score(L.DEPARTMENT, sub.department, 2023, 4).components["returned_count"] == 1
    lonely = Department.objects.create(code="lonely", name="无任务单位", short_name="无任务", kind="township")
    assert scores_recompute_departments_of(department_id=lonely.pk, period_id=sub.period_id).changed == 0
    assert scores_recompute_departments_of(department_id=sub.department_id, period_id=10**9).changed == 0


@pytest.mark.parametrize(
    ("since", "extra_departments"),
    [((2023, 4), 0), ((2022, 1), 0), ((2022, 1), 6)],
    ids=["13-periods", "20-periods", "20-periods-6-more-departments"],
)
def test_department_recompute_query_count_is_fixed(plan, since, extra_departments, django_assert_num_queries):
    tasks = list(PlanTask.objects.filter(system__plan=plan).order_by("number")[:extra_departments])
    for n, task in enumerate(tasks):
        department = Department.objects.create(
            code=f"extra{n}", name=f"新增单位{n}", short_name=f"新增{n}", kind="township"
        )
        TaskAssignment.objects.create(task=task, department=department, role=TaskAssignment.Role.SUPPORT)
    scores_recompute(plan=plan, today=TODAY)
    submission("energy", 2023, 4, submitted_on=period(2023, 4).due_on, returned=1)  # changes one row: energy 2023Q4
    # SAVEPOINT; 1 plan row FOR UPDATE; 2 every period; 3–7 structure: systems, tasks, indicators,
    # milestones, assignments; 8 active scoring config; 9 stored task and department rows of the periods;
    # 10 forms (timeliness, returns) of the plan's departments; 11 vetoes; 12 DELETE the changed row;
    # 13 INSERT it again; RELEASE SAVEPOINT.
    from_period = period(*since)
    with django_assert_num_queries(11 + 2 + 2):
        report = scores_recompute_departments(plan=plan, from_period=from_period, today=TODAY)
    assert (report.updated, report.created, report.deleted) == (1, 0, 0)
