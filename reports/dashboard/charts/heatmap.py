"""The heat map of the overview: the plan's tasks × quarters, each cell coloured by status AND named."""

from django.utils.translation import gettext as _

from reports.dashboard.charts.base import (
    STATUS_ORDER,
    base_layout,
    config,
    figure_empty,
    pct,
    quarter_label,
    quarter_tick,
    status_label,
)
from reports.dashboard.colours import status_colour


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
    hover = "<br>".join(
        [
            "<b>%{y}</b>",
            "%{x}",
            _("状态:%(status)s") % {"status": "%{text}"},
            _("完成进度:%(value)s") % {"value": "%{customdata[1]}"},
            _("时序进度:%(value)s") % {"value": "%{customdata[2]}"},
        ]
    )
    heat = {
        "type": "heatmap",
        "x": x,
        "y": keys,
        "z": [[index.get(s, index["no_data"]) for s in line] for line in statuses],
        "zmin": -0.5,
        "zmax": len(STATUS_ORDER) - 0.5,
        "colorscale": _discrete_scale(),
        "showscale": False,
        "xgap": 2,
        "ygap": 2,
        "text": [[names.get(s, s) for s in line] for line in statuses],
        "texttemplate": "%{text}",
        "textfont": {"size": 11},
        # Per cell: [the task's page at the cell's quarter, 完成进度, 时序进度] — a click opens the task at
        # that quarter, the hover shows the figures.
        "customdata": [
            [
                [_cell_url(r, i), pct((c or {}).get("progress")), pct((c or {}).get("expected"))]
                for i, c in enumerate(r["cells"])
            ]
            for r in rows
        ],
        "hovertemplate": hover + "<extra></extra>",
    }
    legend = [_legend_entry(code) for code in STATUS_ORDER]
    ticktext = [_task_tick(r) for r in rows]
    layout = base_layout(
        130 + 30 * len(rows),
        xaxis={
            "tickvals": x,
            "ticktext": [quarter_tick(p["year"], p["quarter"]) for p in periods],
            "side": "top",
            "type": "category",
        },
        yaxis={"tickvals": keys, "ticktext": ticktext, "autorange": "reversed", "type": "category"},
        legend={"orientation": "h", "x": 0, "y": 0, "yanchor": "top"},
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
    )
    # Narrower than this (a phone), the chart keeps this width and its frame scrolls sideways.
    return {
        "data": [heat, *legend],
        "layout": layout,
        "config": config("tasks-heatmap"),
        "min_width": 170 + 46 * len(periods),
        "print": _heatmap_print(len(rows), len(periods)),
    }


def _heatmap_print(rows: int, quarters: int) -> dict:
    """Print overrides (static/js/dashboard.js applies them to the print width, PRINT_WIDTH 960 px ≈
    254 mm of landscape A4): every quarter stays, in smaller type so a status name fits its cell —
    "严重滞后" is 4 characters of ``size`` px in (960 − ~150 px of task labels) / ``quarters``; rows
    shrink so the map fits one page (186 mm ≈ 700 px high)."""
    size = max(6, min(11, (810 // max(quarters, 1) - 4) // 4))
    return {
        "layout": {
            "height": min(130 + 30 * rows, 110 + 22 * rows),
            "font.size": 10,
            "xaxis.tickfont.size": 9,
            "xaxis.tickangle": -90 if quarters > 20 else 0,
            "yaxis.tickfont.size": 10,
        },
        "data": {"textfont.size": size},
    }


def _cell_url(row: dict, index: int) -> str:
    """The page a heat-map cell opens: the task at the cell's quarter ("cell_urls", built by
    ``selectors.overview.heatmap_links``), else the task's page, else "" (no link)."""
    urls = row.get("cell_urls") or []
    return (urls[index] if index < len(urls) else None) or row.get("url") or ""


def _discrete_scale() -> list:
    """A stepped colour scale: status i covers [i/n, (i+1)/n] with its own colour."""
    n, scale = len(STATUS_ORDER), []
    for i, code in enumerate(STATUS_ORDER):
        colour = status_colour(code)
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    return scale


def _legend_entry(code: str) -> dict:
    """A legend-only trace (no data point) naming a status with its colour."""
    return {
        "type": "scatter",
        "mode": "markers",
        "x": [None],
        "y": [None],
        "name": status_label(code),
        "marker": {"symbol": "square", "size": 13, "color": status_colour(code)},
        "hoverinfo": "skip",
        "showlegend": True,
    }


def _task_tick(row: dict) -> str:
    """Y label of a task, linked to its page: "5 深化大气污染…"."""
    title = row["title"] if len(row["title"]) <= 8 else row["title"][:7] + "…"
    text = f"{row['number']} {title}"
    return f'<a href="{row["url"]}" target="_self">{text}</a>' if row.get("url") else text
