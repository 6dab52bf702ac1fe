"""Charts of the 终期评估报告 as PNG images with Chinese labels, drawn by matplotlib (Agg: no browser, no
display, no network).

The CJK font: Noto Sans CJK SC as shipped by the PyPI package ``mplfonts`` (pinned in requirements.txt, so
``make run`` needs only Python), else the system's Noto Sans CJK (Debian fonts-noto-cjk), else none — then
``cjk_font_path()`` is None and the report leaves the charts out with a sentence saying why (matplotlib's
default font has no Chinese glyphs and would draw boxes).
"""

from __future__ import annotations

import importlib.util
import io
from functools import cache
from pathlib import Path

SYSTEM_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
)
BLUE, GREY, RED = "#1f5f99", "#8a8f98", "#b3261e"


@cache
def cjk_font_path() -> str | None:
    """Path of a font with simplified Chinese glyphs, or None (see the module docstring)."""
    spec = importlib.util.find_spec("mplfonts")  # located, not imported (its __init__ changes rcParams)
    for folder in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(folder) / "fonts" / "NotoSansCJKsc-Regular.otf"
        if candidate.exists():
            return str(candidate)
    return next((path for path in SYSTEM_FONTS if Path(path).exists()), None)


def _figure(width_cm: float = 15, height_cm: float = 7.5):
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    return Figure(figsize=(width_cm / 2.54, height_cm / 2.54), dpi=200)


def _font(size: float = 8):
    from matplotlib.font_manager import FontProperties

    return FontProperties(fname=cjk_font_path(), size=size)


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()


def systems_chart(rows: list[tuple[str, float | None, float | None]], *, title: str) -> bytes | None:
    """Horizontal bars: each system's 完成进度 (%) against 时序进度 (a grey tick). ``rows``: (name, progress,
    expected) in plan order. None when no CJK font is available."""
    if cjk_font_path() is None or not rows:
        return None
    figure = _figure(height_cm=2 + 1.1 * len(rows))
    axes = figure.add_subplot()
    names = [name for name, _p, _e in rows][::-1]
    progress = [p or 0 for _n, p, _e in rows][::-1]
    expected = [e for _n, _p, e in rows][::-1]
    bars = axes.barh(names, progress, color=BLUE, height=0.55, label="完成进度")
    for bar, value in zip(bars, progress, strict=True):
        axes.text(value + 1, bar.get_y() + bar.get_height() / 2, f"{value:.1f}%", va="center", fontproperties=_font())
    marks = [(i, e) for i, e in enumerate(expected) if e is not None]
    if marks:
        axes.scatter([e for _i, e in marks], [i for i, _e in marks], marker="|", s=300, color=GREY, label="时序进度")
    axes.set_xlim(0, 115)
    axes.set_xlabel("完成进度（%）", fontproperties=_font())
    axes.set_title(title, fontproperties=_font(10))
    for label in axes.get_yticklabels():
        label.set_fontproperties(_font())
    axes.legend(prop=_font(), loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def trend_chart(points: list[tuple[str, float | None]], *, title: str) -> bytes | None:
    """The plan score by year (a line with its values). ``points``: (label "2022年", score). None when no
    CJK font is available."""
    if cjk_font_path() is None or not points:
        return None
    figure = _figure(height_cm=6.5)
    axes = figure.add_subplot()
    labels = [label for label, _v in points]
    values = [v if v is not None else float("nan") for _l, v in points]
    axes.plot(labels, values, marker="o", color=BLUE)
    for x, value in enumerate(values):
        if value == value:  # not NaN
            axes.annotate(f"{value:.1f}", (x, value), textcoords="offset points", xytext=(0, 6), ha="center",
                          fontproperties=_font())  # fmt: skip
    axes.set_ylim(0, 110)
    axes.set_ylabel("得分（分）", fontproperties=_font())
    axes.set_title(title, fontproperties=_font(10))
    for label in axes.get_xticklabels():
        label.set_fontproperties(_font())
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)
