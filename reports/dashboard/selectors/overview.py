"""The dashboard's overview (/dashboard/): the plan's score, its systems, the tasks × quarters heat map,
with the early warnings, overdue forms and department ranking beside them."""

import datetime as dt
from urllib.parse import urlencode

from django.db import connection
from django.urls import reverse

from indicators.models import ReportingPeriod, Score, Submission
from reports.dashboard.selectors.common import SCORE_FIELDS, Viewer, dashboard_url, with_score
from reports.dashboard.selectors.early_warnings import indicator_warnings, submissions_overdue
from reports.dashboard.selectors.periods import periods_until
from reports.dashboard.selectors.ranking import departments_ranking
from responsibilities.access import INDICATOR_FIGURE_FIELDS, figures_masked
from tasks.models import EcoSystem, Plan, PlanTask


def overview_data(
    *, plan: Plan, period: ReportingPeriod, periods: list[ReportingPeriod], today: dt.date, viewer: Viewer
) -> dict:
    """Everything on /dashboard/ for one quarter, with links to the pages ``viewer`` may open.

    Shape: {"plan": plan_score(), "systems": systems_progress(), "heatmap": tasks_heatmap(),
    "warnings": indicator_warnings(), "overdue": submissions_overdue(), "departments":
    departments_ranking()}; rows carry "url" (None where the viewer may not open the page).
    The visibility policy (``responsibilities.access``): another department's warnings show its indicator and
    status without its figures (progress, forecast), and a viewer who reads one department sees only that
    department's assessment score in the ranking (its rank still among all).
    11 queries: plan score 1, systems 2, heat map 2, warnings 1, overdue 4, ranking 1.
    """
    data = {
        "plan": plan_score(plan=plan, period=period),
        "systems": systems_progress(plan=plan, period=period),
        "heatmap": tasks_heatmap(plan=plan, periods=periods_until(periods, period)),
        "warnings": [
            row if viewer.can_read(row["dept_id"]) else figures_masked(row, INDICATOR_FIGURE_FIELDS)
            for row in indicator_warnings(plan=plan, period=period)
        ],
        "overdue": submissions_overdue(period=period, today=today),
        "departments": [
            row for row in departments_ranking(plan=plan, period=period) if viewer.can_read(row["department_id"])
        ],
    }
    _overview_links(data, period, viewer)
    return data


def _overview_links(data: dict, period: ReportingPeriod, viewer: Viewer) -> None:
    """Add "url" to every row of the overview: systems, tasks, indicators, departments."""
    for row in data["systems"]:
        row["url"] = dashboard_url("system", row["id"], period)
    for row in data["heatmap"]["rows"]:
        row["url"] = dashboard_url("task", row["number"], period)
    heatmap_links(data["heatmap"])
    for row in data["warnings"]:
        row["url"] = (
            dashboard_url("indicator", row["indicator_id"], period) if viewer.can_read(row["dept_id"]) else None
        )
        if viewer.can_admin:  # 督查员: issue a supervision order from the warning (督办), prefilled
            row["issue_url"] = order_issue_url(
                indicator_id=row["indicator_id"], department_id=row["dept_id"], period=period
            )
        if "target_missing" in row["reasons"] and viewer.can_admin:
            row["url"] = reverse("admin:indicators_indicator_change", args=[row["indicator_id"]])
    for row in data["overdue"] if viewer.can_admin else []:
        row["issue_url"] = order_issue_url(department_id=row["department_id"], period=period, overdue=True)
    for row in data["overdue"] + data["departments"]:
        row["url"] = dashboard_url("department", row["code"], period) if viewer.can_read(row["department_id"]) else None


def order_issue_url(
    *, period: ReportingPeriod, department_id: int, indicator_id: int | None = None, overdue=False
) -> str:
    """The issue form of a supervision order prefilled from a warning (``indicators.supervision.prefill``)."""
    query = {"department": department_id, "period": period.label}
    query |= {"indicator": indicator_id} if indicator_id is not None else {}
    query |= {"overdue": 1} if overdue else {}
    return f"{reverse('supervision:issue')}?{urlencode(query)}"


def overview_fingerprint(*, plan: Plan) -> tuple:
    """A value that changes whenever what the overview shows may have changed: the plan's stored scores
    (a recompute deletes and re-creates changed rows, so their highest id and count move) and the forms
    (every save raises a form's ``version``; overdue forms depend on them). Structure edits in the admin
    (names, assignments) are not seen: the cached page expires after a few minutes. 1 query."""
    score, form = Score._meta.db_table, Submission._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT max(id) FROM {score} WHERE plan_id = %s),"
            f" (SELECT count(*) FROM {score} WHERE plan_id = %s),"
            f" (SELECT count(*) FROM {form}), (SELECT sum(version) FROM {form})",
            [plan.pk, plan.pk],
        )
        return tuple(cursor.fetchone())


def plan_score(*, plan: Plan, period: ReportingPeriod) -> dict | None:
    """The plan's stored score at ``period``: {"score", "progress", "expected", "status", "grade"} or None. 1 query."""
    return (
        Score.objects.filter(level=Score.Level.PLAN, plan=plan, period=period)
        .values("score", "progress", "expected", "status", "grade")
        .first()
    )


def systems_progress(*, plan: Plan, period: ReportingPeriod) -> list[dict]:
    """The plan's systems in order with their stored progress at ``period``.

    Rows: {"id", "order", "name", "progress", "expected", "status", "score", ...}; a system without a
    stored row has status ``no_data`` and None values. 2 queries.
    """
    systems = list(EcoSystem.objects.filter(plan=plan).order_by("order").values("id", "order", "name"))
    scores = {
        row["system_id"]: row
        for row in Score.objects.filter(level=Score.Level.SYSTEM, period=period, system__plan=plan).values(
            "system_id", *SCORE_FIELDS
        )
    }
    return [with_score(system, scores.get(system["id"])) for system in systems]


def tasks_heatmap(*, plan: Plan, periods: list[ReportingPeriod]) -> dict:
    """The plan's tasks × the given quarters, each cell the task's stored status.

    Shape: {"periods": [{"id", "label", "year", "quarter"}], "rows": [{"id", "number", "title",
    "system_id", "cells": [score dict or None per period]}]}. 2 queries.
    """
    tasks = list(
        PlanTask.objects.filter(system__plan=plan).order_by("number").values("id", "number", "title", "system_id")
    )
    period_ids = [p.pk for p in periods]
    cells = {
        (row["task_id"], row["period_id"]): row
        for row in Score.objects.filter(
            level=Score.Level.TASK, task__system__plan=plan, period_id__in=period_ids
        ).values("task_id", *SCORE_FIELDS)
    }
    return {
        "periods": [{"id": p.pk, "label": p.label, "year": p.year, "quarter": p.quarter} for p in periods],
        "rows": [task | {"cells": [cells.get((task["id"], pid)) for pid in period_ids]} for task in tasks],
    }


def heatmap_links(heatmap: dict) -> None:
    """Add to every heat-map row "cell_urls": per quarter column, the task's page AT THAT QUARTER (a
    click on task 9's 2024Q3 cell opens /dashboard/task/9/?period=2024Q3, not the page's quarter)."""
    labels = [p["label"] for p in heatmap["periods"]]
    for row in heatmap["rows"]:
        row["cell_urls"] = [dashboard_url("task", row["number"], label) for label in labels]
