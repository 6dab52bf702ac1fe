"""reports.dashboard.charts: pure functions from selector rows to plotly figure dicts — no database, no browser.

The module has no django_db mark: pytest-django refuses any query, so every test here also shows purity.

Each figure is validated against plotly's own schema (``plotly.graph_objects.Figure`` raises on an
unknown property or a bad value) and must survive ``json.dumps`` (no Decimal left).
"""

import json
from decimal import Decimal

import plotly.graph_objects as go
import pytest

from reports.dashboard.charts.bars import (
    _ranking_print,
    department_components,
    departments_bars,
    plan_gauge,
    progress_bars,
)
from reports.dashboard.charts.base import (
    STATUS_ORDER,
    num,
    pct,
    quarter_label,
    quarter_tick,
    status_label,
    status_style,
)
from reports.dashboard.charts.heatmap import _discrete_scale, status_heatmap
from reports.dashboard.charts.lines import indicator_chart, score_trend
from reports.dashboard.colours import status_colour

D = Decimal


def valid(fig: dict) -> dict:
    """The figure, after plotly validated it and JSON encoded it."""
    go.Figure(data=fig["data"], layout=fig["layout"])
    json.dumps(fig)
    assert fig["config"]["responsive"] is True and fig["config"]["locale"] == "zh-CN"
    return fig


def is_empty(fig: dict) -> bool:
    return fig["data"] == [] and [a["text"] for a in fig["layout"]["annotations"]] == ["暂无数据"]


def score(progress, expected, status, score=None, **extra):
    row = {
        "progress": None if progress is None else D(progress),
        "expected": None if expected is None else D(expected),
        "status": status,
        "score": None if score is None else D(score),
        "progress_raw": None,
        "forecast": None,
        "forecast_met": None,
        "period_id": 1,
    }
    return row | extra


SYSTEMS = [
    {"id": 1, "order": 1, "name": "生态制度体系", "url": "/dashboard/system/1/?period=2025Q3"}
    | score("98.8", "93.75", "on_track", "98.8"),
    {"id": 2, "order": 2, "name": "生态安全体系", "url": "/dashboard/system/2/?period=2025Q3"}
    | score("51.84", "93.75", "seriously_lagging", "51.84"),
    {"id": 3, "order": 3, "name": "生态空间体系", "url": "/dashboard/system/3/?period=2025Q3"}
    | score(None, "93.75", "no_data"),
]


# ---------------------------------------------------------------- formats


@pytest.mark.parametrize(
    "value, text", [(D("62.45"), "62.5%"), (D("0.05"), "0.1%"), (None, "—"), ("", "—"), (100, "100.0%")]
)
def test_percent_is_rounded_half_up_to_one_decimal(value, text):
    assert pct(value) == text


def test_quarter_labels_are_chinese():
    assert quarter_label(2025, 3) == "2025年第3季度"
    assert quarter_tick(2025, 3) == "2025Q3"  # compact axis tick, the same on every chart


def test_every_status_has_a_chinese_name_a_colour_and_a_non_colour_cue():
    assert [status_label(code) for code in STATUS_ORDER] == [
        "已达标",
        "正常",
        "滞后",
        "严重滞后",
        "未完成",
        "无数据",
        "目标未下达",
    ]
    patterns = {status_style(code)[1] for code in ("lagging", "seriously_lagging", "missed", "no_data")}
    symbols = {status_style(code)[2] for code in STATUS_ORDER}
    assert len(patterns) == 4 and len(symbols) == len(STATUS_ORDER)  # each bad status looks different
    assert all(status_style(code)[0] == status_colour(code) for code in STATUS_ORDER)  # status.css


# ---------------------------------------------------------------- overview


def test_plan_gauge_shows_the_score_with_the_expected_progress_as_threshold():
    fig = valid(plan_gauge(score("62.4", "75", "lagging", "62.4") | {"grade": ""}))
    gauge = fig["data"][0]
    assert gauge["value"] == 62.4 and gauge["gauge"]["threshold"]["value"] == 75.0
    assert gauge["number"]["valueformat"] == ".1f" and gauge["number"]["suffix"] == "分"
    assert "时序进度 75.0%" in gauge["title"]["text"] and "滞后" in gauge["title"]["text"]


