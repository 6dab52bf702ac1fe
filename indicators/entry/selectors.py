"""Reads of data entry and review: who reports what, figures and their latest approved values, the entry
form, the history of changes, the review queue (a fixed number of queries each)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators.entry.timeliness import Timeliness, timeliness_table
from indicators.models import (
    Evidence,
    Frequency,
    Indicator,
    IndicatorValue,
    MilestoneReport,
    ReportingPeriod,
    ReviewStatus,
    Submission,
)
from responsibilities.models import Department, TaskAssignment
from tasks.models import Milestone, Plan

# --- Data entry and review (issue 3) ---------------------------------------------------------------
# Periods compare by (year, quarter); an "index" is year × 4 + quarter (2025Q4 → 8104), as in the engine.


def _before(period, *, inclusive: bool = False, prefix: str = "period__") -> Q:
    """Q for rows whose period precedes ``period`` (or equals it when ``inclusive``)."""
    quarter_lookup = "lte" if inclusive else "lt"
    return Q(**{f"{prefix}year__lt": period.year}) | Q(
        **{f"{prefix}year": period.year, f"{prefix}quarter__{quarter_lookup}": period.quarter}
    )


def indicator_is_due(indicator, period) -> bool:
    """Quarterly indicators are due every quarter; annual ones only with Q4 (never missing in Q1–Q3)."""
    return indicator.frequency == Frequency.QUARTERLY or period.is_annual


def indicators_of_department(*, department) -> list[Indicator]:
    """Indicators ``department`` reports (填报单位) in the plans open for entry (实施中, 已结束), by plan (latest
    period first), task number and code, with their task, system and plan. One query."""
    return list(
        Indicator.objects.filter(reporting_department=department, plan__state__in=Plan.ENTRY_STATES)
        .select_related("task__system", "plan")
        .order_by("-plan__period_end", "plan_id", "task__number", "code")
    )


def milestones_led(*, department) -> list[Milestone]:
    """Milestones of the plan tasks ``department`` leads (牵头单位) in the plans open for entry, by plan (latest
    period first), task number and code, with their task, system and plan. One query."""
    return list(
        Milestone.objects.filter(
            task__assignments__department=department,
            task__assignments__role=TaskAssignment.Role.LEAD,
            task__system__plan__state__in=Plan.ENTRY_STATES,
        )
        .select_related("task__system__plan")
        .order_by("-task__system__plan__period_end", "task__system__plan_id", "task__number", "code")
        .distinct()
    )


def departments_reporting(*, plan=None) -> list[Department]:
    """Departments with something to report in a plan open for entry (only ``plan`` when given): an indicator,
    or a milestone of a task they lead. One query."""
    # IN subqueries, not a DISTINCT over the joins: the join multiplies indicators by milestones.
    plans = Q(task__system__plan__state__in=Plan.ENTRY_STATES) & (Q(task__system__plan=plan) if plan else Q())
    reporting = Indicator.objects.filter(plans).values("reporting_department_id")
    leading = TaskAssignment.objects.filter(
        plans, role=TaskAssignment.Role.LEAD, task__milestones__isnull=False
    ).values("department_id")
    return list(Department.objects.filter(Q(pk__in=reporting) | Q(pk__in=leading)).order_by("order", "code"))


def period_current(*, today: dt.date) -> ReportingPeriod | None:
    """The latest period open for entry on ``today`` (opens_on ≤ today), else the earliest period."""
    period = ReportingPeriod.objects.filter(opens_on__lte=today).order_by("-year", "-quarter").first()
    return period or ReportingPeriod.objects.order_by("year", "quarter").first()


def value_current(provisional, final):
    """The figure that counts for a period: the final (正式) one when it exists, else the provisional (初步)."""
    return final or provisional


def is_final_default(indicator, provisional=None, final=None) -> bool:
    """数据类型 (正式 True / 初步 False) of a figure entered without one — the one rule of the entry form, the Excel
    upload and the API: the period's stored figure keeps its type (once its 初步 is approved only a 正式 may
    follow); a new figure is 正式 for a quarterly indicator and 初步 for an annual one (reported provisionally
    in Q4, confirmed later). ``provisional`` / ``final``: the period's stored rows, or None."""
    current = value_current(provisional, final)
    if current is None:
        return indicator.frequency == Frequency.QUARTERLY
    return current.is_final or current.status == ReviewStatus.APPROVED


