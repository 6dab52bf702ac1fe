"""Plotly figures of the dashboard as plain dicts: pure functions of selector rows, no database access.

Each function returns ``{"data": [...], "layout": {...}, "config": {...}}``, ready for ``json_script``
and ``Plotly.newPlot`` (static/js/dashboard.js). Dicts rather than ``plotly.graph_objects`` keep the
pages fast; tests/reports/test_charts.py validates every figure against plotly's schema.

Conventions: Chinese labels through gettext (plotly.min.js ships only English, so axis titles, hover
text and tick labels are written out here); percentages on a 0–100 scale shown as ``.1f`` + "%"
rounded half-up (as Excel does); a status is shown by colour AND by its name (text) and a bar pattern
or marker symbol, so charts read without colour; no data gives an explicit 暂无数据 annotation.
"""

from decimal import Decimal

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from indicators.models import ReportingPeriod, ScoreStatus, grade_label
from indicators.scoring.engine import GRADE_EXCELLENT, GRADE_FAIL, GRADE_GOOD, GRADE_PASS, round_half_up

FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
INK, MUTED, GRID = "#1f2933", "#5f6b7a", "#e4e7eb"

# Status → (fill colour, bar pattern, marker symbol). Colours match static/css/portal.css.
STATUS_STYLE = {
    "achieved": ("#2e7d32", "", "star"),
    "on_track": ("#1565c0", "", "circle"),
    "lagging": ("#e69f00", "/", "triangle-down"),
    "seriously_lagging": ("#c62828", "x", "x"),
    "missed": ("#6d1b1b", "+", "x-thin-open"),
    "no_data": ("#b0bec5", ".", "circle-open"),
}
STATUS_ORDER = tuple(STATUS_STYLE)
# Stored grade (engine.GRADE_*) → (fill colour, bar pattern); its text is ``grade_label``.
GRADE_STYLE = {
    GRADE_EXCELLENT: ("#2e7d32", ""), GRADE_GOOD: ("#1565c0", ""),
    GRADE_PASS: ("#e69f00", "/"), GRADE_FAIL: ("#c62828", "x"),
}
# Parts of a department's assessment as stored in Score.components by the scoring recompute.
COMPONENT_LABELS = {
    "progress": gettext_lazy("任务完成进度"), "timeliness": gettext_lazy("报送及时性"), "deduction": gettext_lazy("退回扣分"),
}


def status_label(code: str | None) -> str:
    """The Chinese name of a status code (已达标, 正常, 滞后, 严重滞后, 无数据, 未完成)."""
    return str(_STATUS_NAMES.get(code or "no_data", code))


_STATUS_NAMES = dict(ScoreStatus.choices)  # lazy: translated when shown


def quarter_label(year: int, quarter: int) -> str:
    """2025, 3 → "2025年第3季度": ``str(ReportingPeriod)``, the one name of a quarter in the dashboard's
    text, tables, period selector and chart hovers (and in the assessment reports)."""
    return str(ReportingPeriod(year=year, quarter=quarter))


def quarter_tick(year: int, quarter: int) -> str:
    """Compact quarter tick of a chart axis: "2025Q3" (``ReportingPeriod.label``), the same on every chart."""
    return ReportingPeriod(year=year, quarter=quarter).label


def rounded(value, places: int = 1) -> Decimal:
    """``value`` half-up to ``places`` decimals as shown, never a negative zero (−0.0, −0.04 → 0.0)."""
    number = round_half_up(Decimal(str(value)), places)
    return number.copy_abs() if number.is_zero() else number


def pct(value) -> str:
    """A 0–100 value as "62.5%" (half-up to one decimal); "—" for None or "" (a missing value in a template)."""
    return "—" if value in (None, "") else f"{rounded(value, 1)}%"


def num(value, places: int = 1) -> str:
    """A number rounded half-up to ``places`` decimals ("0.0", never "-0.0"); "—" for None or ""."""
    return "—" if value in (None, "") else str(rounded(value, places))


