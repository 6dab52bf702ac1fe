"""The API refuses figures of an archived plan (已归档) with the plan named, like the web pages and the upload."""

from indicators.models import Indicator, IndicatorValue, ReportingPeriod, Submission
from tasks.models import Plan


def test_archived_plan_refuses_a_figure_through_the_api(api_for, staff_a, example_plan):
    indicator = Indicator.objects.get(code="T05-PM25", task__system__plan=example_plan)
    period = ReportingPeriod.objects.get(year=2026, quarter=3)
    body = {"indicator": indicator.pk, "period": period.pk, "value": "33", "version": 1}
    assert api_for(staff_a).post("/api/v1/values/", body, format="json").status_code == 201
    body["version"] = Submission.objects.get(department__code="ecoenv", period=period).version
    example_plan.state = Plan.State.ARCHIVED
    example_plan.save()
    response = api_for(staff_a).post("/api/v1/values/", body | {"value": "31"}, format="json")
    assert response.status_code == 400
    assert "已归档" in response.json()["detail"] and example_plan.name in response.json()["detail"]
    assert IndicatorValue.objects.get(indicator=indicator, period=period).value == 33
