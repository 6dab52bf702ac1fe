"""Stored scores and approved figures (``tests.reports.assessment.seed``) plus marker strings in every place
the 公示 page must not show: notes, evidence, milestone descriptions, department names (the ranking), a draft
and a submitted figure."""

from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction

from indicators.models import Evidence, IndicatorValue, MilestoneReport, ReviewStatus, Submission
from responsibilities.models import Department
from tests.factories import recompute_marks_discard
from tests.reports.assessment.seed import seed

MARKERS = {
    "note": "公示标记备注QX1",
    "evidence": "公示标记佐证QX2.pdf",
    "milestone": "公示标记进展说明QX3",
    "department": "公示标记单位QX4",
    "draft": "424242.4",
    "submitted": "515151.5",
}


def seed_public(plan):
    """The assessment seed plus one marker of each kind; one transaction, no recompute mark left (see ``seed``)."""
    with transaction.atomic():
        seeded = _seed_public(plan)
        recompute_marks_discard()
    return seeded


def _seed_public(plan):
    seeded = seed(plan)
    period = seeded.periods[2025]
    value = IndicatorValue.objects.filter(indicator__binding=True, period=period).order_by("pk").first()
    value.note = MARKERS["note"]
    value.save()
    item = Evidence(value=value, original_name=MARKERS["evidence"], content_type="application/pdf", size=3)
    item.file.save("x.pdf", ContentFile(b"pdf"), save=False)
    item.save()
    MilestoneReport.objects.filter(status=ReviewStatus.APPROVED).update(description=MARKERS["milestone"])
    Department.objects.filter(code="water").update(name=MARKERS["department"])
    for status, marker in ((ReviewStatus.DRAFT, "draft"), (ReviewStatus.SUBMITTED, "submitted")):
        binding = IndicatorValue.objects.filter(indicator__binding=True, period=period).exclude(pk=value.pk)
        other = binding.order_by("pk")[1 if status == ReviewStatus.DRAFT else 2]
        submission = Submission.objects.get(department=other.indicator.reporting_department, period=period)
        IndicatorValue.objects.filter(indicator=other.indicator, period=period, is_final=not other.is_final).delete()
        IndicatorValue.objects.create(
            submission=submission,
            indicator=other.indicator,
            period=period,
            is_final=not other.is_final,
            value=Decimal(MARKERS[marker]),
            status=status,
        )
    return seeded