def test_plan_gauge_without_a_stored_score_is_explicitly_empty():
    assert is_empty(valid(plan_gauge(None)))
    assert is_empty(valid(plan_gauge(score(None, "50", "no_data"))))


def test_progress_bars_colour_pattern_and_label_each_status_against_the_expected_tick():
    fig = valid(progress_bars(SYSTEMS, filename="systems"))
    bars, ticks, labels = fig["data"]
    assert bars["x"] == [98.8, 51.84, 0] and bars["marker"]["color"][1] == status_style("seriously_lagging")[0]
    assert bars["marker"]["pattern"]["shape"] == ["", "x", "."]
    assert labels["text"] == ["98.8% 正常", "51.8% 严重滞后", "— 无数据"]
    assert ticks["name"] == "时序进度" and ticks["x"] == [93.75, 93.75, 93.75]
    assert bars["customdata"][0] == "/dashboard/system/1/?period=2025Q3"  # a click opens the system
    assert "完成进度:51.8%" in bars["hovertext"][1] and fig["layout"]["xaxis"]["ticksuffix"] == "%"
    assert "时序进度" in fig["layout"]["xaxis"]["title"]["text"]


def test_progress_bars_without_any_figure_are_explicitly_empty():
    rows = [{"name": "生态制度体系"} | score(None, None, "no_data")]
    assert is_empty(valid(progress_bars(rows, filename="x")))
    assert is_empty(valid(progress_bars([], filename="x")))


def heatmap(cells_per_task):
    periods = [{"id": i, "label": f"2025Q{i}", "year": 2025, "quarter": i} for i in (1, 2)]
    rows = [
        {
            "id": n,
            "number": n,
            "title": f"任务名称很长很长很长{n}",
            "system_id": 1,
            "url": f"/dashboard/task/{n}/",
            "cells": cells,
        }
        for n, cells in enumerate(cells_per_task, start=1)
    ]
    return {"periods": periods, "rows": rows}


def test_heatmap_cells_carry_status_names_and_the_legend_names_every_status():
    fig = valid(
        status_heatmap(
            heatmap(
                [
                    [score("80", "50", "on_track"), score("10", "60", "seriously_lagging")],
                    [None, score("100", "60", "achieved")],
                ]
            )
        )
    )
    heat, *legend = fig["data"]
    assert heat["text"] == [["正常", "严重滞后"], ["无数据", "已达标"]]
    index = {code: i for i, code in enumerate(STATUS_ORDER)}
    assert heat["z"] == [[index["on_track"], index["seriously_lagging"]], [index["no_data"], index["achieved"]]]
    assert heat["x"] == ["2025年第1季度", "2025年第2季度"] and heat["texttemplate"] == "%{text}"
    assert heat["y"][0] == "任务1 任务名称很长很长很长1"  # the hover names the whole task
    assert heat["customdata"][0][1] == ["/dashboard/task/1/", "10.0%", "60.0%"]  # a click opens the task
    assert heat["customdata"][1][0] == ["/dashboard/task/2/", "—", "—"]
    assert "完成进度:%{customdata[1]}" in heat["hovertemplate"] and "时序进度:%{customdata[2]}" in heat["hovertemplate"]
    assert [t["name"] for t in legend] == ["已达标", "正常", "滞后", "严重滞后", "未完成", "无数据", "目标未下达"]
    ticks = fig["layout"]["yaxis"]["ticktext"]
    assert ticks[0] == '<a href="/dashboard/task/1/" target="_self">1 任务名称很长很…</a>'  # row label links the task
    assert fig["min_width"] == 170 + 46 * 2


def test_heatmap_colour_scale_gives_each_status_its_own_band():
    scale = _discrete_scale()
    n = len(STATUS_ORDER)
    for i, code in enumerate(STATUS_ORDER):  # z = i sits in the middle of band i of [-0.5, n - 0.5]
        middle = (i + 0.5) / n
        band = [colour for (lo, colour), (hi, _c) in zip(scale[::2], scale[1::2], strict=True) if lo <= middle <= hi]
        assert band == [status_style(code)[0]]


