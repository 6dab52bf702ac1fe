"""Numbers in the admin as people write them (issue 13, item 1): 35, 97.5, 100 — not 35.000000 or 100.0000 — in
change lists, inputs, read-only fields and inlines, and in the models' ``__str__``."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Indicator, IndicatorValue, PublicFigure, ReportingPeriod
from tasks.common.numbers import number_plain, number_with_unit

TRAILING_ZEROS = re.compile(r"\b\d+\.\d*0{2,}\b")  # 35.000000, 100.0000, 87.100000


@pytest.fixture
def admin_client(plan, client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    return client


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("35.000000"), "35"),
        (Decimal("100.0000"), "100"),
        (Decimal("97.500000"), "97.5"),
        (Decimal("1E+2"), "100"),
        (Decimal("-0.000"), "0"),
        (35, "35"),
        ("80.000", "80"),
        (None, ""),
        ("八十", "八十"),
    ],
)
def test_number_plain(value, text):
    assert number_plain(value) == text


def test_number_with_unit():
    assert number_with_unit(Decimal("100.0000"), "%") == "100%"
    assert number_with_unit(Decimal("35.000000"), "µg/m³") == "35 µg/m³"
    assert number_with_unit(None, "%") == "—"


def _numbers_on(page: str) -> list[str]:
    return TRAILING_ZEROS.findall(re.sub(r'step="[^"]*"', "", page))


@pytest.mark.parametrize(
    "url",
    [
        "admin:indicators_indicator_changelist",
        "admin:indicators_publicfigure_changelist",
        "admin:indicators_indicatorvalue_changelist",
        "admin:indicators_scoringconfig_changelist",
    ],
)
def test_admin_lists_show_numbers_as_written(admin_client, url):
    page = admin_client.get(reverse(url), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert _numbers_on(page) == []


def test_admin_change_page_inputs_and_inlines_show_numbers_as_written(admin_client):
    indicator = Indicator.objects.get(code="T05-AQ-GOOD")  # public figure 87.1 inline; bounds 0..100
    page = admin_client.get(
        reverse("admin:indicators_indicator_change", args=[indicator.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert _numbers_on(page) == []
    assert 'name="max_value" value="100"' in page and "87.1" in page


def test_str_of_figures_reads_as_written(plan):
    indicator = Indicator.objects.get(code="T05-AQ-GOOD")
    period = ReportingPeriod.objects.get(year=2023, quarter=4)
    value = IndicatorValue(indicator=indicator, period=period, value=Decimal("97.500000"))
    assert str(value).endswith("97.5%") and "0000" not in str(value)
    figure = PublicFigure.objects.filter(indicator=indicator).first()
    assert "87.1%" in str(figure) and "87.100000" not in str(figure)
