"""Lines over the quarters: a score against 时序进度, and an indicator's values against its target
trajectory, target line and forecast."""

from decimal import Decimal

from django.utils.translation import gettext as _

from reports.dashboard.charts.base import (
    GRID,
    INK,
    MUTED,
    as_float,
    base_layout,
    config,
    figure_empty,
    quarter_label,
    status_label,
    status_style,
)
from reports.dashboard.colours import status_colour


def score_trend(history: list[dict], *, filename: str) -> dict:
    """A score over the quarters: 完成进度 (markers shaped by status) against 时序进度 (dashed), and
    the score when it differs from progress. ``history`` rows: {"label", "progress", "expected",
    "status", "score"} per quarter (from the detail selectors)."""
    if not history or all(h["progress"] is None and h["score"] is None for h in history):
        return figure_empty(filename)
    x = [quarter_label(*split_label(h["label"])) for h in history]
    styles = [status_style(h["status"]) for h in history]
    progress = {
        "type": "scatter",
        "mode": "lines+markers",
        "name": _("完成进度"),
        "x": x,
        "y": [as_float(h["progress"]) for h in history],
        "line": {"color": status_colour("on_track"), "width": 2},
        "marker": {
            "size": 11,
            "color": [s[0] for s in styles],
            "symbol": [s[2] for s in styles],
            "line": {"width": 1, "color": INK},
        },
        "text": [status_label(h["status"]) for h in history],
        "hovertemplate": "%{x}<br>" + _("完成进度:%{y:.1f}%") + "<br>" + _("状态:%{text}") + "<extra></extra>",
        "connectgaps": False,
    }
    expected = {
        "type": "scatter",
        "mode": "lines",
        "name": _("时序进度"),
        "x": x,
        "y": [as_float(h["expected"]) for h in history],
        "line": {"color": INK, "dash": "dash", "width": 1.5},
        "hovertemplate": "%{x}<br>" + _("时序进度:%{y:.1f}%") + "<extra></extra>",
    }
    score = {
        "type": "scatter",
        "mode": "lines",
        "name": _("得分"),
        "x": x,
        "y": [as_float(h["score"]) for h in history],
        "line": {"color": status_colour("achieved"), "width": 1.5, "dash": "dot"},
        "hovertemplate": "%{x}<br>" + _("得分:%{y:.1f}分") + "<extra></extra>",
    }
    differs = any(h["score"] != h["progress"] for h in history)  # task/system scores equal their progress
    layout = base_layout(
        320,
        xaxis=_year_ticks(history, x),
        yaxis={
            "range": [0, 105],
            "gridcolor": GRID,
            "title": {"text": _("进度(%)/ 得分(分)") if differs else _("进度(%)")},
        },
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
    )
    return {"data": [progress, expected] + ([score] if differs else []), "layout": layout, "config": config(filename)}


def _year_ticks(rows: list[dict], x: list[str]) -> dict:
    """A quarter axis labelled once per year ("2023年" at its first quarter); hover names each quarter."""
    first = {}
    for row, label in zip(rows, x, strict=True):
        first.setdefault(split_label(row["label"])[0], label)
    return {
        "type": "category",
        "tickvals": list(first.values()),
        "ticktext": [_("%(year)s年") % {"year": y} for y in first],
        "tickangle": 0,
        "showgrid": True,
        "gridcolor": GRID,
    }


def split_label(label: str) -> tuple[int, int]:
    """ "2025Q3" → (2025, 3)."""
    year, quarter = label.split("Q")
    return int(year), int(quarter)


def indicator_chart(series: list[dict], indicator: dict) -> dict:
    """An indicator's approved values over the quarters against its target trajectory and target line,
    with the forecast at the target date.

    ``series`` rows from ``indicator_detail`` ({"label", "value", "pending", "expected", "forecast",
    "forecast_met"} per quarter); ``indicator``: {"name", "unit", "kind", "target_value",
    "baseline_value", "target_year", "target" (text), "decimals"}. Trajectory: start + (target − start)
    × 时序进度 of each quarter, start = the baseline (0 for project counts); drawn only for level and
    count targets.
    """
    if not series or all(r["value"] is None and r["pending"] is None for r in series):
        return figure_empty("indicator", height=340)
    x = [quarter_label(*split_label(r["label"])) for r in series]
    unit = indicator.get("unit") or ""
    fmt = f".{indicator.get('decimals', 1)}f"
    traces = [_values_trace(series, x, unit, fmt), _pending_trace(series, x, unit, fmt)]
    traces += _target_traces(series, x, indicator, fmt) + _forecast_traces(series, x, indicator, fmt)
    title = f"{indicator['name']}({unit})" if unit else indicator["name"]
    counts = indicator.get("kind") in {"project_count", "zero_count", "yes_no"}
    layout = base_layout(
        360,
        showlegend=True,
        xaxis=_year_ticks(series, x),
        yaxis={"gridcolor": GRID, "title": {"text": title}, "rangemode": "tozero" if counts else "normal"},
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
    )
    return {"data": [t for t in traces if t], "layout": layout, "config": config("indicator")}


