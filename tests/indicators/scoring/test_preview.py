"""试算 (what-if): the page and POST /api/v1/scoring/preview/ answer the engine's edge-case table with the
table's own values, store nothing, and name every bad field in Chinese."""

from decimal import Decimal as D

import pytest

from indicators.models import Indicator, IndicatorValue, ReportingPeriod, ReviewStatus, Score, ScoringConfig
from indicators.scoring.engine import Status, round_half_up
from tests.indicators.scoring.engine_support import Approx
from tests.indicators.scoring.test_engine_evaluate import EVALUATE_ROWS

API = "/api/v1/scoring/preview/"
PAGE = "/scoring/preview/"


def payload(spec_kw: dict, rows: list, as_of) -> dict:
    """The API's JSON for one row of the engine's table (plan 2022–2025, baseline year 2021)."""
    kw = dict(spec_kw)
    data = {
        "kind": str(kw.pop("kind")),
        "comparator": str(kw.pop("comparator")),
        "target_value": kw.pop("target"),
        "as_of": as_of.isoformat(),
        "values": [{"year": y, "quarter": q, "value": str(v)} for y, q, v in rows],
    }
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
    form |= {
        "target_year": "2025",
        "plan_start": "2022-01-01",
        "values": "\n".join(f"{v['year']}Q{v['quarter']} {v['value']}" for v in data["values"]),
        "yearly_targets": "\n".join(f"{y}: {t}" for y, t in data.get("yearly_targets", {}).items()),
    }
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
    data = payload(
        dict(kind="at_least", comparator="gte", target="78", baseline="70"),
        [(2023, 4, "74")],
        __import__("datetime").date(2023, 12, 31),
    )
    answer = boss.post(API, data, content_type="application/json").json()
    assert answer["display"]["progress"] == "50.0" and answer["status_label"] == "正常"
    assert answer["config_version"] == "1" and any("不超过10个百分点" in line for line in answer["rules"])
    page = boss.get(PAGE).content.decode()
    assert "评分规则（版本 1）" in page and "不超过10个百分点" in page


def test_preview_uses_the_active_configuration(boss):
    ScoringConfig.objects.update(is_active=False)
    ScoringConfig.objects.create(version="5", is_active=True, on_track_gap=5)
    # (73.2−70)/8×100 = 40 vs 50 expected: gap 10 > 5 → 滞后
    data = {
        "kind": "at_least",
        "comparator": "gte",
        "target_value": "78",
        "baseline_value": "70",
        "values": [{"year": 2023, "quarter": 4, "value": "73.2"}],
        "as_of": "2023-12-31",
    }
    answer = boss.post(API, data, content_type="application/json").json()
    assert (answer["status"], answer["config_version"]) == ("lagging", "5")


def test_preview_stores_nothing(boss, plan):
    before = (Score.objects.count(), IndicatorValue.objects.count())
    boss.post(API, payload(*EVALUATE_ROWS[0].values[:3]), content_type="application/json")
    boss.post(PAGE, form_data(payload(*EVALUATE_ROWS[0].values[:3])))
    assert (Score.objects.count(), IndicatorValue.objects.count()) == before


