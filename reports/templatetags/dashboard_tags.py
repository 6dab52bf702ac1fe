"""Template filters of the dashboard: status names and numbers as the charts show them."""

from django import template

from indicators import models
from indicators.recompute.selectors import scores_pending_notice
from reports.dashboard.charts import base as charts

register = template.Library()


@register.filter
def status_label(code: str | None) -> str:
    """ "lagging" → "滞后"."""
    return charts.status_label(code)


@register.filter
def grade_label(grade: str | None) -> str:
    """A stored grade "良好" → its name in the page's language ("良好" / "Good"); "" for none."""
    return models.grade_label(grade)


@register.filter
def pct(value) -> str:
    """62.54 → "62.5%" (half-up); None → "—"."""
    return charts.pct(value)


@register.filter
def num(value, places: int = 1) -> str:
    """A number half-up to ``places`` decimals; None → "—"."""
    return charts.num(value, int(places))


@register.filter
def quarter(period) -> str:
    """A ReportingPeriod or "2025Q3" → "2025年第3季度"."""
    label = period if isinstance(period, str) else period.label
    year, q = label.split("Q")
    return charts.quarter_label(int(year), int(q))


@register.simple_tag
def optional_url(name: str, *args) -> str:
    """``{% optional_url "entry:evidence" pk as href %}``: the URL, or "" while that page does not exist."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@register.inclusion_tag("reports/partials/scores_pending.html")
def scores_pending_banner(plan=None) -> dict:
    """The notice that stored scores are being updated (``indicators.recompute.selectors``); nothing when
    no recompute is pending. 1 query."""
    return {"notice": scores_pending_notice(plan_id=getattr(plan, "pk", None))}
