"""Stored scores: full and incremental recompute, roll-ups, department assessment, idempotency.

Hand-worked figures use task 14 (调整能源结构): one indicator T14-NEW-ENERGY-MW (≥ 1595 MW, no
baseline, quarterly, reported by 县能源局 ``energy``) and one milestone T14-M1; 县能源局 leads it and
supports task 15 (one milestone). Plan period 2022Q1–2025Q4 = 16 quarters: 时序进度 at 2023Q4 = 50 %.
"""

import datetime as dt
import io
import json
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from indicators.models import (
    AssessmentVeto,
    Indicator,
    IndicatorValue,
    MilestoneReport,
    ReportingPeriod,
    ReviewStatus,
    Score,
    ScoringConfig,
    Submission,
)
from indicators.scoring import engine
from indicators.scoring.selectors import indicator_spec
from indicators.scoring.services import (
    scores_recompute,
    scores_recompute_all,
    scores_recompute_departments,
    scores_recompute_departments_of,
    scores_recompute_incremental,
)
from responsibilities.models import Department, TaskAssignment
from tasks.models import EcoSystem, Milestone, PlanTask

TODAY = dt.date(2026, 11, 30)
ENERGY = "T14-NEW-ENERGY-MW"
L = Score.Level


def period(year, quarter) -> ReportingPeriod:
    return ReportingPeriod.objects.get(year=year, quarter=quarter)


def approve(code, year, quarter, value, *, final=True) -> IndicatorValue:
    """An approved figure written directly (the workflow is tested elsewhere)."""
    row, _ = IndicatorValue.objects.update_or_create(
        indicator=Indicator.objects.get(code=code), period=period(year, quarter), is_final=final,
        defaults={"value": D(value), "status": ReviewStatus.APPROVED})
    return row


def submission(code, year, quarter, *, submitted_on=None, returned=0) -> Submission:
    at = None
    if submitted_on is not None:
        at = timezone.make_aware(dt.datetime.combine(submitted_on, dt.time(10)))
    sub, _ = Submission.objects.update_or_create(
        department=Department.objects.get(code=code), period=period(year, quarter),
        defaults={"first_submitted_at": at, "submitted_at": at, "returned_count": returned,
                  "status": ReviewStatus.SUBMITTED if at else ReviewStatus.DRAFT})
    return sub


def milestone_report(code, year, quarter, state, percent=None, department="energy") -> MilestoneReport:
    return MilestoneReport.objects.create(
        submission=submission(department, year, quarter, submitted_on=period(year, quarter).due_on),
        milestone=Milestone.objects.get(code=code), period=period(year, quarter), state=state,
        percent_done=None if percent is None else D(percent), status=ReviewStatus.APPROVED,
        reviewed_at=timezone.now())


def score(level, obj, year, quarter) -> Score:
    link = {} if level == L.PLAN else {level: obj}
    return Score.objects.get(level=level, period=period(year, quarter), **link)


def snapshot(plan) -> dict:
    """Every stored row of the plan, by key, without id and time stamps."""
    fields = ("level", "indicator_id", "task_id", "system_id", "department_id", "period_id", "current_value",
              "progress_raw", "progress", "expected", "status", "forecast", "forecast_met", "score", "grade",
              "components", "rule", "config_version")
    rows = Score.objects.filter(plan=plan).values(*fields)
    return {tuple(r[f] for f in fields[:6]): r for r in rows}


@pytest.fixture
def task14(plan):
    return PlanTask.objects.get(system__plan=plan, number=14)


# ---------------------------------------------------------------------------------------------- full


def test_full_recompute_writes_one_row_per_object_and_period(plan):
    report = scores_recompute(plan=plan, today=TODAY)
    periods = ReportingPeriod.objects.filter(year__gte=2022).count()  # 2022Q1 … 2026Q4 = 20
    departments = Department.objects.filter(
        pk__in=TaskAssignment.objects.filter(task__system__plan=plan).values("department")).count()
    per_period = 33 + 23 + 6 + 1 + departments
    assert periods == 20
    assert report.created == per_period * periods == Score.objects.filter(plan=plan).count()
    assert Score.objects.filter(level=L.PLAN).count() == periods


def test_rerun_writes_nothing_and_keeps_rows(plan):
    scores_recompute(plan=plan, today=TODAY)
    ids = set(Score.objects.values_list("id", flat=True))
    report = scores_recompute(plan=plan, today=TODAY)
    assert (report.created, report.updated, report.deleted) == (0, 0, 0)
    assert set(Score.objects.values_list("id", flat=True)) == ids


