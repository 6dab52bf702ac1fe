"""Matrix entries of the leadership dashboard (/dashboard/…) and of the landing router (home).

Everyone logged in reads the plan-wide pages (overview, systems, tasks): transparency inside the
county government. A department's page and an indicator's page are read by leadership, supervisors
(and administrators) and by that department's staff only; another department's staff get 404.
Anonymous visitors are sent to the login page.
"""

from django.urls import NoReverseMatch, reverse

from indicators.models import Indicator
from tasks.models import EcoSystem
from tests.permission_matrix import LOGIN, Case, read_only


def _staff_home_status() -> int:
    """Staff land on their data-entry page (a redirect) once it exists, else see the plan overview (200)."""
    for name in ("entry:index", "entry:submissions"):
        try:
            reverse(name)
            return 302
        except NoReverseMatch:
            continue
    return 200


def _indicator(ctx, scope) -> Indicator:
    return Indicator.objects.filter(reporting_department=ctx.dept(scope)).order_by("code").first()


STAFF_HOME = _staff_home_status()

CASES = [
    Case(
        id="home",
        url_name="home",
        url=lambda ctx, scope: reverse("home"),
        # leadership → /dashboard/, supervisors → the review queue: both redirects.
        expect={
            "anonymous": LOGIN,
            "staff_own": STAFF_HOME,
            "staff_other": STAFF_HOME,
            "supervisor": 302,
            "leader": 302,
        },
    ),
    read_only("dashboard:overview", lambda ctx, scope: reverse("dashboard:overview"), staff_other=200),
    read_only("dashboard:ping", lambda ctx, scope: reverse("dashboard:ping"), staff_other=200),
    read_only(
        "dashboard:system",
        lambda ctx, scope: reverse("dashboard:system", args=[EcoSystem.objects.order_by("order").first().pk]),
        staff_other=200,
    ),
    read_only("dashboard:task", lambda ctx, scope: reverse("dashboard:task", args=[5]), staff_other=200),
    read_only(
        "dashboard:indicator", lambda ctx, scope: reverse("dashboard:indicator", args=[_indicator(ctx, scope).pk])
    ),
    read_only("dashboard:department", lambda ctx, scope: reverse("dashboard:department", args=[ctx.dept(scope).code])),
]