def values_latest_approved(*, indicator_ids, period, inclusive: bool = False) -> dict[int, IndicatorValue]:
    """Per indicator id: the latest approved figure before ``period`` (or up to it, ``inclusive``).

    Within one period a final value wins over a provisional one. One query, whatever the count.
    """
    rows = (
        IndicatorValue.objects.filter(indicator_id__in=indicator_ids, status=ReviewStatus.APPROVED, value__isnull=False)
        .filter(_before(period, inclusive=inclusive))
        .select_related("period")
        .order_by("indicator_id", "period__year", "period__quarter", "is_final")
    )
    latest = {}
    for row in rows:  # ascending: the last row seen per indicator is the latest, final after provisional
        latest[row.indicator_id] = row
    return latest


def value_latest_approved(indicator, up_to_period) -> IndicatorValue | None:
    """The latest approved figure of ``indicator`` in ``up_to_period`` or earlier (final preferred). One query."""
    return values_latest_approved(indicator_ids=[indicator.pk], period=up_to_period, inclusive=True).get(indicator.pk)


@dataclass(frozen=True)
class ApprovedValue:
    """One approved figure per (indicator, period), as the scoring uses it.

    ``value`` is a Decimal in the indicator's unit (%, µg/m³, MW, 个 …); ``is_final`` tells whether the
    正式 (final) figure was used (it replaces the 初步 one of the same period); ``origin`` is
    entry/upload/api/public/demo; ``value_id`` the IndicatorValue row.
    """

    indicator_id: int
    period_id: int
    year: int
    quarter: int
    value: Decimal
    is_final: bool
    origin: str
    value_id: int


def values_approved_for_scoring(*, indicator_ids=None) -> dict[int, list[ApprovedValue]]:
    """Approved figures for scoring: ``{indicator_id: [ApprovedValue, …]}`` ordered by (year, quarter).

    One entry per (indicator, period): the approved final value when there is one, else the approved
    provisional value. Rows without a value are left out; indicators without approved figures are
    absent. ``indicator_ids`` (iterable) limits the indicators; None means all. One query.
    """
    rows = IndicatorValue.objects.filter(status=ReviewStatus.APPROVED, value__isnull=False)
    if indicator_ids is not None:
        rows = rows.filter(indicator_id__in=list(indicator_ids))
    rows = rows.order_by("indicator_id", "period__year", "period__quarter", "is_final").values_list(
        "pk", "indicator_id", "period_id", "period__year", "period__quarter", "value", "is_final", "origin"
    )
    chosen: dict[tuple[int, int], ApprovedValue] = {}
    for pk, indicator_id, period_id, year, quarter, value, is_final, origin in rows:
        chosen[indicator_id, period_id] = ApprovedValue(
            indicator_id, period_id, year, quarter, value, is_final, origin, pk
        )
    result: dict[int, list[ApprovedValue]] = {}
    for item in chosen.values():  # insertion order is already (indicator, year, quarter)
        result.setdefault(item.indicator_id, []).append(item)
    return result


# --- Page reads: entry form, indicator page, lists (a fixed number of queries each) ------------------


@dataclass
class ValueRow:
    """One indicator on the entry form: its 初步 and 正式 rows of the period and the last approved figure."""

    indicator: Indicator
    provisional: IndicatorValue | None
    final: IndicatorValue | None
    last_approved: IndicatorValue | None

    @property
    def current(self) -> IndicatorValue | None:
        return value_current(self.provisional, self.final)

    @property
    def mode(self) -> str:
        """ "edit" (enter or change), "final_only" (初步 approved: only a 正式 figure may follow), or
        "locked" (正式 approved, or submitted and waiting for review: read-only for staff)."""
        current = self.current
        if current is None or current.status in (ReviewStatus.DRAFT, ReviewStatus.RETURNED):
            return "edit"
        if current.status == ReviewStatus.SUBMITTED:
            return "locked"
        return "final_only" if not current.is_final else "locked"

    @property
    def items(self) -> list[IndicatorValue]:
        return [row for row in (self.provisional, self.final) if row is not None]


@dataclass
class MilestoneRow:
    """One milestone on the entry form: this period's report and the department's latest earlier one."""

    milestone: Milestone
    report: MilestoneReport | None
    previous: MilestoneReport | None

    @property
    def locked(self) -> bool:
        """Approved, or submitted and waiting for review: read-only for staff."""
        return self.report is not None and self.report.status in (ReviewStatus.APPROVED, ReviewStatus.SUBMITTED)


