"""The rules of supervision orders (督办单) in one place: the state machine, numbers, working days, cards.

State machine (who may take each step; ``TRANSITIONS``)::

    issued ──签收(牵头单位)──▶ acknowledged ──整改进展(牵头单位)──▶ rectifying ──申请销号(牵头单位)──▶
    closure_requested ──销号(督查员)──▶ closed
    closure_requested ──退回(督查员，须说明理由)──▶ rectifying

Progress reports are also accepted in ``rectifying`` (the status stays); an extension of the deadline is
requested by the lead department and granted or refused by a supervisor in any open status.

Cards (黄牌/红牌, ``order_mark``): an open order past its 整改期限 is red (逾期); one whose 整改期限 is
``SUPERVISION_YELLOW_DAYS`` days away or less, or not acknowledged by its 签收期限, is yellow.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from indicators.models import OPEN_STATUSES, OrderStatus

S = OrderStatus
LEAD = "lead"  # staff of the order's lead department
SUPERVISOR = "supervisor"  # 督查员 (and 系统管理员)


@dataclass(frozen=True)
class Transition:
    """One step: the statuses it starts from, the status it ends in (None: unchanged), who takes it."""

    sources: tuple[str, ...]
    target: str | None
    actor: str
    label: str


TRANSITIONS = {
    "acknowledge": Transition((S.ISSUED,), S.ACKNOWLEDGED, LEAD, _("签收")),
    "progress": Transition((S.ACKNOWLEDGED, S.RECTIFYING), S.RECTIFYING, LEAD, _("报送整改进展")),
    "request_closure": Transition((S.RECTIFYING,), S.CLOSURE_REQUESTED, LEAD, _("申请销号")),
    "close": Transition((S.CLOSURE_REQUESTED,), S.CLOSED, SUPERVISOR, _("销号")),
    "return": Transition((S.CLOSURE_REQUESTED,), S.RECTIFYING, SUPERVISOR, _("退回整改")),
    "extension_request": Transition(OPEN_STATUSES, None, LEAD, _("申请延期")),
    "extension_decide": Transition(OPEN_STATUSES, None, SUPERVISOR, _("审批延期")),
}

RED, YELLOW = "red", "yellow"
MARK_LABELS = {RED: _("红牌"), YELLOW: _("黄牌")}


def order_number(*, year: int, sequence: int) -> str:
    """The printed number of an order: ``SUPERVISION_NUMBER_FORMAT`` with {year} and {sequence}
    (default 灵生态督〔2026〕3号)."""
    return settings.SUPERVISION_NUMBER_FORMAT.format(year=year, sequence=sequence)


def working_days_after(day: dt.date, days: int) -> dt.date:
    """The date ``days`` working days (Monday–Friday) after ``day``. Public holidays are not known to the
    portal: a supervisor sets the date by hand around them."""
    current = day
    while days > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def acknowledge_due(issued_on: dt.date) -> dt.date:
    """签收期限: ``SUPERVISION_ACKNOWLEDGE_WORKING_DAYS`` (default 3) working days after the issue date."""
    return working_days_after(issued_on, settings.SUPERVISION_ACKNOWLEDGE_WORKING_DAYS)


def order_overdue(*, status: str, deadline: dt.date, today: dt.date) -> bool:
    """逾期: still open after its 整改期限 (the deadline day itself is in time)."""
    return status in OPEN_STATUSES and deadline < today


def order_mark(*, status: str, deadline: dt.date, acknowledge_due: dt.date, today: dt.date) -> str | None:
    """ "red" (逾期), "yellow" (整改期限 within SUPERVISION_YELLOW_DAYS days, or 签收 overdue) or None."""
    if status not in OPEN_STATUSES:
        return None
    if deadline < today:
        return RED
    if (deadline - today).days <= settings.SUPERVISION_YELLOW_DAYS:
        return YELLOW
    if status == S.ISSUED and acknowledge_due < today:
        return YELLOW
    return None


def date_text(day: dt.date | None) -> str:
    """2026年10月10日 (government-document style); "" for None."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""
