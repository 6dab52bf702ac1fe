"""factory_boy factories shared by the tests. Append yours; do not overwrite others'."""

import datetime as dt

import factory
from django.db import transaction

from indicators.models import Indicator, IndicatorValue, ReportingPeriod, ReviewStatus, Score, Submission
from tasks.models import EcoSystem, Plan, PlanTask

# ---------------------------------------------------------------- API tests (issue 7)


class SubmissionFactory(factory.django.DjangoModelFactory):
    """A department's form for a period (default: 2025Q4, draft)."""

    class Meta:
        model = Submission
        django_get_or_create = ("department", "period")

    department = None
    period = factory.LazyFunction(lambda: ReportingPeriod.objects.get(year=2025, quarter=4))
    status = ReviewStatus.DRAFT


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    """A provisional figure of the submission's department's first indicator (unit as the indicator's)."""

    class Meta:
        model = IndicatorValue

    submission = factory.SubFactory(SubmissionFactory)
    indicator = factory.LazyAttribute(
        lambda o: Indicator.objects.filter(reporting_department=o.submission.department).order_by("id").first()
    )
    period = factory.LazyAttribute(lambda o: o.submission.period)
    value = factory.Faker("pydecimal", left_digits=2, right_digits=1, positive=True)
    status = ReviewStatus.DRAFT


class ScoreFactory(factory.django.DjangoModelFactory):
    """A stored department score (考核得分) for 2025Q4."""

    class Meta:
        model = Score

    level = Score.Level.DEPARTMENT
    period = factory.LazyFunction(lambda: ReportingPeriod.objects.get(year=2025, quarter=4))
    plan = factory.LazyFunction(lambda: Plan.objects.order_by("id").first())
    status = "on_track"
    score = factory.Faker("pydecimal", left_digits=2, right_digits=2, positive=True)
    config_version = "1"


# ---------------------------------------------------------------- dashboard (issue 5)
# Stored Score rows in the shape the scoring recompute writes, for the dashboard's selectors, views,
# query-count pins and browser tests (the pages only read Score rows, never compute them).

DASHBOARD_GAPS = (-5, 4, 18, 42, 8, None, 25)  # 完成进度 behind 时序进度 (points); None → 无数据


def dashboard_status(progress, expected) -> str:
    """The status the engine would give for a gap (10 / 30 points; ≥ 100 % achieved)."""
    from decimal import Decimal

    if progress is None:
        return "no_data"
    if progress >= 100:
        return "achieved"
    gap = expected - progress
    return "on_track" if gap <= 10 else ("lagging" if gap <= Decimal(30) else "seriously_lagging")


def dashboard_score(*, level, period, plan, index: int, expected, **objects) -> Score:
    """One unsaved Score row; ``index`` picks the gap from DASHBOARD_GAPS (deterministic mix of statuses)."""
    from decimal import Decimal

    gap = DASHBOARD_GAPS[index % len(DASHBOARD_GAPS)]
    progress = None if gap is None else max(Decimal(0), min(Decimal(100), expected - gap))
    status = dashboard_status(progress, expected)
    forecast_met = None if progress is None else gap <= 10
    return Score(
        level=level,
        period=period,
        plan=plan,
        **objects,
        progress=progress,
        progress_raw=progress,
        expected=expected,
        status=status,
        score=progress,
        forecast=progress,
        forecast_met=forecast_met,
        current_value=progress,
        config_version="test",
    )


def dashboard_scores_create(*, plan, periods=None) -> int:
    """Stored scores for every indicator, task, system, department (with a task) and the plan in each of
    ``periods`` (default: 2022Q1–2025Q4), bulk-created. Department rows carry ``components`` and a grade
    like the recompute's. Returns the number of rows. Any stored scores of these periods are replaced and
    pending recompute marks dropped (``recompute_marks_discard``): the seeded scores stand."""
    periods = periods or list(ReportingPeriod.objects.filter(year__lte=2025).order_by("year", "quarter"))
    with transaction.atomic():
        Score.objects.filter(plan=plan, period__in=periods).delete()  # a drain may have stored real ones
        rows = _dashboard_rows(plan, periods)
        Score.objects.bulk_create(rows)
        recompute_marks_discard()
    return len(rows)


def recompute_marks_discard() -> None:
    """Drop the pending recompute marks (issue 11's outbox) in the caller's transaction, so that the scores a
    test seeds stand: without it, the drain after the commit — immediate in browser (transactional) tests —
    would replace them with what the engine computes from the few figures of the test."""
    from indicators.models import ScoreRecomputeMark

    ScoreRecomputeMark.objects.all().delete()


