"""试算 (what-if): the page and POST /api/v1/scoring/preview/ answer the engine's edge-case table with the
table's own values, store nothing, and name every bad field in Chinese."""

from decimal import Decimal as D

import pytest

from indicators.models import Indicator, IndicatorValue, ReportingPeriod, ReviewStatus, Score, ScoringConfig
from indicators.scoring.engine import Status, round_half_up
from tests.indicators.test_scoring_engine import EVALUATE_ROWS, Approx

API = "/api/v1/scoring/preview/"
PAGE = "/scoring/preview/"


def payload(spec_kw: dict, rows: list, as_of) -> dict:
    """The API's JSON for one row of the engine's table (plan 2022–2025, baseline year 2021)."""
    kw = dict(spec_kw)
    data = {"kind": str(kw.pop("kind")), "comparator": str(kw.pop("comparator")), "target_value": kw.pop("target"),
            "as_of": as_of.isoformat(), "values": [{"year": y, "quarter": q, "value": str(v)} for y, q, v in rows]}
    if "baseline" in kw:
        data |= {"baseline_value": kw.pop("baseline"), "baseline_year": 2021}
    if "yearly" in kw:
        data["yearly_targets"] = {str(y): str(v) for y, v in kw.pop("yearly")}
    for name in ("accumulation", "growth_unit"):
        if name in kw:
            data[name] = str(kw.pop(name))
    assert not kw, kw
    return data


def form_data(data: dict) -> dict:
    """The same inputs as the page's form fields (one quarter / one year per line)."""
    form = {k: "" if v is None else str(v) for k, v in data.items() if k not in ("values", "yearly_targets")}
    form.setdefault("accumulation", "latest")
    form.setdefault("growth_unit", "points")
    form |= {"target_year": "2025", "plan_start": "2022-01-01",
             "values": "\n".join(f"{v['year']}Q{v['quarter']} {v['value']}" for v in data["values"]),
             "yearly_targets": "\n".join(f"{y}: {t}" for y, t in data.get("yearly_targets", {}).items())}
    return form


def assert_answer(answer: dict, expected: dict):
    """Every figure of the table row, compared as the engine test compares them."""
    for name, want in expected.items():
        got = answer[name]
        if isinstance(want, Approx):
            assert round_half_up(D(got), want.places) == D(want.value), (name, got)
        elif name == "rule":
            assert want in got, (name, got)
        elif isinstance(want, Status):
            assert got == want.value, (name, got)
        elif isinstance(want, D):
            assert got is not None and D(got) == want, (name, got, want)
        else:
            assert got == want, (name, got, want)


@pytest.fixture
def boss(client_for, supervisor):
    return client_for(supervisor)


@pytest.mark.parametrize("spec_kw, rows, as_of, expected", EVALUATE_ROWS)
def test_api_and_page_answer_the_edge_case_table(spec_kw, rows, as_of, expected, boss):
    data = payload(spec_kw, rows, as_of)
    response = boss.post(API, data, content_type="application/json")
    assert response.status_code == 200, response.json()
    answer = response.json()
    assert_answer(answer, expected)
    page = boss.post(PAGE, form_data(data))
    assert page.status_code == 200 and page.context["form"].errors == {}
    assert page.context["result"] == answer  # the same engine, the same answer
    assert answer["status_label"] in page.content.decode()


def test_answer_has_the_rule_in_words_and_the_rules_version(boss):
    data = payload(dict(kind="at_least", comparator="gte", target="78", baseline="70"), [(2023, 4, "74")],
                   __import__("datetime").date(2023, 12, 31))
    answer = boss.post(API, data, content_type="application/json").json()
    assert answer["display"]["progress"] == "50.0" and answer["status_label"] == "正常"
    assert answer["config_version"] == "1" and any("不超过10个百分点" in line for line in answer["rules"])
    page = boss.get(PAGE).content.decode()
    assert "评分规则(版本 1)" in page and "不超过10个百分点" in page


