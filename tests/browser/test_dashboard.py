"""The dashboard in Debian's chromium (Playwright): leadership sees every chart drawn with no console
error and drills down to an indicator; staff cannot open another department's page. Screenshots (desktop
1366×900, phone 390×844) go to test-artifacts/ for a developer to look at.
"""

import re
import shutil
import subprocess
from decimal import Decimal

import pytest

from indicators.models import Indicator, IndicatorValue, ReportingPeriod, ReviewStatus
from tests.browser.conftest import ARTIFACTS, login, screenshot
from tests.factories import dashboard_scores_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHART_IDS = ("chart-plan", "chart-systems", "chart-heatmap", "chart-departments")
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def _no_cached_pages():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def scored(plan):
    indicator = Indicator.objects.get(code="T12-FOREST-GRASS")
    for year, value in ((2022, "75.2"), (2023, "75.9"), (2024, "76.4")):
        IndicatorValue.objects.create(
            indicator=indicator,
            period=ReportingPeriod.objects.get(year=year, quarter=4),
            is_final=True,
            value=Decimal(value),
            status=ReviewStatus.APPROVED,
        )
    IndicatorValue.objects.create(
        indicator=indicator,
        period=ReportingPeriod.objects.get(year=2025, quarter=3),
        is_final=False,
        value=Decimal("76.8"),
        status=ReviewStatus.APPROVED,
    )
    dashboard_scores_create(plan=plan)  # last: the figures' recompute marks are dropped, the seeded scores stand
    return plan


def charts_drawn(page, chart_ids):
    """Wait until plotly has drawn its SVG in each chart container; fail with the page's errors."""
    for chart_id in chart_ids:
        try:
            page.wait_for_selector(f"#{chart_id}.js-plotly-plot .main-svg", timeout=20_000)
        except Exception as exc:
            raise AssertionError(f"{chart_id} not drawn on {page.url}: {page.console_errors}") from exc


def open_link(page, selector):
    page.click(selector)
    page.wait_for_load_state("networkidle")


def test_leadership_sees_every_chart_and_drills_down_to_an_indicator(browser_page, live_server, scored, leader):
    page = browser_page
    login(page, live_server, leader.username)
    assert page.url.endswith("/dashboard/"), "leadership lands on the dashboard"
    charts_drawn(page, CHART_IDS)
    assert "暂无数据" not in page.inner_text("#chart-heatmap")
    assert "滞后" in page.inner_text("#chart-heatmap")  # status names in the cells, not only colours
    screenshot(page, "dashboard-overview-desktop")
    for chart_id in CHART_IDS:  # each chart at full resolution
        page.locator(f"#{chart_id}").screenshot(path=ARTIFACTS / f"dashboard-{chart_id}.png")

    open_link(page, "text=3. 生态空间体系")  # overview → system → task: two clicks
    charts_drawn(page, ("chart-tasks", "chart-trend"))
    screenshot(page, "dashboard-system-desktop")
    open_link(page, "table a[href^='/dashboard/task/12/']")
    charts_drawn(page, ("chart-trend", "chart-indicators"))
    assert "牵头单位" in page.inner_text("main") and "配合单位" in page.inner_text("main")
    screenshot(page, "dashboard-task-desktop")
    open_link(page, "table a:has-text('林草覆盖率')")
    charts_drawn(page, ("chart-values",))
    assert "审核通过值" in page.inner_text("#chart-values")
    screenshot(page, "dashboard-indicator-desktop")
    assert page.console_errors == []


