"""Matrix entries of the entry and review pages (/entry/…).

Reads: staff read their own department's pages (another department's → 404); supervisors and
leadership read all. Writes: only staff of the department save a form; only supervisors review;
leadership change nothing (403); another department's staff get 404. Every POST here carries a stale
version (2; the forms are at 3), or aims at a locked item, so that even the actor who is allowed gets refused by the
service and the snapshot must stay unchanged for every actor; successful saves and reviews are in
tests/indicators/test_views.py and test_workflow.py.
"""

from decimal import Decimal

from django.core.files.base import ContentFile
from django.urls import reverse

from indicators.models import Evidence, Indicator, IndicatorValue, MilestoneReport, ReviewStatus, Submission
from tasks.models import Milestone
from tests.permission_matrix import LOGIN, Case, read_only

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _form_url(name):
    def build(ctx, scope):
        dept = ctx.dept(scope)
        return reverse(name, args=[dept.code, ctx.period.year, ctx.period.quarter])

    return build


def _submission(ctx, scope) -> Submission:
    dept = ctx.dept(scope)
    return ctx.once(
        f"submission-{scope}",
        lambda: Submission.objects.get_or_create(
            department=dept, period=ctx.period, defaults={"status": ReviewStatus.SUBMITTED, "version": 3}
        )[0],
    )


def _indicator(ctx, scope) -> Indicator:
    return (
        Indicator.objects.filter(reporting_department=ctx.dept(scope), frequency="quarterly").order_by("code").first()
    )


def _value(ctx, scope, status=ReviewStatus.SUBMITTED) -> IndicatorValue:
    def build():
        return IndicatorValue.objects.create(
            submission=_submission(ctx, scope),
            indicator=_indicator(ctx, scope),
            period=ctx.period,
            value=Decimal(1),
            status=status,
            is_final=status == ReviewStatus.APPROVED,
        )

    return ctx.once(f"value-{scope}-{status}", build)


def _report(ctx, scope) -> MilestoneReport:
    def build():
        milestone = Milestone.objects.order_by("code").first()
        return MilestoneReport.objects.create(
            submission=_submission(ctx, scope),
            milestone=milestone,
            period=ctx.period,
            state=MilestoneReport.State.IN_PROGRESS,
            status=ReviewStatus.SUBMITTED,
        )

    return ctx.once(f"report-{scope}", build)


def _evidence(ctx, scope) -> Evidence:
    """A PDF of an approved (locked) figure of the scope's department: deleting it is refused."""

    def build():
        evidence = Evidence(
            value=_value(ctx, scope, ReviewStatus.APPROVED),
            original_name="监测报告.pdf",
            content_type="application/pdf",
            size=len(PDF),
        )
        evidence.file.save("x.pdf", ContentFile(PDF), save=False)
        evidence.save()
        return evidence

    return ctx.once(f"evidence-{scope}", build)


def _snapshot(ctx):
    return (
        sorted(IndicatorValue.objects.values_list("pk", "status", "value", "note", "review_reason", "is_final")),
        sorted(Submission.objects.values_list("pk", "status", "version", "returned_count", "first_submitted_at")),
        sorted(MilestoneReport.objects.values_list("pk", "status", "state", "review_reason")),
        Evidence.objects.count(),
        IndicatorValue.history.count(),
        MilestoneReport.history.count(),
    )


def _form_post(ctx, scope):
    """A filled save of the scope's form with a stale version: refused even for the department's staff."""
    _submission(ctx, scope)
    indicator = _indicator(ctx, scope)
    return {"version": "2", "action": "save", f"v{indicator.pk}-value": "2", f"v{indicator.pk}-is_final": "1"}


REVIEW = {"anonymous": LOGIN, "staff_own": 403, "staff_other": 404, "supervisor": 302, "leader": 403}

CASES = [
    Case(  # staff: their own department's list; readers of everything are sent on to the review queue
        id="entry:submissions",
        url_name="entry:submissions",
        url=lambda ctx, scope: reverse("entry:submissions"),
        expect={"anonymous": LOGIN, "staff_own": 200, "staff_other": 200, "supervisor": 302, "leader": 302},
    ),
    Case(
        id="entry:review_queue",
        url_name="entry:review_queue",
        url=lambda ctx, scope: reverse("entry:review_queue"),
        expect={"anonymous": LOGIN, "staff_own": 403, "staff_other": 403, "supervisor": 200, "leader": 200},
    ),
    read_only("entry:form", _form_url("entry:form")),
    Case(
        id="entry:form-save",
        url_name="entry:form",
        url=_form_url("entry:form"),
        method="post",
        data=_form_post,
        unchanged=_snapshot,
        # staff_own: 409 = allowed, stopped by the version check (the form changed since it was opened)
        expect={"anonymous": LOGIN, "staff_own": 409, "staff_other": 404, "supervisor": 403, "leader": 403},
    ),
    Case(
        id="entry:form_review",
        url_name="entry:form_review",
        url=lambda ctx, scope: (_value(ctx, scope), _form_url("entry:form_review")(ctx, scope))[1],
        method="post",
        data=lambda ctx, scope: {"action": "return", "reason": "请核实", "version": "2"},
        unchanged=_snapshot,
        expect=REVIEW,  # supervisor: 302 back to the form with "已有新的修改" (stale version), nothing changed
    ),
    Case(  # 撤回修改 of a submitted form with a stale version: staff_own 302 back to the form, told, nothing changed
        id="entry:form_withdraw",
        url_name="entry:form_withdraw",
        url=lambda ctx, scope: (_value(ctx, scope), _form_url("entry:form_withdraw")(ctx, scope))[1],
        method="post",
        data=lambda ctx, scope: {"version": "2"},
        unchanged=_snapshot,
        expect={"anonymous": LOGIN, "staff_own": 302, "staff_other": 404, "supervisor": 403, "leader": 403},
    ),
    Case(
        id="entry:value_review",
        url_name="entry:value_review",
        url=lambda ctx, scope: reverse("entry:value_review", args=[_value(ctx, scope).pk]),
        method="post",
        data=lambda ctx, scope: {"action": "approve", "version": "2"},
        unchanged=_snapshot,
        expect=REVIEW,
    ),
    Case(
        id="entry:milestone_review",
        url_name="entry:milestone_review",
        url=lambda ctx, scope: reverse("entry:milestone_review", args=[_report(ctx, scope).pk]),
        method="post",
        data=lambda ctx, scope: {"action": "return", "reason": "请补充说明", "version": "2"},
        unchanged=_snapshot,
        expect=REVIEW,
    ),
    read_only("entry:indicator", lambda ctx, scope: reverse("entry:indicator", args=[_indicator(ctx, scope).pk])),
    read_only("entry:evidence", lambda ctx, scope: reverse("entry:evidence", args=[_evidence(ctx, scope).pk])),
    Case(
        id="entry:evidence_delete",
        url_name="entry:evidence_delete",
        url=lambda ctx, scope: reverse("entry:evidence_delete", args=[_evidence(ctx, scope).pk]),
        method="post",
        unchanged=_snapshot,
        # staff_own: 302 back to the form with "已审核通过并锁定" (the figure is approved), nothing changed
        expect={"anonymous": LOGIN, "staff_own": 302, "staff_other": 404, "supervisor": 403, "leader": 403},
    ),
]