def test_heatmap_without_scores_is_explicitly_empty():
    assert is_empty(valid(status_heatmap(heatmap([[None, None]]))))
    assert is_empty(valid(status_heatmap({"periods": [], "rows": []})))


def test_department_ranking_labels_score_and_grade_best_first():
    rows = [
        {
            "rank": 1,
            "department_id": 1,
            "code": "a",
            "name": "柳科乡",
            "score": D("96.55"),
            "grade": "优秀",
            "url": "/d/a/",
        },
        {
            "rank": 2,
            "department_id": 2,
            "code": "b",
            "name": "县财政局",
            "score": D("59.9"),
            "grade": "不合格",
            "url": None,
            "veto": True,
        },
    ]
    fig = valid(departments_bars(rows))
    bars = fig["data"][0]
    assert bars["y"] == ["1. 柳科乡 96.6 优秀", "2. 县财政局 59.9 不合格(一票否决)"]
    assert bars["marker"]["pattern"]["shape"] == ["", "x"] and bars["customdata"] == ["/d/a/", ""]
    assert fig["layout"]["yaxis"]["autorange"] == "reversed" and "考核得分" in fig["layout"]["xaxis"]["title"]["text"]
    assert is_empty(valid(departments_bars([])))


# ---------------------------------------------------------------- drill-down


def history(*rows):
    return [{"label": label, "period_id": i} | score(p, e, s, sc) for i, (label, p, e, s, sc) in enumerate(rows)]


def test_score_trend_marks_status_by_symbol_and_labels_years_in_chinese():
    fig = valid(
        score_trend(
            history(("2024Q4", "20", "50", "seriously_lagging", "20"), ("2025Q1", "60", "56.25", "on_track", "60")),
            filename="t",
        )
    )
    progress, expected = fig["data"]  # score equals progress: not drawn twice
    assert progress["marker"]["symbol"] == ["x", "circle"] and progress["text"] == ["严重滞后", "正常"]
    assert expected["line"]["dash"] == "dash" and "%{y:.1f}%" in expected["hovertemplate"]
    assert fig["layout"]["xaxis"]["ticktext"] == ["2024年", "2025年"]
    assert progress["x"] == ["2024年第4季度", "2025年第1季度"]


def test_score_trend_draws_the_score_when_it_differs_and_is_empty_without_data():
    fig = valid(score_trend(history(("2025Q1", "60", "50", "on_track", "70")), filename="t"))
    assert [t["name"] for t in fig["data"]] == ["完成进度", "时序进度", "得分"]
    assert is_empty(valid(score_trend(history(("2025Q1", None, "50", "no_data", None)), filename="t")))


INDICATOR = {
    "name": "林草覆盖率",
    "unit": "%",
    "kind": "at_least",
    "target_value": D("78"),
    "baseline_value": D("70"),
    "target_year": 2025,
    "target": "≥ 78 %",
    "decimals": 1,
}


def series(*rows):
    out = []
    for label, value, expected, forecast, met in rows:
        out.append(
            {
                "label": label,
                "period_id": label,
                "value": None if value is None else D(value),
                "pending": None,
                "current_value": None,
            }
            | score(None, expected, "on_track")
            | {"forecast": forecast and D(forecast), "forecast_met": met}
        )
    return out


def test_indicator_chart_has_values_target_line_trajectory_and_forecast():
    fig = valid(
        indicator_chart(
            series(
                ("2024Q4", "74", "75", None, None),
                ("2025Q3", "75", "93.75", "77", False),
                ("2025Q4", None, "100", None, None),
            ),
            INDICATOR,
        )
    )
    names = [t["name"] for t in fig["data"]]
    assert names == ["审核通过值", "目标值 ≥ 78 %", "目标轨迹(按时序进度)", "预测值(按当前趋势):预计不能达标"]
    values, target, trajectory, forecast = fig["data"]
    assert values["y"] == [74.0, 75.0, None] and target["y"] == [78.0] * 3
    assert trajectory["y"] == [76.0, 77.5, 78.0]  # 70 + (78 − 70) × 时序进度
    assert forecast["x"] == ["2025年第3季度", "2025年第4季度"] and forecast["y"] == [75.0, 77.0]
    assert forecast["line"]["color"] == status_colour("seriously_lagging")
    assert fig["layout"]["yaxis"]["title"]["text"] == "林草覆盖率(%)"


