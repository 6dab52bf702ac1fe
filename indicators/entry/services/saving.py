"""Saving figures and milestone reports of a form (保存草稿): checked, then written in one bulk apply."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from indicators.entry import selectors
from indicators.entry.evidence import evidence_attach, evidence_check
from indicators.entry.services.common import (
    REPORT_FIELDS,
    VALUE_FIELDS,
    MilestoneEntry,
    ValueEntry,
    atomic,
    errors_raise,
    period_open_or_fail,
    plan_entry_open_or_fail,
    submission_refresh,
    version_claim,
    writer_or_deny,
)
from indicators.entry.services.submitting import submit_items
from indicators.models import (
    Indicator,
    IndicatorValue,
    MilestoneReport,
    Origin,
    ReviewStatus,
    Submission,
)
from tasks.audit.record import audit_instances
from tasks.models import Plan


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
        row = IndicatorValue(
            submission=submission, indicator=indicator, period=submission.period, status=ReviewStatus.DRAFT
        )
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
    indicators = Indicator.objects.select_related("task__system__plan").in_bulk(ids)
    for indicator_id in ids:
        indicator = indicators.get(indicator_id)
        if indicator is None or indicator.reporting_department_id != submission.department_id:
            code = indicator.code if indicator else indicator_id
            raise PermissionDenied(_("指标 %(code)s 不由本单位填报。") % {"code": code})
        plan_entry_open_or_fail(indicator.task.system.plan)
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
    audit_instances(created, created=True, user=user)  # bulk writes send no signals: one audit INSERT for them all
    updates = [row for row, _entry, differs in changed if differs]
    for row in updates:
        row.updated_at = now
    if updates:
        bulk_update_with_history(updates, model, fields, default_user=user, default_change_reason=reason)
        audit_instances(updates, created=False, fields=fields, user=user)
    pairs = list(zip(created, [entry for _, entry in new], strict=True)) + [(row, entry) for row, entry, _ in changed]
    for row, entry in pairs:
        for file in entry.evidence:
            evidence_attach(file=file, user=user, **{owner: row})


def _values_apply(new, changed, *, user, reason) -> None:
    _rows_apply(new, changed, model=IndicatorValue, fields=VALUE_FIELDS, owner="value", user=user, reason=reason)


@atomic("submission")
def values_save(
    *, submission, user, entries: list[ValueEntry], expected_version: int, origin: str = Origin.ENTRY
) -> Submission:
    """Save figures of ``submission`` as drafts (any number of times), all or nothing.

    Raises StaleVersionError when ``submission.version != expected_version`` (nothing saved),
    PermissionDenied for a user outside the department or an indicator it does not report, and
    ValidationError ``{indicator code: [messages]}`` for unreadable/out-of-range figures, locked
    (approved, or submitted and waiting for review) figures, annual indicators outside Q4 or a bad
    evidence file; a plain ValidationError while the whole form is submitted. Bumps the version.
    """
    writer_or_deny(user, submission)
    period_open_or_fail(submission)
    version_claim(submission, expected_version)
    _form_editable_or_fail(submission)
    new, changed, errors = _values_prepare(submission=submission, entries=entries, origin=origin)
    errors_raise(errors)
    _values_apply(new, changed, user=user, reason=_origin_reason(origin))
    submission_refresh(submission, user=user, reason=_("保存草稿"))
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


def milestone_report_errors(entry) -> list[str]:
    """The entry form's checks of one milestone report (state, percent 0–100 agreeing with the state);
    the Excel upload's preview uses the same. [] when consistent."""
    return _report_errors(entry, None)


def milestone_report_fields(entry) -> dict:
    """The fields a report gets from ``entry`` (已完成 without a percentage means 100 %)."""
    return _report_fields(entry)


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
            new.append(
                (MilestoneReport(submission=submission, milestone=milestone, period=submission.period, **fields), entry)
            )
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
    for plan in Plan.objects.filter(systems__tasks__milestones__in=ids).distinct() if ids else ():
        plan_entry_open_or_fail(plan)
    led = {m.pk: m for m in selectors.milestones_led(department=submission.department)}
    if ids - set(led):
        raise PermissionDenied(_("只能填报本单位牵头任务的节点进展。"))
    reports = {r.milestone_id: r for r in submission.milestone_reports.filter(milestone_id__in=ids)}
    return _report_plan(submission=submission, entries=entries, milestones=led, reports=reports)


def _milestones_apply(new, changed, *, user, reason) -> None:
    _rows_apply(
        new, changed, model=MilestoneReport, fields=REPORT_FIELDS, owner="milestone_report", user=user, reason=reason
    )


@atomic("submission")
def milestones_save(*, submission, user, entries: list[MilestoneEntry], expected_version: int) -> Submission:
    """Save milestone reports (未启动/推进中/已完成, percent 0–100 %, description) as drafts; all or nothing.

    Same rules as ``values_save``: StaleVersionError, PermissionDenied for a milestone of a task the
    department does not lead, ValidationError ``{milestone code: [messages]}``.
    """
    writer_or_deny(user, submission)
    period_open_or_fail(submission)
    version_claim(submission, expected_version)
    _form_editable_or_fail(submission)
    new, changed, errors = _milestones_prepare(submission=submission, entries=entries)
    errors_raise(errors)
    _milestones_apply(new, changed, user=user, reason=_("保存草稿"))
    submission_refresh(submission, user=user, reason=_("保存草稿"))
    return submission


@transaction.atomic
def entry_form_save(
    *,
    department,
    period,
    user,
    values: list[ValueEntry],
    milestones: list[MilestoneEntry],
    expected_version: int,
    submit: bool = False,
) -> Submission:
    """The entry page's one write: figures and milestone reports together, then submit when asked.

    All or nothing: a refused submission (missing figure, unexplained warning) saves nothing either.
    Raises what ``values_save``/``milestones_save``/``submission_submit`` raise.
    """
    submission = submission_get_or_create(department=department, period=period)
    writer_or_deny(user, submission)
    period_open_or_fail(submission)
    version_claim(submission, expected_version)
    _form_editable_or_fail(submission)
    new_values, changed_values, errors = _values_prepare(submission=submission, entries=values, origin=Origin.ENTRY)
    new_reports, changed_reports, report_errors = _milestones_prepare(submission=submission, entries=milestones)
    errors_raise(errors | report_errors)
    _values_apply(new_values, changed_values, user=user, reason=_("保存草稿"))
    _milestones_apply(new_reports, changed_reports, user=user, reason=_("保存草稿"))
    if submit:
        submit_items(submission, user)
    else:
        submission_refresh(submission, user=user, reason=_("保存草稿"))
    return submission
