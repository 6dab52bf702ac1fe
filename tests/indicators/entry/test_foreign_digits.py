"""Digits of other scripts are refused on every way a figure comes in (issue 11, 6): the entry form and the API
name the field. Elsewhere: the Excel upload (upload/test_foreign_digits), 试算 (scoring/test_preview), the plan
file (catalogue/test_plan_loader), the parser's table (catalogue/test_parsing)."""

import pytest

from indicators.models import IndicatorValue, ReportingPeriod
from tests.api.conftest import api_for  # noqa: F401 (fixture)
from tests.indicators.entry.test_views import due, form_url, post_data

FOREIGN = ["٩٧.٥", "९७.५", "𝟗𝟕.𝟓"]


@pytest.fixture
def q4(plan):
    return ReportingPeriod.objects.get(year=2025, quarter=4)


@pytest.mark.parametrize("typed", FOREIGN)
def test_the_entry_form_refuses_them_next_to_the_field(client_for, staff_b, dept_b, q4, typed):
    indicator = due(dept_b, q4)[0]
    response = client_for(staff_b).post(form_url(dept_b, q4), post_data(dept_b, q4, values={indicator.code: typed}))
    assert response.status_code == 400
    assert f"“{typed}”含有非阿拉伯数字“{typed[0]}”" in response.content.decode()
    assert not IndicatorValue.objects.filter(indicator=indicator).exists()


def test_the_entry_form_refuses_them_in_a_milestones_percent(client_for, staff_a, dept_a, q4):
    data = post_data(dept_a, q4)
    key = next(k for k in data if k.endswith("-percent_done"))
    data[key] = "٥٠"
    response = client_for(staff_a).post(form_url(dept_a, q4), data)
    assert response.status_code == 400 and "含有非阿拉伯数字“٥”" in response.content.decode()


@pytest.mark.parametrize("typed", FOREIGN)
def test_the_api_refuses_them_naming_value(api_for, staff_b, dept_b, q4, typed):  # noqa: F811
    indicator = due(dept_b, q4)[0]
    response = api_for(staff_b).post(
        "/api/v1/values/", {"indicator": indicator.pk, "period": q4.pk, "value": typed}, format="json"
    )
    assert response.status_code == 400
    assert "含有非阿拉伯数字" in response.json()["errors"]["value"][0]
