"""The upload resolves indicator codes per plan (issue 11, 6): a code reused by another plan never lands a
figure on the other plan's indicator; a code the department reports in two plans needs 规划代码."""

from decimal import Decimal

from indicators.models import Indicator, IndicatorValue
from tests.factories import IndicatorFactory, other_plan_task
from tests.indicators.entry.upload.workbooks import HEADERS, errors, outcomes, period, row, urls, xlsx

WITH_PLAN = [*HEADERS, "规划代码"]


def test_a_code_reused_by_another_plan_of_another_department_lands_on_the_own_indicator(upload, dept_a, dept_b):
    own = Indicator.objects.get(code="T05-PM25")
    IndicatorFactory(task=other_plan_task(), code="T05-PM25", reporting_department=dept_b)
    response = upload(xlsx([row("T05-PM25", 28)]))
    assert errors(response) == []
    assert outcomes(response)["T05-PM25"].indicator == own
    upload.client.post(urls(dept_a)[1], {"token": response.context["token"]})
    assert IndicatorValue.objects.get(period=period()).indicator == own


def test_a_code_the_department_reports_in_two_plans_needs_the_plan_column(upload, dept_a):
    own = Indicator.objects.get(code="T05-PM25")
    other = IndicatorFactory(task=other_plan_task(), code="T05-PM25", reporting_department=dept_a)
    response = upload(xlsx([row("T05-PM25", 28)]))
    assert errors(response) == [
        "第2行〔指标代码〕:指标代码“T05-PM25”在多个规划(lingqiu-eco-2022-2025、other-plan)中都由本单位填报,"
        "请在“规划代码”列注明规划"
    ]
    for plan_code, indicator in (("lingqiu-eco-2022-2025", own), ("other-plan", other)):
        response = upload(xlsx([[*row("T05-PM25", 28), plan_code]], headers=WITH_PLAN))
        assert errors(response) == []
        assert outcomes(response)["T05-PM25"].indicator == indicator
    response = upload(xlsx([[*row("T05-PM25", 28), "nowhere"]], headers=WITH_PLAN))
    assert errors(response) == ["第2行〔指标代码〕:规划“nowhere”中没有指标代码“T05-PM25”"]
    assert (
        Decimal(28)
        == outcomes(upload(xlsx([[*row("T05-PM25", 28), "other-plan"]], headers=WITH_PLAN)))["T05-PM25"].value
    )
