"""Review (审核): approve, return with a reason, reopen — one item or the whole form — and the notices
that tell the department."""

from collections import defaultdict

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_update_with_history

from indicators.entry.services.common import (
    REVIEW_FIELDS,
    atomic,
    item_locked,
    item_plan,
    plan_entry_open_or_fail,
    reason_required,
    recompute_department,
    recompute_item,
    submission_refresh,
    version_claim,
)
from indicators.models import (
    IndicatorValue,
    MilestoneReport,
    ReviewStatus,
    Submission,
)
from indicators.notifications.services import Notice, email_deliveries_create, notifications_create
from responsibilities.access import supervisor_or_deny
from responsibilities.models import StaffProfile
from tasks.audit.record import audit_instances
from tasks.models import Plan


def _review_prepare(item, user, expected_version, allowed: tuple[str, ...]) -> Submission:
    """Common checks of a review action on one item; returns its submission (version bumped)."""
    supervisor_or_deny(user)
    submission = item.submission
    if submission is None:
        raise ValidationError(_("公开数据不在填报审核流程中。"))
    plan_entry_open_or_fail(item_plan(item))
    version_claim(submission, expected_version)  # a stale page first: its status may be outdated too
    item_locked(item)  # the status as committed, read under the form's lock: a concurrent review has one winner
    if item.status not in allowed:
        raise ValidationError(_("当前状态为“%(status)s”,不能执行此操作。") % {"status": item.get_status_display()})
    return submission


def _review_write(item, user, status: str, reason_text: str, change_reason: str) -> None:
    item.status, item.review_reason = status, reason_text
    item.reviewed_by, item.reviewed_at = user, timezone.now()
    item.updated_at = item.reviewed_at
    item._history_user, item._change_reason = user, change_reason
    item.save(update_fields=REVIEW_FIELDS)


def _approve(item, *, user, expected_version):
    submission = _review_prepare(item, user, expected_version, (ReviewStatus.SUBMITTED,))
    _own_work_refuse([item], user, submission)
    _review_write(item, user, ReviewStatus.APPROVED, "", _("审核通过"))
    submission_refresh(submission, user=user, reason=_("审核通过"))
    recompute_item(item)
    _approved_notify(submission)
    return item


def _return(item, *, user, reason, expected_version):
    reason = reason_required(reason)
    submission = _review_prepare(item, user, expected_version, (ReviewStatus.SUBMITTED,))
    _review_write(item, user, ReviewStatus.RETURNED, reason, _("退回:%(reason)s") % {"reason": reason})
    submission_refresh(submission, user=user, reason=_("退回"), returned_count=submission.returned_count + 1)
    recompute_department(submission)
    _department_notify(submission, event="returned", template=_ITEM_RETURNED, name=_item_name(item), reason=reason)
    return item


def _reopen(item, *, user, reason, expected_version):
    reason = reason_required(reason)
    submission = _review_prepare(item, user, expected_version, (ReviewStatus.APPROVED,))
    _review_write(item, user, ReviewStatus.RETURNED, reason, _("重新打开:%(reason)s") % {"reason": reason})
    submission_refresh(submission, user=user, reason=_("重新打开"))
    recompute_item(item)
    _department_notify(submission, event="reopened", template=_ITEM_REOPENED, name=_item_name(item), reason=reason)
    return item


@atomic("value")
def value_approve(*, value, user, expected_version: int | None = None) -> IndicatorValue:
    """Approve one submitted figure (locks it). Supervisors only (PermissionDenied); ValidationError
    unless it is submitted; StaleVersionError when ``expected_version`` is given and stale."""
    return _approve(value, user=user, expected_version=expected_version)


@atomic("value")
def value_return(*, value, user, reason: str, expected_version: int | None = None) -> IndicatorValue:
    """Return one submitted figure with a reason (required) for the department to fix and resubmit."""
    return _return(value, user=user, reason=reason, expected_version=expected_version)


@atomic("value")
def value_reopen(*, value, user, reason: str, expected_version: int | None = None) -> IndicatorValue:
    """Reopen an approved figure with a reason: it becomes returned (editable) and scores are recomputed."""
    return _reopen(value, user=user, reason=reason, expected_version=expected_version)


