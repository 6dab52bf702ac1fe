"""reports.dashboard.selectors: the dashboard's reads of stored scores, periods, warnings, submissions and details."""

import datetime as dt
from decimal import Decimal

import pytest

from indicators.models import (
    Indicator,
    IndicatorValue,
    MilestoneReport,
    ReportingPeriod,
    ReviewStatus,
    Score,
    Submission,
)
from reports.dashboard.selectors.common import Viewer, dashboard_url, viewer_of
from reports.dashboard.selectors.early_warnings import indicator_warnings, submissions_overdue
from reports.dashboard.selectors.overview import heatmap_links, overview_data, systems_progress, tasks_heatmap
from reports.dashboard.selectors.pages import department_detail, indicator_detail, task_detail
from reports.dashboard.selectors.periods import period_default, period_ended, period_resolve, periods_all
from reports.dashboard.selectors.ranking import departments_ranking
from tasks.models import EcoSystem, Milestone, PlanTask
from tests.factories import dashboard_scores_create

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 30)
READ_ALL = Viewer(read_all=True)


def period(label: str) -> ReportingPeriod:
    year, quarter = label.split("Q")
    return ReportingPeriod.objects.get(year=int(year), quarter=int(quarter))


def stored(level, label, plan, status="on_track", **fields):
    values = {"progress": Decimal(50), "expected": Decimal(60), "score": Decimal(50)} | fields
    return Score.objects.create(
        level=level, period=period(label), plan=plan, status=status, config_version="t", **values
    )


# ---------------------------------------------------------------- periods


def test_default_quarter_is_the_latest_with_an_approved_figure_or_milestone_report(plan, dept_a):
    periods = periods_all()
    pm25 = Indicator.objects.get(code="T05-PM25")
    IndicatorValue.objects.create(indicator=pm25, period=period("2024Q2"), value=30, status=ReviewStatus.APPROVED)
    IndicatorValue.objects.create(indicator=pm25, period=period("2025Q1"), value=29, status=ReviewStatus.SUBMITTED)
    assert period_default(periods, today=TODAY).label == "2024Q2"  # submitted is not approved

    milestone = Milestone.objects.filter(task__assignments__department=dept_a, task__assignments__role="lead").first()
    submission = Submission.objects.create(department=dept_a, period=period("2024Q3"))
    MilestoneReport.objects.create(
        submission=submission, milestone=milestone, period=period("2024Q3"), state="done", status=ReviewStatus.APPROVED
    )
    assert period_default(periods, today=TODAY).label == "2024Q3"


def test_default_quarter_falls_back_to_the_latest_scored_then_the_latest_ended(plan):
    IndicatorValue.objects.all().delete()  # the plan's public figures are approved values
    periods = periods_all()
    assert period_default(periods, today=TODAY).label == "2026Q3"  # 2026Q4 has not ended
    stored("plan", "2023Q2", plan)
    assert period_default(periods, today=TODAY).label == "2023Q2"


def test_period_resolve_accepts_a_label_and_reports_an_unknown_one(plan):
    periods = periods_all()
    assert period_resolve(periods, label="2024q3", today=TODAY) == (period("2024Q3"), False)
    chosen, invalid = period_resolve(periods, label="2031Q1", today=TODAY)
    assert invalid and chosen == period_default(periods, today=TODAY)
    assert period_resolve(periods, label=None, today=TODAY)[1] is False


# ---------------------------------------------------------------- overview


def test_systems_without_a_stored_score_show_no_data(plan):
    first = EcoSystem.objects.get(order=1)
    Score.objects.create(
        level="system",
        system=first,
        period=period("2025Q3"),
        plan=plan,
        status="lagging",
        progress=Decimal("40.5"),
        expected=Decimal("60"),
        config_version="t",
    )
    rows = systems_progress(plan=plan, period=period("2025Q3"))
    assert [r["order"] for r in rows] == [1, 2, 3, 4, 5, 6]
    assert (rows[0]["status"], rows[0]["progress"]) == ("lagging", Decimal("40.5"))
    assert all(r["status"] == "no_data" and r["progress"] is None for r in rows[1:])