def test_overview_and_indicator_on_a_phone(browser_page, live_server, scored, leader):
    page = browser_page
    page.set_viewport_size(PHONE)
    login(page, live_server, leader.username)
    charts_drawn(page, CHART_IDS)
    screenshot(page, "dashboard-overview-phone")
    page.screenshot(path=ARTIFACTS / "dashboard-overview-phone-top.png")
    for chart_id in CHART_IDS:
        page.locator(f"#{chart_id}").screenshot(path=ARTIFACTS / f"dashboard-{chart_id}-phone.png")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "no sideways scrolling of the page on a phone (tables scroll inside)"
    indicator = Indicator.objects.get(code="T12-FOREST-GRASS")
    page.goto(f"{live_server.url}/dashboard/indicator/{indicator.pk}/")
    charts_drawn(page, ("chart-values",))
    screenshot(page, "dashboard-indicator-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.console_errors == []


def test_heatmap_row_label_opens_the_task(browser_page, live_server, scored, leader):
    page = browser_page
    login(page, live_server, leader.username)
    charts_drawn(page, ("chart-heatmap",))
    # A real mouse click on the SVG link (force: Playwright's hit test does not see through plotly's
    # stacked SVG layers; elementFromPoint at that spot is the link).
    page.click("#chart-heatmap a[*|href^='/dashboard/task/7/']", force=True)
    page.wait_for_url(re.compile(r"/dashboard/task/7/"))
    assert page.console_errors == []


def test_staff_cannot_open_another_departments_page(browser_page, live_server, scored, staff_a, dept_b):
    page = browser_page
    login(page, live_server, staff_a.username)
    assert page.goto(f"{live_server.url}/dashboard/department/{dept_b.code}/").status == 404
    other = Indicator.objects.filter(reporting_department=dept_b).first()
    assert page.goto(f"{live_server.url}/dashboard/indicator/{other.pk}/").status == 404
    assert all("404" in error for error in page.console_errors)  # the browser logs the two refusals
    page.console_errors.clear()
    assert page.goto(f"{live_server.url}/dashboard/department/ecoenv/").status == 200
    charts_drawn(page, ("chart-assessment", "chart-tasks"))
    screenshot(page, "dashboard-department-desktop")
    assert page.console_errors == []


def test_print_layout_has_no_navigation_and_charts_fit_the_page(browser_page, live_server, scored, leader):
    page = browser_page
    page.set_viewport_size({"width": 1123, "height": 794})  # landscape A4 at 96 dpi (@page in dashboard.css)
    login(page, live_server, leader.username)
    charts_drawn(page, CHART_IDS)
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.wait_for_timeout(300)
    assert not page.is_visible(".topbar")
    widths = page.evaluate(
        "[...document.querySelectorAll('.chart .main-svg')].map(s => s.getBoundingClientRect().right)"
    )
    assert max(widths) <= 1123
    screenshot(page, "dashboard-overview-print")
    page.pdf(path=str(ARTIFACTS / "dashboard-overview.pdf"), format="A4", landscape=True)


def heatmap_width_becomes(page, wanted, tries: int = 50) -> None:
    """Poll the heat map's SVG width (page.wait_for_function would eval a string, which the CSP forbids)."""
    for _ in range(tries):
        width = page.evaluate("() => document.querySelector('#chart-heatmap .main-svg').getAttribute('width')")
        if wanted(width):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"the heat map stayed {width} px wide")


def test_printed_dashboard_keeps_every_quarter_and_the_ranking_axis(browser_page, live_server, plan, leader):
    """Printed (print media, then a landscape A4 PDF): the heat map shows all 19 quarters 2022Q1–2026Q3,
    the ranking keeps its score axis (more than the tick "0"); the PDF's first pages are saved as PNG."""
    periods = list(
        ReportingPeriod.objects.filter(year__lte=2026).exclude(year=2026, quarter=4).order_by("year", "quarter")
    )
    dashboard_scores_create(plan=plan, periods=periods)
    page = browser_page  # a 1366 px screen
    login(page, live_server, leader.username)
    page.goto(f"{live_server.url}/dashboard/?period=2026Q3")
    charts_drawn(page, CHART_IDS)
    page.emulate_media(media="print")  # matchMedia("print") turns true: dashboard.js redraws for paper
    heatmap_width_becomes(page, lambda width: width == "960")
    ticks = page.eval_on_selector_all("#chart-heatmap .xtick text", "ts => ts.map(t => t.textContent)")
    assert ticks == [p.label for p in periods] and len(ticks) == 19
    ranking = page.eval_on_selector_all("#chart-departments .xtick text", "ts => ts.map(t => t.textContent)")
    assert len(ranking) > 1 and "100" in ranking
    assert "考核得分" in page.text_content("#chart-departments .g-xtitle")
    for chart_id in CHART_IDS:  # every chart inside the landscape page's width (273 mm ≈ 1031 px)
        assert page.evaluate(f"document.querySelector('#{chart_id} .main-svg').getBoundingClientRect().width") <= 1031
    pdf = ARTIFACTS / "dashboard-print.pdf"
    page.pdf(path=str(pdf), format="A4", landscape=True)
    assert pdf.stat().st_size > 10_000
    page.emulate_media(media="screen")  # back to the screen: the heat map takes its box's width again
    heatmap_width_becomes(page, lambda width: width != "960")
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "4", str(pdf), str(ARTIFACTS / "dashboard-print")],
            check=True,
        )
    assert page.console_errors == []
