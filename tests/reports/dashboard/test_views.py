"""Dashboard pages (/dashboard/…): rendering, period choice, links, permissions, CSP-safe HTML, query counts."""

import datetime as dt
import json
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import plotly
import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import Indicator, IndicatorValue, ReportingPeriod, ReviewStatus, Score, Submission
from responsibilities.models import TaskAssignment
from tasks.models import EcoSystem, PlanTask
from tests.factories import dashboard_score, dashboard_scores_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_cached_pages():
    """The overview body is cached (per data fingerprint); every test starts without."""
    cache.clear()


CHART_IDS = ("chart-plan", "chart-systems", "chart-heatmap", "chart-departments")


@pytest.fixture
def scored(plan):
    """Stored scores 2022Q1–2025Q4 and one approved figure in 2025Q3 (the default quarter)."""
    dashboard_scores_create(plan=plan)
    indicator = Indicator.objects.get(code="T12-FOREST-GRASS")
    IndicatorValue.objects.create(
        indicator=indicator,
        period=ReportingPeriod.objects.get(year=2025, quarter=3),
        is_final=True,
        value=Decimal("76.5"),
        status=ReviewStatus.APPROVED,
    )
    return plan


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response


# ---------------------------------------------------------------- overview


def test_overview_shows_every_chart_for_the_default_quarter(scored, leader, client_for):
    response = get(client_for(leader), reverse("dashboard:overview"))
    assert response.context["period"].label == "2025Q3"  # latest quarter with approved data
    html = response.content.decode()
    for chart_id in CHART_IDS:
        assert f'id="{chart_id}"' in html and f'id="{chart_id}-data"' in html
    figures = response.context["figures"]
    assert all(fig["data"] for fig in figures.values()), "every overview chart has data"
    assert "时序进度" in html and "规划总体得分" in html


def test_period_parameter_chooses_the_quarter_and_unknown_falls_back_with_a_message(scored, leader, client_for):
    client = client_for(leader)
    assert get(client, reverse("dashboard:overview") + "?period=2024Q2").context["period"].label == "2024Q2"
    response = get(client, reverse("dashboard:overview") + "?period=2099Q9")
    assert response.context["period"].label == "2025Q3"
    assert "报告期“2099Q9”不存在" in response.content.decode()


def test_default_quarter_without_approved_data_is_the_latest_scored(plan, leader, client_for):
    IndicatorValue.objects.all().delete()  # the plan's public figures are approved values
    dashboard_scores_create(plan=plan, periods=list(ReportingPeriod.objects.filter(year=2023)))
    assert get(client_for(leader), reverse("dashboard:overview")).context["period"].label == "2023Q4"


def test_overview_without_scores_shows_explicit_empty_charts(plan, leader, client_for):
    response = get(client_for(leader), reverse("dashboard:overview"))
    for fig in response.context["figures"].values():
        assert fig["data"] == [] and fig["layout"]["annotations"][0]["text"] == "暂无数据"
    html = response.content.decode()
    assert html.count("(暂无数据)") == len(CHART_IDS)  # also said in each chart's aria-label


def test_overview_lists_warnings_and_overdue_departments_with_links(scored, leader, client_for):
    response = get(client_for(leader), reverse("dashboard:overview") + "?period=2025Q3")
    data = response.context["data"]
    assert data["warnings"] and all(w["url"] for w in data["warnings"])
    assert {w["status"] for w in data["warnings"]} <= {"lagging", "seriously_lagging", "missed", "on_track", "achieved"}
    assert data["overdue"], "nobody submitted 2025Q3: every reporting department is overdue"
    html = response.content.decode()
    assert data["warnings"][0]["url"] in html.replace("&amp;", "&")
    assert reverse("dashboard:department", args=[data["overdue"][0]["code"]]) in html


def test_staff_see_the_overview_but_no_links_to_other_departments(scored, staff_a, dept_a, client_for):
    data = get(client_for(staff_a), reverse("dashboard:overview")).context["data"]
    assert all((w["url"] is not None) == (w["dept_id"] == dept_a.pk) for w in data["warnings"])
    assert all((d["url"] is not None) == (d["department_id"] == dept_a.pk) for d in data["departments"])