def test_heatmap_has_every_task_and_a_cell_per_quarter(plan):
    periods = [period("2025Q1"), period("2025Q2")]
    dashboard_scores_create(plan=plan, periods=periods[:1])
    data = tasks_heatmap(plan=plan, periods=periods)
    assert [p["label"] for p in data["periods"]] == ["2025Q1", "2025Q2"]
    assert [r["number"] for r in data["rows"]] == list(range(1, 24))
    assert all(r["cells"][0] is not None and r["cells"][1] is None for r in data["rows"])


def test_warnings_are_lagging_missed_and_forecast_misses_worst_first(plan, dept_a):
    codes = ["T05-PM25", "T06-IRRIGATION", "T12-FOREST-GRASS", "T13-FILM-RECOVERY", "T14-NEW-ENERGY-MW"]
    ind = {code: Indicator.objects.get(code=code) for code in codes}
    stored("indicator", "2025Q3", plan, "lagging", indicator=ind["T05-PM25"])
    stored("indicator", "2025Q3", plan, "seriously_lagging", indicator=ind["T06-IRRIGATION"], forecast_met=False)
    stored("indicator", "2025Q3", plan, "on_track", indicator=ind["T12-FOREST-GRASS"], forecast_met=False)
    stored("indicator", "2025Q3", plan, "achieved", indicator=ind["T13-FILM-RECOVERY"], forecast_met=True)
    stored("indicator", "2025Q2", plan, "seriously_lagging", indicator=ind["T14-NEW-ENERGY-MW"])  # other quarter
    rows = indicator_warnings(plan=plan, period=period("2025Q3"))
    assert [(r["code"], r["reasons"]) for r in rows] == [
        ("T06-IRRIGATION", ["seriously_lagging", "forecast_miss"]),
        ("T05-PM25", ["lagging"]),
        ("T12-FOREST-GRASS", ["forecast_miss"]),
    ]
    assert rows[1]["dept_id"] == dept_a.pk and rows[1]["name"] == "PM2.5年均浓度"
    own = indicator_warnings(plan=plan, period=period("2025Q3"), department_id=dept_a.pk)
    assert [r["code"] for r in own] == ["T05-PM25"]


def test_department_ranking_best_first_equal_scores_share_a_rank(plan, dept_a, dept_b):
    from responsibilities.models import Department

    third = Department.objects.exclude(pk__in=[dept_a.pk, dept_b.pk]).first()
    stored("department", "2025Q3", plan, department=dept_a, score=Decimal("80"), grade="良好")
    stored("department", "2025Q3", plan, department=dept_b, score=Decimal("91"), grade="优秀")
    stored("department", "2025Q3", plan, department=third, score=Decimal("80"), grade="良好")
    rows = departments_ranking(plan=plan, period=period("2025Q3"))
    assert [(r["rank"], r["code"]) for r in rows] == [
        (1, "water"),
        (2, min("ecoenv", third.code)),
        (2, max("ecoenv", third.code)),
    ]


def test_department_ranking_puts_a_vetoed_department_last(plan, dept_a, dept_b):
    stored(
        "department",
        "2025Q3",
        plan,
        department=dept_a,
        score=Decimal("95"),
        grade="不合格",
        components={"veto": True, "progress": "95", "timeliness": "100", "deduction": "0"},
    )
    stored("department", "2025Q3", plan, department=dept_b, score=Decimal("70"), grade="合格")
    rows = departments_ranking(plan=plan, period=period("2025Q3"))
    assert [(r["rank"], r["code"], r["veto"]) for r in rows] == [(1, "water", False), (2, "ecoenv", True)]


def test_overdue_lists_departments_that_never_submitted_after_the_due_date(plan, dept_a, dept_b):
    q3 = period("2025Q3")  # due 2025-10-10
    Submission.objects.create(
        department=dept_a,
        period=q3,
        status=ReviewStatus.SUBMITTED,
        first_submitted_at=dt.datetime(2025, 10, 9, 1, tzinfo=dt.UTC),
    )
    Submission.objects.create(department=dept_b, period=q3, status=ReviewStatus.DRAFT)
    rows = {r["code"]: r for r in submissions_overdue(period=q3, today=dt.date(2025, 10, 15))}
    assert "ecoenv" not in rows  # submitted on time
    assert rows["water"]["days_late"] == 5 and rows["water"]["submission_id"] is not None  # a draft is not submitted
    assert submissions_overdue(period=q3, today=dt.date(2025, 10, 10)) == []  # not yet overdue


