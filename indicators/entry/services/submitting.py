"""Submitting a form (提交) and withdrawing it (撤回修改)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_update_with_history

from indicators.entry import selectors
from indicators.entry.services.common import (
    atomic,
    errors_raise,
    period_open_or_fail,
    recompute_department,
    submission_refresh,
    version_claim,
    writer_or_deny,
)
from indicators.models import (
    IndicatorValue,
    MilestoneReport,
    ReviewStatus,
    Submission,
)
from indicators.notifications.services import Notice, email_deliveries_create, notifications_create
from tasks.audit.record import audit_instances
from tasks.common.roles import SUPERVISOR
from tasks.models import Plan


def _value_submit_error(indicator, row, previous) -> str | None:
    """Why a figure cannot be submitted: missing, or a soft-check warning with an empty note."""
    from indicators.catalogue.validation import value_check

    if row is None or row.value is None:
        return _("%(name)s:请填写数值。") % {"name": indicator.name}
    if row.status == ReviewStatus.APPROVED or row.note.strip():
        return None
    last = previous.value if previous else None
    warnings = value_check(indicator=indicator, value=row.value, last_approved=last).warnings
    if warnings:
        return _("%(name)s:%(warning)s。备注为空,不能提交。") % {"name": indicator.name, "warning": ";".join(warnings)}
    return None


def _submit_errors(submission) -> dict:
    """Missing figures / milestone reports and unexplained warnings of the form, by code."""
    period, department = submission.period, submission.department
    indicators = [
        i for i in selectors.indicators_of_department(department=department) if selectors.indicator_is_due(i, period)
    ]
    rows = {
        (r.indicator_id, r.is_final): r for r in IndicatorValue.objects.filter(indicator__in=indicators, period=period)
    }
    last = selectors.values_latest_approved(indicator_ids=[i.pk for i in indicators], period=period)
    errors = {}
    for indicator in indicators:
        row = selectors.value_current(rows.get((indicator.pk, False)), rows.get((indicator.pk, True)))
        if message := _value_submit_error(indicator, row, last.get(indicator.pk)):
            errors[indicator.code] = message
    reported = set(submission.milestone_reports.values_list("milestone_id", flat=True))
    for milestone in selectors.milestones_led(department=department):
        if milestone.pk not in reported:
            errors[milestone.code] = _("%(title)s:请填写节点进展。") % {"title": milestone.title}
    return errors


def _to_status(model, rows, user, status: str, reason: str) -> None:
    """Move ``rows`` of ``model`` to ``status`` in one bulk update with history (``reason``)."""
    now = timezone.now()
    for row in rows:
        row.status, row.updated_at = status, now
    if rows:
        bulk_update_with_history(rows, model, ["status", "updated_at"], default_user=user, default_change_reason=reason)
        audit_instances(rows, created=False, fields=["status", "updated_at"], user=user)


def submit_items(submission, user) -> None:
    errors_raise(_submit_errors(submission))
    open_statuses = [ReviewStatus.DRAFT, ReviewStatus.RETURNED]
    open_plans = Plan.ENTRY_STATES  # drafts left in a plan archived since stay drafts
    values = list(
        submission.values.filter(status__in=open_statuses, indicator__task__system__plan__state__in=open_plans)
    )
    reports = list(
        submission.milestone_reports.filter(
            status__in=open_statuses, milestone__task__system__plan__state__in=open_plans
        )
    )
    if not values and not reports:
        raise ValidationError(_nothing_to_submit(submission))
    _to_status(IndicatorValue, values, user, ReviewStatus.SUBMITTED, _("提交"))
    _to_status(MilestoneReport, reports, user, ReviewStatus.SUBMITTED, _("提交"))
    now, first = timezone.now(), submission.first_submitted_at is None
    submission_refresh(
        submission,
        user=user,
        reason=_("提交"),
        submitted_at=now,
        submitted_by=user,
        first_submitted_at=submission.first_submitted_at or now,
    )
    if first:  # timeliness is decided by the first submission; a resubmission changes no score
        recompute_department(submission)
    _supervisors_notify(submission, resubmitted=not first)


_SUBMITTED = gettext_noop("%(department)s已提交%(period)s填报表，请审核。")
_RESUBMITTED = gettext_noop("%(department)s已重新提交%(period)s填报表，请审核。")


def _supervisors_notify(submission, *, resubmitted: bool) -> None:
    """Tell every active 督查员 that a form waits for review (submitted, or submitted again after a return):
    one in-app notice each through the one writer (key ``submitted:<form>:v<version>``: once per event),
    linking to the form's review page, and an e-mail delivery row for those with an address (sent after
    commit, exactly once: ``email_deliveries_create``). Five queries."""
    users = list(get_user_model().objects.filter(groups__name=SUPERVISOR, is_active=True).distinct())
    if not users:
        return
    key = f"submitted:{submission.pk}:v{submission.version}"
    period = submission.period
    link = reverse("entry:form_review", args=[submission.department.code, period.year, period.quarter])
    with translation.override(settings.LANGUAGE_CODE):
        text = _(_RESUBMITTED if resubmitted else _SUBMITTED) % {
            "period": submission.period,
            "department": submission.department.name,
        }
        subject = _("【灵丘县生态文明建设规划管理平台】%(what)s") % {"what": _("填报表待审核")}
    new = notifications_create(notices=[Notice(user=u, key=key, text=text, link=link) for u in users])
    email_deliveries_create(notifications=new, subject=subject)


def _nothing_to_submit(submission) -> str:
    if submission.status == ReviewStatus.SUBMITTED:
        return _("该填报表已提交,正在等待督查员审核,无需重复提交。")
    if submission.status == ReviewStatus.APPROVED:
        return _("该填报表已审核通过并锁定,没有需要提交的内容。")
    return _("没有需要提交的内容:请先填写并保存数据。")


@atomic("submission")
def submission_submit(*, submission, user, expected_version: int | None = None) -> Submission:
    """Submit the form for review: its draft and returned items become submitted.

    Refuses (ValidationError ``{code: message}``) when a figure due this period is missing (annual
    indicators only in Q4), a milestone of a led task has no report, or a soft-check warning
    (change beyond the indicator's threshold, move away from the target) is not explained in the
    note; and (plain ValidationError) when nothing is draft or returned (already submitted, or
    approved and locked). Records ``submitted_at`` and, the first time, ``first_submitted_at`` (timeliness).
    StaleVersionError when ``expected_version`` is given and the form moved on.
    """
    writer_or_deny(user, submission)
    period_open_or_fail(submission)
    version_claim(submission, expected_version)
    submit_items(submission, user)
    return submission


@atomic("submission")
def submission_withdraw(*, submission, user, expected_version: int | None = None) -> Submission:
    """撤回修改: staff take their submitted form back to change it; every submitted figure and
    milestone report becomes draft again (approved ones stay approved and locked), with history
    reason 撤回提交. The form leaves the review queue until it is submitted again;
    ``first_submitted_at`` (timeliness) is kept.

    Raises PermissionDenied outside the department, StaleVersionError for a stale page, and
    ValidationError when nothing is waiting for review.
    """
    writer_or_deny(user, submission)
    version_claim(submission, expected_version)
    values = list(submission.values.filter(status=ReviewStatus.SUBMITTED))
    reports = list(submission.milestone_reports.filter(status=ReviewStatus.SUBMITTED))
    if not values and not reports:
        raise ValidationError(_("该填报表没有等待审核的内容,无需撤回。"))
    _to_status(IndicatorValue, values, user, ReviewStatus.DRAFT, _("撤回提交"))
    _to_status(MilestoneReport, reports, user, ReviewStatus.DRAFT, _("撤回提交"))
    submission_refresh(submission, user=user, reason=_("撤回提交"))
    return submission