def test_every_task_is_two_clicks_from_the_overview(scored, leader, client_for):
    """Overview → system page → task page (and the overview links every task directly)."""
    client = client_for(leader)
    overview = get(client, reverse("dashboard:overview")).content.decode()
    system_urls = set(re.findall(r'href="(/dashboard/system/\d+/[^"]*)"', overview))
    assert len(system_urls) == 6
    reached = set(re.findall(r'href="/dashboard/task/(\d+)/', overview))
    for url in system_urls:
        reached |= set(
            re.findall(r'href="/dashboard/task/(\d+)/', get(client, url.replace("&amp;", "&")).content.decode())
        )
    assert reached == {str(n) for n in range(1, 24)}


# ---------------------------------------------------------------- drill-down


def test_system_page_lists_its_tasks_with_charts(scored, leader, client_for):
    system = EcoSystem.objects.get(order=2)
    response = get(client_for(leader), reverse("dashboard:system", args=[system.pk]))
    assert [t["number"] for t in response.context["data"]["tasks"]] == list(
        system.tasks.order_by("number").values_list("number", flat=True)
    )
    assert response.context["figures"]["tasks"]["data"] and response.context["figures"]["trend"]["data"]


def test_task_page_shows_lead_and_support_departments_indicators_and_milestones(scored, leader, client_for):
    response = get(client_for(leader), reverse("dashboard:task", args=[6]))
    data, html = response.context["data"], response.content.decode()
    task = PlanTask.objects.get(number=6)
    assert {d["code"] for d in data["lead"]} == set(
        task.assignments.filter(role=TaskAssignment.Role.LEAD).values_list("department__code", flat=True)
    )
    assert "牵头单位" in html and "配合单位" in html
    assert len(data["indicators"]) == task.indicators.count()
    assert len(data["milestones"]) == task.milestones.count()
    assert len(data["history"]) == 15  # 2022Q1 … 2025Q3


def test_indicator_page_shows_values_target_forecast_and_every_submission(scored, leader, dept_a, client_for):
    indicator = Indicator.objects.get(code="T12-FOREST-GRASS")
    response = get(client_for(leader), reverse("dashboard:indicator", args=[indicator.pk]))
    fig = response.context["figures"]["values"]
    names = [trace["name"] for trace in fig["data"]]
    assert "审核通过值" in names and any(n.startswith("目标值") for n in names)
    assert any(n.startswith("预测值") for n in names)
    html = response.content.decode()
    assert "填报记录" in html and "修改历史" in html and "76.5" in html


def test_department_page_shows_tasks_submissions_and_assessment(scored, leader, dept_a, client_for):
    Submission.objects.create(
        department=dept_a,
        period=ReportingPeriod.objects.get(year=2025, quarter=2),
        status=ReviewStatus.APPROVED,
        first_submitted_at=dt.datetime(2025, 7, 8, 9, tzinfo=dt.UTC),
    )
    response = get(client_for(leader), reverse("dashboard:department", args=[dept_a.code]) + "?period=2025Q3")
    data, html = response.context["data"], response.content.decode()
    assert data["score"]["grade"] and data["tasks"] and data["indicators"]
    kinds = {row["period"].label: row["timeliness"].kind for row in data["submissions"]}
    assert kinds["2025Q2"] == "on_time" and kinds["2025Q3"] == "missing"
    assert "按时" in html and "逾期未报" in html
    assert "任务完成进度" in json.dumps(response.context["figures"]["assessment"], ensure_ascii=False)


def test_staff_cannot_open_another_departments_page_or_indicator(scored, staff_a, dept_b, client_for):
    client = client_for(staff_a)
    get(client, reverse("dashboard:department", args=[dept_b.code]), status=404)
    other = Indicator.objects.filter(reporting_department=dept_b).first()
    get(client, reverse("dashboard:indicator", args=[other.pk]), status=404)
    own = Indicator.objects.filter(reporting_department__code="ecoenv").first()
    get(client, reverse("dashboard:indicator", args=[own.pk]))