@pytest.mark.parametrize(
    "change, field, label",
    [
        ({"target_value": "abc"}, "target_value", "目标值"),
        ({"kind": "galaxy"}, "kind", "目标类型"),
        ({"as_of": "2023-13-45"}, "as_of", "评价日期"),
        ({"as_of": None}, "as_of", "评价日期"),
        (
            {"values": [{"year": 2023, "quarter": 4, "value": "74"}, {"year": 2023, "quarter": 5, "value": "1"}]},
            "values.1.quarter",
            "各期数值第2项·季度",
        ),
        ({"values": [{"year": 2023, "quarter": 4, "value": "97,5"}]}, "values.0.value", "各期数值第1项·数值"),
        ({"values": [{"year": 2023, "quarter": 4, "value": "٩٧.٥"}]}, "values.0.value", "各期数值第1项·数值"),
        ({"target_value": "𝟗𝟕.𝟓"}, "target_value", "目标值"),
        ({"yearly_targets": {"二〇二三": "72"}}, "yearly_targets", "分年度目标"),
        ({"target_year": 2020}, "target_year", "目标年"),
        ({"baseline_value": 1.5e30}, "baseline_value", "基准值"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_in_chinese(boss, change, field, label):
    data = {
        "kind": "at_least",
        "comparator": "gte",
        "target_value": "78",
        "values": [{"year": 2023, "quarter": 4, "value": "74"}],
        "as_of": "2023-12-31",
    } | change
    data = {k: v for k, v in data.items() if v is not None}
    response = boss.post(API, data, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"] and body["errors"][field][0].startswith(f"{label}:")
    assert label in body["detail"]


def test_page_shows_errors_by_field_and_line(boss):
    form = form_data(
        payload(
            dict(kind="at_least", comparator="gte", target="78"),
            [(2023, 4, "74")],
            __import__("datetime").date(2023, 12, 31),
        )
    )
    form |= {"values": "2023Q4 74\n这不是数值", "target_value": "七十八"}
    page = boss.post(PAGE, form)
    assert page.status_code == 200 and page.context["result"] is None
    errors = page.context["form"].errors
    assert "第2行“这不是数值”无法识别" in errors["values"][0]
    form["values"] = "2023Q4 74"
    errors = boss.post(PAGE, form).context["form"].errors
    assert errors["target_value"][0].startswith("目标值:")


def test_page_lists_every_field_error_at_once(boss):
    """A line that cannot be read no longer hides the other fields' errors (issue 13, item 5)."""
    form = form_data(
        payload(
            dict(kind="at_least", comparator="gte", target="78"),
            [(2023, 4, "74")],
            __import__("datetime").date(2023, 12, 31),
        )
    )
    form |= {"values": "2023Q4 74\n这不是数值", "target_value": "七十八", "baseline_value": "abc", "as_of": ""}
    page = boss.post(PAGE, form)
    errors = page.context["form"].errors
    assert page.context["result"] is None
    assert set(errors) >= {"values", "target_value", "baseline_value", "as_of"}, errors
    assert "第2行“这不是数值”无法识别" in errors["values"][0]
    assert errors["target_value"][0].startswith("目标值:") and errors["baseline_value"][0].startswith("基准值:")


def test_rule_uses_the_forms_kind_names(boss):
    form = form_data(
        payload(
            dict(kind="at_least", comparator="gte", target="78"),
            [(2023, 4, "74")],
            __import__("datetime").date(2023, 12, 31),
        )
    )
    result = boss.post(PAGE, form).context["result"]
    text = str(result)
    assert "不低于型" in text and "至少型" not in text


def test_page_accepts_full_width_input(boss):
    form = form_data(
        payload(
            dict(kind="at_least", comparator="gte", target="78", baseline="70"),
            [],
            __import__("datetime").date(2023, 12, 31),
        )
    )
    form["values"] = "２０２３Ｑ４：７４"
    page = boss.post(PAGE, form)
    assert page.context["form"].errors == {} and page.context["result"]["progress"] == "50"


def test_page_fills_in_an_indicator_and_its_approved_values(boss, plan):
    indicator = Indicator.objects.get(code="T14-NEW-ENERGY-MW")
    for quarter, value in ((2, "600"), (4, "797.5")):
        IndicatorValue.objects.create(
            indicator=indicator,
            period=ReportingPeriod.objects.get(year=2023, quarter=quarter),
            value=D(value),
            is_final=True,
            status=ReviewStatus.APPROVED,
        )
    page = boss.get(PAGE, {"indicator": indicator.pk, "period": "2023Q4"})  # 评价日期: that quarter's last day
    form = page.context["form"]
    assert form.initial["values"] == "2023Q2 600\n2023Q4 797.5"
    assert (form.initial["target_value"], form.initial["as_of"]) == ("1595", "2023-12-31")
    answer = boss.post(PAGE, form.initial).context["result"]
    assert (answer["progress"], answer["status"]) == ("50", "on_track")  # 797.5/1595 = 50 %


# ---------------------------------------------------------------- QA: defaults agree with the dashboard

TODAY = __import__("datetime").date(2026, 11, 30)  # the latest ended quarter is 2026Q3


@pytest.fixture
def late_2026(monkeypatch):
    """The page's "today" (timezone.localdate) fixed at 2026-11-30."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def _q4(value):
    return None if value is None else round_half_up(D(value), 4)


def test_filled_in_page_answers_what_the_stored_score_of_the_latest_ended_quarter_says(boss, plan, late_2026):
    from indicators.scoring.services import scores_recompute

    reused = Indicator.objects.get(code="T17-REUSED-WATER")  # 中水回用率 ≥ 50 % by 2025
    IndicatorValue.objects.create(
        indicator=reused,
        period=ReportingPeriod.objects.get(year=2023, quarter=4),
        value=D("25"),
        is_final=True,
        status=ReviewStatus.APPROVED,
    )
    scores_recompute(plan=plan, today=TODAY)
    q3 = ReportingPeriod.objects.get(year=2026, quarter=3)
    checked = 0
    for indicator in Indicator.objects.filter(task__system__plan=plan).order_by("code"):
        form = boss.get(PAGE, {"indicator": indicator.pk}).context["form"]
        assert form.initial["as_of"] == "2026-09-30", indicator.code
        answer = boss.post(PAGE, form.initial).context["result"]
        stored = Score.objects.get(level="indicator", indicator=indicator, period=q3)
        assert answer["status"] == stored.status, indicator.code
        for name, column in (("progress", "progress"), ("expected", "expected"), ("current", "current_value")):
            assert _q4(answer[name]) == _q4(getattr(stored, column)), (indicator.code, name)
        checked += 1
    assert checked == 33
    answer = boss.post(PAGE, boss.get(PAGE, {"indicator": reused.pk}).context["form"].initial).context["result"]
    assert (answer["status"], answer["expected"]) == ("missed", "100")  # as the dashboard: 未完成 at 100 %


def test_page_can_be_filled_in_at_another_ended_quarter(boss, plan, late_2026):
    indicator = Indicator.objects.get(code="T17-REUSED-WATER")
    page = boss.get(PAGE, {"indicator": indicator.pk, "period": "2024q2"})
    assert page.context["form"].initial["as_of"] == "2024-06-30" and page.context["period"].label == "2024Q2"
    page = boss.get(PAGE, {"indicator": indicator.pk, "period": "2026Q4"})  # not ended: the latest ended one
    assert page.context["form"].initial["as_of"] == "2026-09-30"
    assert [p.label for p in page.context["periods"]][:2] == ["2026Q3", "2026Q2"]


def test_values_after_the_evaluation_date_are_listed_not_silently_ignored(boss):
    data = {
        "kind": "at_least",
        "comparator": "gte",
        "target_value": "78",
        "baseline_value": "70",
        "values": [
            {"year": 2023, "quarter": 4, "value": "74"},
            {"year": 2025, "quarter": 4, "value": "86.3"},
            {"year": 2024, "quarter": 4, "value": "77"},
        ],
        "as_of": "2023-12-31",
    }
    answer = boss.post(API, data, content_type="application/json").json()
    assert answer["ignored"] == [{"period": "2024Q4", "value": "77"}, {"period": "2025Q4", "value": "86.3"}]
    assert D(answer["current"]) == 74
    page = boss.post(PAGE, form_data(data)).content.decode()
    assert "以下数值晚于评价日期，未计入：2024Q4 77、2025Q4 86.3" in page
    data["as_of"] = "2025-12-31"
    assert boss.post(API, data, content_type="application/json").json()["ignored"] == []
    assert "result-ignored" not in boss.post(PAGE, form_data(data)).content.decode()


# ---------------------------------------------------------------- QA: figures read like the entry form


def test_percent_full_width_and_thousands_separators_are_read_like_the_entry_form(boss):
    data = {
        "kind": "at_least",
        "comparator": "gte",
        "unit": "%",
        "target_value": "78%",
        "baseline_value": "７０",
        "yearly_targets": {"2023": "72％"},
        "values": [{"year": 2023, "quarter": 4, "value": "52%"}],
        "as_of": "2023-12-31",
    }
    answer = boss.post(API, data, content_type="application/json").json()
    assert D(answer["current"]) == 52 and D(answer["progress_raw"]) == D(-225), answer  # (52−70)/(78−70)
    form = form_data(data) | {"unit": "%", "values": "2023Q4 52%", "yearly_targets": "2023: 72%"}
    page = boss.post(PAGE, form)
    assert page.context["form"].errors == {} and page.context["result"] == answer
    megawatts = {
        "kind": "at_least",
        "comparator": "gte",
        "unit": "MW",
        "target_value": "1,595",
        "values": [{"year": 2023, "quarter": 4, "value": "797.5"}],
        "as_of": "2023-12-31",
    }
    assert boss.post(API, megawatts, content_type="application/json").json()["progress"] == "50"


def test_a_percent_sign_on_a_figure_that_is_not_a_percentage_is_refused_naming_the_field(boss):
    data = {
        "kind": "at_least",
        "comparator": "gte",
        "unit": "MW",
        "target_value": "1595",
        "values": [{"year": 2023, "quarter": 4, "value": "52%"}],
        "as_of": "2023-12-31",
    }
    body = boss.post(API, data, content_type="application/json").json()
    assert body["errors"]["values.0.value"][0].startswith("各期数值第1项·数值:“52%”带有“%”")
    form = form_data(data) | {"unit": "MW"}
    errors = boss.post(PAGE, form).context["form"].errors
    assert "“52%”带有“%”" in errors["values"][0]


def test_filling_in_an_indicator_carries_its_unit(boss, plan):
    indicator = Indicator.objects.get(code="T17-REUSED-WATER")
    assert boss.get(PAGE, {"indicator": indicator.pk}).context["form"].initial["unit"] == "%"
