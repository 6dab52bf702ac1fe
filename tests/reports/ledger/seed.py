"""The demo plan's figures and milestone reports (``indicators.demo``) with evidence files attached, for the
台账 tests: a few files per department of the cast (ecoenv, water), two with the same original name in
one folder, distinct contents (so each file's SHA-256 is its own)."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.base import ContentFile

from indicators.demo.data import demo_load
from indicators.models import Evidence, IndicatorValue, MilestoneReport, ReviewStatus

TODAY = dt.date(2026, 2, 15)


@dataclass
class Seeded:
    files: dict = field(default_factory=dict)  # evidence pk → (department code, content bytes)


def seed_ledger(*, per_department: int = 3, departments=("ecoenv", "water")) -> Seeded:
    demo_load(today=TODAY)
    seeded = Seeded()
    for code in departments:
        values = IndicatorValue.objects.filter(
            submission__department__code=code, status=ReviewStatus.APPROVED
        ).order_by("pk")[:per_department]
        reports = MilestoneReport.objects.filter(
            submission__department__code=code, status=ReviewStatus.APPROVED
        ).order_by("pk")[:1]
        owners = [("value", v) for v in values] + [("milestone_report", r) for r in reports]
        for n, (kind, owner) in enumerate(owners):
            content = f"{code}-{kind}-{owner.pk}-佐证".encode() * (n + 1)
            names = ["监测报告.pdf", "监测报告.pdf"] if n == 0 else [f"附件{n}.pdf"]
            for k, name in enumerate(names):
                data = content + bytes([k])
                item = Evidence(original_name=name, content_type="application/pdf", size=len(data), **{kind: owner})
                item.file.save("x.pdf", ContentFile(data), save=False)
                item.save()
                seeded.files[item.pk] = (code, data)
    return seeded
