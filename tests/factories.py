"""factory_boy factories shared by the tests. Append yours; do not overwrite others'."""

import factory

from indicators.models import Indicator, IndicatorValue, ReportingPeriod, ReviewStatus, Score, Submission
from tasks.models import Plan


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