def _float(value) -> float | None:
    return None if value is None else float(value)


def config(filename: str) -> dict:
    """Plotly config: responsive, only the 下载 PNG button, plotly's locale following the page's language
    (zh-CN, registered by dashboard.js, for Chinese; plotly's built-in English otherwise)."""
    return {
        "responsive": True, "displaylogo": False, "locale": plotly_locale(), "modeBarButtons": [["toImage"]],
        "toImageButtonOptions": {"filename": filename, "scale": 2},
    }


def plotly_locale() -> str:
    """"zh-CN" while Chinese is active, "en" otherwise."""
    return "zh-CN" if (get_language() or "zh-hans").startswith("zh") else "en"


def _layout(height: int, **extra) -> dict:
    """Shared layout: Chinese fonts, white background, legend on top. Visible axes get ``automargin``
    (two-line quarter labels and long Chinese names are never cut off) and ``fixedrange``: no zooming,
    so a finger scrolls the page on a phone and axis labels that are links can be clicked."""
    for axis in ("xaxis", "yaxis"):
        if axis in extra and extra[axis].get("visible", True):
            extra[axis] = {"automargin": True, "fixedrange": True} | extra[axis]
    base = {
        "height": height, "font": {"family": FONT, "size": 12, "color": INK},
        "margin": {"l": 10, "r": 16, "t": 30, "b": 10}, "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff",
        "hoverlabel": {"font": {"family": FONT}}, "separators": ".,",
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
    }
    return base | extra


def figure_empty(filename: str = "chart", height: int = 240, message: str | None = None) -> dict:
    """An explicit empty state: hidden axes and a centred "暂无数据" annotation."""
    annotation = {
        "text": message or _("暂无数据"), "showarrow": False, "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5,
        "font": {"size": 18, "color": MUTED},
    }
    layout = _layout(height, xaxis={"visible": False}, yaxis={"visible": False}, annotations=[annotation])
    return {"data": [], "layout": layout, "config": config(filename)}


def _wrap(text: str, width: int = 9) -> str:
    """Break a long Chinese label every ``width`` characters with <br> (plotly does not wrap)."""
    return "<br>".join(text[i:i + width] for i in range(0, len(text), width)) or "—"


# --------------------------------------------------------------------------
# Overview
# --------------------------------------------------------------------------


def plan_gauge(row: dict | None) -> dict:
    """规划总体得分 as a gauge, with 时序进度 as the threshold mark. ``row`` from ``plan_score``."""
    if not row or row.get("score") is None:
        return figure_empty("plan-score", height=260)
    colour = STATUS_STYLE.get(row["status"], STATUS_STYLE["no_data"])[0]
    subtitle = _("时序进度 %(expected)s · 状态:%(status)s") % {"expected": pct(row["expected"]), "status": status_label(row["status"])}
    gauge = {
        "type": "indicator", "mode": "gauge+number", "value": float(row["score"]),
        "number": {"valueformat": ".1f", "suffix": _("分"), "font": {"size": 34}},
        "title": {"text": f"{_('规划总体得分')}<br><span style='font-size:0.8em;color:{MUTED}'>{subtitle}</span>",
                  "font": {"size": 17}},
        "gauge": {
            "axis": {"range": [0, 100], "ticksuffix": "", "dtick": 20},
            "bar": {"color": colour, "thickness": 0.6},
            "threshold": {"line": {"color": INK, "width": 5}, "thickness": 0.95, "value": _float(row["expected"]) or 0},
            "steps": [{"range": [0, _float(row["expected"]) or 0], "color": "#eef3ef"}],
        },
    }
    return {"data": [gauge], "layout": _layout(280, margin={"l": 30, "r": 30, "t": 80, "b": 10}), "config": config("plan-score")}


