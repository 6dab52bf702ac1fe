"""Demo figures (示例数据) so that every page has something to show (issue 3, item 9).

For every department with something to report and every period since 2022Q1 that is open on
``today``, a form in one of the workflow states — mostly approved, some submitted, returned, draft,
late or missing — chosen by a checksum of (department, period): the same database and day give the
same data. Values move from plausible 2022 levels toward the 2025 targets (林草覆盖率 ~70 → ~77 %,
新能源装机 ~800 → ~1600 MW, PM2.5 36 → 33 µg/m³ …); annual indicators have a 初步 and, in earlier
years, a 正式 figure. Everything is marked: ``Submission.is_demo``, ``IndicatorValue.origin = "demo"``,
note "示例数据", history reason "示例数据".

Idempotent: a (department, period) that already has a form — demo or real — is left alone, and a
(indicator, period) that already has any figure (e.g. a public figure, origin "public") gets none.
"""

import datetime as dt
import zlib
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from indicators.catalogue.validation import COUNT_UNITS, WHOLE_COUNT_UNITS, value_bounds
from indicators.entry import selectors, timeliness
from indicators.models import (
    Indicator,
    IndicatorValue,
    MilestoneReport,
    Origin,
    ReportingPeriod,
    ReviewStatus,
    Submission,
)

DEMO = "示例数据"
RETURN_REASON = "示例数据:请核对统计口径并补充佐证材料。"
START = (2022, 1)
END_INDEX = 15  # 2025Q4 is quarter 15 counted from 2022Q1 = 0

# (2022Q1 value, 2025Q4 value) of the plan's indicators, in their units.
TRAJECTORIES = {
    "T05-AQ-GOOD": ("80", "86.5"),
    "T05-PM25": ("36", "33"),
    "T06-SW-II": ("90", "100"),
    "T06-NO-INFERIOR-V": ("2", "0"),
    "T06-NO-BLACK-ODOR": ("1", "0"),
    "T06-IRRIGATION": ("0", "4"),
    "T06-RIVERS": ("0", "4"),
    "T06-LIVESTOCK-FARMS": ("4", "32"),
    "T06-MANURE-POINTS": ("5", "50"),
    "T07-CONTAM-SITES": ("0", "2"),
    "T08-HAZWASTE": ("100", "100"),
    "T10-REDLINE-SHARE": ("27.81", "27.85"),
    "T12-FOREST-GRASS": ("70", "77"),
    "T12-EI": ("60.2", "62.5"),
    "T13-LAND-PER-GDP": ("3.0", "4.6"),
    "T13-MANURE-USE": ("70", "78"),
    "T13-STRAW-USE": ("86", "91.5"),
    "T13-FILM-RECOVERY": ("78", "82.5"),
    "T14-NEW-ENERGY-MW": ("800", "1600"),
    "T16-OBSOLETE-EXIT": ("0", "1"),
    "T17-REUSED-WATER": ("35", "50"),
    "T17-ISW-USE-GROWTH": ("4.2", "5.3"),
    "T18-URBAN-SEWAGE": ("94", "97.5"),
    "T18-URBAN-MSW": ("100", "100"),
    "T19-VILLAGE-SEWAGE": ("2", "13"),
    "T19-DRINKING-WATER": ("97", "100"),
    "T19-RURAL-SEWAGE": ("30", "55"),
    "T19-RURAL-MSW": ("90", "100"),
    "T19-SANITARY-TOILET": ("60", "75"),
    "T20-GREEN-BUILDING": ("60", "100"),
    "T20-GREEN-PROCUREMENT": ("85", "100"),
    "T21-ECO-CULTURE-MODELS": ("0", "1"),
    "T22-EDU-BASES": ("0", "2"),
}


def _checksum(*parts) -> int:
    """A stable number 0–99 from the parts (zlib.crc32; Python's hash() changes between runs)."""
    return zlib.crc32("|".join(map(str, parts)).encode()) % 100


def _index(period) -> int:
    return (period.year - START[0]) * 4 + period.quarter - START[1]