@atomic("report")
def milestone_report_approve(*, report, user, expected_version: int | None = None) -> MilestoneReport:
    """Approve one submitted milestone report (see ``value_approve``)."""
    return _approve(report, user=user, expected_version=expected_version)


@atomic("report")
def milestone_report_return(*, report, user, reason: str, expected_version: int | None = None) -> MilestoneReport:
    """Return one submitted milestone report with a reason (see ``value_return``)."""
    return _return(report, user=user, reason=reason, expected_version=expected_version)


@atomic("report")
def milestone_report_reopen(*, report, user, reason: str, expected_version: int | None = None) -> MilestoneReport:
    """Reopen an approved milestone report with a reason (see ``value_reopen``)."""
    return _reopen(report, user=user, reason=reason, expected_version=expected_version)


# What a person enters in a figure or milestone report (the review fields are the reviewer's).
_CONTENT_FIELDS = {
    IndicatorValue: ("value", "is_final", "note"),
    MilestoneReport: ("state", "percent_done", "description"),
}


def _authors(model, ids) -> dict[int, set[int]]:
    """Who entered, last changed and last submitted each item (``ids`` of ``model``), from its history:
    the user of its first history row, of the last row that changed what was entered
    (``_CONTENT_FIELDS``) and of the last row that moved it to submitted. One query."""
    fields = _CONTENT_FIELDS[model]
    rows = (
        model.history.model.objects.filter(id__in=ids)
        .order_by("id", "history_date", "history_id")
        .values("id", "history_user_id", "status", *fields)
    )
    entered, changed, submitted, previous = {}, {}, {}, {}
    for row in rows:
        pk, who, content = row["id"], row["history_user_id"], tuple(row[f] for f in fields)
        before = previous.get(pk)
        if before is None:
            entered[pk] = changed[pk] = who
        elif content != before[0]:
            changed[pk] = who
        if row["status"] == ReviewStatus.SUBMITTED and (before is None or before[1] != ReviewStatus.SUBMITTED):
            submitted[pk] = who
        previous[pk] = (content, row["status"])
    authors = defaultdict(set)
    for source in (entered, changed, submitted):
        for pk, who in source.items():
            if who is not None:
                authors[pk].add(who)
    return authors


def _own_work_refuse(items, user, submission) -> None:
    """Segregation of duties (审核与填报分离): nobody approves a figure or milestone report they entered, last
    changed or submitted, nor one of a form they submitted. Raises PermissionDenied naming the items."""
    if submission.submitted_by_id == user.pk:
        own = list(items)
    else:
        own = []
        for model in (IndicatorValue, MilestoneReport):
            of_model = [item for item in items if isinstance(item, model)]
            if of_model:
                authors = _authors(model, [item.pk for item in of_model])
                own += [item for item in of_model if user.pk in authors.get(item.pk, ())]
    if own:
        raise PermissionDenied(
            _("不能审核本人填报、修改或提交的数据(%(names)s),请由其他督查员审核。")
            % {"names": "、".join(_item_name(item) for item in own)}
        )


def _submitted_items(submission):
    values = list(submission.values.filter(status=ReviewStatus.SUBMITTED))
    reports = list(submission.milestone_reports.filter(status=ReviewStatus.SUBMITTED))
    if not values and not reports:
        raise ValidationError(_("该填报表没有待审核的内容。"))
    value_plans = IndicatorValue.objects.filter(pk__in=[v.pk for v in values]).values("indicator__task__system__plan")
    report_plans = MilestoneReport.objects.filter(pk__in=[r.pk for r in reports]).values(
        "milestone__task__system__plan"
    )
    for plan in Plan.objects.filter(Q(pk__in=value_plans) | Q(pk__in=report_plans)):
        plan_entry_open_or_fail(plan)
    return values, reports