def test_unknown_objects_are_404(scored, leader, client_for):
    client = client_for(leader)
    get(client, reverse("dashboard:task", args=[99]), status=404)
    get(client, reverse("dashboard:system", args=[999999]), status=404)
    get(client, reverse("dashboard:indicator", args=[999999]), status=404)
    get(client, reverse("dashboard:department", args=["nope"]), status=404)


# ---------------------------------------------------------------- landing router


def test_home_routes_by_role(plan, leader, supervisor, staff_a, client_for, django_user_model):
    """Leadership → the dashboard; supervisors → the review queue; staff → their data entry (填报) list;
    an account with no role sees the plan overview."""
    assert client_for(leader).get(reverse("home"))["Location"] == reverse("dashboard:overview")
    assert client_for(supervisor).get(reverse("home"))["Location"] == reverse("entry:review_queue")
    assert client_for(staff_a).get(reverse("home"))["Location"] == reverse("entry:submissions")
    nobody = client_for(django_user_model.objects.create_user("nobody", password="x"))
    page = nobody.get(reverse("home"))
    assert page.status_code == 200 and "生态安全体系" in page.content.decode()


def test_administrators_land_on_the_admin(administrator, client_for):
    """管理员 maintain the plan, accounts and settings: they land on the admin, not the review queue (issue 13)."""
    assert client_for(administrator).get(reverse("home"))["Location"] == reverse("admin:index")


# ---------------------------------------------------------------- CSP and static plotly


class ScriptAudit(HTMLParser):
    """Collects <script> tags and any inline event-handler attribute (on*=)."""

    def __init__(self):
        super().__init__()
        self.scripts, self.handlers = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.handlers += [f"{tag} {name}" for name in attrs if name.lower().startswith("on")]
        if tag == "script":
            self.scripts.append(attrs)


def dashboard_urls(dept_code="ecoenv"):
    indicator = Indicator.objects.filter(reporting_department__code=dept_code).first()
    return [
        reverse("dashboard:overview"),
        reverse("dashboard:system", args=[EcoSystem.objects.first().pk]),
        reverse("dashboard:task", args=[5]),
        reverse("dashboard:indicator", args=[indicator.pk]),
        reverse("dashboard:department", args=[dept_code]),
    ]


def test_pages_have_no_inline_script_and_load_local_plotly_once(scored, leader, client_for):
    client = client_for(leader)
    for url in dashboard_urls():
        audit = ScriptAudit()
        audit.feed(get(client, url).content.decode())
        assert audit.handlers == [], (url, audit.handlers)
        external = [s["src"] for s in audit.scripts if "src" in s]
        inline = [s for s in audit.scripts if "src" not in s]
        assert all(s.get("type") == "application/json" for s in inline), url
        assert external.count("/static/js/plotly.min.js") == 1, external
        assert all(src.startswith("/static/") for src in external), external


def test_responses_carry_the_csp_header(scored, leader, client_for):
    header = get(client_for(leader), reverse("dashboard:overview"))["Content-Security-Policy"]
    assert "script-src 'self'" in header


def test_static_plotly_is_the_installed_packages_copy():
    """static/js/plotly.min.js must be byte-identical to the plotly package's (refresh it after an upgrade:
    cp .venv/lib/python3.11/site-packages/plotly/package_data/plotly.min.js static/js/)."""
    installed = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    ours = Path(settings.BASE_DIR) / "static" / "js" / "plotly.min.js"
    assert ours.read_bytes() == installed.read_bytes()


# ---------------------------------------------------------------- query counts (fixed, whatever the plan's size)