def _fallback(indicator) -> tuple[str, str]:
    """A plausible trajectory for an indicator not in TRAJECTORIES, by kind and target."""
    target = indicator.target_value
    by_kind = {
        "at_least": lambda: (target * Decimal("0.9"), target),
        "at_most": lambda: (target * Decimal("1.1"), target * Decimal("0.95")),
        "zero_count": lambda: (2, 0),
        "project_count": lambda: (0, target),
        "yes_no": lambda: (0, 1),
    }
    if target is not None and indicator.kind in by_kind:
        start, end = by_kind[indicator.kind]()
        return str(start), str(end)
    return ("80", "88") if indicator.unit == "%" else ("60", "63")


def demo_value(indicator, period) -> Decimal:
    """The demo figure of ``indicator`` in ``period``: linear from 2022Q1 to 2025Q4 (slowly on after),
    whole numbers for counts, a small deterministic wiggle on rates, within the indicator's hard limits."""
    start, end = (Decimal(v) for v in TRAJECTORIES.get(indicator.code) or _fallback(indicator))
    t = Decimal(_index(period)) / END_INDEX
    if t > 1:  # after the plan: keep the 2025 level, a little better
        t = 1 + (t - 1) / 4
    value = start + (end - start) * t
    if indicator.unit in WHOLE_COUNT_UNITS or indicator.kind == "yes_no":
        value = value.to_integral_value(rounding="ROUND_FLOOR" if end >= start else "ROUND_CEILING")
    else:
        if indicator.unit not in COUNT_UNITS:  # cumulative counts (MW) never go back
            value += (end - start) * Decimal(_checksum(indicator.code, period.label) - 50) / 1000
        value = value.quantize(Decimal(1).scaleb(-indicator.decimal_places), rounding=ROUND_HALF_UP)
    low, high = value_bounds(indicator)
    value = max(value, low) if low is not None else value
    return min(value, high) if high is not None else value


def _state(department, period, *, latest_due, today) -> str | None:
    """The workflow state of a demo form: approved, late, reworked, submitted, returned, draft or None (missing)."""
    n = _checksum(department.code, period.label)
    if period.due_on >= today:  # open, not due yet
        return "draft" if n < 40 else "submitted" if n < 70 else None
    age = _index(latest_due) - _index(period)
    table = (
        [(35, "submitted"), (50, "returned"), (65, "draft"), (75, "late"), (85, "approved"), (100, None)]
        if age == 0
        else [(70, "approved"), (80, "submitted"), (90, "returned"), (95, "late"), (100, None)]
        if age == 1
        else [(82, "approved"), (89, "late"), (95, "reworked"), (100, None)]
    )
    return next(state for limit, state in table if n < limit)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _submission(department, period, state, due, now) -> Submission:
    n = _checksum("time", department.code, period.label)
    submitted = None
    if state != "draft":
        day = due + dt.timedelta(days=n % 9 + 1) if state == "late" else due - dt.timedelta(days=n % 6 + 1)
        submitted = min(_at(max(day, period.opens_on), 9 + n % 8), now)
    status = {"late": "approved", "reworked": "approved"}.get(state, state)
    return Submission(
        department=department,
        period=period,
        status=status,
        version=1,
        is_demo=True,
        first_submitted_at=submitted,
        submitted_at=submitted,
        returned_count=int(state in {"returned", "reworked"}),
    )


def _item_status(submission, position: int) -> tuple[str, str]:
    """(status, review reason) of the ``position``-th item of a demo form: a returned form returns its first item."""
    if submission.status == ReviewStatus.RETURNED:
        return (ReviewStatus.RETURNED, RETURN_REASON) if position == 0 else (ReviewStatus.SUBMITTED, "")
    return submission.status, ""


def _final_value(indicator, provisional: Decimal) -> Decimal:
    """The 正式 figure of a year: the 初步 one corrected by one last digit (counts unchanged), within limits."""
    if indicator.unit in WHOLE_COUNT_UNITS or indicator.kind == "yes_no":
        return provisional
    high = value_bounds(indicator)[1]
    corrected = provisional + Decimal(1).scaleb(-indicator.decimal_places)
    return min(corrected, high) if high is not None else corrected


