"""Writes of the data-entry and review workflow (填报与审核, issue 3).

Workflow of every figure (IndicatorValue) and milestone report (MilestoneReport):
draft → submitted → approved, or submitted → returned (with a reason) → submitted again.
Approved items are locked; a supervisor may reopen one with a reason (it becomes returned).
Submitted items are read-only for staff while they wait for review (已提交待审核): to change one, staff
first withdraw the form (``submission_withdraw``, 撤回修改: every submitted item goes back to draft);
while a form is submitted nothing in it can be changed or added. Editing a returned item keeps it
returned until it is submitted again. Staff of the department are notified (in-app ``Notification`` and,
after commit, an e-mail) when an item or the form is returned or reopened and when the whole form is approved.
A Submission (department × period) carries the status summarising its items,
a ``version`` bumped on every change (optimistic concurrency) and ``first_submitted_at`` (timeliness).

Every change is written with django-simple-history: who (``history_user``), when, the row's old and
new state, and why (``history_change_reason``: 保存草稿 / 提交 / 审核通过 / 退回:理由 / 重新打开:理由 …).
Bulk writes keep the number of queries independent of the number of indicators.
"""

import functools
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from responsibilities.models import StaffProfile
from tasks.common.errors import ConflictError
from responsibilities.selectors import user_department

from indicators.entry import selectors
from indicators.entry.evidence import evidence_attach, evidence_check
from indicators.models import (
    Evidence,
    Indicator,
    IndicatorValue,
    MilestoneReport,
    Notification,
    Origin,
    ReviewStatus,
    Submission,
)
from responsibilities.access import supervisor_or_deny
from indicators.recompute.triggers import scores_recompute_on_commit

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


# --- Helpers ---------------------------------------------------------------------------------------


def _atomic(*names):
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


def _writer_or_deny(user, submission) -> None:
    """Only staff of the submission's department enter its figures (PermissionDenied otherwise)."""
    own = user_department(user) if user is not None and user.is_authenticated else None
    if own is None or own.pk != submission.department_id:
        raise PermissionDenied(_("您只能填报本单位的数据。"))


def _period_open_or_fail(submission) -> None:
    period = submission.period
    if period.opens_on > timezone.localdate():
        raise ValidationError(_("%(period)s 将于 %(date)s 开放填报。") % {"period": period, "date": period.opens_on})


