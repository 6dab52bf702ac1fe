"""A control character anywhere in an API request: 400 naming the field, nothing saved
(``tasks.common.api.PortalAPIMixin.initial``)."""

import pytest

from indicators.models import Indicator, IndicatorValue, ReportingPeriod

pytestmark = pytest.mark.django_db


@pytest.fixture
def q4(plan):
    return ReportingPeriod.objects.get(year=2025, quarter=4)


@pytest.mark.parametrize("char", ["\x01", "\x0b", "\x1b"])
def test_the_api_answers_400_naming_the_note(api_for, staff_b, dept_b, q4, char):
    indicator = Indicator.objects.filter(reporting_department=dept_b).order_by("code").first()
    response = api_for(staff_b).post(
        "/api/v1/values/",
        {"indicator": indicator.pk, "period": q4.pk, "value": "5", "note": f"监测{char}说明"},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == ["note"] and "note" in body["detail"]
    assert f"U+{ord(char):04X}" in body["errors"]["note"][0] and "控制字符" in body["errors"]["note"][0]
    assert not IndicatorValue.objects.filter(indicator=indicator).exists()


def test_a_control_character_in_a_query_parameter_is_a_400_naming_it(api_for, staff_b):
    response = api_for(staff_b).get("/api/v1/indicators/", {"code": "T06\x00"})
    assert response.status_code == 400 and list(response.json()["errors"]) == ["code"]
