"""Timeliness (及时性) of the departments' forms: when a form is due, and whether it came on time, late, or not
at all. The rule used by the entry pages, the reminders, the dashboard, the department assessment and the
assessment reports."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from indicators.models import (
    Frequency,
    Indicator,
    Submission,
)
from responsibilities.models import TaskAssignment


class TimelinessKind:
    """Codes of ``submission_timeliness``; on_time/late/missing are the scoring engine's codes."""

    ON_TIME = "on_time"  # first submitted on or before the due date
    LATE = "late"  # first submitted N days after the due date
    MISSING = "missing"  # not submitted and the due date has passed (N days overdue)
    PENDING = "pending"  # not submitted yet, the due date has not passed
    NOT_DUE = "not_due"  # nothing due from the department in this period (e.g. annual-only in Q1–Q3)


TIMELINESS_LABELS = {
    TimelinessKind.ON_TIME: _("按时"),
    TimelinessKind.LATE: _("逾期"),
    TimelinessKind.MISSING: _("未报送"),
    TimelinessKind.PENDING: _("未到截止日"),
    TimelinessKind.NOT_DUE: _("本期无需填报"),
}


@dataclass(frozen=True)
class Timeliness:
    """Timeliness of one (department, period): ``kind`` (TimelinessKind), ``days`` late/overdue (≥ 0),
    the ``due_on`` date used (None when nothing is due) and the submission (None when none exists)."""

    kind: str
    days: int
    due_on: dt.date | None
    submission: Submission | None = None

    @property
    def label(self) -> str:
        """ "逾期 3 天" / "Late 3 days"; the bare label when ``days`` is 0."""
        label = str(TIMELINESS_LABELS[self.kind])
        if not self.days:
            return label
        text = ngettext("%(label)s %(days)s 天", "%(label)s %(days)s 天", self.days)
        return text % {"label": label, "days": self.days}

    def as_pair(self) -> tuple[str, int]:
        return self.kind, self.days


def due_date(*, period, has_due_quarterly: bool, has_annual: bool) -> dt.date | None:
    """The due date of a department's form for ``period`` (None when nothing is due).

    Quarterly indicators and milestones are due by ``period.due_on``. Annual indicators are due only
    with Q4, by ``period.annual_due_on`` (falling back to ``due_on``): a Q4 form holding annual figures
    is complete only when those are published, so the whole form is due then.
    """
    annual_due = has_annual and period.is_annual
    if not (has_due_quarterly or annual_due):
        return None
    if annual_due:
        return period.annual_due_on or period.due_on
    return period.due_on


def timeliness_of(*, due_on, first_submitted_at, today: dt.date, submission=None) -> Timeliness:
    """Timeliness against ``due_on`` from the first submission time (local date) and ``today``."""
    if due_on is None:
        return Timeliness(TimelinessKind.NOT_DUE, 0, None, submission)
    if first_submitted_at is not None:
        days = (timezone.localdate(first_submitted_at) - due_on).days
        kind = TimelinessKind.LATE if days > 0 else TimelinessKind.ON_TIME
        return Timeliness(kind, max(days, 0), due_on, submission)
    if today > due_on:
        return Timeliness(TimelinessKind.MISSING, (today - due_on).days, due_on, submission)
    return Timeliness(TimelinessKind.PENDING, 0, due_on, submission)


def _due_profile(department_ids) -> dict[int, dict]:
    """Per department id: {"quarterly": bool (quarterly indicators or led milestones), "annual": bool}.

    Two queries: indicator frequencies, and departments leading a task with milestones.
    """
    profile = {pk: {"quarterly": False, "annual": False} for pk in department_ids}
    # order_by(): the model's default ordering would otherwise enter the DISTINCT.
    frequencies = (
        Indicator.objects.filter(reporting_department_id__in=profile)
        .values_list("reporting_department_id", "frequency")
        .order_by()
        .distinct()
    )
    for department_id, frequency in frequencies:
        profile[department_id]["annual" if frequency == Frequency.ANNUAL else "quarterly"] = True
    leading = (
        TaskAssignment.objects.filter(
            department_id__in=profile, role=TaskAssignment.Role.LEAD, task__milestones__isnull=False
        )
        .values_list("department_id", flat=True)
        .order_by()
        .distinct()
    )
    for department_id in leading:
        profile[department_id]["quarterly"] = True
    return profile


def timeliness_table(*, periods, departments, today: dt.date) -> dict[tuple[int, int], Timeliness]:
    """Timeliness of every (department, period) pair: ``{(department_id, period_id): Timeliness}``.

    ``periods`` and ``departments`` are model instances (lists or querysets). Every pair is present;
    kind ``not_due`` marks a pair with nothing due (annual-only departments in Q1–Q3). Used for the
    20 % timeliness component of the assessment and the 填报及时性 sheet. Three queries whatever the sizes.
    """
    periods, departments = list(periods), list(departments)
    profile = _due_profile([d.pk for d in departments])
    submissions = {
        (s.department_id, s.period_id): s
        for s in Submission.objects.filter(department__in=departments, period__in=periods)
    }
    table = {}
    for department in departments:
        for period in periods:
            submission = submissions.get((department.pk, period.pk))
            due = due_date(
                period=period,
                has_due_quarterly=profile[department.pk]["quarterly"],
                has_annual=profile[department.pk]["annual"],
            )
            table[department.pk, period.pk] = timeliness_of(
                due_on=due,
                first_submitted_at=submission.first_submitted_at if submission else None,
                today=today,
                submission=submission,
            )
    return table


def submission_timeliness(*, submission, today: dt.date) -> tuple[str, int]:
    """("on_time", 0) / ("late", N days) / ("missing", N days overdue) — plus ("pending", 0) before the
    due date and ("not_due", 0) when nothing is due — for one submission. Three queries."""
    table = timeliness_table(periods=[submission.period], departments=[submission.department], today=today)
    return table[submission.department_id, submission.period_id].as_pair()