# Every dashboard page starts with: session, user, the current plan, every period, the latest period with
# approved data. QUERIES_* name the rest, in order; numbers pinned for a leader (groups read once).
QUERIES_START = [
    "session",
    "user",
    "plan_current",
    "periods_all",
    "period_default: latest approved",
    "scores pending: the oldest recompute mark (issue 11: the 得分更新中 notice)",
]
# The leaders' 督办 card, read live after the (cached) body: orders by department, closed orders' days, overdue.
SUPERVISION_CARD = ["orders by lead department", "closed orders (days to close)", "overdue orders"]
QUERIES = {
    "overview": QUERIES_START
    + [
        "viewer_of: groups",
        "overview fingerprint (scores, forms)",
        "plan score",
        "systems",
        "system scores",
        "tasks",
        "task scores (heat map)",
        "indicator warnings",
        "departments_reporting",
        "indicator frequencies",
        "lead departments with milestones",
        "submissions of the period",
        "department ranking",
        *SUPERVISION_CARD,
    ],
    # The same overview again: its body comes from the cache while the data fingerprint is unchanged.
    "overview-cached": QUERIES_START + ["viewer_of: groups", "overview fingerprint (scores, forms)", *SUPERVISION_CARD],
    "system": QUERIES_START
    + ["system", "tasks", "task scores", "system score history", "top bar: the viewer's groups (tasks.common.nav)"],
    "task": QUERIES_START
    + [
        "task",
        "viewer_of: groups",
        "assignments",
        "task score history",
        "indicators",
        "indicator scores",
        "milestones",
        "approved milestone reports",
    ],
    "indicator": QUERIES_START
    + [
        "indicator",
        "viewer_of: groups",
        "figures",
        "evidence (prefetch)",
        "indicator scores",
        "history records",
    ],
    "department": QUERIES_START
    + [
        "department",
        "viewer_of: groups",
        "department score history",
        "assignments",
        "task scores",
        "indicators",
        "indicator scores",
        "indicator frequencies",
        "lead departments with milestones",
        "submissions",
    ],
    "ping": ["session", "user", "top bar: the viewer's groups (tasks.common.nav)"],
}


def page_urls(indicator_id):
    return {
        "overview": reverse("dashboard:overview"),
        "overview-cached": reverse("dashboard:overview"),
        "system": reverse("dashboard:system", args=[EcoSystem.objects.get(order=1).pk]),
        "task": reverse("dashboard:task", args=[5]),
        "indicator": reverse("dashboard:indicator", args=[indicator_id]),
        "department": reverse("dashboard:department", args=["ecoenv"]),
        "ping": reverse("dashboard:ping"),
    }


@pytest.mark.parametrize("page", list(QUERIES))
def test_query_count_of_each_page_is_pinned(page, scored, leader, client_for, django_assert_num_queries):
    client = client_for(leader)
    url = page_urls(Indicator.objects.get(code="T05-PM25").pk)[page]
    if page == "overview-cached":
        get(client, url)
    with django_assert_num_queries(len(QUERIES[page])):
        get(client, url)


def query_counts(client, urls) -> dict:
    counts = {}
    for page, url in urls.items():
        with CaptureQueriesContext(connection) as captured:
            get(client, url)
        counts[page] = len(captured)
    return counts