def test_overview_links_respect_what_the_viewer_may_open(plan, dept_a):
    dashboard_scores_create(plan=plan, periods=[period("2025Q3")])
    periods = periods_all()
    staff = Viewer(read_all=False, department_id=dept_a.pk)
    data = overview_data(plan=plan, period=period("2025Q3"), periods=periods, today=TODAY, viewer=staff)
    assert all(
        r["url"].startswith("/dashboard/task/") and r["url"].endswith("?period=2025Q3") for r in data["heatmap"]["rows"]
    )
    assert {r["url"] is not None for r in data["warnings"] if r["dept_id"] != dept_a.pk} <= {False}
    assert any(r["url"] for r in data["departments"] if r["department_id"] == dept_a.pk)
    everyone = overview_data(plan=plan, period=period("2025Q3"), periods=periods, today=TODAY, viewer=READ_ALL)
    assert all(r["url"] for r in everyone["warnings"] + everyone["overdue"] + everyone["departments"])


def test_viewer_of_each_role(plan, leader, supervisor, staff_a, dept_a):
    assert viewer_of(leader) == READ_ALL
    assert viewer_of(supervisor) == Viewer(read_all=True, can_admin=True)  # maintains indicators in the admin
    staff = viewer_of(staff_a)
    assert staff.can_read(dept_a.pk) and not staff.can_read(dept_a.pk + 1000) and not staff.can_read(None)


# ---------------------------------------------------------------- details


def test_task_detail_takes_the_latest_approved_milestone_report_up_to_the_quarter(plan):
    task = PlanTask.objects.filter(milestones__isnull=False).order_by("number").first()
    milestone = task.milestones.order_by("code").first()
    lead = task.assignments.filter(role="lead").first().department

    def report(label, state, status, percent=None):
        submission, _ = Submission.objects.get_or_create(department=lead, period=period(label))
        MilestoneReport.objects.create(
            submission=submission,
            milestone=milestone,
            period=period(label),
            state=state,
            status=status,
            percent_done=percent,
        )

    report("2025Q1", "in_progress", ReviewStatus.APPROVED, Decimal(40))
    report("2025Q2", "done", ReviewStatus.SUBMITTED)  # not approved yet
    report("2025Q4", "done", ReviewStatus.APPROVED)  # after the quarter shown
    data = task_detail(task=task, period=period("2025Q3"), periods=periods_all(), viewer=READ_ALL)
    row = next(m for m in data["milestones"] if m["id"] == milestone.pk)
    assert (row["state"], row["state_label"], row["percent_done"], row["report_period"]) == (
        "in_progress",
        "推进中",
        Decimal(40),
        "2025Q1",
    )
    assert {d["code"] for d in data["lead"]} >= {lead.code}
    assert len(data["history"]) == 15 and data["score"] is None


def test_indicator_series_prefers_the_final_figure_and_shows_pending_ones(plan):
    indicator = Indicator.objects.get(code="T12-FOREST-GRASS")
    IndicatorValue.objects.create(
        indicator=indicator,
        period=period("2024Q4"),
        value=Decimal("76.0"),
        is_final=False,
        status=ReviewStatus.APPROVED,
    )
    IndicatorValue.objects.create(
        indicator=indicator, period=period("2024Q4"), value=Decimal("76.4"), is_final=True, status=ReviewStatus.APPROVED
    )
    IndicatorValue.objects.create(
        indicator=indicator, period=period("2025Q3"), value=Decimal("77"), status=ReviewStatus.SUBMITTED
    )
    stored("indicator", "2025Q3", plan, indicator=indicator, forecast=Decimal("77.5"), forecast_met=False)
    data = indicator_detail(indicator=indicator, period=period("2025Q3"), periods=periods_all())
    by_label = {r["label"]: r for r in data["series"]}
    assert by_label["2024Q4"]["value"] == Decimal("76.4") and by_label["2025Q3"]["pending"] == Decimal("77")
    assert by_label["2025Q3"]["forecast"] == Decimal("77.5") and data["score"]["forecast_met"] is False
    assert list(by_label)[0] == "2022Q1" and list(by_label)[-1] == "2025Q4"  # plan start to the target year
    assert len(data["values"]) == 3 and len(data["history"]) == 3


