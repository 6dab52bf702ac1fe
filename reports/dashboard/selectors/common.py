"""What every dashboard read shares: who reads (``Viewer``), links to the dashboard's pages and the
stored score fields a row carries."""

from dataclasses import dataclass

from django.urls import reverse

from indicators.models import ReportingPeriod, ScoreStatus
from responsibilities.access import DepartmentsVisible, departments_visible
from tasks.common.roles import user_is_supervisor

SCORE_FIELDS = ("period_id", "progress", "progress_raw", "expected", "status", "score", "forecast", "forecast_met")


@dataclass(frozen=True)
class Viewer(DepartmentsVisible):
    """Who reads the dashboard: the departments they may read, as the department access policy
    (``responsibilities.access.departments_visible``) decides — every department (leadership, supervisors,
    administrators) or only their own (填报员). Staff see the plan-wide pages but no other department's
    page or indicator. ``can_admin``: supervisors and administrators, who maintain indicators in the admin."""

    can_admin: bool = False


def viewer_of(user) -> Viewer:
    """The ``Viewer`` of a logged-in user. 1–2 queries (groups, staff profile), cached per request."""
    visible = departments_visible(user)
    return Viewer(
        read_all=visible.read_all,
        department_id=visible.department_id,
        can_admin=visible.read_all and user_is_supervisor(user),
    )


def dashboard_url(name: str, arg, period: ReportingPeriod | str) -> str:
    """The dashboard page ``name`` of ``arg`` at a quarter (a ReportingPeriod or its label "2025Q3"),
    e.g. /dashboard/task/5/?period=2025Q3."""
    label = period if isinstance(period, str) else period.label
    return f"{reverse(f'dashboard:{name}', args=[arg])}?period={label}"


def with_score(row: dict, score: dict | None) -> dict:
    """``row`` plus the score fields (None and status no_data when there is no stored score)."""
    empty = dict.fromkeys(SCORE_FIELDS) | {"status": ScoreStatus.NO_DATA.value}
    return row | empty | {k: v for k, v in (score or {}).items() if k in SCORE_FIELDS}


def score_history(periods: list[ReportingPeriod], by_period: dict) -> list[dict]:
    """One row per quarter: {"label", "period_id", score fields (None without a stored row)}."""
    return [with_score({"label": p.label, "period_id": p.pk}, by_period.get(p.pk)) for p in periods]