def _dashboard_rows(plan, periods) -> list:
    from decimal import Decimal

    from responsibilities.models import Department
    from tasks.models import EcoSystem, PlanTask

    indicators = list(Indicator.objects.filter(task__system__plan=plan).order_by("id"))
    tasks = list(PlanTask.objects.filter(system__plan=plan).order_by("number"))
    systems = list(EcoSystem.objects.filter(plan=plan).order_by("order"))
    departments = list(Department.objects.filter(assignments__isnull=False).distinct().order_by("code"))
    rows = []
    for k, period in enumerate(periods):
        expected = min(Decimal(100), Decimal(100) * (k + 1) / 16).quantize(Decimal("0.0001"))
        rows += [
            dashboard_score(
                level="indicator", period=period, plan=plan, index=i + k // 4, expected=expected, indicator=obj
            )
            for i, obj in enumerate(indicators)
        ]
        rows += [
            dashboard_score(level="task", period=period, plan=plan, index=i + k // 4, expected=expected, task=obj)
            for i, obj in enumerate(tasks)
        ]
        rows += [
            dashboard_score(level="system", period=period, plan=plan, index=i, expected=expected, system=obj)
            for i, obj in enumerate(systems)
        ]
        rows.append(dashboard_score(level="plan", period=period, plan=plan, index=1, expected=expected))
        rows += [_dashboard_department_score(plan, period, i, obj) for i, obj in enumerate(departments)]
    return rows


def _dashboard_department_score(plan, period, index: int, department) -> Score:
    from decimal import Decimal

    progress = Decimal(50 + (index * 7) % 50)
    timeliness = Decimal(100 - (index % 3) * 25)
    deduction = Decimal(index % 2)
    score = progress * Decimal("0.8") + timeliness * Decimal("0.2") - deduction
    grade = "优秀" if score >= 90 else "良好" if score >= 75 else "合格" if score >= 60 else "不合格"
    components = {
        "progress": f"{progress:.4f}",
        "timeliness": f"{timeliness:.4f}",
        "deduction": f"{deduction:.4f}",
        "veto": False,
        "lead_tasks": 1 + index % 3,
        "support_tasks": index % 4,
        "returned_count": int(deduction),
        "timeliness_items": [["on_time", 0]],
    }
    return Score(
        level="department",
        period=period,
        plan=plan,
        department=department,
        progress=progress,
        progress_raw=progress,
        expected=Decimal(50),
        status="on_track",
        score=score,
        grade=grade,
        components=components,
        rule="考核得分=任务完成进度×0.8+报送及时性×0.2−退回扣分",
        config_version="test",
    )


# ---------------------------------------------------------------- entry pages (issue 3)


def _first_task():
    from tasks.models import PlanTask

    return PlanTask.objects.order_by("number").first()


class IndicatorFactory(factory.django.DjangoModelFactory):
    """An extra quarterly count indicator (unit 个, target ≥ 10) of ``reporting_department`` — e.g. to show
    that a page's query count does not grow with the number of indicators."""

    class Meta:
        model = Indicator

    task = factory.LazyFunction(_first_task)
    code = factory.Sequence(lambda n: f"TEST-{n:03d}")
    name = factory.Sequence(lambda n: f"测试指标{n}")
    unit = "个"
    kind = "project_count"
    comparator = "gte"
    target_value = 10
    target_year = 2025
    reporting_department = None
    frequency = "quarterly"
    source_sentence = "测试用指标"


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class EvidenceFactory(factory.django.DjangoModelFactory):
    """A small PDF (佐证材料) attached to ``value`` (or ``milestone_report``)."""

    class Meta:
        model = "indicators.Evidence"

    value = None
    milestone_report = None
    file = factory.django.FileField(filename="x.pdf", data=PDF_BYTES)
    original_name = "监测报告.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)


# ---------------------------------------------------------------- supervision orders (issue 14)


def order_issue_for(department, *, supervisor, deadline=None, today=None, **fields):
    """Issue a supervision order (督办单) to ``department`` through the service, as ``supervisor``: deadline
    30 days after ``today`` unless given."""
    import datetime as dt

    from django.utils import timezone

    from indicators.supervision.services import OrderDraft, order_issue

    today = today or timezone.localdate()
    draft = OrderDraft(
        source=fields.pop("source", "check"),
        title=fields.pop("title", "河道垃圾清理不及时"),
        problem=fields.pop("problem", "唐河灵丘段部分河道垃圾清理不及时。"),
        requirement=fields.pop("requirement", "立即清理，建立长效保洁机制。"),
        lead_department=department,
        deadline=deadline or today + dt.timedelta(days=30),
        **fields,
    )
    return order_issue(draft=draft, user=supervisor, today=today)


# ---------------------------------------------------------------- a second plan (codes are unique per plan only)


def other_plan_task(code: str = "other-plan"):
    """A task of a second, fictional plan (one system, task 1) beside the loaded one: indicator codes may repeat
    across plans (issue 11), so lookups by code must say which plan. It ended before the loaded plan began, so
    the loaded plan stays the current one (``plan_current``)."""
    plan = Plan.objects.create(
        code=code,
        name="示例规划(测试用,虚构)",
        county="示例县",
        period_start=dt.date(2016, 1, 1),
        period_end=dt.date(2020, 12, 31),
        base_year=2015,
        target_year=2020,
    )
    system = EcoSystem.objects.create(plan=plan, code="sys", order=1, name="示例体系")
    return PlanTask.objects.create(system=system, number=1, title="示例任务", text="测试用任务")