def progress_bars(rows: list[dict], *, filename: str, label: str = "name") -> dict:
    """Bullet bars: each row's 完成进度 (bar coloured and patterned by status, labelled "45.2% 滞后")
    against its 时序进度 (a black tick). Rows: {label, "progress", "expected", "status", "url"?}."""
    if not rows or all(r.get("progress") is None and r.get("expected") is None for r in rows):
        return figure_empty(filename)
    names = [_wrap(r[label]) for r in rows]
    styles = [STATUS_STYLE.get(r["status"], STATUS_STYLE["no_data"]) for r in rows]
    bars = {
        "type": "bar", "orientation": "h", "name": _("完成进度"), "y": names,
        "x": [_float(r["progress"]) or 0 for r in rows],
        "marker": {"color": [s[0] for s in styles], "pattern": {"shape": [s[1] for s in styles], "fgcolor": "#ffffff"}},
        "customdata": [r.get("url") or "" for r in rows],
        "hovertext": [_bar_hover(r, r[label]) for r in rows], "hovertemplate": "%{hovertext}<extra></extra>",
    }
    labels = {  # "45.2% 滞后" right of both the bar and the 时序进度 tick, so neither hides it
        "type": "scatter", "mode": "text", "showlegend": False, "hoverinfo": "skip", "y": names,
        "x": [max(_float(r["progress"]) or 0, _float(r["expected"]) or 0) + 2 for r in rows],
        "text": [f"{pct(r['progress'])} {status_label(r['status'])}" for r in rows],
        "textposition": "middle right", "cliponaxis": False, "textfont": {"color": INK},
    }
    ticks = {
        "type": "scatter", "mode": "markers", "name": _("时序进度"), "y": names,
        "x": [_float(r["expected"]) for r in rows],
        "marker": {"symbol": "line-ns-open", "size": 26, "line": {"width": 3, "color": INK}, "color": INK},
        "hovertemplate": _("时序进度:%{x:.1f}%") + "<extra></extra>",
    }
    height = 90 + 46 * len(rows)
    layout = _layout(
        height, barmode="overlay", bargap=0.35,
        xaxis={"range": [0, 138], "tickvals": [0, 20, 40, 60, 80, 100], "ticksuffix": "%", "gridcolor": GRID,
               "title": {"text": _("完成进度(条)与时序进度(竖线)")}, "zeroline": False},
        yaxis={"autorange": "reversed", "automargin": True},
        margin={"l": 10, "r": 16, "t": 30, "b": 40},
    )
    return {"data": [bars, ticks, labels], "layout": layout, "config": config(filename)}


def _bar_hover(row: dict, name: str) -> str:
    return "<br>".join([
        f"<b>{name}</b>",
        _("完成进度:%(value)s") % {"value": pct(row.get("progress"))},
        _("时序进度:%(value)s") % {"value": pct(row.get("expected"))},
        _("状态:%(status)s") % {"status": status_label(row.get("status"))},
    ])


