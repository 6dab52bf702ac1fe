"""What every dashboard chart shares: status styles (colour, bar pattern, marker symbol) and names,
number and quarter formats, plotly's config and layout, and the explicit empty figure."""

from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from indicators.models import ReportingPeriod, ScoreStatus
from indicators.scoring.engine import GRADE_EXCELLENT, GRADE_FAIL, GRADE_GOOD, GRADE_PASS, round_half_up
from reports.dashboard.colours import status_colour

FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
INK, MUTED, GRID = "#1f2933", "#5f6b7a", "#e4e7eb"

# Status → (bar pattern, marker symbol), in legend order; its colour is ``status_colour`` (static/css/status.css).
STATUS_MARKS = {
    "achieved": ("", "star"),
    "on_track": ("", "circle"),
    "lagging": ("/", "triangle-down"),
    "seriously_lagging": ("x", "x"),
    "missed": ("+", "x-thin-open"),
    "no_data": (".", "circle-open"),
    "no_target": ("-", "diamond-open"),  # 目标未下达: left out of the roll-ups
}
STATUS_ORDER = tuple(STATUS_MARKS)
# Stored grade (engine.GRADE_*) → (the status whose colour it takes, bar pattern); its text is ``grade_label``.
GRADE_MARKS = {
    GRADE_EXCELLENT: ("achieved", ""),
    GRADE_GOOD: ("on_track", ""),
    GRADE_PASS: ("lagging", "/"),
    GRADE_FAIL: ("seriously_lagging", "x"),
}
NO_GRADE_STYLE = ("#90a4ae", ".")  # a department without a grade: grey, dotted


def status_style(code: str | None) -> tuple[str, str, str]:
    """(fill colour, bar pattern, marker symbol) of a status; an unknown or missing one looks like no_data."""
    code = code if code in STATUS_MARKS else "no_data"
    return (status_colour(code), *STATUS_MARKS[code])


def grade_style(grade: str | None) -> tuple[str, str] | None:
    """(fill colour, bar pattern) of a stored grade; None for no grade."""
    if grade not in GRADE_MARKS:
        return None
    code, pattern = GRADE_MARKS[grade]
    return status_colour(code), pattern


def status_label(code: str | None) -> str:
    """The Chinese name of a status code (已达标, 正常, 滞后, 严重滞后, 无数据, 未完成, 目标未下达)."""
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


def as_float(value) -> float | None:
    return None if value is None else float(value)


def config(filename: str) -> dict:
    """Plotly config: responsive, only the 下载 PNG button, plotly's locale following the page's language
    (zh-CN, registered by dashboard.js, for Chinese; plotly's built-in English otherwise)."""
    return {
        "responsive": True,
        "displaylogo": False,
        "locale": plotly_locale(),
        "modeBarButtons": [["toImage"]],
        "toImageButtonOptions": {"filename": filename, "scale": 2},
    }


def plotly_locale() -> str:
    """ "zh-CN" while Chinese is active, "en" otherwise."""
    return "zh-CN" if (get_language() or "zh-hans").startswith("zh") else "en"


def base_layout(height: int, **extra) -> dict:
    """Shared layout: Chinese fonts, white background, legend on top. Visible axes get ``automargin``
    (two-line quarter labels and long Chinese names are never cut off) and ``fixedrange``: no zooming,
    so a finger scrolls the page on a phone and axis labels that are links can be clicked."""
    for axis in ("xaxis", "yaxis"):
        if axis in extra and extra[axis].get("visible", True):
            extra[axis] = {"automargin": True, "fixedrange": True} | extra[axis]
    base = {
        "height": height,
        "font": {"family": FONT, "size": 12, "color": INK},
        "margin": {"l": 10, "r": 16, "t": 30, "b": 10},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "hoverlabel": {"font": {"family": FONT}},
        "separators": ".,",
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
    }
    return base | extra


def figure_empty(filename: str = "chart", height: int = 240, message: str | None = None) -> dict:
    """An explicit empty state: hidden axes and a centred "暂无数据" annotation."""
    annotation = {
        "text": message or _("暂无数据"),
        "showarrow": False,
        "xref": "paper",
        "yref": "paper",
        "x": 0.5,
        "y": 0.5,
        "font": {"size": 18, "color": MUTED},
    }
    layout = base_layout(height, xaxis={"visible": False}, yaxis={"visible": False}, annotations=[annotation])
    return {"data": [], "layout": layout, "config": config(filename)}


def wrap_label(text: str, width: int = 9) -> str:
    """Break a long Chinese label every ``width`` characters with <br> (plotly does not wrap)."""
    return "<br>".join(text[i : i + width] for i in range(0, len(text), width)) or "—"