def test_indicator_chart_without_figures_is_explicitly_empty():
    assert is_empty(valid(indicator_chart(series(("2025Q3", None, "90", None, None)), INDICATOR)))
    assert is_empty(valid(indicator_chart([], INDICATOR)))


def test_indicator_chart_draws_no_trajectory_for_trend_targets():
    spec = INDICATOR | {"kind": "trend", "target_value": None, "target": "持续提升"}
    fig = valid(indicator_chart(series(("2025Q3", "60", "100", None, None)), spec))
    assert [t["name"] for t in fig["data"]] == ["审核通过值"]


def test_department_components_show_parts_with_the_deduction_negative():
    row = {
        "score": D("70.6"),
        "grade": "合格",
        "components": {
            "progress": "77.0000",
            "timeliness": "50.0000",
            "deduction": "1.0000",
            "veto": False,
            "lead_tasks": 3,
            "returned_count": 1,
            "timeliness_items": [["on_time", 0]],
        },
    }
    fig = valid(department_components(row))
    bars = fig["data"][0]
    assert bars["y"] == ["任务完成进度", "报送及时性", "退回扣分", "考核得分"]
    assert bars["x"] == [77.0, 50.0, -1.0, 70.6] and bars["text"][-1] == "70.6分 合格"
    assert bars["marker"]["color"][2] == status_colour("seriously_lagging")
    assert is_empty(valid(department_components(None)))


def test_charts_are_pure():
    """No database access: this module has no django_db mark, so pytest-django refuses any query."""
    progress_bars(SYSTEMS, filename="s")
    status_heatmap(heatmap([[None, score("10", "60", "seriously_lagging")]]))
    indicator_chart(series(("2025Q3", "75", "93.75", "77", True)), INDICATOR)


def test_heatmap_cell_opens_the_task_at_the_cells_quarter():
    data = heatmap([[score("80", "50", "on_track"), score("10", "60", "seriously_lagging")]])
    data["rows"][0]["cell_urls"] = ["/dashboard/task/1/?period=2025Q1", "/dashboard/task/1/?period=2025Q2"]
    heat = valid(status_heatmap(data))["data"][0]
    assert [cell[0] for cell in heat["customdata"][0]] == data["rows"][0]["cell_urls"]


def test_heatmap_quarter_ticks_are_compact_and_print_keeps_every_quarter():
    periods = [
        {"id": k, "label": f"{2022 + k // 4}Q{k % 4 + 1}", "year": 2022 + k // 4, "quarter": k % 4 + 1}
        for k in range(19)
    ]
    rows = [{"id": 1, "number": 1, "title": "任务", "system_id": 1, "cells": [score("50", "50", "lagging")] * 19}]
    fig = valid(status_heatmap({"periods": periods, "rows": rows}))
    assert fig["layout"]["xaxis"]["ticktext"][0] == "2022Q1" and fig["layout"]["xaxis"]["ticktext"][-1] == "2026Q3"
    assert "range" not in fig["layout"]["xaxis"]  # every quarter; only a phone's screen narrows it (dashboard.js)
    size = fig["print"]["data"]["textfont.size"]
    assert 4 * size <= (810 // 19) - 4  # "严重滞后" (4 characters) fits a cell 960 px wide / 19 quarters


def test_ranking_print_fits_one_landscape_page():
    for count in (5, 22, 37, 46):  # bars no thinner than 12 px: up to 46 departments on one page
        layout = _ranking_print(count)["layout"]
        assert layout["height"] <= 80 + max(560, 24 * 22)


def test_a_zero_deduction_shows_as_zero_not_negative_zero():
    assert num(Decimal("-0.0")) == "0.0" and num(-0.04) == "0.0" and pct(-0.0) == "0.0%"
    fig = valid(
        department_components(
            {
                "score": Decimal("84"),
                "grade": "良好",
                "components": {"progress": "80", "timeliness": "100", "deduction": "0.0000"},
            }
        )
    )
    bars = fig["data"][0]
    assert bars["text"][2] == "0.0" and str(bars["x"][2]) == "0.0"