def status_heatmap(heatmap: dict) -> dict:
    """Tasks (rows, linked to their pages) × quarters, each cell coloured by status AND labelled with
    its name; a legend lists the status names. ``heatmap`` from ``tasks_heatmap``, rows with "url"."""
    rows, periods = heatmap["rows"], heatmap["periods"]
    if not rows or not periods or all(cell is None for r in rows for cell in r["cells"]):
        return figure_empty("tasks-heatmap", height=320)
    index = {code: i for i, code in enumerate(STATUS_ORDER)}
    names = {code: status_label(code) for code in STATUS_ORDER}
    keys = [f"{_('任务')}{r['number']} {r['title']}" for r in rows]  # hover shows the full title
    x = [quarter_label(p["year"], p["quarter"]) for p in periods]
    statuses = [[(cell or {}).get("status") or "no_data" for cell in r["cells"]] for r in rows]
    hover = "<br>".join([
        "<b>%{y}</b>", "%{x}", _("状态:%(status)s") % {"status": "%{text}"},
        _("完成进度:%(value)s") % {"value": "%{customdata[1]}"}, _("时序进度:%(value)s") % {"value": "%{customdata[2]}"},
    ])
    heat = {
        "type": "heatmap", "x": x, "y": keys,
        "z": [[index.get(s, index["no_data"]) for s in line] for line in statuses],
        "zmin": -0.5, "zmax": len(STATUS_ORDER) - 0.5, "colorscale": _discrete_scale(), "showscale": False,
        "xgap": 2, "ygap": 2, "text": [[names.get(s, s) for s in line] for line in statuses],
        "texttemplate": "%{text}", "textfont": {"size": 11},
        # Per cell: [the task's page at the cell's quarter, 完成进度, 时序进度] — a click opens the task at
        # that quarter, the hover shows the figures.
        "customdata": [[[_cell_url(r, i), pct((c or {}).get("progress")), pct((c or {}).get("expected"))]
                        for i, c in enumerate(r["cells"])] for r in rows],
        "hovertemplate": hover + "<extra></extra>",
    }
    legend = [_legend_entry(code) for code in STATUS_ORDER]
    ticktext = [_task_tick(r) for r in rows]
    layout = _layout(
        130 + 30 * len(rows),
        xaxis={"tickvals": x, "ticktext": [quarter_tick(p["year"], p["quarter"]) for p in periods], "side": "top",
               "type": "category"},
        yaxis={"tickvals": keys, "ticktext": ticktext, "autorange": "reversed", "type": "category"},
        legend={"orientation": "h", "x": 0, "y": 0, "yanchor": "top"},
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
    )
    # Narrower than this (a phone), the chart keeps this width and its frame scrolls sideways.
    return {"data": [heat, *legend], "layout": layout, "config": config("tasks-heatmap"),
            "min_width": 170 + 46 * len(periods), "print": _heatmap_print(len(rows), len(periods))}


