"""Deadline reminders of supervision orders (督办提醒), daily, exactly once per order, kind and date.

``order_reminders_send`` (beat: every day 08:10 Asia/Shanghai) tells the lead department's active staff about
every open order whose 签收期限 is today or tomorrow and not yet acknowledged, whose 签收期限 has passed, whose
整改期限 is 3 days away or less, or has passed (逾期: the supervisors too). A reminder's key names the kind, the
order and the date it is about (``order-late:<id>:<deadline>``), unique per user
(``indicators.notifications.services``): a re-run sends nothing twice, an extended deadline reminds afresh.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from indicators.models import OPEN_STATUSES, OrderStatus, SupervisionOrder
from indicators.notifications.services import Notice, email_deliveries_create, notifications_create
from indicators.supervision.notify import ORDER_LINK, department_staff, supervisors
from indicators.supervision.rules import date_text

DUE_SOON_DAYS = 3
DAILY_ORDER_REMINDERS = "每日督办提醒"
TEXTS = {
    "order-ack": gettext_noop("%(number)s“%(title)s”须于%(date)s前签收，请及时签收。"),
    "order-ack-late": gettext_noop("%(number)s“%(title)s”已超过签收期限（%(date)s），请立即签收。"),
    "order-due": gettext_noop("%(number)s“%(title)s”整改期限为%(date)s，请抓紧整改并申请销号。"),
    "order-late": gettext_noop("%(number)s“%(title)s”已超过整改期限（%(date)s），已亮红牌，请立即整改。"),
}


@dataclass
class OrderReminderReport:
    notifications: int = 0
    emails: int = 0


def _reminders_of(order: SupervisionOrder, today: dt.date) -> list[tuple[str, dt.date]]:
    found = []
    if order.status == OrderStatus.ISSUED:
        days = (order.acknowledge_due - today).days
        if 0 <= days <= 1:
            found.append(("order-ack", order.acknowledge_due))
        elif days < 0:
            found.append(("order-ack-late", order.acknowledge_due))
    days = (order.deadline - today).days
    if 0 <= days <= DUE_SOON_DAYS:
        found.append(("order-due", order.deadline))
    elif days < 0:
        found.append(("order-late", order.deadline))
    return found


def order_reminders_send(*, today: dt.date | None = None) -> OrderReminderReport:
    """Create today's reminders (see the module) and e-mail them. 4 queries whatever the number of orders
    (orders, staff, supervisors, existing keys) plus the insert. Idempotent per (user, key)."""
    today = today or timezone.localdate()
    orders = list(
        SupervisionOrder.objects.filter(status__in=OPEN_STATUSES, deadline__lte=today + dt.timedelta(DUE_SOON_DAYS))
        | SupervisionOrder.objects.filter(status=OrderStatus.ISSUED, acknowledge_due__lte=today + dt.timedelta(1))
    )
    due = [(order, kind, day) for order in orders for kind, day in _reminders_of(order, today)]
    staff: dict[int, list] = {}
    for user in department_staff({order.lead_department_id for order, _k, _d in due}):
        staff.setdefault(user.staff_profile.department_id, []).append(user)
    bosses = supervisors() if any(kind == "order-late" for _o, kind, _d in due) else []
    notices = []
    with translation.override(settings.LANGUAGE_CODE):
        for order, kind, day in due:
            text = _(TEXTS[kind]) % {"number": order.number, "title": order.title, "date": date_text(day)}
            users = staff.get(order.lead_department_id, []) + (bosses if kind == "order-late" else [])
            key = f"{kind}:{order.pk}:{day.isoformat()}"
            notices += [Notice(user=u, key=key, text=text, link=ORDER_LINK.format(pk=order.pk)) for u in users]
        subject = _("【灵丘县生态文明建设规划管理平台】督办提醒")
    with transaction.atomic():
        new = notifications_create(notices=notices)
        sent = len(email_deliveries_create(notifications=new, subject=subject))
    return OrderReminderReport(notifications=len(new), emails=sent)


def order_reminder_schedule(using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate hook: the daily beat row of the reminders (08:10 Asia/Shanghai) if missing; an existing
    row is left as an administrator edited it."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    if PeriodicTask.objects.using(using).filter(name=DAILY_ORDER_REMINDERS).exists():
        return
    fields = {"minute": "10", "hour": "8", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*"}
    crontab = CrontabSchedule.objects.using(using).filter(**fields, timezone="Asia/Shanghai").first()
    crontab = crontab or CrontabSchedule.objects.using(using).create(**fields, timezone="Asia/Shanghai")
    PeriodicTask.objects.using(using).create(
        name=DAILY_ORDER_REMINDERS,
        task="indicators.order_reminders_send",
        crontab=crontab,
        description="每天 08:10（北京时间）发送督办单签收、整改期限临近和逾期的提醒。",
    )