@dataclass
class EntryFormData:
    department: Department
    period: ReportingPeriod
    submission: Submission | None
    value_rows: list[ValueRow]
    milestone_rows: list[MilestoneRow]
    annual_waiting: list[Indicator]  # annual indicators, reported with Q4 only

    @property
    def version(self) -> int:
        """The version the page was built from; 1 for a form not saved yet (a new Submission starts at 1)."""
        return self.submission.version if self.submission else 1

    @property
    def is_open(self) -> bool:
        return self.period.opens_on <= timezone.localdate()

    @property
    def plans(self) -> list:
        """The plans of the form's figures and milestones, in form order: the form shows each plan's rows under
        its own heading when there are several (one form per department per quarter). No query."""
        found = [row.indicator.plan for row in self.value_rows]
        found += [row.milestone.task.system.plan for row in self.milestone_rows]
        return list({plan.pk: plan for plan in found}.values())

    @property
    def awaiting_review(self) -> bool:
        """The whole form is submitted (已提交待审核): read-only for staff until returned or withdrawn."""
        return self.submission is not None and self.submission.status == ReviewStatus.SUBMITTED

    @property
    def has_submitted(self) -> bool:
        """Some figure or milestone report waits for review: staff may withdraw the form (撤回修改)."""
        values = (item for row in self.value_rows for item in row.items)
        reports = (row.report for row in self.milestone_rows if row.report is not None)
        return any(item.status == ReviewStatus.SUBMITTED for item in [*values, *reports])


def entry_form_data(*, department, period) -> EntryFormData:
    """Everything the entry form of (department, period) shows. Nine queries at most, whatever the
    number of indicators or milestones (see tests/indicators/test_views.py for the list)."""
    submission = Submission.objects.filter(department=department, period=period).select_related("submitted_by").first()
    indicators = indicators_of_department(department=department)
    due = [i for i in indicators if indicator_is_due(i, period)]
    rows = {}
    values = IndicatorValue.objects.filter(indicator__in=due, period=period).select_related("reviewed_by")
    for row in values.prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at"))):
        rows[row.indicator_id, row.is_final] = row
    last = values_latest_approved(indicator_ids=[i.pk for i in due], period=period)
    value_rows = [ValueRow(i, rows.get((i.pk, False)), rows.get((i.pk, True)), last.get(i.pk)) for i in due]
    return EntryFormData(
        department,
        period,
        submission,
        value_rows,
        _milestone_rows(department, period, submission),
        [i for i in indicators if not indicator_is_due(i, period)],
    )


def _milestone_rows(department, period, submission) -> list[MilestoneRow]:
    milestones = milestones_led(department=department)
    reports = {}
    if submission is not None and milestones:
        queryset = submission.milestone_reports.select_related("reviewed_by")
        for report in queryset.prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at"))
        ):
            reports[report.milestone_id] = report
    previous = {}
    earlier = (
        MilestoneReport.objects.filter(submission__department=department, milestone__in=milestones)
        .filter(_before(period))
        .select_related("period")
        .order_by("period__year", "period__quarter")
    )
    for report in earlier if milestones else []:
        previous[report.milestone_id] = report
    return [MilestoneRow(m, reports.get(m.pk), previous.get(m.pk)) for m in milestones]


@dataclass
class HistoryEntry:
    """One change of a row: when, who, why, and the (field label, old, new) triples that changed."""

    when: dt.datetime
    who: object
    reason: str
    kind: str  # "+" created, "~" changed, "-" deleted
    changes: list[tuple[str, str, str]]
    record: object


def _display(record, field_name: str) -> str:
    value = getattr(record, field_name)
    if field_name == "is_final":
        return str(_("正式") if value else _("初步"))
    if field_name in {"status", "state", "origin"}:
        return str(getattr(record, f"get_{field_name}_display")())
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return "" if value is None else str(value)


