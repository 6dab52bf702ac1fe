"""The quarters the dashboard offers and the one it shows (``?period=2025Q3``, else the latest with approved data)."""

import datetime as dt

from django.db.models import Exists, OuterRef, Q

from indicators.models import IndicatorValue, MilestoneReport, ReportingPeriod, ReviewStatus, Score


def periods_all(*, today: dt.date | None = None, plan=None) -> list[ReportingPeriod]:
    """The reporting periods (quarters), oldest first; with ``today`` only the quarters that have ended
    (last day before ``today``): the quarter under way has no complete data and is never offered; with ``plan``
    only the quarters from the plan's start on (a plan is tracked after its end too). 1 query."""
    rows = ReportingPeriod.objects.order_by("year", "quarter")
    return [
        p
        for p in rows
        if (today is None or period_ended(p, today=today)) and (plan is None or p.end >= plan.period_start)
    ]


def period_ended(period: ReportingPeriod, *, today: dt.date) -> bool:
    """Whether ``period`` is over: its last day is before ``today`` (2026Q4 is not over on 2026-11-30)."""
    return period.end < today


def period_default(periods: list[ReportingPeriod], *, today: dt.date) -> ReportingPeriod | None:
    """The latest quarter among ``periods`` with approved data (an approved figure or milestone report).

    Falls back to the latest quarter with stored scores, then to the latest quarter that has
    ended by ``today``, then to the first quarter. 1 query (2 when nothing is approved).
    """
    approved = ReportingPeriod.objects.filter(pk__in=[p.pk for p in periods]).filter(
        Exists(IndicatorValue.objects.filter(period=OuterRef("pk"), status=ReviewStatus.APPROVED))
        | Exists(MilestoneReport.objects.filter(period=OuterRef("pk"), status=ReviewStatus.APPROVED))
    )
    chosen = approved.order_by("-year", "-quarter").values_list("pk", flat=True).first()
    if chosen is None:
        chosen = (
            Score.objects.filter(period_id__in=[p.pk for p in periods])
            .order_by("-period__year", "-period__quarter")
            .values_list("period_id", flat=True)
            .first()
        )
    by_id = {p.pk: p for p in periods}
    if chosen in by_id:
        return by_id[chosen]
    ended = [p for p in periods if period_ended(p, today=today)]
    return (ended or periods or [None])[-1]


def period_resolve(periods: list[ReportingPeriod], *, label: str | None, today: dt.date):
    """The quarter named by ``label`` ("2025Q3"), else the default quarter.

    Returns (period or None when there is no period at all, ``True`` when a label was given but names
    no quarter). 0–2 queries.
    """
    if label:
        found = next((p for p in periods if p.label == label.strip().upper()), None)
        if found is not None:
            return found, False
    return period_default(periods, today=today), bool(label)


def periods_until(periods: list[ReportingPeriod], period: ReportingPeriod) -> list[ReportingPeriod]:
    """The quarters up to and including ``period`` (no query)."""
    return [p for p in periods if (p.year, p.quarter) <= (period.year, period.quarter)]


def upto(period: ReportingPeriod, prefix: str = "period__") -> Q:
    """Filter: rows whose period is ``period`` or earlier."""
    return Q(**{f"{prefix}year__lt": period.year}) | Q(
        **{f"{prefix}year": period.year, f"{prefix}quarter__lte": period.quarter}
    )
