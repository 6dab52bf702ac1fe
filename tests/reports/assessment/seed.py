"""Stored scores and reviewed data for the assessment-report tests, built with tests/factories.py.

``seed(plan)`` writes Score rows for every level at the year-end quarters 2022Q4–2025Q4 with values
derived from the object's position (so a test can recompute what to expect), approved figures with
notes, milestone reports with evidence, a veto and submissions — several of them holding text that
starts with "=", "+", "-", "@", a tab or a carriage return.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction

from indicators.models import (
    AssessmentVeto,
    Evidence,
    Indicator,
    IndicatorValue,
    MilestoneReport,
    ReportingPeriod,
    ReviewStatus,
    Score,
    ScoreStatus,
    ScoringConfig,
    Submission,
)
from responsibilities.models import Department, TaskAssignment
from tasks.models import Milestone, PlanTask
from tests.factories import ScoreFactory, recompute_marks_discard

YEARS = (2022, 2023, 2024, 2025)
STATUSES = [s.value for s in ScoreStatus]
INJECTIONS = ["=1+1", "+SUM(A1:A2)", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", '=HYPERLINK("http://x","y")']


@dataclass
class Seeded:
    periods: dict = field(default_factory=dict)  # year → ReportingPeriod (Q4)
    notes: dict = field(default_factory=dict)  # indicator code → note of its latest value


def progress_of(index: int, year: int) -> Decimal:
    """Deterministic progress in % (0–100) of the index-th object at the year's Q4."""
    return Decimal(10 + (index * 7 + (year - 2022) * 13) % 90) + Decimal("0.25")


def seed(plan, *, years=YEARS, version: str = "7") -> Seeded:
    """Scores of every level for the Q4 of ``years``, plus figures, milestones, vetoes, submissions — in one
    transaction that replaces any stored scores of those quarters and leaves no recompute mark, so the seeded
    scores stand even where a drain runs after each commit (browser tests)."""
    with transaction.atomic():
        seeded = _seed(plan, years=years, version=version)
        recompute_marks_discard()
    return seeded


def _seed(plan, *, years, version: str) -> Seeded:
    ScoringConfig.objects.update(is_active=False)
    ScoringConfig.objects.update_or_create(version=version, defaults={"is_active": True, "on_track_gap": Decimal("12")})
    seeded = Seeded(periods={y: ReportingPeriod.objects.get(year=y, quarter=4) for y in years})
    Score.objects.filter(plan=plan, period__in=seeded.periods.values()).delete()
    for year, period in seeded.periods.items():
        _scores(plan, period, year, version)
    last = seeded.periods[max(years)]
    _values(seeded, last)
    _milestones(last)
    AssessmentVeto.objects.create(
        department=Department.objects.get(code="water"),
        year=max(years),
        reason=AssessmentVeto.Reason.INCIDENT,
        description="-重大事件 =1+1",
    )
    return seeded


def _score(index, year, **kwargs):
    progress = progress_of(index, year)
    defaults = dict(
        progress=progress,
        progress_raw=progress - 20,
        expected=Decimal(25 * (year - 2021)),
        status=STATUSES[(index + year) % len(STATUSES)],
        score=progress,
    )
    return defaults | kwargs


def _scores(plan, period, year, version) -> None:
    common = dict(plan=plan, period=period, config_version=version)
    ScoreFactory(level=Score.Level.PLAN, **common, **_score(0, year))
    for i, system in enumerate(plan.systems.order_by("order"), 1):
        ScoreFactory(level=Score.Level.SYSTEM, system=system, **common, **_score(i, year))
    for task in PlanTask.objects.filter(system__plan=plan):
        ScoreFactory(level=Score.Level.TASK, task=task, **common, **_score(task.number, year))
    for i, ind in enumerate(Indicator.objects.filter(task__system__plan=plan).order_by("id")):
        forecast = (ind.target_value or Decimal(50)) + Decimal("1.2345")
        ScoreFactory(
            level=Score.Level.INDICATOR,
            indicator=ind,
            forecast=forecast,
            forecast_met=i % 2 == 0,
            current_value=Decimal(i),
            **common,
            **_score(i, year),
        )
    departments = Department.objects.filter(assignments__task__system__plan=plan).distinct().order_by("code")
    for i, dept in enumerate(departments):
        score = progress_of(i, year)
        parts = {"progress": str(score), "timeliness": "100", "deduction": "1", "veto": dept.code == "water"}
        ScoreFactory(
            level=Score.Level.DEPARTMENT,
            department=dept,
            score=score,
            grade=_grade(score, dept),
            components=parts,
            **common,
            **{k: v for k, v in _score(i, year).items() if k != "score"},
        )


def _grade(score, dept) -> str:
    if dept.code == "water" or score < 60:
        return "不合格"
    return "优秀" if score >= 90 else "良好" if score >= 75 else "合格"


def _values(seeded, period) -> None:
    """An approved final figure at the last period for each indicator, notes cycling through INJECTIONS."""
    for i, ind in enumerate(Indicator.objects.select_related("reporting_department").order_by("id")):
        submission, _ = Submission.objects.get_or_create(department=ind.reporting_department, period=period)
        note = INJECTIONS[i % len(INJECTIONS)] if i < 14 else f"说明{i}"
        IndicatorValue.objects.create(
            submission=submission,
            indicator=ind,
            period=period,
            is_final=i % 3 != 0,
            value=Decimal(i) + Decimal("0.456"),
            note=note,
            status=ReviewStatus.APPROVED,
        )
        seeded.notes[ind.code] = note


def _milestones(period) -> None:
    """Approved reports of every milestone (state cycling) with one evidence file on every other one."""
    states = list(MilestoneReport.State)
    for i, ms in enumerate(Milestone.objects.select_related("task").order_by("id")):
        lead = TaskAssignment.objects.filter(task=ms.task, role="lead").order_by("id").first().department
        submission, _ = Submission.objects.get_or_create(department=lead, period=period)
        report = MilestoneReport.objects.create(
            submission=submission,
            milestone=ms,
            period=period,
            state=states[i % 3],
            percent_done=Decimal(40) if states[i % 3] == MilestoneReport.State.IN_PROGRESS else None,
            description=INJECTIONS[i % len(INJECTIONS)],
            status=ReviewStatus.APPROVED,
        )
        if i % 2 == 0:
            Evidence.objects.create(
                milestone_report=report,
                file=ContentFile(b"%PDF-1.4", name="e.pdf"),
                original_name="=cmd.pdf",
                content_type="application/pdf",
                size=8,
            )