def _heatmap_print(rows: int, quarters: int) -> dict:
    """Print overrides (static/js/dashboard.js applies them to the print width, PRINT_WIDTH 960 px ≈
    254 mm of landscape A4): every quarter stays, in smaller type so a status name fits its cell —
    "严重滞后" is 4 characters of ``size`` px in (960 − ~150 px of task labels) / ``quarters``; rows
    shrink so the map fits one page (186 mm ≈ 700 px high)."""
    size = max(6, min(11, (810 // max(quarters, 1) - 4) // 4))
    return {
        "layout": {"height": min(130 + 30 * rows, 110 + 22 * rows), "font.size": 10, "xaxis.tickfont.size": 9,
                   "xaxis.tickangle": -90 if quarters > 20 else 0, "yaxis.tickfont.size": 10},
        "data": {"textfont.size": size},
    }


def _cell_url(row: dict, index: int) -> str:
    """The page a heat-map cell opens: the task at the cell's quarter ("cell_urls", built by
    ``selectors.heatmap_links``), else the task's page, else "" (no link)."""
    urls = row.get("cell_urls") or []
    return (urls[index] if index < len(urls) else None) or row.get("url") or ""


def _discrete_scale() -> list:
    """A stepped colour scale: status i covers [i/n, (i+1)/n] with its own colour."""
    n, scale = len(STATUS_ORDER), []
    for i, code in enumerate(STATUS_ORDER):
        colour = STATUS_STYLE[code][0]
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    return scale


def _legend_entry(code: str) -> dict:
    """A legend-only trace (no data point) naming a status with its colour."""
    return {"type": "scatter", "mode": "markers", "x": [None], "y": [None], "name": status_label(code),
            "marker": {"symbol": "square", "size": 13, "color": STATUS_STYLE[code][0]}, "hoverinfo": "skip",
            "showlegend": True}


def _task_tick(row: dict) -> str:
    """Y label of a task, linked to its page: "5 深化大气污染…"."""
    title = row["title"] if len(row["title"]) <= 8 else row["title"][:7] + "…"
    text = f"{row['number']} {title}"
    return f'<a href="{row["url"]}" target="_self">{text}</a>' if row.get("url") else text


def departments_bars(rows: list[dict]) -> dict:
    """Departments ranked by 考核得分 (best at the top), bars coloured and patterned by grade, labelled
    "1. 柳科乡 96.6 优秀". Rows from ``departments_ranking`` (optionally with "url")."""
    if not rows:
        return figure_empty("departments-ranking")
    styles = [GRADE_STYLE.get(r["grade"], ("#90a4ae", ".")) for r in rows]
    # Score and grade sit in the label ("1. 柳科乡 96.6 优秀"), so a narrow screen never cuts them off.
    veto = _("一票否决")
    names = [f"{r['rank']}. {r['name']} {num(r['score'])} {grade_label(r['grade'])}"
             f"{'(' + veto + ')' if r.get('veto') else ''}" for r in rows]
    bars = {
        "type": "bar", "orientation": "h", "y": names, "x": [float(r["score"]) for r in rows], "name": _("考核得分"),
        "marker": {"color": [s[0] for s in styles], "pattern": {"shape": [s[1] for s in styles], "fgcolor": "#ffffff"}},
        "customdata": [r.get("url") or "" for r in rows],
        "hovertemplate": "<b>%{y}</b><br>" + _("考核得分:%{x:.1f}分") + "<extra></extra>", "showlegend": False,
    }
    layout = _layout(
        80 + 24 * len(rows), bargap=0.25,
        xaxis={"range": [0, 100], "tickvals": [0, 60, 75, 90, 100], "gridcolor": GRID,
               "title": {"text": _("考核得分(分;60 合格,75 良好,90 优秀)")}},
        yaxis={"autorange": "reversed", "automargin": True, "type": "category"},
        margin={"l": 10, "r": 16, "t": 10, "b": 40},
    )
    return {"data": [bars], "layout": layout, "config": config("departments-ranking"),
            "print": _ranking_print(len(rows))}


def _ranking_print(count: int) -> dict:
    """Print overrides of the ranking (see ``_heatmap_print``): at most ~640 px high (one landscape A4
    page, for up to 46 departments; bars no thinner than 12 px), so a long ranking gets thinner bars and
    smaller type instead of being cut at the page end."""
    per_row = 24 if count <= 22 else max(12, 560 // count)
    size = 12 if per_row >= 20 else 9 if per_row >= 14 else 8
    return {"layout": {"height": 80 + per_row * count, "font.size": size, "xaxis.title.font.size": 10}}


# --------------------------------------------------------------------------
# Drill-down pages
# --------------------------------------------------------------------------


def score_trend(history: list[dict], *, filename: str) -> dict:
    """A score over the quarters: 完成进度 (markers shaped by status) against 时序进度 (dashed), and
    the score when it differs from progress. ``history`` rows: {"label", "progress", "expected",
    "status", "score"} per quarter (from the detail selectors)."""
    if not history or all(h["progress"] is None and h["score"] is None for h in history):
        return figure_empty(filename)
    x = [quarter_label(*_split_label(h["label"])) for h in history]
    styles = [STATUS_STYLE.get(h["status"], STATUS_STYLE["no_data"]) for h in history]
    progress = {
        "type": "scatter", "mode": "lines+markers", "name": _("完成进度"), "x": x,
        "y": [_float(h["progress"]) for h in history], "line": {"color": "#1565c0", "width": 2},
        "marker": {"size": 11, "color": [s[0] for s in styles], "symbol": [s[2] for s in styles],
                   "line": {"width": 1, "color": INK}},
        "text": [status_label(h["status"]) for h in history],
        "hovertemplate": "%{x}<br>" + _("完成进度:%{y:.1f}%") + "<br>" + _("状态:%{text}") + "<extra></extra>",
        "connectgaps": False,
    }
    expected = {
        "type": "scatter", "mode": "lines", "name": _("时序进度"), "x": x, "y": [_float(h["expected"]) for h in history],
        "line": {"color": INK, "dash": "dash", "width": 1.5},
        "hovertemplate": "%{x}<br>" + _("时序进度:%{y:.1f}%") + "<extra></extra>",
    }
    score = {
        "type": "scatter", "mode": "lines", "name": _("得分"), "x": x, "y": [_float(h["score"]) for h in history],
        "line": {"color": "#2e7d32", "width": 1.5, "dash": "dot"},
        "hovertemplate": "%{x}<br>" + _("得分:%{y:.1f}分") + "<extra></extra>",
    }
    differs = any(h["score"] != h["progress"] for h in history)  # task/system scores equal their progress
    layout = _layout(
        320, xaxis=_year_ticks(history, x),
        yaxis={"range": [0, 105], "gridcolor": GRID,
               "title": {"text": _("进度(%)/ 得分(分)") if differs else _("进度(%)")}},
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
    )
    return {"data": [progress, expected] + ([score] if differs else []), "layout": layout, "config": config(filename)}


def _year_ticks(rows: list[dict], x: list[str]) -> dict:
    """A quarter axis labelled once per year ("2023年" at its first quarter); hover names each quarter."""
    first = {}
    for row, label in zip(rows, x):
        first.setdefault(_split_label(row["label"])[0], label)
    return {"type": "category", "tickvals": list(first.values()), "ticktext": [_("%(year)s年") % {"year": y} for y in first],
            "tickangle": 0, "showgrid": True, "gridcolor": GRID}


def _split_label(label: str) -> tuple[int, int]:
    """"2025Q3" → (2025, 3)."""
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
    x = [quarter_label(*_split_label(r["label"])) for r in series]
    unit = indicator.get("unit") or ""
    fmt = f".{indicator.get('decimals', 1)}f"
    traces = [_values_trace(series, x, unit, fmt), _pending_trace(series, x, unit, fmt)]
    traces += _target_traces(series, x, indicator, fmt) + _forecast_traces(series, x, indicator, fmt)
    title = f"{indicator['name']}({unit})" if unit else indicator["name"]
    counts = indicator.get("kind") in {"project_count", "zero_count", "yes_no"}
    layout = _layout(
        360, showlegend=True, xaxis=_year_ticks(series, x),
        yaxis={"gridcolor": GRID, "title": {"text": title}, "rangemode": "tozero" if counts else "normal"},
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
    )
    return {"data": [t for t in traces if t], "layout": layout, "config": config("indicator")}


def _values_trace(series, x, unit, fmt) -> dict:
    return {
        "type": "scatter", "mode": "lines+markers+text", "name": _("审核通过值"), "x": x,
        "y": [_float(r["value"]) for r in series], "line": {"color": "#1565c0", "width": 2.5},
        "marker": {"size": 9, "symbol": "circle"}, "connectgaps": True, "textposition": "top center",
        "texttemplate": f"%{{y:{fmt}}}", "textfont": {"size": 10, "color": "#1565c0"},
        "hovertemplate": "%{x}<br>" + _("审核通过值:") + f"%{{y:{fmt}}} {unit}<extra></extra>",
    }


def _pending_trace(series, x, unit, fmt) -> dict | None:
    if all(r["pending"] is None for r in series):
        return None
    return {
        "type": "scatter", "mode": "markers", "name": _("待审核值"), "x": x, "y": [_float(r["pending"]) for r in series],
        "marker": {"size": 10, "symbol": "circle-open", "color": MUTED, "line": {"width": 2}},
        "hovertemplate": "%{x}<br>" + _("待审核值:") + f"%{{y:{fmt}}} {unit}<extra></extra>",
    }


def _target_traces(series, x, indicator, fmt) -> list[dict]:
    """The horizontal target line (目标值) and, for level/count targets, the target trajectory (目标轨迹)."""
    target = indicator.get("target_value")
    if target is None:
        return []
    line = {
        "type": "scatter", "mode": "lines", "name": _("目标值 %(target)s") % {"target": indicator.get("target", "")},
        "x": x, "y": [float(target)] * len(x), "line": {"color": "#2e7d32", "width": 2, "dash": "longdash"},
        "hovertemplate": _("目标值:") + f"%{{y:{fmt}}}<extra></extra>",
    }
    start = indicator.get("baseline_value")
    if start is None and indicator.get("kind") == "project_count":
        start = 0
    if start is None or indicator.get("kind") not in {"at_least", "at_most", "zero_count", "project_count"}:
        return [line]
    start, target = Decimal(str(start)), Decimal(str(target))
    path = [None if r["expected"] is None else float(start + (target - start) * Decimal(str(r["expected"])) / 100)
            for r in series]
    trajectory = {
        "type": "scatter", "mode": "lines", "name": _("目标轨迹(按时序进度)"), "x": x, "y": path,
        "line": {"color": "#7b8794", "width": 1.5, "dash": "dot"}, "connectgaps": True,
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
    colour = "#2e7d32" if met else "#c62828"
    verdict = _("预计达标") if met else (_("预计不能达标") if met is False else _("无法判断"))
    xs = ([x[last]] if last is not None else []) + [target_label]
    ys = ([float(series[last]["value"])] if last is not None else []) + [float(latest["forecast"])]
    return [{
        "type": "scatter", "mode": "lines+markers", "name": _("预测值(按当前趋势):%(verdict)s") % {"verdict": verdict},
        "x": xs, "y": ys, "line": {"color": colour, "dash": "dot", "width": 2},
        "marker": {"symbol": ["circle", "diamond"][-len(xs):], "size": [0, 13][-len(xs):], "color": colour},
        "hovertemplate": "%{x}<br>" + _("预测值:") + f"%{{y:{fmt}}}<br>{verdict}<extra></extra>",
    }]


def department_components(score: dict | None) -> dict:
    """A department's assessment (考核得分) and its stored components (任务完成进度, 报送及时性, 退回扣分…)
    as labelled horizontal bars; deductions point left in red. ``score`` from ``department_detail``."""
    parts = _components(score)
    if score is None or score.get("score") is None:
        return figure_empty("department-assessment")
    names = [label for label, _v in parts] + [_("考核得分")]
    values = [float(v) for _l, v in parts] + [float(score["score"])]
    colours = ["#c62828" if v < 0 else "#1565c0" for v in values[:-1]]
    colours.append(GRADE_STYLE.get(score.get("grade"), ("#2e7d32", ""))[0])
    bars = {
        "type": "bar", "orientation": "h", "y": names, "x": values, "marker": {"color": colours},
        "text": [num(v) for v in values[:-1]] + [f"{num(score['score'])}{_('分')} {grade_label(score.get('grade'))}"],
        "textposition": "outside", "cliponaxis": False, "showlegend": False,
        "hovertemplate": "%{y}:%{x:.1f}<extra></extra>",
    }
    layout = _layout(
        90 + 40 * len(names), xaxis={"range": [min(0, *values) - 5, 125], "gridcolor": GRID, "title": {"text": _("分值")}},
        yaxis={"autorange": "reversed", "automargin": True, "type": "category"},
        margin={"l": 10, "r": 16, "t": 10, "b": 40},
    )
    return {"data": [bars], "layout": layout, "config": config("department-assessment")}


def _components(score: dict | None) -> list[tuple[str, float]]:
    """The stored parts of an assessment in a fixed order (任务完成进度, 报送及时性, 退回扣分 as a
    negative bar); parts that are absent or not numbers are left out. Components hold Decimals as text."""
    components = (score or {}).get("components") or {}
    out = []
    for key, label in COMPONENT_LABELS.items():
        value = components.get(key)
        if value is None or isinstance(value, bool):
            continue
        try:
            value = float(value)
        except (TypeError, ValueError):
            continue
        if key == "deduction":
            value = -abs(value) if value else 0.0  # no deduction is 0.0, not a negative zero
        out.append((str(label), value))
    return out
