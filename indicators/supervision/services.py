"""Writes of supervision orders (督办单): issue, and the steps of the state machine in ``rules.TRANSITIONS``.

Every step: checks who acts (the lead department's staff or a supervisor; another department's staff get 404,
anyone else 403), claims the order's ``version`` (the caller's must match: ``StaleOrderError``, 409), checks the
status (ValidationError naming it), writes the order with history (who, why) and one ``OrderEvent``, notifies
the other side once (``notify``), and, where the department assessment may change (issue, return, close,
extension), marks the department for recompute after the commit. The audit log records every row written
(``tasks.audit`` hooks model changes). All or nothing: ``@transaction.atomic``.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.entry.evidence import evidence_check
from indicators.models import (
    OrderAttachment,
    OrderEvent,
    OrderNumberSequence,
    OrderSeverity,
    OrderSource,
    ReportingPeriod,
    SupervisionOrder,
)
from indicators.recompute.triggers import scores_recompute_on_commit
from indicators.supervision import notify, rules
from indicators.supervision.selectors import order_readable
from responsibilities.selectors import user_department
from tasks.common.errors import ConflictError
from tasks.common.roles import user_is_supervisor

Kind = OrderEvent.Kind


class StaleOrderError(ConflictError):
    """The order changed since the caller read it (``expected`` ≠ ``current`` version); nothing was written."""

    def __init__(self, *, expected: int, current: int):
        self.expected, self.current = expected, current
        self.message = _(
            "该督办单在您打开后已有新的变化（您看到的是第%(expected)s版，现在是第%(current)s版），"
            "本次操作没有保存。请刷新后核对最新状态再操作。"
        ) % {"expected": expected, "current": current}
        super().__init__(self.message)


class VersionRequiredError(Exception):
    """A step was asked for without the version the caller read (the API answers 428)."""

    message = gettext_lazy("请提供督办单的版本号（请求头 If-Match 或字段 version）。")


@dataclass(frozen=True)
class OrderDraft:
    """What a supervisor fills in to issue an order (dates local; departments and task/indicator by object)."""

    source: str
    title: str
    problem: str
    requirement: str
    lead_department: object
    deadline: dt.date
    severity: str = OrderSeverity.NORMAL
    source_reference: str = ""
    inspection_item: str = ""
    task: object = None
    indicator: object = None
    support_departments: tuple = ()
    acknowledge_due: dt.date | None = None
    files: tuple = field(default_factory=tuple)


# ------------------------------------------------------------------------------------------ issue


def _draft_errors(draft: OrderDraft, today: dt.date) -> dict:
    errors = {}
    for name in ("title", "problem", "requirement"):
        if not (getattr(draft, name) or "").strip():
            errors[name] = [_("请填写“%(field)s”。") % {"field": SupervisionOrder._meta.get_field(name).verbose_name}]
    if draft.source not in OrderSource.values:
        errors["source"] = [_("来源“%(value)s”不在可选范围内。") % {"value": draft.source}]
    if draft.severity not in OrderSeverity.values:
        errors["severity"] = [_("督办等级“%(value)s”不在可选范围内。") % {"value": draft.severity}]
    if draft.lead_department is None:
        errors["lead_department"] = [_("请选择牵头单位。")]
    if draft.deadline is None:
        errors["deadline"] = [_("请填写整改期限。")]
    elif draft.deadline < today:
        errors["deadline"] = [_("整改期限（%(date)s）不能早于今天。") % {"date": rules.date_text(draft.deadline)}]
    elif draft.acknowledge_due is not None and draft.acknowledge_due > draft.deadline:
        errors["acknowledge_due"] = [
            _("签收期限（%(ack)s）不能晚于整改期限（%(date)s）。")
            % {"ack": rules.date_text(draft.acknowledge_due), "date": rules.date_text(draft.deadline)}
        ]
    if draft.lead_department is not None and draft.lead_department in draft.support_departments:
        errors["support_departments"] = [_("牵头单位不能同时是配合单位。")]
    if draft.indicator is not None and draft.task is not None and draft.indicator.task_id != draft.task.pk:
        errors["indicator"] = [_("指标不属于所选规划任务。")]
    return errors


def order_sequence_next(year: int) -> int:
    """The next sequence number of ``year``: the year's counter row, locked until the transaction ends."""
    OrderNumberSequence.objects.get_or_create(year=year)
    counter = OrderNumberSequence.objects.select_for_update().get(year=year)
    counter.last = F("last") + 1
    counter.save(update_fields=["last"])
    counter.refresh_from_db(fields=["last"])
    return counter.last