def test_recompute_all_covers_every_plan_and_is_idempotent(plan):
    first = scores_recompute_all(today=TODAY)
    before = snapshot(plan)
    second = scores_recompute_all(today=TODAY)
    assert first.created == len(before) and second.changed == 0
    assert snapshot(plan) == before


def test_indicator_rows_are_the_engines_result(plan):
    approve(ENERGY, 2022, 4, "500")
    approve(ENERGY, 2023, 2, "700")
    approve(ENERGY, 2023, 4, "800")
    scores_recompute(plan=plan, today=TODAY)
    indicator = Indicator.objects.get(code=ENERGY)
    observations = [engine.Observation(2022, 4, D(500)), engine.Observation(2023, 2, D(700)),
                    engine.Observation(2023, 4, D(800))]
    result = engine.indicator_evaluate(indicator_spec(indicator, plan_start=plan.period_start), observations,
                                       as_of=dt.date(2023, 12, 31))
    row = score(L.INDICATOR, indicator, 2023, 4)
    assert row.current_value == D("800")
    # 800/1595×100 = 50.1567…; stored rounded half-up to 4 places
    assert row.progress_raw == engine.round_half_up(result.progress_raw, 4) == D("50.1567")
    assert row.expected == D("50")
    assert row.status == result.status == "on_track"
    assert row.forecast == engine.round_half_up(result.forecast, 6)
    assert row.forecast_met is result.forecast_met
    assert row.rule == result.rule and row.config_version == "1"


def test_final_figure_wins_over_provisional(plan):
    approve(ENERGY, 2023, 4, "638", final=False)
    approve(ENERGY, 2023, 4, "797.5", final=True)
    scores_recompute(plan=plan, today=TODAY)
    row = score(L.INDICATOR, Indicator.objects.get(code=ENERGY), 2023, 4)
    assert (row.current_value, row.progress) == (D("797.5"), D("50"))  # 797.5/1595 = 50 %


def test_unapproved_figures_do_not_count(plan):
    row = approve(ENERGY, 2023, 4, "797.5")
    IndicatorValue.objects.filter(pk=row.pk).update(status=ReviewStatus.SUBMITTED)
    scores_recompute(plan=plan, today=TODAY)
    assert score(L.INDICATOR, Indicator.objects.get(code=ENERGY), 2023, 4).status == "no_data"


def test_every_quarter_after_the_plan_end_is_scored_against_the_2025_target(plan):
    approve(ENERGY, 2025, 4, "1500")
    approve(ENERGY, 2026, 2, "1600")
    scores_recompute(plan=plan, today=TODAY)
    indicator = Indicator.objects.get(code=ENERGY)
    assert score(L.INDICATOR, indicator, 2025, 4).status == "missed"  # 1500 < 1595 at the target date
    assert score(L.INDICATOR, indicator, 2026, 1).status == "missed"
    later = score(L.INDICATOR, indicator, 2026, 2)
    assert (later.status, later.expected, later.progress) == ("achieved", D("100"), D("100"))


# ------------------------------------------------------------------------------------------ roll-ups


def test_task_is_the_weighted_mean_of_indicators_and_milestones(plan, task14):
    Indicator.objects.filter(code=ENERGY).update(weight=3)
    approve(ENERGY, 2023, 4, "638")  # 638/1595×100 = 40
    milestone_report("T14-M1", 2023, 3, "done")  # 100, carried to 2023Q4
    scores_recompute(plan=plan, today=TODAY)
    row = score(L.TASK, task14, 2023, 4)
    # (40×3 + 100×1)/4 = 55; expected (50×3 + 50×1)/4 = 50; ahead of time → 正常
    assert (row.progress, row.score, row.expected, row.status) == (D("55"), D("55"), D("50"), "on_track")
    assert "加权平均" in row.rule


def test_milestone_in_progress_counts_half_or_its_percentage(plan, task14):
    approve(ENERGY, 2023, 4, "638")  # 40
    milestone_report("T14-M1", 2023, 2, "in_progress")  # 50 by default
    milestone_report("T14-M1", 2023, 4, "in_progress", percent="70", department="drc")
    scores_recompute(plan=plan, today=TODAY)
    assert score(L.TASK, task14, 2023, 3).progress == D("25")  # no figure yet (0) and 50: (0 + 50)/2
    assert score(L.TASK, task14, 2023, 4).progress == D("55")  # (40 + 70)/2


def test_task_without_any_approved_input_has_no_data(plan, task14):
    scores_recompute(plan=plan, today=TODAY)
    row = score(L.TASK, task14, 2023, 4)
    assert (row.status, row.progress, row.score) == ("no_data", None, D("0"))


