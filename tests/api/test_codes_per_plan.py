"""API filters resolve indicator codes per plan (issue 11, 6): ``plan=`` names the plan (code or id); without
it a code means the current plan's indicator, never another plan's that reuses the code."""

import pytest

from indicators.models import Indicator, ReportingPeriod
from tests.api.conftest import results
from tests.factories import IndicatorFactory, IndicatorValueFactory, SubmissionFactory, other_plan_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def twins(plan, dept_a):
    """T05-PM25 of the loaded plan and of a second plan, each with a 2025Q4 figure."""
    period = ReportingPeriod.objects.get(year=2025, quarter=4)
    submission = SubmissionFactory(department=dept_a, period=period)
    own = Indicator.objects.get(plan=plan, code="T05-PM25")
    other = IndicatorFactory(task=other_plan_task(), code="T05-PM25", reporting_department=dept_a)
    values = {i: IndicatorValueFactory(submission=submission, indicator=i, period=period) for i in (own, other)}
    return own, other, values


def ids(response) -> set[int]:
    return {row["id"] for row in results(response)}


def test_values_by_indicator_code_resolve_in_one_plan(api_for, supervisor, twins):
    own, other, values = twins
    client, q4 = api_for(supervisor), {"year": 2025, "quarter": 4}
    assert ids(client.get("/api/v1/values/", {"indicator_code": "T05-PM25", **q4})) == {values[own].pk}
    by_code = {"indicator_code": "T05-PM25", "plan": "other-plan", **q4}
    assert ids(client.get("/api/v1/values/", by_code)) == {values[other].pk}
    by_id = {"indicator_code": "T05-PM25", "plan": str(other.plan_id), **q4}
    assert ids(client.get("/api/v1/values/", by_id)) == {values[other].pk}


def test_indicators_by_code_resolve_in_one_plan(api_for, supervisor, twins):
    own, other, _values = twins
    client = api_for(supervisor)
    assert ids(client.get("/api/v1/indicators/", {"code": "T05-PM25"})) == {own.pk}
    assert ids(client.get("/api/v1/indicators/", {"code": "T05-PM25", "plan": "other-plan"})) == {other.pk}
    assert ids(client.get("/api/v1/indicators/", {"plan": "other-plan"})) == {other.pk}