def _review_bulk(items_by_model, user, status, reason_text, change_reason) -> None:
    now = timezone.now()
    for model, items in items_by_model:
        for item in items:
            item.status, item.review_reason, item.reviewed_by, item.reviewed_at, item.updated_at = (
                status,
                reason_text,
                user,
                now,
                now,
            )
        if items:
            bulk_update_with_history(
                items, model, REVIEW_FIELDS, default_user=user, default_change_reason=change_reason
            )
            audit_instances(items, created=False, fields=REVIEW_FIELDS, user=user)


@atomic("submission")
def submission_approve(*, submission, user, expected_version: int | None = None) -> Submission:
    """Approve every submitted figure and milestone report of the form at once (supervisors only)."""
    supervisor_or_deny(user)
    version_claim(submission, expected_version)
    values, reports = _submitted_items(submission)
    _own_work_refuse(values + reports, user, submission)
    _review_bulk([(IndicatorValue, values), (MilestoneReport, reports)], user, ReviewStatus.APPROVED, "", _("审核通过"))
    submission_refresh(submission, user=user, reason=_("审核通过"))
    for item in values + reports:
        recompute_item(item)
    _approved_notify(submission)
    return submission


@atomic("submission")
def submission_return(*, submission, user, reason: str, expected_version: int | None = None) -> Submission:
    """Return every submitted item of the form with one reason (required); counts one return."""
    supervisor_or_deny(user)
    reason = reason_required(reason)
    version_claim(submission, expected_version)
    values, reports = _submitted_items(submission)
    change_reason = _("退回:%(reason)s") % {"reason": reason}
    _review_bulk(
        [(IndicatorValue, values), (MilestoneReport, reports)], user, ReviewStatus.RETURNED, reason, change_reason
    )
    submission_refresh(submission, user=user, reason=_("退回"), returned_count=submission.returned_count + 1)
    recompute_department(submission)
    _department_notify(submission, event="returned", template=_FORM_RETURNED, reason=reason)
    return submission


_ITEM_RETURNED = gettext_noop(
    "%(period)s%(department)s填报中的“%(name)s”被督查员退回,理由:%(reason)s。请修改后重新提交。"
)
_ITEM_REOPENED = gettext_noop(
    "%(period)s%(department)s已通过的“%(name)s”被督查员重新打开,理由:%(reason)s。请修改后重新提交。"
)
_FORM_RETURNED = gettext_noop("%(period)s%(department)s填报表被督查员整表退回,理由:%(reason)s。请修改后重新提交。")
_FORM_APPROVED = gettext_noop("%(period)s%(department)s填报表已全部审核通过。")
_SUBJECTS = {
    "returned": gettext_noop("填报被退回"),
    "reopened": gettext_noop("填报被重新打开"),
    "approved": gettext_noop("填报审核通过"),
}


def _item_name(item) -> str:
    return item.indicator.name if isinstance(item, IndicatorValue) else item.milestone.title


def _approved_notify(submission) -> None:
    if submission.status == ReviewStatus.APPROVED:
        _department_notify(submission, event="approved", template=_FORM_APPROVED)


def _department_notify(submission, *, event: str, template: str, **params) -> None:
    """Tell every active 填报员 of the form's department about a review ``event`` (returned, reopened,
    approved): one in-app Notification each (key ``event:submission:v<version>``, unique per user, so
    the same event never notifies twice) linking to the form, and one e-mail delivery row each for
    users with an address (sent after commit, exactly once: ``email_deliveries_create``). Texts are in Chinese (the site
    language), whatever the reviewer's language.
    """
    users = [
        p.user
        for p in StaffProfile.objects.filter(
            department_id=submission.department_id, user__is_active=True
        ).select_related("user")
    ]
    key = f"{event}:{submission.pk}:v{submission.version}"
    link = reverse("entry:form", args=[submission.department.code, submission.period.year, submission.period.quarter])
    with translation.override(settings.LANGUAGE_CODE):
        text = _(template) % {"period": submission.period, "department": submission.department.name, **params}
        subject = _("【灵丘县生态文明建设规划管理平台】%(what)s") % {"what": _(_SUBJECTS[event])}
        body = f"{text}\n\n{_('查看填报表:')}{link}"
    new = notifications_create(notices=[Notice(user=u, key=key, text=text, link=link) for u in users])
    email_deliveries_create(notifications=new, subject=subject, body=body)