def test_task_achieved_only_when_every_part_is(plan, task14):
    approve(ENERGY, 2023, 4, "1600")  # met
    milestone_report("T14-M1", 2023, 4, "in_progress", percent="100")
    scores_recompute(plan=plan, today=TODAY)
    assert score(L.TASK, task14, 2023, 4).status == "on_track"  # 100 % progress, milestone not 已完成
    milestone_report("T14-M1", 2024, 1, "done")
    scores_recompute(plan=plan, today=TODAY)
    assert score(L.TASK, task14, 2024, 1).status == "achieved"


def test_system_and_plan_are_weighted_means_of_their_stored_parts(plan, task14):
    EcoSystem.objects.filter(plan=plan, code="economy").update(weight=2)
    PlanTask.objects.filter(pk=task14.pk).update(weight=3)
    approve(ENERGY, 2023, 4, "638")
    approve("T13-STRAW-USE", 2023, 4, "91")
    milestone_report("T14-M1", 2023, 4, "done")
    scores_recompute(plan=plan, today=TODAY)
    p = period(2023, 4)
    for system in EcoSystem.objects.filter(plan=plan):
        tasks = Score.objects.filter(level=L.TASK, period=p, task__system=system).values_list("score", "task__weight")
        want = sum(s * w for s, w in tasks) / sum(w for _s, w in tasks)
        assert score(L.SYSTEM, system, 2023, 4).score == engine.round_half_up(want, 4), system.code
    systems = Score.objects.filter(level=L.SYSTEM, period=p).values_list("score", "system__weight")
    want = sum(s * w for s, w in systems) / sum(w for _s, w in systems)
    assert score(L.PLAN, None, 2023, 4).score == engine.round_half_up(want, 4) > 0


# -------------------------------------------------------------------------------------- departments


def test_department_assessment_from_tasks_timeliness_and_returns(plan, task14):
    energy = Department.objects.get(code="energy")
    approve(ENERGY, 2023, 4, "638")  # task 14: (40 + 100)/2 = 70
    milestone_report("T14-M1", 2023, 4, "done")
    submission("energy", 2023, 1, submitted_on=period(2023, 1).due_on)  # on time
    submission("energy", 2023, 2, submitted_on=period(2023, 2).due_on + dt.timedelta(days=4), returned=2)  # 80
    submission("energy", 2023, 3, submitted_on=period(2023, 3).due_on - dt.timedelta(days=1))  # on time
    Submission.objects.filter(department=energy, period=period(2023, 4)).update(first_submitted_at=None)  # missing
    scores_recompute(plan=plan, today=TODAY)
    row = score(L.DEPARTMENT, energy, 2023, 4)
    # progress: lead task 14 (70, weight 1); support tasks 5 (PM2.5 public figure 35 vs < 35: 35/35 = 100,
    # 空气优良率 no data 0 → 50) and 15 (no data: 0), weight 0.5 each → (70 + 25 + 0)/2 = 47.5
    # timeliness (100 + 80 + 100 + 0)/4 = 70; 47.5×0.8 + 70×0.2 − 2×1 = 38 + 14 − 2 = 50
    assert row.components["progress"] == "47.5000"
    assert row.components["timeliness"] == "70.0000"
    assert row.components["deduction"] == "2.0000"
    assert row.components["timeliness_items"] == [["on_time", 0], ["late", 4], ["on_time", 0], ["missing", 0]]
    assert (row.score, row.grade, row.components["veto"]) == (D("50"), "不合格", False)
    assert (row.components["lead_tasks"], row.components["support_tasks"]) == (1, 2)
    # the year so far: in 2023Q1 only Q1's form counts (on time), nothing returned yet
    first = score(L.DEPARTMENT, energy, 2023, 1)
    assert first.components["timeliness_items"] == [["on_time", 0]] and first.components["deduction"] == "0.0000"


def test_veto_sets_fail_for_that_year_only(plan):
    ecoenv = Department.objects.get(code="ecoenv")
    AssessmentVeto.objects.create(department=ecoenv, year=2024, reason="incident", description="测试")
    scores_recompute(plan=plan, today=TODAY)
    assert score(L.DEPARTMENT, ecoenv, 2024, 2).components["veto"] is True
    assert score(L.DEPARTMENT, ecoenv, 2024, 2).grade == "不合格"
    assert score(L.DEPARTMENT, ecoenv, 2025, 1).components["veto"] is False


