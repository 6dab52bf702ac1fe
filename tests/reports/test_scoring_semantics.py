"""Scoring semantics the same on every page and report (issue 11, 5): 目标未下达 (T05-AQ-GOOD, T19-SANITARY-TOILET
have no target for their year) is its own status, left out of task 5 with the rule printed, on the dashboard and in
the 终期评估 workbook alike; a figure whose progress is 86.24996 reads 86.2 in 试算, on the dashboard's indicator and
task pages and in the workbook (display rounds once, half-up, from the stored unrounded value)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import IndicatorValue, ReportingPeriod, ReviewStatus, Score
from indicators.scoring import engine
from indicators.scoring.services import scores_recompute
from tasks.models import PlanTask
from tests.factories import IndicatorFactory
from tests.reports.assessment.test_views import PLAN_REPORT, page_tables

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 10, 10)


def q4():
    return ReportingPeriod.objects.get(year=2025, quarter=4)


def test_indicators_without_a_target_read_no_target_and_are_left_out_of_task_5(plan, supervisor, client_for):
    scores_recompute(plan=plan, today=TODAY)
    period = q4()
    for code in ("T05-AQ-GOOD", "T19-SANITARY-TOILET"):
        row = Score.objects.get(level="indicator", indicator__code=code, period=period)
        assert row.status == "no_target" and "目标未下达" in row.rule, code
    task5 = PlanTask.objects.get(system__plan=plan, number=5)
    pm25 = Score.objects.get(level="indicator", indicator__code="T05-PM25", period=period)
    task = Score.objects.get(level="task", task=task5, period=period)
    assert task.score == pm25.score != Decimal(50)  # 空气优良率 left out: task 5 is PM2.5 alone, not (x + 0)/2
    assert "目标未下达的指标不参与计算" in task.rule

    client = client_for(supervisor)
    shown = str(engine.round_half_up(task.score, 1))  # 99.9: PM2.5 35 against "< 35", not met (never 100)
    dashboard = client.get(reverse("dashboard:task", args=[task5.pk]), {"period": "2025Q4"}).content.decode()
    assert f'<span class="kpi-value">{shown}</span>' in dashboard and "目标未下达的指标不参与计算" in dashboard
    assert "目标未下达" in dashboard.split("目标未下达的指标不参与计算")[1]  # the indicator's status badge too
    overview = client.get(reverse("dashboard:overview"), {"period": "2025Q4"}).content.decode()
    assert engine.NO_TARGET_RULE in overview and engine.NOT_REPORTED_RULE in overview

    tables = page_tables(client.get(reverse("assessment:page"), PLAN_REPORT))  # the workbook's tables and figures
    rules = [" ".join(r) for r in tables["rules"]["rows"]]
    assert any(engine.NO_TARGET_RULE in r for r in rules) and any(engine.NOT_REPORTED_RULE in r for r in rules)
    headers = tables["tasks"]["headers"]
    task_row = dict(zip(headers, next(r for r in tables["tasks"]["rows"] if r[0] == "5"), strict=False))
    assert (task_row["得分"], task_row["2025年得分"]) == (shown, shown)  # the dashboard's figure
    indicators = {
        r[0]: dict(zip(tables["indicators"]["headers"], r, strict=False)) for r in tables["indicators"]["rows"]
    }
    assert indicators["T05-AQ-GOOD"]["状态"] == indicators["T19-SANITARY-TOILET"]["状态"] == "目标未下达"


def test_a_progress_of_86_24996_reads_the_same_everywhere(plan, supervisor, client_for, dept_a):
    indicator = IndicatorFactory(reporting_department=dept_a, kind="project_count", target_value=10)
    period = ReportingPeriod.objects.get(year=2023, quarter=4)
    IndicatorValue.objects.create(
        indicator=indicator, period=period, value=Decimal("8.624996"), status=ReviewStatus.APPROVED, is_final=True
    )
    scores_recompute(plan=plan, today=TODAY)
    stored = Score.objects.get(level="indicator", indicator=indicator, period=period)
    assert stored.progress == Decimal("86.24996")  # stored unrounded (8 places), not 86.2500
    client = client_for(supervisor)
    preview = client.post(
        "/api/v1/scoring/preview/",
        {
            "kind": "project_count",
            "comparator": "gte",
            "target_value": "10",
            "values": [{"year": 2023, "quarter": 4, "value": "8.624996"}],
            "as_of": "2023-12-31",
        },
        content_type="application/json",
    ).json()
    assert preview["display"]["progress"] == "86.2" and "=86.2%" in preview["rule"]  # 试算
    page = client.get(reverse("dashboard:indicator", args=[indicator.pk]), {"period": "2023Q4"}).content.decode()
    assert "86.2%" in page and "86.3" not in page and "86.25" not in page  # the dashboard's indicator page
    task = client.get(reverse("dashboard:task", args=[indicator.task_id]), {"period": "2023Q4"}).content.decode()
    assert "86.2%" in task and "86.3" not in task
    tables = page_tables(client.get(reverse("assessment:page"), PLAN_REPORT))  # the workbook's figures
    row = dict(
        zip(
            tables["indicators"]["headers"],
            next(r for r in tables["indicators"]["rows"] if r[0] == indicator.code),
            strict=False,
        )
    )
    assert row["2023年完成进度"] == row["完成进度"] == "86.2%"
