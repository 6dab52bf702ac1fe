"""ScoringConfig sanity (the admin form and ``full_clean``): shares 0–1, 进度 + 及时性 = 1, 正常 < 滞后 gaps,
合格 < 良好 < 优秀; every message is Chinese and names the field."""

import dataclasses
from decimal import Decimal as D

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from indicators.models import ScoringConfig
from indicators.scoring.config import RULE_FIELDS
from indicators.scoring.engine import ScoringRules

pytestmark = pytest.mark.django_db


def errors_of(**fields) -> dict[str, list[str]]:
    """The ValidationError dict of a config with the default rules changed by ``fields`` ({} when valid)."""
    try:
        ScoringConfig(version="t", **fields).full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


def test_the_default_rules_are_valid():
    assert errors_of() == {}
    assert errors_of(progress_share=D("0.7"), timeliness_share=D("0.3"), on_track_gap=D("5"), lagging_gap=D("20")) == {}


@pytest.mark.parametrize(
    "fields, field, words",
    [
        ({"progress_share": D("0.9")}, "progress_share", ["“任务进度占比”与“填报及时性占比”之和须等于1(现为1.1)"]),
        ({"timeliness_share": D("0.1")}, "timeliness_share", ["之和须等于1(现为0.9)"]),
        (
            {"on_track_gap": D("30")},
            "on_track_gap",
            ["“正常:落后时序进度不超过(百分点)”(30)须小于“滞后:落后时序进度不超过(百分点)”(30)"],
        ),
        ({"on_track_gap": D("40")}, "on_track_gap", ["须小于"]),
        ({"grade_pass": D("80")}, "grade_pass", ["“合格分数线”(80)须小于“良好分数线”(75)"]),
        ({"grade_good": D("95")}, "grade_good", ["“良好分数线”(95)须小于“优秀分数线”(90)"]),
        ({"progress_share": D("1.2"), "timeliness_share": D("-0.2")}, "progress_share", ["“任务进度占比”须在0到1之间"]),
        (
            {"progress_share": D("1.2"), "timeliness_share": D("-0.2")},
            "timeliness_share",
            ["“填报及时性占比”须在0到1之间"],
        ),
        ({"in_progress_share": D("1.5")}, "in_progress_share", ["“推进中节点计分比例”须在0到1之间"]),
    ],
)
def test_inconsistent_rules_are_refused_naming_the_field(fields, field, words):
    errors = errors_of(**fields)
    assert field in errors, errors
    assert all(any(w in message for message in errors[field]) for w in words), errors[field]


def test_shares_out_of_range_are_not_also_reported_as_a_wrong_sum():
    errors = errors_of(progress_share=D("1.2"), timeliness_share=D("-0.2"))
    assert not any("之和" in m for messages in errors.values() for m in messages)


def test_the_admin_form_shows_the_errors_and_saves_nothing(supervisor):
    model_admin = admin.site._registry[ScoringConfig]
    request = RequestFactory().post("/admin/")
    request.user = supervisor
    form_class = model_admin.get_form(request, None)
    data = {name: getattr(ScoringConfig(), name) for name in form_class.base_fields if name != "is_active"}
    form = form_class(data=data | {"version": "9", "progress_share": "0.9", "grade_pass": "80"})
    assert not form.is_valid()
    assert "之和须等于1" in form.errors["progress_share"][0] and "须小于“良好分数线”" in form.errors["grade_pass"][0]
    assert not ScoringConfig.objects.filter(version="9").exists()
    assert form_class(data=data | {"version": "9"}).is_valid()


def test_every_rule_default_is_the_engines():
    """ScoringConfig's defaults come from ScoringRules(); every rule of the engine but its version is a field."""
    assert set(RULE_FIELDS) == {f.name for f in dataclasses.fields(ScoringRules)} - {"version"}
    model_defaults = {name: ScoringConfig._meta.get_field(name).default for name in RULE_FIELDS}
    assert model_defaults == {name: getattr(ScoringRules(), name) for name in RULE_FIELDS}
    assert all(isinstance(value, D) for value in model_defaults.values())