def test_department_grades_follow_the_active_configuration(plan):
    ScoringConfig.objects.update(is_active=False)
    ScoringConfig.objects.create(version="2", is_active=True, grade_pass=0, grade_good=0, grade_excellent=0)
    scores_recompute(plan=plan, today=TODAY)
    assert set(Score.objects.values_list("config_version", flat=True)) == {"2"}
    assert set(Score.objects.filter(level=L.DEPARTMENT, components__veto=False).values_list("grade", flat=True)) == {"优秀"}


# -------------------------------------------------------------------------------------- incremental


def test_incremental_gives_exactly_what_a_full_recompute_gives(plan):
    scores_recompute(plan=plan, today=TODAY)
    value = approve(ENERGY, 2023, 2, "900")
    scores_recompute_incremental(indicator_id=value.indicator_id, period_id=value.period_id, today=TODAY)
    milestone_report("T14-M1", 2023, 3, "in_progress", percent="30")
    report = scores_recompute_incremental(milestone_id=Milestone.objects.get(code="T14-M1").pk,
                                          period_id=period(2023, 3).pk, today=TODAY)
    assert report.updated > 0
    after_incremental = snapshot(plan)
    assert scores_recompute(plan=plan, today=TODAY).changed == 0
    assert snapshot(plan) == after_incremental


def test_correcting_a_period_changes_only_that_period_and_later(plan):
    approve(ENERGY, 2023, 1, "500")
    value = approve(ENERGY, 2023, 3, "700")
    scores_recompute(plan=plan, today=TODAY)
    before = snapshot(plan)
    value.value = D("900")
    value.save()
    scores_recompute_incremental(indicator_id=value.indicator_id, period_id=value.period_id, today=TODAY)
    after = snapshot(plan)
    changed = {key[5] for key in before if before[key] != after[key]}
    earlier = {p.pk for p in ReportingPeriod.objects.all() if (p.year, p.quarter) < (2023, 3)}
    assert changed and not changed & earlier
    assert period(2023, 3).pk in changed
    levels = {key[0] for key in before if before[key] != after[key]}
    assert levels <= {"indicator", "task", "system", "plan", "department"} and "indicator" in levels


def test_incremental_repairs_missing_rows_by_a_full_recompute_of_those_periods(plan, task14):
    scores_recompute(plan=plan, today=TODAY)
    Score.objects.filter(level=L.TASK, task__number=13, period__year=2024).delete()
    value = approve(ENERGY, 2024, 1, "900")
    scores_recompute_incremental(indicator_id=value.indicator_id, period_id=value.period_id, today=TODAY)
    assert Score.objects.filter(level=L.TASK, task__number=13, period__year=2024).count() == 4


def test_incremental_of_a_deleted_object_is_a_no_op(plan):
    report = scores_recompute_incremental(indicator_id=10**9, period_id=period(2023, 1).pk, today=TODAY)
    assert report.changed == 0


def test_incremental_needs_exactly_one_object(plan):
    with pytest.raises(ValueError):
        scores_recompute_incremental(period_id=1)


def test_stale_rows_are_deleted_by_a_full_recompute(plan):
    scores_recompute(plan=plan, today=TODAY)
    stray = Department.objects.create(code="stray", name="临时单位", short_name="临时", kind="township")
    Score.objects.create(level=L.DEPARTMENT, plan=plan, department=stray, period=period(2023, 4),
                         status="no_data", config_version="1")
    report = scores_recompute(plan=plan, today=TODAY)
    assert report.deleted == 1 and not Score.objects.filter(department=stray).exists()