def test_preview_uses_the_active_configuration(boss):
    ScoringConfig.objects.update(is_active=False)
    ScoringConfig.objects.create(version="5", is_active=True, on_track_gap=5)
    # (73.2−70)/8×100 = 40 vs 50 expected: gap 10 > 5 → 滞后
    data = {"kind": "at_least", "comparator": "gte", "target_value": "78", "baseline_value": "70",
            "values": [{"year": 2023, "quarter": 4, "value": "73.2"}], "as_of": "2023-12-31"}
    answer = boss.post(API, data, content_type="application/json").json()
    assert (answer["status"], answer["config_version"]) == ("lagging", "5")


def test_preview_stores_nothing(boss, plan):
    before = (Score.objects.count(), IndicatorValue.objects.count())
    boss.post(API, payload(*EVALUATE_ROWS[0].values[:3]), content_type="application/json")
    boss.post(PAGE, form_data(payload(*EVALUATE_ROWS[0].values[:3])))
    assert (Score.objects.count(), IndicatorValue.objects.count()) == before


@pytest.mark.parametrize("change, field, label", [
    ({"target_value": "abc"}, "target_value", "目标值"),
    ({"kind": "galaxy"}, "kind", "目标类型"),
    ({"as_of": "2023-13-45"}, "as_of", "评价日期"),
    ({"as_of": None}, "as_of", "评价日期"),
    ({"values": [{"year": 2023, "quarter": 4, "value": "74"}, {"year": 2023, "quarter": 5, "value": "1"}]},
     "values.1.quarter", "各期数值第2项·季度"),
    ({"values": [{"year": 2023, "quarter": 4, "value": "97,5"}]}, "values.0.value", "各期数值第1项·数值"),
    ({"yearly_targets": {"二〇二三": "72"}}, "yearly_targets", "分年度目标"),
    ({"target_year": 2020}, "target_year", "目标年"),
    ({"baseline_value": 1.5e30}, "baseline_value", "基准值"),
])
def test_bad_input_is_a_400_naming_the_field_in_chinese(boss, change, field, label):
    data = {"kind": "at_least", "comparator": "gte", "target_value": "78",
            "values": [{"year": 2023, "quarter": 4, "value": "74"}], "as_of": "2023-12-31"} | change
    data = {k: v for k, v in data.items() if v is not None}
    response = boss.post(API, data, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"] and body["errors"][field][0].startswith(f"{label}:")
    assert label in body["detail"]


def test_page_shows_errors_by_field_and_line(boss):
    form = form_data(payload(dict(kind="at_least", comparator="gte", target="78"), [(2023, 4, "74")],
                             __import__("datetime").date(2023, 12, 31)))
    form |= {"values": "2023Q4 74\n这不是数值", "target_value": "七十八"}
    page = boss.post(PAGE, form)
    assert page.status_code == 200 and page.context["result"] is None
    errors = page.context["form"].errors
    assert "第2行“这不是数值”无法识别" in errors["values"][0]
    form["values"] = "2023Q4 74"
    errors = boss.post(PAGE, form).context["form"].errors
    assert errors["target_value"][0].startswith("目标值:")


def test_page_accepts_full_width_input(boss):
    form = form_data(payload(dict(kind="at_least", comparator="gte", target="78", baseline="70"), [],
                             __import__("datetime").date(2023, 12, 31)))
    form["values"] = "２０２３Ｑ４：７４"
    page = boss.post(PAGE, form)
    assert page.context["form"].errors == {} and page.context["result"]["progress"] == "50"


def test_page_fills_in_an_indicator_and_its_approved_values(boss, plan):
    indicator = Indicator.objects.get(code="T14-NEW-ENERGY-MW")
    for quarter, value in ((2, "600"), (4, "797.5")):
        IndicatorValue.objects.create(indicator=indicator, period=ReportingPeriod.objects.get(year=2023, quarter=quarter),
                                      value=D(value), is_final=True, status=ReviewStatus.APPROVED)
    page = boss.get(PAGE, {"indicator": indicator.pk})
    form = page.context["form"]
    assert form.initial["values"] == "2023Q2 600\n2023Q4 797.5"
    assert (form.initial["target_value"], form.initial["as_of"]) == ("1595", "2023-12-31")
    answer = boss.post(PAGE, form.initial).context["result"]
    assert (answer["progress"], answer["status"]) == ("50", "on_track")  # 797.5/1595 = 50 %
