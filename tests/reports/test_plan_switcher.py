"""Several plans on one deployment: the plan switcher (``?plan=<code>``, remembered) on the dashboard, reports,
试算 and review pages; per-plan department assessment; an archived plan's dashboard and reports still render."""

import datetime as dt

import pytest
from django.urls import reverse

from indicators.entry import selectors as entry_selectors
from indicators.models import ReportingPeriod, Score
from indicators.scoring import services
from indicators.scoring.selectors import department_assessment
from responsibilities.models import Department
from tasks.models import Plan
from tasks.selectors import plan_current, plans_offered

REAL = "lingqiu-eco-2022-2025"
TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def archived(example_plan):
    example_plan.state = Plan.State.ARCHIVED
    example_plan.save()
    return example_plan


def test_default_is_the_plan_open_for_entry_with_the_latest_period(plan, example_plan):
    assert plan_current() == example_plan  # 实施中, ends 2030
    assert [p.code for p in plans_offered()] == [example_plan.code, REAL]
    example_plan.state = Plan.State.ARCHIVED
    example_plan.save()
    assert plan_current() == plan and [p.code for p in plans_offered()] == [REAL, example_plan.code]


def test_dashboard_switches_plan_and_remembers_the_choice(example_plan, leader, client_for):
    client = client_for(leader)
    page = client.get(reverse("dashboard:overview"), {"plan": REAL}).content.decode()
    assert 'id="plan-select"' in page and f'value="{REAL}" selected' in page
    assert "生态制度体系" in page and "示例生态环境体系" not in page
    page = client.get(reverse("dashboard:overview")).content.decode()  # remembered in the session
    assert f'value="{REAL}" selected' in page
    page = client.get(reverse("dashboard:overview"), {"plan": example_plan.code}).content.decode()
    assert "示例生态环境体系" in page and "生态制度体系" not in page
    assert ">2025年第4季度<" not in page  # only the example plan's quarters (from 2026) are offered


def test_unknown_plan_code_falls_back_with_a_message(example_plan, leader, client_for):
    response = client_for(leader).get(reverse("dashboard:overview"), {"plan": "no-such-plan"}, follow=True)
    assert response.status_code == 200 and "规划“no-such-plan”不存在" in response.content.decode()


def test_archived_plan_still_renders_dashboard_and_reports(archived, leader, supervisor, client_for):
    client = client_for(leader)
    for name in ("dashboard:overview", "assessment:index", "assessment:page"):
        response = client.get(reverse(name), {"plan": archived.code})
        assert response.status_code == 200, name
        assert "已归档，只能查阅" in response.content.decode()
    system = archived.systems.get(order=1)
    assert client.get(reverse("dashboard:system", args=[system.pk]), {"plan": archived.code}).status_code == 200
    assert client.get(reverse("dashboard:task", args=[5]), {"plan": archived.code}).status_code == 200


def test_reports_page_is_the_chosen_plans(example_plan, supervisor, client_for):
    client = client_for(supervisor)
    page = client.get(reverse("assessment:page"), {"plan": example_plan.code}).content.decode()
    assert example_plan.name in page
    page = client.get(reverse("assessment:page"), {"plan": REAL}).content.decode()
    assert "灵丘县国家生态文明示范区建设规划" in page


def test_preview_offers_the_chosen_plans_indicators(example_plan, supervisor, client_for):
    client = client_for(supervisor)
    page = client.get(reverse("scoring:preview"), {"plan": example_plan.code}).content.decode()
    assert "示例节水工程个数" in page and "林草覆盖率" not in page
    page = client.get(reverse("scoring:preview"), {"plan": REAL}).content.decode()
    assert "示例节水工程个数" not in page and "林草覆盖率" in page


def test_review_queue_lists_the_departments_of_the_chosen_plan(example_plan, supervisor, client_for):
    client = client_for(supervisor)
    page = client.get(reverse("entry:review_queue"), {"plan": example_plan.code, "period": "2026Q3"})
    codes = {d.code for d in entry_selectors.departments_reporting(plan=example_plan)}
    assert codes == {"ecoenv", "water"} and page.status_code == 200
    assert "县委组织部" not in page.content.decode()
    page = client.get(reverse("entry:review_queue"), {"plan": REAL, "period": "2026Q3"}).content.decode()
    assert "县委组织部" in page or "中共灵丘县委组织部" in page


def test_department_is_assessed_per_plan(plan, example_plan, leader, client_for):
    services.scores_recompute(plan=plan, today=TODAY)
    services.scores_recompute(plan=example_plan, today=TODAY)
    q3 = ReportingPeriod.objects.get(year=2026, quarter=3)
    rows = Score.objects.filter(level=Score.Level.DEPARTMENT, department__code="ecoenv", period=q3)
    assert set(rows.values_list("plan__code", flat=True)) == {REAL, example_plan.code}
    example = {r["code"] for r in department_assessment(plan=example_plan, period=q3)}
    real = {r["code"] for r in department_assessment(plan=plan, period=q3)}
    assert example == {"ecoenv", "water"} and {"ecoenv", "water", "org"} <= real
    client = client_for(leader)
    page = client.get(reverse("dashboard:department", args=["ecoenv"]), {"plan": example_plan.code, "period": "2026Q3"})
    text = page.content.decode()
    assert "示例大气环境治理" in text and "完善生态环境保护责任制度" not in text


def test_entry_form_groups_indicators_by_plan(example_plan, staff_a, client_for):
    q3 = ReportingPeriod.objects.get(year=2026, quarter=3)
    page = client_for(staff_a).get(reverse("entry:form", args=["ecoenv", 2026, 3])).content.decode()
    assert page.count('class="plan-heading"') >= 2
    assert page.index(example_plan.name) < page.index("示例PM2.5年均浓度")
    data = entry_selectors.entry_form_data(department=Department.objects.get(code="ecoenv"), period=q3)
    assert [p.code for p in data.plans][:2] == [example_plan.code, REAL]