def test_query_counts_do_not_grow_with_tasks_indicators_or_quarters(scored, plan, leader, dept_a, client_for):
    client = client_for(leader)
    indicator = Indicator.objects.get(code="T05-PM25")
    urls = {page: url + "?period=2025Q3" for page, url in page_urls(indicator.pk).items()}
    before = query_counts(client, urls)

    system = EcoSystem.objects.get(order=1)
    quarters = [
        ReportingPeriod.objects.create(
            year=2027, quarter=q, opens_on=dt.date(2027, 3 * q, 1), due_on=dt.date(2027, 3 * q, 10)
        )
        for q in (1, 2)
    ]
    rows = []
    for n in range(24, 30):  # six more tasks, each with an indicator, a lead department and scores
        task = PlanTask.objects.create(system=system, number=n, title=f"新增任务{n}", text="—")
        TaskAssignment.objects.create(task=task, department=dept_a, role=TaskAssignment.Role.LEAD)
        added = Indicator.objects.create(
            task=task,
            code=f"T{n}-X",
            name=f"新增指标{n}",
            unit="%",
            kind="at_least",
            comparator="gte",
            target_value=Decimal(90),
            target_year=2025,
            reporting_department=dept_a,
            frequency="quarterly",
            source_sentence="—",
        )
        for k, period in enumerate(ReportingPeriod.objects.filter(year__lte=2025)):
            rows += [
                dashboard_score(level="task", period=period, plan=plan, index=n + k, expected=Decimal(50), task=task),
                dashboard_score(
                    level="indicator", period=period, plan=plan, index=n + k, expected=Decimal(50), indicator=added
                ),
            ]
    Score.objects.bulk_create(rows)
    IndicatorValue.objects.create(
        indicator=indicator, period=quarters[0], value=Decimal(30), status=ReviewStatus.APPROVED
    )

    assert query_counts(client, urls) == before
    # more quarters shown (the latest ended one: 2027 has not begun, it is in the database but never offered)
    latest = {page: url.replace("2025Q3", "2026Q3") for page, url in urls.items()}
    assert query_counts(client, latest) == before


def main_of(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def test_cached_overview_changes_as_soon_as_scores_or_forms_change(scored, plan, leader, dept_a, client_for):
    client = client_for(leader)
    url = reverse("dashboard:overview") + "?period=2025Q3"
    first = get(client, url)
    assert dept_a.code in [row["code"] for row in first.context["data"]["overdue"]]
    again = get(client, url)
    assert main_of(again) == main_of(first) and "data" not in again.context  # from the cache
    plan_row = Score.objects.filter(level="plan", period__year=2025, period__quarter=3)
    plan_row.update(score=Decimal("12.3"))  # an in-place edit is not what a recompute does: still cached …
    assert main_of(get(client, url)) == main_of(first)
    row = plan_row.get()
    plan_row.delete()
    row.pk = None
    row.save()  # … a recompute replaces a changed row: the page shows the new figure at once
    assert "12.3" in main_of(get(client, url))
    Submission.objects.create(
        department=dept_a,
        period=ReportingPeriod.objects.get(year=2025, quarter=3),
        status=ReviewStatus.SUBMITTED,
        first_submitted_at=dt.datetime(2025, 10, 1, tzinfo=dt.UTC),
    )
    overdue = get(client, url).context["data"]["overdue"]  # a saved form changes the fingerprint too
    assert overdue and dept_a.code not in [r["code"] for r in overdue]


# ---------------------------------------------------------------- QA pass: quarters offered, drafts


def test_period_selector_offers_only_quarters_that_have_ended(scored, leader, client_for, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args: dt.date(2026, 11, 30))
    response = get(client_for(leader), reverse("dashboard:overview"))
    labels = [p.label for p in response.context["periods"]]
    assert labels[0] == "2026Q3" and "2026Q4" not in labels  # the quarter under way is not offered
    refused = get(client_for(leader), reverse("dashboard:overview") + "?period=2026Q4")
    assert refused.context["period"].label == "2025Q3"  # the default: latest quarter with approved data
    assert "不存在或尚未结束" in refused.content.decode()


def test_leadership_does_not_see_a_departments_unsubmitted_draft(plan, leader, supervisor, staff_a, client_for):
    indicator = Indicator.objects.filter(reporting_department__code="ecoenv").order_by("code").first()
    IndicatorValue.objects.create(
        indicator=indicator,
        period=ReportingPeriod.objects.get(year=2026, quarter=3),
        value=Decimal("1640.0"),
        status=ReviewStatus.DRAFT,
    )
    url = reverse("dashboard:indicator", args=[indicator.pk]) + "?period=2026Q3"
    for reader in (leader, supervisor):
        html = get(client_for(reader), url).content.decode()
        assert "1640" not in html and "草稿" not in html
    assert "1640" in get(client_for(staff_a), url).content.decode()  # the department's own working copy
