"""分年度目标 as a table (issue 13, item 1): the admin form reads one row per plan year (value and source), values
typed as people type them; the plan file takes a number or {value, source}; the indicator page shows the table."""

from decimal import Decimal

import pytest

from indicators.catalogue.plan_file import IndicatorSerializer
from indicators.catalogue.yearly_targets import IndicatorAdminForm, plan_years, yearly_rows_read
from indicators.models import Indicator
from indicators.scoring.selectors import indicator_spec

pytestmark = pytest.mark.django_db


def _form_data(indicator: Indicator, rows: dict) -> dict:
    form = IndicatorAdminForm(instance=indicator)
    data = {}
    for name, field in form.fields.items():
        if name == "yearly_table":
            continue
        value = form.initial.get(name, field.initial)
        data[name] = getattr(value, "pk", value) if value is not None else ""
    for year, (value, source) in rows.items():
        data[f"yearly_table-{year}-value"] = value
        data[f"yearly_table-{year}-source"] = source
    return {k: v for k, v in data.items() if v is not False}


def test_rows_read_values_as_typed_and_keep_sources():
    targets, sources, errors = yearly_rows_read(
        {2023: ("80%", "大同市2023年目标责任书"), 2024: ("８２．５", ""), 2025: ("", "文件待下达")}, unit="%"
    )
    assert errors == []
    assert targets == {"2023": "80", "2024": "82.5"}
    assert sources == {"2023": "大同市2023年目标责任书", "2025": "文件待下达"}


def test_rows_read_name_the_year_of_an_unreadable_value():
    _, _, errors = yearly_rows_read({2023: ("80", ""), 2024: ("八十", "")}, unit="%")
    assert len(errors) == 1 and errors[0].startswith("2024年的目标值")


def test_plan_years_cover_the_plan(plan):
    indicator = Indicator.objects.select_related("task__system__plan").get(code="T05-AQ-GOOD")
    assert plan_years(indicator) == [2022, 2023, 2024, 2025]


def test_admin_form_saves_the_table_into_the_engine_inputs(plan):
    indicator = Indicator.objects.select_related("task__system__plan").get(code="T05-AQ-GOOD")
    rows = {2023: ("80%", "大同市2023年环境空气质量目标"), 2024: ("81", ""), 2022: ("", ""), 2025: ("", "")}
    form = IndicatorAdminForm(data=_form_data(indicator, rows), instance=indicator)
    assert form.is_valid(), form.errors
    form.save()
    indicator.refresh_from_db()
    assert indicator.yearly_targets == {"2023": "80", "2024": "81"}
    assert indicator.yearly_target_sources == {"2023": "大同市2023年环境空气质量目标"}
    spec = indicator_spec(indicator, plan_start=plan.period_start)
    assert spec.yearly_targets == ((2023, Decimal("80")), (2024, Decimal("81")))
    assert indicator.yearly_target_rows() == [(2023, "80%", "大同市2023年环境空气质量目标"), (2024, "81%", "")]


def test_admin_form_refuses_a_bad_value_and_saves_nothing(plan):
    indicator = Indicator.objects.select_related("task__system__plan").get(code="T05-AQ-GOOD")
    form = IndicatorAdminForm(data=_form_data(indicator, {2023: ("2022: 80", "")}), instance=indicator)
    assert not form.is_valid()
    assert "2023年的目标值" in str(form.errors["yearly_table"])
    indicator.refresh_from_db()
    assert indicator.yearly_targets == {}


def test_plan_file_takes_a_number_or_value_and_source():
    field = IndicatorSerializer().fields["yearly_targets"]
    data = field.run_validation(
        {2023: 85, 2024: {"value": "86.5", "source": "2024年目标责任书"}, 2025: {"source": "x"}}
    )
    assert data["2023"] == {"value": Decimal("85"), "source": ""}
    assert data["2024"] == {"value": Decimal("86.5"), "source": "2024年目标责任书"}
    assert data["2025"] == {"value": None, "source": "x"}
    with pytest.raises(Exception, match="应为数值"):
        field.run_validation({2023: {"valeur": 1}})
