"""Early warnings (预警) for 上级年度下达型 indicators whose yearly target has not been entered: a figure but
no target for its year leaves the stored status at 无数据 — the dashboard warns 目标未下达 instead of
staying silent, and stops as soon as the year's target is entered."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Indicator, IndicatorValue, ReportingPeriod, ReviewStatus, Score
from indicators.scoring.services import scores_recompute
from reports.dashboard.selectors.common import Viewer, viewer_of
from reports.dashboard.selectors.early_warnings import indicator_warnings
from reports.dashboard.selectors.overview import overview_data
from reports.dashboard.selectors.periods import periods_all

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 30)
MESSAGE = "目标未下达：请管理员录入分年度目标"


@pytest.fixture
def q3(plan) -> ReportingPeriod:
    """2026Q3 with the plan's scores recomputed; the toilets indicator has an approved 2025 figure (86.3 %)."""
    toilets = Indicator.objects.get(code="T19-SANITARY-TOILET")
    IndicatorValue.objects.create(
        indicator=toilets,
        period=ReportingPeriod.objects.get(year=2025, quarter=4),
        value=Decimal("86.3"),
        is_final=True,
        status=ReviewStatus.APPROVED,
    )
    scores_recompute(plan=plan, today=TODAY)
    return ReportingPeriod.objects.get(year=2026, quarter=3)


def missing(plan, period) -> dict[str, dict]:
    return {r["code"]: r for r in indicator_warnings(plan=plan, period=period) if "target_missing" in r["reasons"]}


def test_annual_assigned_indicators_with_data_but_no_target_for_the_year_are_warned(plan, q3):
    rows = missing(plan, q3)
    assert set(rows) == {"T05-AQ-GOOD", "T19-SANITARY-TOILET"}
    toilets = rows["T19-SANITARY-TOILET"]
    assert (toilets["status"], toilets["data_year"], toilets["reasons"]) == ("no_target", 2025, ["target_missing"])
    stored = Score.objects.get(level="indicator", indicator__code="T19-SANITARY-TOILET", period=q3)
    assert stored.current_value == Decimal("86.3") and stored.status == "no_target"  # 目标未下达, not 无数据


def test_the_warning_goes_once_the_year_has_a_target(plan, q3):
    toilets = Indicator.objects.get(code="T19-SANITARY-TOILET")
    toilets.yearly_targets = {"2024": "80"}  # another year: still missing
    toilets.save()
    assert "T19-SANITARY-TOILET" in missing(plan, q3)
    toilets.yearly_targets = {"2025": "85"}
    toilets.save()
    assert "T19-SANITARY-TOILET" not in missing(plan, q3)  # at once, before any recompute
    scores_recompute(plan=plan, today=TODAY)
    assert "T19-SANITARY-TOILET" not in missing(plan, q3)
    assert Score.objects.get(level="indicator", indicator=toilets, period=q3).status == "achieved"  # 86.3 ≥ 85


def test_an_indicator_without_any_figure_is_not_warned(plan, q3):
    IndicatorValue.objects.filter(indicator__code="T19-SANITARY-TOILET").delete()
    scores_recompute(plan=plan, today=TODAY)
    assert "T19-SANITARY-TOILET" not in missing(plan, q3)


def test_the_warning_links_supervisors_to_the_admin_and_others_to_the_indicator_page(plan, q3):
    toilets = Indicator.objects.get(code="T19-SANITARY-TOILET")
    periods = periods_all()

    def url(viewer):
        data = overview_data(plan=plan, period=q3, periods=periods, today=TODAY, viewer=viewer)
        return next(r["url"] for r in data["warnings"] if r["indicator_id"] == toilets.pk)

    assert url(Viewer(read_all=True, can_admin=True)) == reverse("admin:indicators_indicator_change", args=[toilets.pk])
    assert url(Viewer(read_all=True)) == f"/dashboard/indicator/{toilets.pk}/?period=2026Q3"
    assert url(Viewer(read_all=False, department_id=toilets.reporting_department_id)).startswith(
        "/dashboard/indicator/"
    )
    assert url(Viewer(read_all=False, department_id=-1)) is None


def test_viewer_can_admin_only_for_supervisors_and_administrators(supervisor, leader, staff_a):
    assert viewer_of(supervisor).can_admin and not viewer_of(leader).can_admin
    assert not viewer_of(staff_a).can_admin


def test_the_dashboard_shows_the_warning(plan, q3, client_for, supervisor, leader):
    admin_url = reverse("admin:indicators_indicator_change", args=[Indicator.objects.get(code="T05-AQ-GOOD").pk])
    page = client_for(supervisor).get("/dashboard/", {"period": "2026Q3"}).content.decode()
    assert MESSAGE in page and admin_url in page
    page = client_for(leader).get("/dashboard/", {"period": "2026Q3"}).content.decode()
    assert MESSAGE in page and admin_url not in page  # leadership: the indicator page (cached apart)