def _version_claim(submission, expected_version: int | None) -> None:
    """Bump the version atomically; when ``expected_version`` is given it must match (else StaleVersionError).

    The conditional UPDATE takes the row lock, so two concurrent saves of the same form serialise and
    the second one finds the version moved on.
    """
    rows = Submission.objects.filter(pk=submission.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if not rows.update(version=F("version") + 1):
        current = Submission.objects.values_list("version", flat=True).get(pk=submission.pk)
        raise StaleVersionError(expected=expected_version, current=current)
    submission.version = Submission.objects.values_list("version", flat=True).get(pk=submission.pk)


def _summary_status(statuses) -> str:
    """The form's status from its items: returned > draft > submitted > approved (draft when empty)."""
    statuses = set(statuses)
    for status in (ReviewStatus.RETURNED, ReviewStatus.DRAFT, ReviewStatus.SUBMITTED):
        if status in statuses:
            return status
    return ReviewStatus.APPROVED if statuses else ReviewStatus.DRAFT


def _submission_refresh(submission, *, user, reason: str, **changes) -> None:
    """Recompute the submission's status from its items and save it (with history) when anything changed."""
    statuses = list(submission.values.values_list("status", flat=True))
    statuses += list(submission.milestone_reports.values_list("status", flat=True))
    changes["status"] = _summary_status(statuses)
    if all(getattr(submission, k) == v for k, v in changes.items()):
        return
    for key, value in changes.items():
        setattr(submission, key, value)
    submission._history_user = user
    submission._change_reason = reason
    submission.save(update_fields=[*changes, "version"])


def _errors_raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _reason_required(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写理由。")})
    return reason


# --- Creating and saving ---------------------------------------------------------------------------


def submission_get_or_create(*, department, period) -> Submission:
    """The department's form for the period, created empty (draft, version 1) when missing."""
    submission, _created = Submission.objects.get_or_create(department=department, period=period)
    return submission


def _value_row_for(entry, indicator, rows, submission):
    """The existing row an entry writes to, or None for a new row; raises ValidationError text when locked.

    A final (正式) entry after an approved provisional (初步) row creates a new final row: both stay.
    """
    provisional, final = rows.get((indicator.pk, False)), rows.get((indicator.pk, True))
    current = selectors.value_current(provisional, final)
    if entry.is_final and final is None and provisional is not None and provisional.status == ReviewStatus.APPROVED:
        return None
    if not entry.is_final and final is not None and provisional is not None:
        raise ValidationError(_("已有正式数据,不能再改为初步数据。"))
    return current


def _row_differs(row, entry) -> bool:
    return row.value != entry.value or row.is_final != entry.is_final or row.note != entry.note


def _row_editable_or_fail(row, entry, submission) -> None:
    if not (_row_differs(row, entry) or entry.evidence):
        return
    if row.status == ReviewStatus.SUBMITTED and row.submission_id == submission.pk:
        raise ValidationError(_("该数据已提交,正在等待督查员审核,不能修改;如需修改,请先撤回提交。"))
    if row.status == ReviewStatus.APPROVED or row.submission_id != submission.pk:
        raise ValidationError(_("该数据已审核通过并锁定;如需修改,请联系督查员重新打开。"))


def _form_editable_or_fail(submission) -> None:
    """While the form waits for review (status submitted) staff change nothing in it: ValidationError."""
    if submission.status == ReviewStatus.SUBMITTED:
        raise ValidationError(_("该填报表已提交,正在等待督查员审核,不能修改;如需修改,请先撤回提交。"))


def _value_checked_row(entry, indicator, rows, submission, last_approved):
    """The row ``entry`` writes to (None: a new one) once every check passed; raises ValidationError.

    Checks: due this period (annual only in Q4), not locked, evidence files, hard limits
    (``validation.value_check`` errors, prefixed with the indicator's name).
    """
    from indicators.catalogue.validation import value_check

    if not selectors.indicator_is_due(indicator, submission.period):
        raise ValidationError(_("年度指标只在第四季度填报。"))
    row = _value_row_for(entry, indicator, rows, submission)
    if row is not None:
        _row_editable_or_fail(row, entry, submission)
    for file in entry.evidence:
        evidence_check(file)
    if entry.value is not None:
        last = last_approved.get(indicator.pk)
        check = value_check(indicator=indicator, value=entry.value, last_approved=last.value if last else None)
        if check.errors:
            raise ValidationError([f"{indicator.name}:{message}" for message in check.errors])
    return row


def _value_stage(row, entry, indicator, submission, origin, new: list, changed: list) -> None:
    """Put the entry's row into ``new`` or ``changed`` (nothing when blank or unchanged) with its new fields.

    ``changed`` holds (row, entry, differs): an unchanged row may still receive evidence files.
    """
    if row is None:
        if entry.value is None and not entry.note and not entry.evidence:
            return
        row = IndicatorValue(submission=submission, indicator=indicator, period=submission.period, status=ReviewStatus.DRAFT)
        new.append((row, entry))
    elif row.status == ReviewStatus.APPROVED or not _row_differs(row, entry):
        if entry.evidence:
            changed.append((row, entry, False))
        return
    else:
        changed.append((row, entry, True))
    row.value, row.is_final, row.note, row.origin = entry.value, entry.is_final, entry.note, origin


def _value_plan(*, submission, entries, indicators, rows, last_approved, origin):
    """Work out new and changed rows for ``entries`` without writing; returns (new, changed, errors by code)."""
    new, changed, errors, seen = [], [], {}, set()
    for entry in entries:
        indicator = indicators[entry.indicator_id]
        try:
            if (indicator.pk, entry.is_final) in seen:
                raise ValidationError(_("同一指标同一报告期重复填报。"))
            seen.add((indicator.pk, entry.is_final))
            row = _value_checked_row(entry, indicator, rows, submission, last_approved)
        except ValidationError as exc:
            errors[indicator.code] = exc.messages
            continue
        _value_stage(row, entry, indicator, submission, origin, new, changed)
    return new, changed, errors


def _values_prepare(*, submission, entries, origin):
    """Check figures of ``submission`` without writing; returns (new, changed, errors by indicator code).

    Raises PermissionDenied for an indicator the department does not report.
    """
    ids = {entry.indicator_id for entry in entries}
    indicators = Indicator.objects.in_bulk(ids)
    for indicator_id in ids:
        indicator = indicators.get(indicator_id)
        if indicator is None or indicator.reporting_department_id != submission.department_id:
            code = indicator.code if indicator else indicator_id
            raise PermissionDenied(_("指标 %(code)s 不由本单位填报。") % {"code": code})
    rows = {
        (row.indicator_id, row.is_final): row
        for row in IndicatorValue.objects.filter(indicator_id__in=ids, period=submission.period)
    }
    last = selectors.values_latest_approved(indicator_ids=ids, period=submission.period)
    return _value_plan(
        submission=submission, entries=entries, indicators=indicators, rows=rows, last_approved=last, origin=origin
    )


def _rows_apply(new, changed, *, model, fields, owner: str, user, reason) -> None:
    """Write planned rows (figures or milestone reports) with history — bulk, a fixed number of queries —
    and attach each entry's evidence files to its row (``owner``: "value" or "milestone_report")."""
    now = timezone.now()
    for row, _entry in new:
        row.updated_at = now
    created = bulk_create_with_history([row for row, _ in new], model, default_user=user, default_change_reason=reason)
    updates = [row for row, _entry, differs in changed if differs]
    for row in updates:
        row.updated_at = now
    if updates:
        bulk_update_with_history(updates, model, fields, default_user=user, default_change_reason=reason)
    pairs = list(zip(created, [entry for _, entry in new], strict=True)) + [(row, entry) for row, entry, _ in changed]
    for row, entry in pairs:
        for file in entry.evidence:
            evidence_attach(file=file, user=user, **{owner: row})


def _values_apply(new, changed, *, user, reason) -> None:
    _rows_apply(new, changed, model=IndicatorValue, fields=VALUE_FIELDS, owner="value", user=user, reason=reason)


@_atomic("submission")
def values_save(*, submission, user, entries: list[ValueEntry], expected_version: int, origin: str = Origin.ENTRY) -> Submission:
    """Save figures of ``submission`` as drafts (any number of times), all or nothing.

    Raises StaleVersionError when ``submission.version != expected_version`` (nothing saved),
    PermissionDenied for a user outside the department or an indicator it does not report, and
    ValidationError ``{indicator code: [messages]}`` for unreadable/out-of-range figures, locked
    (approved, or submitted and waiting for review) figures, annual indicators outside Q4 or a bad
    evidence file; a plain ValidationError while the whole form is submitted. Bumps the version.
    """
    _writer_or_deny(user, submission)
    _period_open_or_fail(submission)
    _version_claim(submission, expected_version)
    _form_editable_or_fail(submission)
    new, changed, errors = _values_prepare(submission=submission, entries=entries, origin=origin)
    _errors_raise(errors)
    _values_apply(new, changed, user=user, reason=_origin_reason(origin))
    _submission_refresh(submission, user=user, reason=_("保存草稿"))
    return submission


def _origin_reason(origin: str) -> str:
    return {Origin.UPLOAD: _("Excel导入"), Origin.API: _("接口填报")}.get(origin, _("保存草稿"))


def _report_errors(entry, milestone) -> list[str]:
    """Consistency of one milestone report: known state, percent 0–100 agreeing with the state."""
    states = MilestoneReport.State
    if entry.state not in states.values:
        return [_("请选择进展状态。")]
    percent = entry.percent_done
    if percent is not None and not (0 <= percent <= 100):
        return [_("完成比例应在 0–100 之间。")]
    if entry.state == states.DONE and percent is not None and percent != 100:
        return [_("已完成的节点,完成比例应为 100%。")]
    if entry.state == states.NOT_STARTED and percent:
        return [_("未启动的节点,完成比例应为 0 或留空。")]
    return []


def _report_fields(entry) -> dict:
    """Fields of a report from an entry; 已完成 without a percentage means 100 %."""
    done = entry.state == MilestoneReport.State.DONE
    percent = Decimal(100) if done and entry.percent_done is None else entry.percent_done
    return {"state": entry.state, "percent_done": percent, "description": entry.description}


def _report_messages(entry, milestone, report, differs: bool) -> list[str]:
    messages = _report_errors(entry, milestone)
    if report is not None and report.status == ReviewStatus.APPROVED and (differs or entry.evidence):
        messages.append(_("该节点进展已审核通过并锁定;如需修改,请联系督查员重新打开。"))
    if report is not None and report.status == ReviewStatus.SUBMITTED and (differs or entry.evidence):
        messages.append(_("该节点进展已提交,正在等待督查员审核,不能修改;如需修改,请先撤回提交。"))
    for file in entry.evidence:
        try:
            evidence_check(file)
        except ValidationError as exc:
            messages += exc.messages
    return messages


def _report_plan(*, submission, entries, milestones, reports):
    """Work out new and changed milestone reports without writing; returns (new, changed, errors by code)."""
    new, changed, errors = [], [], {}
    for entry in entries:
        milestone, report = milestones[entry.milestone_id], reports.get(entry.milestone_id)
        fields = _report_fields(entry)
        differs = report is None or any(getattr(report, k) != v for k, v in fields.items())
        if messages := _report_messages(entry, milestone, report, differs):
            errors[milestone.code] = messages
        elif report is None:
            new.append((MilestoneReport(submission=submission, milestone=milestone, period=submission.period, **fields), entry))
        else:
            if differs:
                for key, value in fields.items():
                    setattr(report, key, value)
            changed.append((report, entry, differs))
    return new, changed, errors


def _milestones_prepare(*, submission, entries):
    """Check milestone reports without writing; returns (new, changed, errors by milestone code).

    Raises PermissionDenied for a milestone of a task the department does not lead.
    """
    ids = {entry.milestone_id for entry in entries}
    led = {m.pk: m for m in selectors.milestones_led(department=submission.department)}
    if ids - set(led):
        raise PermissionDenied(_("只能填报本单位牵头任务的节点进展。"))
    reports = {r.milestone_id: r for r in submission.milestone_reports.filter(milestone_id__in=ids)}
    return _report_plan(submission=submission, entries=entries, milestones=led, reports=reports)


def _milestones_apply(new, changed, *, user, reason) -> None:
    _rows_apply(
        new, changed, model=MilestoneReport, fields=REPORT_FIELDS, owner="milestone_report", user=user, reason=reason
    )


@_atomic("submission")
def milestones_save(*, submission, user, entries: list[MilestoneEntry], expected_version: int) -> Submission:
    """Save milestone reports (未启动/推进中/已完成, percent 0–100 %, description) as drafts; all or nothing.

    Same rules as ``values_save``: StaleVersionError, PermissionDenied for a milestone of a task the
    department does not lead, ValidationError ``{milestone code: [messages]}``.
    """
    _writer_or_deny(user, submission)
    _period_open_or_fail(submission)
    _version_claim(submission, expected_version)
    _form_editable_or_fail(submission)
    new, changed, errors = _milestones_prepare(submission=submission, entries=entries)
    _errors_raise(errors)
    _milestones_apply(new, changed, user=user, reason=_("保存草稿"))
    _submission_refresh(submission, user=user, reason=_("保存草稿"))
    return submission


@transaction.atomic
def entry_form_save(
    *, department, period, user, values: list[ValueEntry], milestones: list[MilestoneEntry],
    expected_version: int, submit: bool = False,
) -> Submission:
    """The entry page's one write: figures and milestone reports together, then submit when asked.

    All or nothing: a refused submission (missing figure, unexplained warning) saves nothing either.
    Raises what ``values_save``/``milestones_save``/``submission_submit`` raise.
    """
    submission = submission_get_or_create(department=department, period=period)
    _writer_or_deny(user, submission)
    _period_open_or_fail(submission)
    _version_claim(submission, expected_version)
    _form_editable_or_fail(submission)
    new_values, changed_values, errors = _values_prepare(submission=submission, entries=values, origin=Origin.ENTRY)
    new_reports, changed_reports, report_errors = _milestones_prepare(submission=submission, entries=milestones)
    _errors_raise(errors | report_errors)
    _values_apply(new_values, changed_values, user=user, reason=_("保存草稿"))
    _milestones_apply(new_reports, changed_reports, user=user, reason=_("保存草稿"))
    if submit:
        _submit(submission, user)
    else:
        _submission_refresh(submission, user=user, reason=_("保存草稿"))
    return submission


# --- Submitting ------------------------------------------------------------------------------------


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
    indicators = [i for i in selectors.indicators_of_department(department=department) if selectors.indicator_is_due(i, period)]
    rows = {(r.indicator_id, r.is_final): r for r in IndicatorValue.objects.filter(indicator__in=indicators, period=period)}
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


def _submit(submission, user) -> None:
    _errors_raise(_submit_errors(submission))
    open_statuses = [ReviewStatus.DRAFT, ReviewStatus.RETURNED]
    values = list(submission.values.filter(status__in=open_statuses))
    reports = list(submission.milestone_reports.filter(status__in=open_statuses))
    if not values and not reports:
        raise ValidationError(_nothing_to_submit(submission))
    _to_status(IndicatorValue, values, user, ReviewStatus.SUBMITTED, _("提交"))
    _to_status(MilestoneReport, reports, user, ReviewStatus.SUBMITTED, _("提交"))
    now, first = timezone.now(), submission.first_submitted_at is None
    _submission_refresh(
        submission, user=user, reason=_("提交"),
        submitted_at=now, submitted_by=user, first_submitted_at=submission.first_submitted_at or now,
    )
    if first:  # timeliness is decided by the first submission; a resubmission changes no score
        _recompute_department(submission)


def _nothing_to_submit(submission) -> str:
    if submission.status == ReviewStatus.SUBMITTED:
        return _("该填报表已提交,正在等待督查员审核,无需重复提交。")
    if submission.status == ReviewStatus.APPROVED:
        return _("该填报表已审核通过并锁定,没有需要提交的内容。")
    return _("没有需要提交的内容:请先填写并保存数据。")


@_atomic("submission")
def submission_submit(*, submission, user) -> Submission:
    """Submit the form for review: its draft and returned items become submitted.

    Refuses (ValidationError ``{code: message}``) when a figure due this period is missing (annual
    indicators only in Q4), a milestone of a led task has no report, or a soft-check warning
    (change beyond the indicator's threshold, move away from the target) is not explained in the
    note; and (plain ValidationError) when nothing is draft or returned (already submitted, or
    approved and locked). Records ``submitted_at`` and, the first time, ``first_submitted_at`` (timeliness).
    """
    _writer_or_deny(user, submission)
    _period_open_or_fail(submission)
    _version_claim(submission, None)
    _submit(submission, user)
    return submission


@_atomic("submission")
def submission_withdraw(*, submission, user, expected_version: int | None = None) -> Submission:
    """撤回修改: staff take their submitted form back to change it; every submitted figure and
    milestone report becomes draft again (approved ones stay approved and locked), with history
    reason 撤回提交. The form leaves the review queue until it is submitted again;
    ``first_submitted_at`` (timeliness) is kept.

    Raises PermissionDenied outside the department, StaleVersionError for a stale page, and
    ValidationError when nothing is waiting for review.
    """
    _writer_or_deny(user, submission)
    _version_claim(submission, expected_version)
    values = list(submission.values.filter(status=ReviewStatus.SUBMITTED))
    reports = list(submission.milestone_reports.filter(status=ReviewStatus.SUBMITTED))
    if not values and not reports:
        raise ValidationError(_("该填报表没有等待审核的内容,无需撤回。"))
    _to_status(IndicatorValue, values, user, ReviewStatus.DRAFT, _("撤回提交"))
    _to_status(MilestoneReport, reports, user, ReviewStatus.DRAFT, _("撤回提交"))
    _submission_refresh(submission, user=user, reason=_("撤回提交"))
    return submission


# --- Review ------------------------------------------------------------------------------------------


def _review_prepare(item, user, expected_version, allowed: tuple[str, ...]) -> Submission:
    """Common checks of a review action on one item; returns its submission (version bumped)."""
    supervisor_or_deny(user)
    submission = item.submission
    if submission is None:
        raise ValidationError(_("公开数据不在填报审核流程中。"))
    _version_claim(submission, expected_version)  # a stale page first: its status may be outdated too
    if item.status not in allowed:
        raise ValidationError(_("当前状态为“%(status)s”,不能执行此操作。") % {"status": item.get_status_display()})
    return submission


def _review_write(item, user, status: str, reason_text: str, change_reason: str) -> None:
    item.status, item.review_reason = status, reason_text
    item.reviewed_by, item.reviewed_at = user, timezone.now()
    item.updated_at = item.reviewed_at
    item._history_user, item._change_reason = user, change_reason
    item.save(update_fields=REVIEW_FIELDS)


def _recompute(item) -> None:
    if isinstance(item, IndicatorValue):
        scores_recompute_on_commit(period_id=item.period_id, indicator_id=item.indicator_id)
    else:
        scores_recompute_on_commit(period_id=item.period_id, milestone_id=item.milestone_id)


def _recompute_department(submission) -> None:
    """Timeliness or returned count of the form changed: its department's 考核 scores, after the commit."""
    scores_recompute_on_commit(period_id=submission.period_id, department_id=submission.department_id)


def _approve(item, *, user, expected_version):
    submission = _review_prepare(item, user, expected_version, (ReviewStatus.SUBMITTED,))
    _review_write(item, user, ReviewStatus.APPROVED, "", _("审核通过"))
    _submission_refresh(submission, user=user, reason=_("审核通过"))
    _recompute(item)
    _approved_notify(submission)
    return item


def _return(item, *, user, reason, expected_version):
    reason = _reason_required(reason)
    submission = _review_prepare(item, user, expected_version, (ReviewStatus.SUBMITTED,))
    _review_write(item, user, ReviewStatus.RETURNED, reason, _("退回:%(reason)s") % {"reason": reason})
    _submission_refresh(submission, user=user, reason=_("退回"), returned_count=submission.returned_count + 1)
    _recompute_department(submission)
    _department_notify(submission, event="returned", template=_ITEM_RETURNED, name=_item_name(item), reason=reason)
    return item


def _reopen(item, *, user, reason, expected_version):
    reason = _reason_required(reason)
    submission = _review_prepare(item, user, expected_version, (ReviewStatus.APPROVED,))
    _review_write(item, user, ReviewStatus.RETURNED, reason, _("重新打开:%(reason)s") % {"reason": reason})
    _submission_refresh(submission, user=user, reason=_("重新打开"))
    _recompute(item)
    _department_notify(submission, event="reopened", template=_ITEM_REOPENED, name=_item_name(item), reason=reason)
    return item


@_atomic("value")
def value_approve(*, value, user, expected_version: int | None = None) -> IndicatorValue:
    """Approve one submitted figure (locks it). Supervisors only (PermissionDenied); ValidationError
    unless it is submitted; StaleVersionError when ``expected_version`` is given and stale."""
    return _approve(value, user=user, expected_version=expected_version)


@_atomic("value")
def value_return(*, value, user, reason: str, expected_version: int | None = None) -> IndicatorValue:
    """Return one submitted figure with a reason (required) for the department to fix and resubmit."""
    return _return(value, user=user, reason=reason, expected_version=expected_version)


@_atomic("value")
def value_reopen(*, value, user, reason: str, expected_version: int | None = None) -> IndicatorValue:
    """Reopen an approved figure with a reason: it becomes returned (editable) and scores are recomputed."""
    return _reopen(value, user=user, reason=reason, expected_version=expected_version)


@_atomic("report")
def milestone_report_approve(*, report, user, expected_version: int | None = None) -> MilestoneReport:
    """Approve one submitted milestone report (see ``value_approve``)."""
    return _approve(report, user=user, expected_version=expected_version)


@_atomic("report")
def milestone_report_return(*, report, user, reason: str, expected_version: int | None = None) -> MilestoneReport:
    """Return one submitted milestone report with a reason (see ``value_return``)."""
    return _return(report, user=user, reason=reason, expected_version=expected_version)


@_atomic("report")
def milestone_report_reopen(*, report, user, reason: str, expected_version: int | None = None) -> MilestoneReport:
    """Reopen an approved milestone report with a reason (see ``value_reopen``)."""
    return _reopen(report, user=user, reason=reason, expected_version=expected_version)


def _submitted_items(submission):
    values = list(submission.values.filter(status=ReviewStatus.SUBMITTED))
    reports = list(submission.milestone_reports.filter(status=ReviewStatus.SUBMITTED))
    if not values and not reports:
        raise ValidationError(_("该填报表没有待审核的内容。"))
    return values, reports


def _review_bulk(items_by_model, user, status, reason_text, change_reason) -> None:
    now = timezone.now()
    for model, items in items_by_model:
        for item in items:
            item.status, item.review_reason, item.reviewed_by, item.reviewed_at, item.updated_at = (
                status, reason_text, user, now, now)
        if items:
            bulk_update_with_history(items, model, REVIEW_FIELDS, default_user=user, default_change_reason=change_reason)


@_atomic("submission")
def submission_approve(*, submission, user, expected_version: int | None = None) -> Submission:
    """Approve every submitted figure and milestone report of the form at once (supervisors only)."""
    supervisor_or_deny(user)
    _version_claim(submission, expected_version)
    values, reports = _submitted_items(submission)
    _review_bulk([(IndicatorValue, values), (MilestoneReport, reports)], user, ReviewStatus.APPROVED, "", _("审核通过"))
    _submission_refresh(submission, user=user, reason=_("审核通过"))
    for item in values + reports:
        _recompute(item)
    _approved_notify(submission)
    return submission


@_atomic("submission")
def submission_return(*, submission, user, reason: str, expected_version: int | None = None) -> Submission:
    """Return every submitted item of the form with one reason (required); counts one return."""
    supervisor_or_deny(user)
    reason = _reason_required(reason)
    _version_claim(submission, expected_version)
    values, reports = _submitted_items(submission)
    change_reason = _("退回:%(reason)s") % {"reason": reason}
    _review_bulk([(IndicatorValue, values), (MilestoneReport, reports)], user, ReviewStatus.RETURNED, reason, change_reason)
    _submission_refresh(submission, user=user, reason=_("退回"), returned_count=submission.returned_count + 1)
    _recompute_department(submission)
    _department_notify(submission, event="returned", template=_FORM_RETURNED, reason=reason)
    return submission


# --- Notifications (退回 / 重新打开 / 整表审核通过) -------------------------------------------------------

_ITEM_RETURNED = gettext_noop("%(period)s%(department)s填报中的“%(name)s”被督查员退回,理由:%(reason)s。请修改后重新提交。")
_ITEM_REOPENED = gettext_noop("%(period)s%(department)s已通过的“%(name)s”被督查员重新打开,理由:%(reason)s。请修改后重新提交。")
_FORM_RETURNED = gettext_noop("%(period)s%(department)s填报表被督查员整表退回,理由:%(reason)s。请修改后重新提交。")
_FORM_APPROVED = gettext_noop("%(period)s%(department)s填报表已全部审核通过。")
_SUBJECTS = {
    "returned": gettext_noop("填报被退回"), "reopened": gettext_noop("填报被重新打开"), "approved": gettext_noop("填报审核通过"),
}


def _item_name(item) -> str:
    return item.indicator.name if isinstance(item, IndicatorValue) else item.milestone.title


def _approved_notify(submission) -> None:
    if submission.status == ReviewStatus.APPROVED:
        _department_notify(submission, event="approved", template=_FORM_APPROVED)


def _department_notify(submission, *, event: str, template: str, **params) -> None:
    """Tell every active 填报员 of the form's department about a review ``event`` (returned, reopened,
    approved): one in-app Notification each (key ``event:submission:v<version>``, unique per user, so
    the same event never notifies twice) linking to the form, and, after commit, one e-mail to each
    user with an address. Texts are in Chinese (the site language), whatever the reviewer's language.
    """
    users = [p.user for p in StaffProfile.objects.filter(
        department_id=submission.department_id, user__is_active=True).select_related("user")]
    key = f"{event}:{submission.pk}:v{submission.version}"
    link = reverse("entry:form", args=[submission.department.code, submission.period.year, submission.period.quarter])
    with translation.override(settings.LANGUAGE_CODE):
        text = _(template) % {"period": submission.period, "department": submission.department.name, **params}
        subject = _("【灵丘县生态文明建设规划管理平台】%(what)s") % {"what": _(_SUBJECTS[event])}
        body = "%s\n\n%s%s" % (text, _("查看填报表:"), link)
    known = set(Notification.objects.filter(user__in=users, key=key).values_list("user_id", flat=True))
    new = [Notification(user=u, key=key, text=text[:300], link=link) for u in users if u.pk not in known]
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    addresses = [n.user.email for n in new if n.user.email]
    if addresses:
        transaction.on_commit(lambda: _emails_send(subject, body, addresses))


def _emails_send(subject: str, body: str, addresses: list[str]) -> None:
    """One e-mail per address over one connection; a mail server that is down is logged, never raised
    (the in-app notifications stand)."""
    messages = [EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[a]) for a in addresses]
    try:
        get_connection(fail_silently=False).send_messages(messages)
    except OSError:
        log.exception("review notification e-mails could not be sent")


# --- Evidence ----------------------------------------------------------------------------------------


@_atomic("evidence")
def evidence_delete(*, evidence: Evidence, user) -> None:
    """Remove an evidence file of a figure or report that is not approved; staff of the department only.

    Raises PermissionDenied for other users and ValidationError when the owner is approved (locked).
    """
    owner = evidence.value or evidence.milestone_report
    if owner.submission is None:
        raise ValidationError(_("公开数据不在填报审核流程中。"))
    _writer_or_deny(user, owner.submission)
    if owner.status == ReviewStatus.APPROVED:
        raise ValidationError(_("该数据已审核通过并锁定,不能删除佐证材料。"))
    if owner.status == ReviewStatus.SUBMITTED:
        raise ValidationError(_("该数据已提交,正在等待督查员审核,不能删除佐证材料;如需修改,请先撤回提交。"))
    _version_claim(owner.submission, None)
    name = evidence.file.name
    storage = evidence.file.storage
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(name))