def history_entries(records, fields: list[str]) -> list[HistoryEntry]:
    """Turn simple-history records (any order) into entries with old → new per changed field, newest first."""
    model = records.model if hasattr(records, "model") else None
    labels = (
        {name: str(model._meta.get_field(name).verbose_name) for name in fields} if model else dict.fromkeys(fields, "")
    )
    if "is_final" in labels:
        labels["is_final"] = str(_("初步/正式"))
    previous, entries = {}, []
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        before = previous.get(record.id)
        changes = [
            (labels[name], _display(before, name) if before else "", _display(record, name))
            for name in fields
            if before is None or getattr(before, name) != getattr(record, name)
        ]
        if before is None:
            changes = [c for c in changes if c[2]]
        entries.append(
            HistoryEntry(
                record.history_date,
                record.history_user,
                record.history_change_reason or "",
                record.history_type,
                changes,
                record,
            )
        )
        previous[record.id] = record
    return entries[::-1]


VALUE_HISTORY_FIELDS = ["value", "is_final", "note", "status", "review_reason", "origin"]
REPORT_HISTORY_FIELDS = ["state", "percent_done", "description", "status", "review_reason"]


def submission_history(*, submission) -> list[HistoryEntry]:
    """Changes of the form's milestone reports and of the form itself (status), newest first. Two queries."""
    if submission is None:
        return []
    reports = MilestoneReport.history.filter(submission_id=submission.pk).select_related("history_user", "milestone")
    forms = submission.history.select_related("history_user")
    return sorted(
        history_entries(reports, REPORT_HISTORY_FIELDS) + history_entries(forms, ["status"]),
        key=lambda e: (e.when, e.record.history_id),
        reverse=True,
    )


@dataclass
class PeriodValues:
    """One period on the indicator page: its 初步 and 正式 figures."""

    period: ReportingPeriod
    provisional: IndicatorValue | None = None
    final: IndicatorValue | None = None

    @property
    def current(self):
        return value_current(self.provisional, self.final)


def indicator_page_data(*, indicator) -> dict:
    """Figures of ``indicator`` by period (newest first) and the full history of its rows. Three queries.

    Shape: {"periods": [PeriodValues], "history": [HistoryEntry]}; each value has ``evidence`` prefetched,
    ``submission`` (with ``submitted_by``) and ``reviewed_by`` loaded.
    """
    values = (
        IndicatorValue.objects.filter(indicator=indicator)
        .select_related("period", "submission__department", "submission__submitted_by", "reviewed_by")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at")))
        .order_by("-period__year", "-period__quarter")
    )
    periods: dict[int, PeriodValues] = {}
    for value in values:
        entry = periods.setdefault(value.period_id, PeriodValues(value.period))
        setattr(entry, "final" if value.is_final else "provisional", value)
    records = IndicatorValue.history.filter(indicator_id=indicator.pk).select_related("history_user", "period")
    return {"periods": list(periods.values()), "history": history_entries(records, VALUE_HISTORY_FIELDS)}


def department_submissions(*, department, today: dt.date) -> list[Timeliness]:
    """The department's periods, newest first, each as its Timeliness (with ``submission`` and ``due_on``).

    Four queries whatever the number of periods or indicators.
    """
    periods = list(ReportingPeriod.objects.order_by("-year", "-quarter"))
    table = timeliness_table(periods=periods, departments=[department], today=today)
    return [(period, table[department.pk, period.pk]) for period in periods]


def review_queue(*, period, today: dt.date, plan=None) -> dict:
    """The supervisors' page: forms awaiting review (oldest submission first) and, for ``period``, every
    reporting department's form with its timeliness; with ``plan`` (the switcher's) only the departments reporting
    in that plan (a form holds every plan's figures of the department, so every waiting form is listed). Six
    queries whatever the sizes.

    Shape: {"waiting": [Submission], "overview": [(Department, Timeliness)], "periods": [ReportingPeriod]}.
    """
    waiting = list(
        Submission.objects.filter(status=ReviewStatus.SUBMITTED)
        .select_related("department", "period", "submitted_by")
        .order_by("submitted_at")
    )
    departments = departments_reporting(plan=plan)
    table = timeliness_table(periods=[period], departments=departments, today=today)
    overview = [(d, table[d.pk, period.pk]) for d in departments]
    overview.sort(key=lambda pair: _queue_order(pair[1]))
    return {
        "waiting": waiting,
        "overview": overview,
        "periods": list(ReportingPeriod.objects.order_by("-year", "-quarter")),
    }


def _queue_order(timeliness: Timeliness) -> int:
    status = timeliness.submission.status if timeliness.submission else None
    order = [ReviewStatus.SUBMITTED, ReviewStatus.RETURNED, ReviewStatus.DRAFT, None, ReviewStatus.APPROVED]
    return order.index(status)
