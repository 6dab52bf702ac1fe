"""Reads of the 台账 (evidence ledger): the figures, milestone reports and evidence of a plan, optionally of
one department and one year, with who entered, submitted and approved them and their review history.

Drafts are left out (never submitted, nothing to inspect). A figure or milestone report belongs to the
department of its form (``Submission.department``); public figures (no form) belong to the county ledger
only. A fixed number of queries whatever the plan's size; evidence rows are streamed with ``iterator()``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from indicators.models import Evidence, IndicatorValue, MilestoneReport, ReviewStatus

EMPTY = "—"


@dataclass(frozen=True)
class LedgerScope:
    """What a ledger holds: ``plan_id``, optionally ``department_id`` and ``year`` (of the reporting period)."""

    plan_id: int
    department_id: int | None = None
    year: int | None = None


def figures_of(scope: LedgerScope):
    """Submitted, returned and approved figures of the scope (queryset), in plan order."""
    rows = IndicatorValue.objects.filter(indicator__task__system__plan_id=scope.plan_id).exclude(
        status=ReviewStatus.DRAFT
    )
    if scope.department_id:
        rows = rows.filter(submission__department_id=scope.department_id)
    if scope.year:
        rows = rows.filter(period__year=scope.year)
    return rows.select_related(
        "indicator__task__system", "period", "submission__department", "submission__submitted_by", "reviewed_by"
    ).order_by(
        "indicator__task__system__order",
        "indicator__task__number",
        "indicator__code",
        "period__year",
        "period__quarter",
        "is_final",
    )


def reports_of(scope: LedgerScope):
    """Submitted, returned and approved milestone reports of the scope (queryset), in plan order."""
    rows = MilestoneReport.objects.filter(milestone__task__system__plan_id=scope.plan_id).exclude(
        status=ReviewStatus.DRAFT
    )
    if scope.department_id:
        rows = rows.filter(submission__department_id=scope.department_id)
    if scope.year:
        rows = rows.filter(period__year=scope.year)
    return rows.select_related(
        "milestone__task__system", "period", "submission__department", "submission__submitted_by", "reviewed_by"
    ).order_by("milestone__task__system__order", "milestone__task__number", "milestone__code", "period__year")


def evidence_of(scope: LedgerScope):
    """Evidence of those figures and reports (queryset, oldest first), with the owner's plan path loaded."""
    return (
        Evidence.objects.filter(
            Q(value__in=figures_of(scope).values("pk")) | Q(milestone_report__in=reports_of(scope).values("pk"))
        )
        .select_related(
            "value__indicator__task__system",
            "value__period",
            "milestone_report__milestone__task__system",
            "milestone_report__period",
            "uploaded_by",
        )
        .order_by("uploaded_at", "pk")
    )


def user_name(user) -> str:
    """ "张三" (full name) or the username; "—" for none (deleted account, demo data)."""
    if user is None:
        return EMPTY
    return user.get_full_name() or user.username


def when(moment: dt.datetime | None) -> str:
    """Local time "2025-01-05 10:00", or "—"."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else EMPTY


@dataclass(frozen=True)
class Trail:
    """Who entered a row and when (its first history record), and its review history in one text."""

    entered_by: str
    entered_at: str
    history: str


def trails_of(model, rows_queryset) -> dict[int, Trail]:
    """``{row id: Trail}`` from django-simple-history (one query): each change of status is one line,
    "2025-01-05 10:00 张三 已提交", with the reviewer's reason for a return."""
    records = (
        model.history.filter(id__in=rows_queryset.values("pk"))
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    grouped = defaultdict(list)
    for record in records:
        grouped[record.id].append(record)
    return {pk: _trail(items) for pk, items in grouped.items()}


def _trail(records) -> Trail:
    first, lines, last_status = records[0], [], None
    labels = dict(ReviewStatus.choices)
    for record in records:
        if record.status == last_status:
            continue
        last_status = record.status
        line = f"{when(record.history_date)} {user_name(record.history_user)} {labels.get(record.status, '')}"
        if record.status == ReviewStatus.RETURNED and record.review_reason:
            line += f"（{record.review_reason}）"
        lines.append(line)
    return Trail(user_name(first.history_user), when(first.history_date), "\n".join(lines))