def _values_trace(series, x, unit, fmt) -> dict:
    return {
        "type": "scatter",
        "mode": "lines+markers+text",
        "name": _("审核通过值"),
        "x": x,
        "y": [as_float(r["value"]) for r in series],
        "line": {"color": status_colour("on_track"), "width": 2.5},
        "marker": {"size": 9, "symbol": "circle"},
        "connectgaps": True,
        "textposition": "top center",
        "texttemplate": f"%{{y:{fmt}}}",
        "textfont": {"size": 10, "color": status_colour("on_track")},
        "hovertemplate": "%{x}<br>" + _("审核通过值:") + f"%{{y:{fmt}}} {unit}<extra></extra>",
    }


def _pending_trace(series, x, unit, fmt) -> dict | None:
    if all(r["pending"] is None for r in series):
        return None
    return {
        "type": "scatter",
        "mode": "markers",
        "name": _("待审核值"),
        "x": x,
        "y": [as_float(r["pending"]) for r in series],
        "marker": {"size": 10, "symbol": "circle-open", "color": MUTED, "line": {"width": 2}},
        "hovertemplate": "%{x}<br>" + _("待审核值:") + f"%{{y:{fmt}}} {unit}<extra></extra>",
    }


def _target_traces(series, x, indicator, fmt) -> list[dict]:
    """The horizontal target line (目标值) and, for level/count targets, the target trajectory (目标轨迹)."""
    target = indicator.get("target_value")
    if target is None:
        return []
    line = {
        "type": "scatter",
        "mode": "lines",
        "name": _("目标值 %(target)s") % {"target": indicator.get("target", "")},
        "x": x,
        "y": [float(target)] * len(x),
        "line": {"color": status_colour("achieved"), "width": 2, "dash": "longdash"},
        "hovertemplate": _("目标值:") + f"%{{y:{fmt}}}<extra></extra>",
    }
    start = indicator.get("baseline_value")
    if start is None and indicator.get("kind") == "project_count":
        start = 0
    if start is None or indicator.get("kind") not in {"at_least", "at_most", "zero_count", "project_count"}:
        return [line]
    start, target = Decimal(str(start)), Decimal(str(target))
    path = [
        None if r["expected"] is None else float(start + (target - start) * Decimal(str(r["expected"])) / 100)
        for r in series
    ]
    trajectory = {
        "type": "scatter",
        "mode": "lines",
        "name": _("目标轨迹(按时序进度)"),
        "x": x,
        "y": path,
        "line": {"color": "#7b8794", "width": 1.5, "dash": "dot"},
        "connectgaps": True,
        "hovertemplate": "%{x}<br>" + _("目标轨迹:") + f"%{{y:{fmt}}}<extra></extra>",
    }
    return [line, trajectory]


def _forecast_traces(series, x, indicator, fmt) -> list[dict]:
    """A dotted line from the last approved value to the stored forecast at the target year's last quarter."""
    latest = next((r for r in reversed(series) if r["forecast"] is not None), None)
    target_label = quarter_label(indicator["target_year"], 4)
    if latest is None or target_label not in x:
        return []
    last = max((i for i, r in enumerate(series) if r["value"] is not None), default=None)
    met = latest["forecast_met"]
    colour = status_colour("achieved") if met else status_colour("seriously_lagging")
    verdict = _("预计达标") if met else (_("预计不能达标") if met is False else _("无法判断"))
    xs = ([x[last]] if last is not None else []) + [target_label]
    ys = ([float(series[last]["value"])] if last is not None else []) + [float(latest["forecast"])]
    return [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": _("预测值(按当前趋势):%(verdict)s") % {"verdict": verdict},
            "x": xs,
            "y": ys,
            "line": {"color": colour, "dash": "dot", "width": 2},
            "marker": {"symbol": ["circle", "diamond"][-len(xs) :], "size": [0, 13][-len(xs) :], "color": colour},
            "hovertemplate": "%{x}<br>" + _("预测值:") + f"%{{y:{fmt}}}<br>{verdict}<extra></extra>",
        }
    ]