@transaction.atomic
def order_issue(*, draft: OrderDraft, user, today: dt.date | None = None, notify_now: bool = True) -> SupervisionOrder:
    """Issue one order (下达督办): supervisors only (PermissionDenied). Numbered in the issue year's sequence
    (``rules.order_number``); 签收期限 defaults to ``rules.acknowledge_due``; an indicator without a task takes its
    task. Raises ValidationError {field: [Chinese message]} for missing or inconsistent fields and files."""
    if not user_is_supervisor(user):
        raise PermissionDenied(_("只有督查员可以下达督办单。"))
    today = today or timezone.localdate()
    errors = _draft_errors(draft, today)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    sequence = order_sequence_next(today.year)
    order = SupervisionOrder(
        year=today.year,
        sequence=sequence,
        number=rules.order_number(year=today.year, sequence=sequence),
        source=draft.source,
        source_reference=draft.source_reference.strip(),
        inspection_item=draft.inspection_item.strip(),
        task=draft.task or (draft.indicator.task if draft.indicator is not None else None),
        indicator=draft.indicator,
        title=draft.title.strip(),
        problem=draft.problem.strip(),
        requirement=draft.requirement.strip(),
        lead_department=draft.lead_department,
        severity=draft.severity,
        acknowledge_due=draft.acknowledge_due or rules.acknowledge_due(today),
        deadline=draft.deadline,
        issued_by=user,
        issued_at=now,
    )
    order._history_user, order._change_reason = user, _("下达督办")
    order.save()
    order.support_departments.set(draft.support_departments)
    event = _event(order, Kind.ISSUED, user, from_status="", text=order.requirement)
    _files_attach(order, event, draft.files, user)
    _recompute(order, today)
    if notify_now:
        notify.order_notify(order=order, event=event)
    return order


# ------------------------------------------------------------------------------------------ steps


def _actor_check(order: SupervisionOrder, user, actor: str) -> None:
    """The lead department's staff (another department's: 404; a support department's, a supervisor or a leader:
    403) or a supervisor (403 for everyone else who may read the order; 404 for who may not)."""
    if not order_readable(user, order):
        raise Http404(_("没有找到该督办单。"))
    if actor == rules.SUPERVISOR:
        if not user_is_supervisor(user):
            raise PermissionDenied(_("只有督查员可以执行此操作。"))
        return
    own = user_department(user)
    if own is None or own.pk != order.lead_department_id:
        raise PermissionDenied(_("只有牵头单位的填报员可以执行此操作。"))


def _version_claim(order: SupervisionOrder, expected_version: int) -> None:
    """Raise the version by one if it is still ``expected_version`` (row locked until the commit)."""
    if expected_version is None:
        raise VersionRequiredError()
    if not SupervisionOrder.objects.filter(pk=order.pk, version=expected_version).update(version=F("version") + 1):
        current = SupervisionOrder.objects.values_list("version", flat=True).get(pk=order.pk)
        raise StaleOrderError(expected=expected_version, current=current)
    order.version = expected_version + 1


def _step_begin(order, user, name: str, expected_version: int) -> str:
    """Checks of one step; returns the status before it."""
    transition = rules.TRANSITIONS[name]
    _actor_check(order, user, transition.actor)
    _version_claim(order, expected_version)
    if order.status not in transition.sources:
        raise ValidationError(
            _("督办单当前状态为“%(status)s”，不能%(step)s。")
            % {"status": order.get_status_display(), "step": transition.label}
        )
    return order.status


def _step_save(order, user, fields: list[str], reason: str) -> None:
    order._history_user, order._change_reason = user, reason
    order.save(update_fields=[*fields, "version", "updated_at"])