def test_incremental_query_count_is_fixed(plan):
    scores_recompute(plan=plan, today=TODAY)
    value = approve("T06-IRRIGATION", 2023, 2, "2")
    with CaptureQueriesContext(connection) as queries:
        report = scores_recompute_incremental(indicator_id=value.indicator_id, period_id=value.period_id, today=TODAY)
    statements = [q["sql"].split()[0] for q in queries.captured_queries]
    inserts = statements.count("INSERT")
    # 1 target indicator → (plan, task); SAVEPOINT; 2 plan row FOR UPDATE; 3 every period; 4–8 structure:
    # systems, tasks, indicators, milestones, assignments; 9 active scoring config; 10 stored scores needed;
    # 11 approved figures of the indicator; 12 forms (timeliness, returns) of the task's departments;
    # 13 vetoes; 14 delete the changed rows; RELEASE SAVEPOINT. Task 6 has no milestones: no report query.
    assert len(statements) - inserts == 14 + 2, statements
    # … and the changed rows in INSERT batches: one on PostgreSQL, SQLite's 999-parameter limit splits it.
    fields = [f for f in Score._meta.concrete_fields if not f.primary_key]
    written = report.created + report.updated
    batch = min(1000, connection.ops.bulk_batch_size(fields, [None] * written) or written)
    assert report.updated > 0 and inserts == -(-written // batch)


# ------------------------------------------------------------------------ plan_summary and the admin


def test_plan_summary_json_shows_every_indicators_scores_per_quarter(plan):
    approve(ENERGY, 2023, 4, "797.5")
    scores_recompute(plan=plan, today=TODAY)
    out = io.StringIO()
    call_command("plan_summary", "--json", stdout=out)
    data = json.loads(out.getvalue())
    indicators = [i for s in data["systems"] for t in s["tasks"] for i in t["indicators"]]
    assert len(indicators) == 33
    for indicator in indicators:
        quarters = [row["period"] for row in indicator["scores"]]
        assert quarters[0] == "2022Q1" and len(quarters) == 20, indicator["code"]
        assert all({"progress", "expected", "status"} <= set(row) for row in indicator["scores"])
    energy = next(i for i in indicators if i["code"] == ENERGY)
    q4 = next(row for row in energy["scores"] if row["period"] == "2023Q4")
    assert (q4["progress"], q4["expected"], q4["status"]) == (50.0, 50.0, "on_track")
    # quarters with data have all three figures (the two public figures of 2022/2023, and this one)
    with_data = [row for i in indicators for row in i["scores"] if row["status"] != "no_data"]
    assert with_data and all(row["progress"] is not None and row["expected"] is not None for row in with_data)


def test_admin_indicator_page_lists_its_quarterly_scores(plan, client):
    from responsibilities.services import user_create

    approve(ENERGY, 2023, 4, "797.5")
    scores_recompute(plan=plan, today=TODAY)
    admin = user_create(username="boss", password="x-pass-123", role="管理员")
    client.force_login(admin)
    indicator = Indicator.objects.get(code=ENERGY)
    response = client.get(f"/admin/indicators/indicator/{indicator.pk}/change/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "2023年第4季度" in text and "正常" in text and "50.0000" in text


def test_timeliness_follows_the_entry_workflows_table(plan):
    """The department score's timeliness (per plan) equals indicators.entry.selectors.timeliness_table's."""
    from indicators.scoring.selectors import department_inputs, plan_structure, scoring_periods
    from indicators.entry.selectors import timeliness_table

    submission("energy", 2023, 1, submitted_on=period(2023, 1).due_on + dt.timedelta(days=2))
    submission("ecoenv", 2023, 4, submitted_on=period(2023, 4).due_on)
    submission("health", 2023, 4, submitted_on=period(2023, 4).annual_due_on + dt.timedelta(days=9))
    structure = plan_structure(plan=plan)
    periods = scoring_periods(plan=plan)
    departments = Department.objects.filter(pk__in=structure.department_ids())
    ours = department_inputs(structure=structure, department_ids=structure.department_ids(), periods=periods,
                             today=TODAY).timeliness
    theirs = {key: t.as_pair() for key, t in timeliness_table(periods=periods, departments=departments,
                                                                today=TODAY).items()
              if t.kind in ("on_time", "late", "missing")}
    assert ours == theirs and ("late", 2) in ours.values() and ("late", 9) in ours.values()


# ------------------------------------------------------------------------ department level only


def department_inputs_change():
    """Timeliness, returns and a veto change (the inputs a submitted or returned form changes); no figure."""
    submission("energy", 2023, 1, submitted_on=period(2023, 1).due_on)
    submission("energy", 2023, 2, submitted_on=period(2023, 2).due_on + dt.timedelta(days=4), returned=2)
    submission("water", 2024, 3, submitted_on=period(2024, 3).due_on + dt.timedelta(days=1), returned=1)
    AssessmentVeto.objects.create(department=Department.objects.get(code="ecoenv"), year=2025, reason="incident",
                                  description="测试")


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
    Score.objects.create(level=L.DEPARTMENT, plan=plan, department=stray, period=period(2023, 4),
                         status="no_data", config_version="1")
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


@pytest.mark.parametrize(("since", "extra_departments"), [((2023, 4), 0), ((2022, 1), 0), ((2022, 1), 6)],
                         ids=["13-periods", "20-periods", "20-periods-6-more-departments"])
def test_department_recompute_query_count_is_fixed(plan, since, extra_departments, django_assert_num_queries):
    tasks = list(PlanTask.objects.filter(system__plan=plan).order_by("number")[:extra_departments])
    for n, task in enumerate(tasks):
        department = Department.objects.create(code=f"extra{n}", name=f"新增单位{n}", short_name=f"新增{n}",
                                               kind="township")
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