def _values(submission, indicators, taken, now) -> list[IndicatorValue]:
    period, rows = submission.period, []
    for position, indicator in enumerate(indicators):
        if (indicator.pk, period.pk) in taken:
            continue
        status, reason = _item_status(submission, position)
        value = demo_value(indicator, period)
        common = {
            "submission": submission,
            "indicator": indicator,
            "period": period,
            "note": DEMO,
            "origin": Origin.DEMO,
            "review_reason": reason,
            "reviewed_at": now if status in {"approved", "returned"} else None,
        }
        rows.append(IndicatorValue(value=value, is_final=False, status=status, **common))
        if indicator.frequency == "annual" and status == ReviewStatus.APPROVED and period.year < now.year - 1:
            rows.append(IndicatorValue(value=_final_value(indicator, value), is_final=True, status=status, **common))
    return rows


def _report(submission, milestone, position) -> MilestoneReport:
    period = submission.period
    offset = _checksum(milestone.code, submission.department.code) % 4
    share = (Decimal(_index(period) - offset) / (END_INDEX - offset)).max(Decimal(0)).min(Decimal(1))
    stuck = _checksum("stuck", milestone.code) < 15  # a few milestones stay at 90 %
    if stuck and share > Decimal("0.9"):
        share = Decimal("0.9")
    state = "not_started" if share == 0 else "done" if share == 1 else "in_progress"
    percent = (share * 20).to_integral_value() * 5
    status, reason = _item_status(submission, position)
    labels = dict(MilestoneReport.State.choices)
    return MilestoneReport(
        submission=submission,
        milestone=milestone,
        period=period,
        state=state,
        percent_done=percent,
        status=status,
        review_reason=reason,
        description=f"{DEMO}:{milestone.title}——{labels[state]}。",
    )


@transaction.atomic
def demo_load(*, today: dt.date) -> Counter:
    """Create the demo forms missing on ``today``; returns counts per model. See the module docstring.

    Raises ImproperlyConfigured where ``LOAD_DEMO_DATA`` is off (production): never demo figures there.
    """
    if not settings.LOAD_DEMO_DATA:
        raise ImproperlyConfigured("生产配置下不载入示例数据(LOAD_DEMO_DATA 为假)。")
    periods = [
        p for p in ReportingPeriod.objects.filter(year__gte=START[0]).order_by("year", "quarter") if p.opens_on <= today
    ]
    due = [p for p in periods if p.due_on < today]
    if not periods:
        return Counter()
    departments = selectors.departments_reporting()
    indicators = {}
    for indicator in Indicator.objects.select_related("task").order_by("task__number", "code"):
        indicators.setdefault(indicator.reporting_department_id, []).append(indicator)
    led = {d.pk: selectors.milestones_led(department=d) for d in departments}
    existing = set(Submission.objects.values_list("department_id", "period_id"))
    taken = set(IndicatorValue.objects.values_list("indicator_id", "period_id"))
    now = timezone.now()
    forms = []
    for department in departments:
        for period in periods:
            if (department.pk, period.pk) in existing:
                continue
            own = [i for i in indicators.get(department.pk, []) if selectors.indicator_is_due(i, period)]
            if not own and not led[department.pk]:
                continue
            state = _state(department, period, latest_due=due[-1] if due else period, today=today)
            if state is None:
                continue
            deadline = timeliness.due_date(
                period=period,
                has_due_quarterly=bool(led[department.pk]) or any(i.frequency == "quarterly" for i in own),
                has_annual=any(i.frequency == "annual" for i in own),
            )
            forms.append((_submission(department, period, state, deadline, now), own, led[department.pk]))
    return _demo_write(forms, taken, now)


def _demo_write(forms, taken, now) -> Counter:
    submissions = bulk_create_with_history([s for s, _, _ in forms], Submission, default_change_reason=DEMO)
    values, reports = [], []
    for submission, (_, own, milestones) in zip(submissions, forms, strict=True):
        values += _values(submission, own, taken, now)
        reports += [_report(submission, m, len(own) + i) for i, m in enumerate(milestones)]
    bulk_create_with_history(values, IndicatorValue, default_change_reason=DEMO, batch_size=500)
    bulk_create_with_history(reports, MilestoneReport, default_change_reason=DEMO, batch_size=500)
    return Counter({"填报表": len(submissions), "指标数值": len(values), "节点进展": len(reports)})
