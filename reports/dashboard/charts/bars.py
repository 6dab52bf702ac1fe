"""Bars and gauges: the plan's score against 时序进度, progress bars of systems, tasks and indicators,
the department ranking (考核得分) and a department's assessment parts."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.models import grade_label
from reports.dashboard.charts.base import (
    GRID,
    INK,
    MUTED,
    NO_GRADE_STYLE,
    as_float,
    base_layout,
    config,
    figure_empty,
    grade_style,
    num,
    pct,
    status_label,
    status_style,
    wrap_label,
)
from reports.dashboard.colours import status_colour

# Parts of a department's assessment as stored in Score.components by the scoring recompute.
COMPONENT_LABELS = {
    "progress": gettext_lazy("任务完成进度"),
    "timeliness": gettext_lazy("报送及时性"),
    "deduction": gettext_lazy("退回扣分"),
}


def plan_gauge(row: dict | None) -> dict:
    """规划总体得分 as a gauge, with 时序进度 as the threshold mark. ``row`` from ``plan_score``."""
    if not row or row.get("score") is None:
        return figure_empty("plan-score", height=260)
    colour = status_style(row["status"])[0]
    subtitle = _("时序进度 %(expected)s · 状态:%(status)s") % {
        "expected": pct(row["expected"]),
        "status": status_label(row["status"]),
    }
    gauge = {
        "type": "indicator",
        "mode": "gauge+number",
        "value": float(row["score"]),
        "number": {"valueformat": ".1f", "suffix": _("分"), "font": {"size": 34}},
        "title": {
            "text": f"{_('规划总体得分')}<br><span style='font-size:0.8em;color:{MUTED}'>{subtitle}</span>",
            "font": {"size": 17},
        },
        "gauge": {
            "axis": {"range": [0, 100], "ticksuffix": "", "dtick": 20},
            "bar": {"color": colour, "thickness": 0.6},
            "threshold": {
                "line": {"color": INK, "width": 5},
                "thickness": 0.95,
                "value": as_float(row["expected"]) or 0,
            },
            "steps": [{"range": [0, as_float(row["expected"]) or 0], "color": "#eef3ef"}],
        },
    }
    return {
        "data": [gauge],
        "layout": base_layout(280, margin={"l": 30, "r": 30, "t": 80, "b": 10}),
        "config": config("plan-score"),
    }


def progress_bars(rows: list[dict], *, filename: str, label: str = "name") -> dict:
    """Bullet bars: each row's 完成进度 (bar coloured and patterned by status, labelled "45.2% 滞后")
    against its 时序进度 (a black tick). Rows: {label, "progress", "expected", "status", "url"?}."""
    if not rows or all(r.get("progress") is None and r.get("expected") is None for r in rows):
        return figure_empty(filename)
    names = [wrap_label(r[label]) for r in rows]
    styles = [status_style(r["status"]) for r in rows]
    bars = {
        "type": "bar",
        "orientation": "h",
        "name": _("完成进度"),
        "y": names,
        "x": [as_float(r["progress"]) or 0 for r in rows],
        "marker": {"color": [s[0] for s in styles], "pattern": {"shape": [s[1] for s in styles], "fgcolor": "#ffffff"}},
        "customdata": [r.get("url") or "" for r in rows],
        "hovertext": [_bar_hover(r, r[label]) for r in rows],
        "hovertemplate": "%{hovertext}<extra></extra>",
    }
    labels = {  # "45.2% 滞后" right of both the bar and the 时序进度 tick, so neither hides it
        "type": "scatter",
        "mode": "text",
        "showlegend": False,
        "hoverinfo": "skip",
        "y": names,
        "x": [max(as_float(r["progress"]) or 0, as_float(r["expected"]) or 0) + 2 for r in rows],
        "text": [f"{pct(r['progress'])} {status_label(r['status'])}" for r in rows],
        "textposition": "middle right",
        "cliponaxis": False,
        "textfont": {"color": INK},
    }
    ticks = {
        "type": "scatter",
        "mode": "markers",
        "name": _("时序进度"),
        "y": names,
        "x": [as_float(r["expected"]) for r in rows],
        "marker": {"symbol": "line-ns-open", "size": 26, "line": {"width": 3, "color": INK}, "color": INK},
        "hovertemplate": _("时序进度:%{x:.1f}%") + "<extra></extra>",
    }
    height = 90 + 46 * len(rows)
    layout = base_layout(
        height,
        barmode="overlay",
        bargap=0.35,
        xaxis={
            "range": [0, 138],
            "tickvals": [0, 20, 40, 60, 80, 100],
            "ticksuffix": "%",
            "gridcolor": GRID,
            "title": {"text": _("完成进度(条)与时序进度(竖线)")},
            "zeroline": False,
        },
        yaxis={"autorange": "reversed", "automargin": True},
        margin={"l": 10, "r": 16, "t": 30, "b": 40},
    )
    return {"data": [bars, ticks, labels], "layout": layout, "config": config(filename)}


def _bar_hover(row: dict, name: str) -> str:
    return "<br>".join(
        [
            f"<b>{name}</b>",
            _("完成进度:%(value)s") % {"value": pct(row.get("progress"))},
            _("时序进度:%(value)s") % {"value": pct(row.get("expected"))},
            _("状态:%(status)s") % {"status": status_label(row.get("status"))},
        ]
    )


def departments_bars(rows: list[dict]) -> dict:
    """Departments ranked by 考核得分 (best at the top), bars coloured and patterned by grade, labelled
    "1. 柳科乡 96.6 优秀". Rows from ``departments_ranking`` (optionally with "url")."""
    if not rows:
        return figure_empty("departments-ranking")
    styles = [grade_style(r["grade"]) or NO_GRADE_STYLE for r in rows]
    # Score and grade sit in the label ("1. 柳科乡 96.6 优秀"), so a narrow screen never cuts them off.
    veto = _("一票否决")
    names = [
        f"{r['rank']}. {r['name']} {num(r['score'])} {grade_label(r['grade'])}"
        f"{'(' + veto + ')' if r.get('veto') else ''}"
        for r in rows
    ]
    bars = {
        "type": "bar",
        "orientation": "h",
        "y": names,
        "x": [float(r["score"]) for r in rows],
        "name": _("考核得分"),
        "marker": {"color": [s[0] for s in styles], "pattern": {"shape": [s[1] for s in styles], "fgcolor": "#ffffff"}},
        "customdata": [r.get("url") or "" for r in rows],
        "hovertemplate": "<b>%{y}</b><br>" + _("考核得分:%{x:.1f}分") + "<extra></extra>",
        "showlegend": False,
    }
    layout = base_layout(
        80 + 24 * len(rows),
        bargap=0.25,
        xaxis={
            "range": [0, 100],
            "tickvals": [0, 60, 75, 90, 100],
            "gridcolor": GRID,
            "title": {"text": _("考核得分(分;60 合格,75 良好,90 优秀)")},
        },
        yaxis={"autorange": "reversed", "automargin": True, "type": "category"},
        margin={"l": 10, "r": 16, "t": 10, "b": 40},
    )
    return {
        "data": [bars],
        "layout": layout,
        "config": config("departments-ranking"),
        "print": _ranking_print(len(rows)),
    }


def _ranking_print(count: int) -> dict:
    """Print overrides of the ranking (see ``_heatmap_print``): at most ~640 px high (one landscape A4
    page, for up to 46 departments; bars no thinner than 12 px), so a long ranking gets thinner bars and
    smaller type instead of being cut at the page end."""
    per_row = 24 if count <= 22 else max(12, 560 // count)
    size = 12 if per_row >= 20 else 9 if per_row >= 14 else 8
    return {"layout": {"height": 80 + per_row * count, "font.size": size, "xaxis.title.font.size": 10}}


def department_components(score: dict | None) -> dict:
    """A department's assessment (考核得分) and its stored components (任务完成进度, 报送及时性, 退回扣分…)
    as labelled horizontal bars; deductions point left in red. ``score`` from ``department_detail``."""
    parts = _components(score)
    if score is None or score.get("score") is None:
        return figure_empty("department-assessment")
    names = [label for label, _v in parts] + [_("考核得分")]
    values = [float(v) for _l, v in parts] + [float(score["score"])]
    colours = [status_colour("seriously_lagging") if v < 0 else status_colour("on_track") for v in values[:-1]]
    colours.append((grade_style(score.get("grade")) or (status_colour("achieved"), ""))[0])
    bars = {
        "type": "bar",
        "orientation": "h",
        "y": names,
        "x": values,
        "marker": {"color": colours},
        "text": [num(v) for v in values[:-1]] + [f"{num(score['score'])}{_('分')} {grade_label(score.get('grade'))}"],
        "textposition": "outside",
        "cliponaxis": False,
        "showlegend": False,
        "hovertemplate": "%{y}:%{x:.1f}<extra></extra>",
    }
    layout = base_layout(
        90 + 40 * len(names),
        xaxis={"range": [min(0, *values) - 5, 125], "gridcolor": GRID, "title": {"text": _("分值")}},
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