def test_department_submissions_skip_quarters_with_nothing_due(plan):
    from responsibilities.models import Department

    annual_only = Department.objects.get(code="health")  # reports one yearly indicator, leads no milestone
    data = department_detail(
        department=annual_only, plan=plan, period=period("2025Q3"), periods=periods_all(), today=TODAY, viewer=READ_ALL
    )
    assert [row["period"].label for row in data["submissions"]] == ["2024Q4", "2023Q4", "2022Q4"]
    assert {row["timeliness"].kind for row in data["submissions"]} == {"missing"}


# ---------------------------------------------------------------- QA pass: links, ranking rule, quarters, drafts


def test_heatmap_cell_links_open_the_task_at_the_cells_quarter(plan):
    heatmap = tasks_heatmap(plan=plan, periods=[period("2024Q3"), period("2025Q3")])
    heatmap_links(heatmap)
    task9 = next(r for r in heatmap["rows"] if r["number"] == 9)
    assert task9["cell_urls"] == ["/dashboard/task/9/?period=2024Q3", "/dashboard/task/9/?period=2025Q3"]
    assert dashboard_url("task", 9, "2024Q3") == dashboard_url("task", 9, period("2024Q3"))


def test_ranking_shares_a_rank_when_the_displayed_scores_are_equal(plan, dept_a, dept_b):
    """县水利局 83.96 and 县卫体局 84.04 both show 84.0: competition ranking on the displayed score."""
    from responsibilities.models import Department

    third, fourth = Department.objects.exclude(pk__in=[dept_a.pk, dept_b.pk]).order_by("code")[:2]
    stored("department", "2025Q3", plan, department=dept_a, score=Decimal("90.04"), grade="优秀")
    stored("department", "2025Q3", plan, department=dept_b, score=Decimal("83.96"), grade="良好")
    stored("department", "2025Q3", plan, department=third, score=Decimal("84.04"), grade="良好")
    stored("department", "2025Q3", plan, department=fourth, score=Decimal("83.94"), grade="良好")
    rows = departments_ranking(plan=plan, period=period("2025Q3"))
    ranks = {r["code"]: r["rank"] for r in rows}
    assert ranks == {"ecoenv": 1, "water": 2, third.code: 2, fourth.code: 4}
    assert [r["code"] for r in rows][1:3] == sorted(["water", third.code])  # equal shown scores by code


def test_only_ended_quarters_are_offered(plan):
    labels = [p.label for p in periods_all(today=TODAY)]
    assert labels[-1] == "2026Q3" and "2026Q4" not in labels  # 2026Q4 ends 2026-12-31, after today
    assert [p.label for p in periods_all(today=dt.date(2027, 1, 1))][-1] == "2026Q4"
    assert not period_ended(period("2026Q3"), today=dt.date(2026, 9, 30))


def test_default_quarter_never_is_the_quarter_under_way(plan):
    pm25 = Indicator.objects.get(code="T05-PM25")
    IndicatorValue.objects.create(indicator=pm25, period=period("2026Q3"), value=30, status=ReviewStatus.APPROVED)
    IndicatorValue.objects.create(indicator=pm25, period=period("2026Q4"), value=29, status=ReviewStatus.APPROVED)
    stored("plan", "2026Q4", plan)
    assert period_default(periods_all(today=TODAY), today=TODAY).label == "2026Q3"


def test_indicator_page_shows_drafts_only_to_the_reporting_department(plan, dept_a):
    pm25 = Indicator.objects.get(code="T05-PM25")
    IndicatorValue.objects.create(
        indicator=pm25, period=period("2026Q3"), value=Decimal("1640"), status=ReviewStatus.DRAFT
    )
    IndicatorValue.objects.create(
        indicator=pm25, period=period("2026Q2"), value=Decimal(31), status=ReviewStatus.SUBMITTED
    )
    periods = periods_all(today=TODAY)
    others = indicator_detail(indicator=pm25, period=period("2026Q3"), periods=periods)
    assert ReviewStatus.DRAFT not in {v.status for v in others["values"]} and others["values"]
    assert ReviewStatus.DRAFT not in {h.status for h in others["history"]}
    own = indicator_detail(indicator=pm25, period=period("2026Q3"), periods=periods, drafts=True)
    assert Decimal("1640") in {v.value for v in own["values"]}
