"""What the entry services share: the entries as typed, the version check, the form's status, permission
and transaction helpers."""

import functools
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.models import IndicatorValue, ReviewStatus, Submission
from indicators.recompute.triggers import scores_recompute_on_commit
from responsibilities.selectors import user_department
from tasks.common.errors import ConflictError

VALUE_FIELDS = ["value", "is_final", "note", "status", "origin", "updated_at"]
REPORT_FIELDS = ["state", "percent_done", "description", "status", "updated_at"]
REVIEW_FIELDS = ["status", "review_reason", "reviewed_by", "reviewed_at", "updated_at"]

log = logging.getLogger(__name__)


class StaleVersionError(ConflictError):
    """The form changed since it was opened (``expected`` ≠ ``current`` version); nothing was saved."""

    def __init__(self, *, expected: int, current: int):
        self.expected, self.current = expected, current
        self.message = _(
            "该填报表在您打开后已被他人修改(您打开的是第 %(expected)s 版,现在是第 %(current)s 版),"
            "本次内容没有保存。您填写的内容仍保留在页面上,请核对上方“已保存”的数据后再次保存。"
        ) % {"expected": expected, "current": current}
        self.api_message = _(
            "该填报表已被他人修改:您读取的是第 %(expected)s 版,现在是第 %(current)s 版,本次请求没有执行。"
            "请重新读取(GET)最新数据,核对后以新的版本号(version 或 If-Match)重新提交。"
        ) % {"expected": expected, "current": current}
        super().__init__(self.message)


@dataclass(frozen=True)
class ValueEntry:
    """One figure as entered: ``value`` in the indicator's unit (None = blank), 正式 when ``is_final``.

    ``evidence``: uploaded files (Django UploadedFile) to attach to the figure.
    """

    indicator_id: int
    value: Decimal | None
    is_final: bool
    note: str
    evidence: tuple = ()


@dataclass(frozen=True)
class MilestoneEntry:
    """One milestone report as entered: ``state`` (MilestoneReport.State), ``percent_done`` 0–100 % or None."""

    milestone_id: int
    state: str
    percent_done: Decimal | None
    description: str
    evidence: tuple = ()


def atomic(*names):
    """transaction.atomic, and on failure the caller's instances (kwargs ``names`` and their cached
    submission) get their in-memory fields back, matching the rolled-back database rows."""

    def decorate(func):
        inner = transaction.atomic(func)

        @functools.wraps(func)
        def wrapper(**kwargs):
            objs = [kwargs[name] for name in names if kwargs.get(name) is not None]
            objs += [o._state.fields_cache["submission"] for o in objs if "submission" in o._state.fields_cache]
            snapshots = [(o, o.__dict__.copy()) for o in objs if o is not None]
            try:
                return inner(**kwargs)
            except BaseException:
                for obj, snapshot in snapshots:
                    obj.__dict__.clear()
                    obj.__dict__.update(snapshot)
                raise

        return wrapper

    return decorate


def writer_or_deny(user, submission) -> None:
    """Only staff of the submission's department enter its figures (PermissionDenied otherwise)."""
    own = user_department(user) if user is not None and user.is_authenticated else None
    if own is None or own.pk != submission.department_id:
        raise PermissionDenied(_("您只能填报本单位的数据。"))


def plan_entry_open_or_fail(plan) -> None:
    """Entry and review (填报、上传、审核) are open in a plan 实施中 or 已结束 only (``Plan.accepts_entry``).

    Raises ValidationError naming the plan: an archived plan (已归档) is read-only, a draft (草案) not yet open.
    """
    if plan.accepts_entry:
        return
    if plan.is_archived:
        raise ValidationError(_("规划“%(plan)s”已归档，数据只读，不能填报、上传或审核。") % {"plan": plan.name})
    raise ValidationError(
        _("规划“%(plan)s”状态为“%(state)s”，尚未开放填报和审核。")
        % {"plan": plan.name, "state": plan.get_state_display()}
    )


def item_plan(item):
    """The plan of a figure (IndicatorValue) or milestone report (MilestoneReport): indicator/milestone → task →
    system → plan (three lookups unless selected with the item)."""
    owner = item.indicator if isinstance(item, IndicatorValue) else item.milestone
    return owner.task.system.plan


def period_open_or_fail(submission) -> None:
    period = submission.period
    if period.opens_on > timezone.localdate():
        raise ValidationError(_("%(period)s 将于 %(date)s 开放填报。") % {"period": period, "date": period.opens_on})


def version_claim(submission, expected_version: int | None) -> None:
    """Lock the form's row (``SELECT … FOR UPDATE``), check ``expected_version`` and bump the version.

    Raises StaleVersionError when ``expected_version`` is given and differs from the stored version. Every
    write and review of a form's items starts here, so two concurrent actions on one form serialise on this
    lock: the second one waits, then finds the version moved on. What the caller decides next (the items'
    status, the return count) must be read after this call — under the lock — never before; so the instance's
    workflow fields are refreshed from the locked row.
    """
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleVersionError(expected=expected_version, current=locked.version)
    Submission.objects.filter(pk=submission.pk).update(version=F("version") + 1)
    for field in ("status", "returned_count", "first_submitted_at", "submitted_at", "submitted_by_id"):
        setattr(submission, field, getattr(locked, field))
    submission.version = locked.version + 1


def item_locked(item) -> None:
    """Re-read a figure or milestone report after ``version_claim`` locked its form: its status is then the
    committed one, not the one read before the lock (a concurrent review may have changed it)."""
    fresh = type(item).objects.select_for_update().get(pk=item.pk)
    for field in item._meta.concrete_fields:
        if field.name != "submission":
            setattr(item, field.attname, getattr(fresh, field.attname))


def summary_status(statuses) -> str:
    """The form's status from its items: returned > draft > submitted > approved (draft when empty)."""
    statuses = set(statuses)
    for status in (ReviewStatus.RETURNED, ReviewStatus.DRAFT, ReviewStatus.SUBMITTED):
        if status in statuses:
            return status
    return ReviewStatus.APPROVED if statuses else ReviewStatus.DRAFT


def submission_refresh(submission, *, user, reason: str, **changes) -> None:
    """Recompute the submission's status from its items and save it (with history) when anything changed."""
    statuses = list(submission.values.values_list("status", flat=True))
    statuses += list(submission.milestone_reports.values_list("status", flat=True))
    changes["status"] = summary_status(statuses)
    if all(getattr(submission, k) == v for k, v in changes.items()):
        return
    for key, value in changes.items():
        setattr(submission, key, value)
    submission._history_user = user
    submission._change_reason = reason
    submission.save(update_fields=[*changes, "version"])


def errors_raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def reason_required(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写理由。")})
    return reason


def recompute_item(item) -> None:
    """An approved figure or milestone report changed: what depends on it, after the commit."""
    if isinstance(item, IndicatorValue):
        scores_recompute_on_commit(period_id=item.period_id, indicator_id=item.indicator_id)
    else:
        scores_recompute_on_commit(period_id=item.period_id, milestone_id=item.milestone_id)


def recompute_department(submission) -> None:
    """Timeliness or returned count of the form changed: its department's 考核 scores, after the commit."""
    scores_recompute_on_commit(period_id=submission.period_id, department_id=submission.department_id)