def _event(order, kind, user, *, from_status: str, text: str = "", **extra) -> OrderEvent:
    return OrderEvent.objects.create(
        order=order,
        kind=kind,
        actor=user,
        at=timezone.now(),
        from_status=from_status,
        to_status=order.status,
        text=text,
        **extra,
    )


def _files_attach(order, event, files, user) -> list[OrderAttachment]:
    """Check every file like 佐证材料 (content type, size) and store it; ValidationError {"files": […]}."""
    errors, made = [], []
    for file in files:
        try:
            detected = evidence_check(file)
        except ValidationError as exc:
            errors += exc.messages
            continue
        attachment = OrderAttachment(
            order=order,
            event=event,
            original_name=(file.name or "").rsplit("/", 1)[-1][:255] or f"attachment.{detected.extension}",
            content_type=detected.mime,
            size=file.size,
            uploaded_by=user,
        )
        attachment.file.save(f"order.{detected.extension}", file, save=False)
        attachment.save()
        made.append(attachment)
    if errors:
        raise ValidationError({"files": errors})
    return made


def _text_required(text: str, field: str, label: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: [_("请填写%(label)s。") % {"label": label}]})
    return text


def _recompute(order, today: dt.date) -> None:
    """The lead department's assessment from the quarter of the earlier of the deadline and today, after the
    commit (overdue and returned orders may deduct points: ``indicators.scoring``)."""
    day = min(order.deadline, today)
    period = ReportingPeriod.objects.filter(year=day.year, quarter=(day.month - 1) // 3 + 1).first()
    if period is not None:
        scores_recompute_on_commit(period_id=period.pk, department_id=order.lead_department_id)


@transaction.atomic
def order_acknowledge(
    *, order, user, expected_version: int, measures: str = "", responsible_person: str = "", timeline: str = ""
) -> SupervisionOrder:
    """签收: the lead department's staff take the order on, optionally with the 整改方案 (measures, 责任人, 时限)."""
    before = _step_begin(order, user, "acknowledge", expected_version)
    order.status, order.acknowledged_at = rules.S.ACKNOWLEDGED, timezone.now()
    fields = ["status", "acknowledged_at"]
    for name, value in (("measures", measures), ("responsible_person", responsible_person), ("timeline", timeline)):
        if (value or "").strip():
            setattr(order, name, value.strip())
            fields.append(name)
    _step_save(order, user, fields, _("签收"))
    event = _event(order, Kind.ACKNOWLEDGED, user, from_status=before, text=order.measures)
    notify.order_notify(order=order, event=event)
    return order


@transaction.atomic
def order_progress(
    *, order, user, expected_version: int, text: str, percent: int | None = None, files=(), measures: str = ""
) -> SupervisionOrder:
    """整改进展: a progress report (text required, % done 0–100 optional, evidence files optional); the first one
    after 签收 starts 整改中. ``measures``: the 整改方案 when given."""
    text = _text_required(text, "text", _("整改进展"))
    if percent is not None and not 0 <= percent <= 100:
        raise ValidationError({"percent": [_("整改进度须在0到100之间。")]})
    before = _step_begin(order, user, "progress", expected_version)
    order.status = rules.S.RECTIFYING
    fields = ["status"]
    if percent is not None:
        order.progress_percent = percent
        fields.append("progress_percent")
    if (measures or "").strip():
        order.measures = measures.strip()
        fields.append("measures")
    _step_save(order, user, fields, _("报送整改进展"))
    event = _event(order, Kind.PROGRESS, user, from_status=before, text=text, percent=percent)
    _files_attach(order, event, files, user)
    notify.order_notify(order=order, event=event)
    return order


@transaction.atomic
def order_request_closure(*, order, user, expected_version: int, text: str, files=()) -> SupervisionOrder:
    """申请销号: the lead department reports the rectification done (summary required, evidence optional)."""
    text = _text_required(text, "text", _("整改完成情况"))
    before = _step_begin(order, user, "request_closure", expected_version)
    order.status, order.closure_requested_at, order.progress_percent = rules.S.CLOSURE_REQUESTED, timezone.now(), 100
    _step_save(order, user, ["status", "closure_requested_at", "progress_percent"], _("申请销号"))
    event = _event(order, Kind.CLOSURE_REQUESTED, user, from_status=before, text=text)
    _files_attach(order, event, files, user)
    notify.order_notify(order=order, event=event)
    return order


@transaction.atomic
def order_close(*, order, user, expected_version: int, text: str = "", today: dt.date | None = None):
    """销号: a supervisor verifies the rectification and closes the order."""
    before = _step_begin(order, user, "close", expected_version)
    order.status, order.closed_at, order.closed_by = rules.S.CLOSED, timezone.now(), user
    _step_save(order, user, ["status", "closed_at", "closed_by"], _("销号"))
    event = _event(order, Kind.CLOSED, user, from_status=before, text=(text or "").strip())
    _recompute(order, today or timezone.localdate())
    notify.order_notify(order=order, event=event)
    return order


@transaction.atomic
def order_return(*, order, user, expected_version: int, reason: str, today: dt.date | None = None):
    """退回整改: a supervisor refuses the closure with a reason (required); counts one return."""
    reason = _text_required(reason, "reason", _("退回理由"))
    before = _step_begin(order, user, "return", expected_version)
    order.status, order.returned_count = rules.S.RECTIFYING, order.returned_count + 1
    order.closure_requested_at = None
    _step_save(order, user, ["status", "returned_count", "closure_requested_at"], _("退回：%s") % reason)
    event = _event(order, Kind.RETURNED, user, from_status=before, text=reason)
    _recompute(order, today or timezone.localdate())
    notify.order_notify(order=order, event=event)
    return order


@transaction.atomic
def order_extension_request(*, order, user, expected_version: int, until: dt.date, reason: str) -> SupervisionOrder:
    """申请延期: the lead department asks for a later 整改期限 (date after the current one; reason required)."""
    reason = _text_required(reason, "reason", _("延期理由"))
    if until is None or until <= order.deadline:
        raise ValidationError(
            {
                "deadline": [
                    _("申请的期限须晚于现在的整改期限（%(date)s）。") % {"date": rules.date_text(order.deadline)}
                ]
            }
        )
    before = _step_begin(order, user, "extension_request", expected_version)
    order.extension_requested_until, order.extension_reason = until, reason
    _step_save(order, user, ["extension_requested_until", "extension_reason"], _("申请延期"))
    event = _event(
        order,
        Kind.EXTENSION_REQUESTED,
        user,
        from_status=before,
        text=reason,
        old_deadline=order.deadline,
        new_deadline=until,
    )
    notify.order_notify(order=order, event=event)
    return order


@transaction.atomic
def order_extension_decide(
    *, order, user, expected_version: int, grant: bool, reason: str = "", until: dt.date | None = None, today=None
) -> SupervisionOrder:
    """批准/不予延期: a supervisor sets a new 整改期限 (``until``, default the requested date) or refuses the
    pending request with a reason. A supervisor may also extend without a request (``until`` required)."""
    today = today or timezone.localdate()
    if grant:
        until = until or order.extension_requested_until
        if until is None or until <= order.deadline:
            raise ValidationError(
                {
                    "deadline": [
                        _("新的整改期限须晚于现在的期限（%(date)s）。") % {"date": rules.date_text(order.deadline)}
                    ]
                }
            )
    else:
        reason = _text_required(reason, "reason", _("不予延期的理由"))
        if order.extension_requested_until is None:
            raise ValidationError({"reason": [_("该督办单没有待审批的延期申请。")]})
    before = _step_begin(order, user, "extension_decide", expected_version)
    old = order.deadline
    if grant:
        order.deadline = until
    order.extension_requested_until, order.extension_reason = None, ""
    fields = ["deadline", "extension_requested_until", "extension_reason"]
    _step_save(order, user, fields, _("批准延期") if grant else _("不予延期"))
    kind = Kind.EXTENSION_GRANTED if grant else Kind.EXTENSION_REFUSED
    event = _event(
        order,
        kind,
        user,
        from_status=before,
        text=(reason or "").strip(),
        old_deadline=old,
        new_deadline=order.deadline,
    )
    if grant:
        _recompute(order, min(old, today))
    notify.order_notify(order=order, event=event)
    return order
