"""Stored scores: the full recompute, roll-ups, department assessment, idempotency, plan_summary and the admin.
(Incremental recompute: test_services_incremental.py; the department level alone: test_services_departments.py.)

Hand-worked figures use task 14 (调整能源结构): one indicator T14-NEW-ENERGY-MW (≥ 1595 MW, no
baseline, quarterly, reported by 县能源局 ``energy``) and one milestone T14-M1; 县能源局 leads it and
supports task 15 (one milestone). Plan period 2022Q1–2025Q4 = 16 quarters: 时序进度 at 2023Q4 = 50 %.
"""

import datetime as dt
import io
import json
from decimal import Decimal as D

from django.core.management import call_command

from indicators.models import (
    AssessmentVeto,
    Indicator,
    IndicatorValue,
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
)
from responsibilities.models import Department, TaskAssignment
from tasks.models import EcoSystem, PlanTask
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

# ---------------------------------------------------------------------------------------------- full


def test_full_recompute_writes_one_row_per_object_and_period(plan):
    report = scores_recompute(plan=plan, today=TODAY)
    periods = ReportingPeriod.objects.filter(year__gte=2022).count()  # 2022Q1 … 2026Q4 = 20
    departments = Department.objects.filter(
        pk__in=TaskAssignment.objects.filter(task__system__plan=plan).values("department")
    ).count()
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
    observations = [
        engine.Observation(2022, 4, D(500)),
        engine.Observation(2023, 2, D(700)),
        engine.Observation(2023, 4, D(800)),
    ]
    result = engine.indicator_evaluate(
        indicator_spec(indicator, plan_start=plan.period_start), observations, as_of=dt.date(2023, 12, 31)
    )
    row = score(L.INDICATOR, indicator, 2023, 4)
    assert row.current_value == D("800")
    # 800/1595×100 = 50.1567…; stored rounded half-up to 4 places
    assert row.progress_raw == engine.round_half_up(result.progress_raw, 8) == D("50.15673981")
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
        assert score(L.SYSTEM, system, 2023, 4).score == engine.round_half_up(want, 8), system.code
    systems = Score.objects.filter(level=L.SYSTEM, period=p).values_list("score", "system__weight")
    want = sum(s * w for s, w in systems) / sum(w for _s, w in systems)
    assert score(L.PLAN, None, 2023, 4).score == engine.round_half_up(want, 8) > 0


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
    # progress: lead task 14 (70, weight 1); support tasks 5 (PM2.5 public figure 35 vs < 35: 35/35 = 100 but not
    # met → 99.9; 空气优良率 目标未下达: left out, weights renormalised → 99.9) and 15 (no data: 0), weight 0.5 each
    # → (70 + 49.95 + 0)/2 = 59.975
    # timeliness (100 + 80 + 100 + 0)/4 = 70; 59.975×0.8 + 70×0.2 − 2×1 = 47.98 + 14 − 2 = 59.98
    assert row.components["progress"] == "59.9750"
    assert row.components["timeliness"] == "70.0000"
    assert row.components["deduction"] == "2.0000"
    assert row.components["timeliness_items"] == [["on_time", 0], ["late", 4], ["on_time", 0], ["missing", 0]]
    assert (row.score, row.grade, row.components["veto"]) == (D("59.98"), "不合格", False)
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
    assert set(Score.objects.filter(level=L.DEPARTMENT, components__veto=False).values_list("grade", flat=True)) == {
        "优秀"
    }


def test_stale_rows_are_deleted_by_a_full_recompute(plan):
    scores_recompute(plan=plan, today=TODAY)
    stray = Department.objects.create(code="stray", name="临时单位", short_name="临时", kind="township")
    Score.objects.create(
        level=L.DEPARTMENT, plan=plan, department=stray, period=period(2023, 4), status="no_data", config_version="1"
    )
    report = scores_recompute(plan=plan, today=TODAY)
    assert report.deleted == 1 and not Score.objects.filter(department=stray).exists()


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
    with_data = [row for i in indicators for row in i["scores"] if row["status"] not in ("no_data", "no_target")]
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
    assert "2023年第4季度" in text and "正常" in text and "<p>50</p>" in text  # numbers as people write them
