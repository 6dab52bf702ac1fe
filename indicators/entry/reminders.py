"""Reminders of due and overdue forms (填报提醒), and the beat schedules of the scoring jobs.

``reminders_send`` runs daily (beat, Asia/Shanghai). For every department with something to report
(an indicator, or a milestone of a task it leads) and every period whose due date is
within the next 3 days (not yet submitted) or has passed (still not submitted, at most
``OVERDUE_LOOKBACK_DAYS`` ago), each active 填报员 of the department gets one in-app
``Notification`` and, when the user has an e-mail address, one e-mail through Django's mail
backend. The notification key (unique per user) names the kind, period, department and due date,
so re-runs create nothing twice; a moved due date gives a fresh reminder.

E-mails exactly once per (reminder, recipient), even when two runs race or a run dies after its commit
(issue 11): the ``EmailDelivery`` row (unique per notification) is written in the transaction of the
notification, the e-mail is sent after the commit from those rows by a sender that claims them first and
marks them sent (``indicators.notifications.services.email_deliveries_send``), and the beat job
``indicators.email_deliveries_sweep`` (every 5 minutes) sends the rows a dead run left unsent.
"""

import dataclasses
import datetime as dt
import logging

from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.entry.selectors import departments_reporting
from indicators.entry.timeliness import timeliness_table
from indicators.models import ReportingPeriod
from indicators.notifications.services import (
    Notice,
    email_deliveries_create,
    email_deliveries_send,
    notifications_create,
)
from responsibilities.models import StaffProfile

log = logging.getLogger(__name__)

DUE_SOON_DAYS = 3
OVERDUE_LOOKBACK_DAYS = 92  # older gaps are for the supervisors' timeliness report, not for reminders
NIGHTLY_RECOMPUTE = "夜间全量重算进度得分"
DAILY_REMINDERS = "每日填报提醒"
MARKS_SWEEP = "补算待更新得分"
EMAIL_SWEEP = "补发未发送的通知邮件"
ENTRY_LINK = "/entry/"  # the data-entry area (lingqiu_portal/urls.py mounts it at /entry/)


@dataclasses.dataclass
class ReminderReport:
    """Notifications created and e-mails sent by this run (0 and 0 on a re-run the same day)."""

    notifications: int = 0
    emails: int = 0


@dataclasses.dataclass(frozen=True)
class _Reminder:
    key: str
    text: str


def reminders_send(*, today: dt.date | None = None) -> ReminderReport:
    """Create the due-soon and overdue reminders of ``today`` (default: today in Asia/Shanghai).

    Fixed number of queries (periods, departments, timeliness, staff, existing keys, insert)
    whatever the number of departments. Idempotent per (user, key).
    """
    today = today or timezone.localdate()
    reminders = _reminders_due(today)
    staff = _staff_by_department(reminders)
    wanted = [
        (user, r) for department_id, items in reminders.items() for r in items for user in staff.get(department_id, [])
    ]
    with transaction.atomic():
        new = notifications_create(notices=[Notice(user=u, key=r.key, text=r.text, link=ENTRY_LINK) for u, r in wanted])
        ids = email_deliveries_create(
            notifications=new, subject=_("【灵丘县生态文明建设规划管理平台】填报提醒"), send_after_commit=False
        )
    sent = email_deliveries_send(notification_ids=ids) if ids else 0  # after the commit
    return ReminderReport(notifications=len(new), emails=sent)


def _reminders_due(today: dt.date) -> dict[int, list[_Reminder]]:
    """{department_id: [_Reminder]} for periods due soon or recently overdue. 4 queries."""
    window = Q(
        due_on__range=(today - dt.timedelta(days=OVERDUE_LOOKBACK_DAYS), today + dt.timedelta(days=DUE_SOON_DAYS))
    )
    window |= Q(
        annual_due_on__range=(
            today - dt.timedelta(days=OVERDUE_LOOKBACK_DAYS),
            today + dt.timedelta(days=DUE_SOON_DAYS),
        )
    )
    periods = list(ReportingPeriod.objects.filter(window).order_by("year", "quarter"))
    departments = [d for d in departments_reporting() if d.is_active]
    table = timeliness_table(periods=periods, departments=departments, today=today)
    reminders: dict[int, list[_Reminder]] = {}
    names = {d.pk: str(d) for d in departments}
    for period in periods:
        for department_id, name in names.items():
            reminder = _reminder(table[department_id, period.pk], period, name, department_id, today)
            if reminder is not None:
                reminders.setdefault(department_id, []).append(reminder)
    return reminders


def _reminder(timeliness, period, department_name: str, department_id: int, today: dt.date) -> _Reminder | None:
    """The reminder of one (department, period), or None (submitted, not due, or outside the window)."""
    due = timeliness.due_on
    if timeliness.kind == "pending" and (due - today).days <= DUE_SOON_DAYS:
        days = (due - today).days
        when = _("今天截止") if days == 0 else _("还有 %(days)s 天截止") % {"days": days}
        text = _("%(period)s填报将于 %(due)s 截止(%(when)s),%(department)s尚未提交,请及时填报并提交。") % {
            "period": period,
            "due": _date(due),
            "when": when,
            "department": department_name,
        }
        return _Reminder(f"due:{period.pk}:{department_id}:{due.isoformat()}", text)
    if timeliness.kind == "missing" and (today - due).days <= OVERDUE_LOOKBACK_DAYS:
        text = _("%(period)s填报已于 %(due)s 截止,%(department)s尚未提交,已逾期 %(days)s 天,请尽快补报。") % {
            "period": period,
            "due": _date(due),
            "department": department_name,
            "days": (today - due).days,
        }
        return _Reminder(f"overdue:{period.pk}:{department_id}:{due.isoformat()}", text)
    return None


def _date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _staff_by_department(reminders: dict) -> dict[int, list]:
    """Active 填报员 users of the departments with reminders: {department_id: [User]}. 1 query."""
    staff: dict[int, list] = {}
    profiles = StaffProfile.objects.filter(department_id__in=list(reminders), user__is_active=True).select_related(
        "user"
    )
    for profile in profiles:
        staff.setdefault(profile.department_id, []).append(profile.user)
    return staff


# ---------------------------------------------------------------------------------------------------
# Beat schedules (django-celery-beat, Asia/Shanghai)
# ---------------------------------------------------------------------------------------------------

SCHEDULES = (
    # (name, Celery task name, minute, hour, description)
    (
        NIGHTLY_RECOMPUTE,
        "indicators.scores_recompute_all",
        "30",
        "2",
        "每天 02:30(北京时间)重算全部进度得分,修复遗漏的重算。",
    ),
    (DAILY_REMINDERS, "indicators.reminders_send", "0", "8", "每天 08:00(北京时间)发送即将截止和逾期未报的填报提醒。"),
    (
        MARKS_SWEEP,
        "indicators.scores_marks_sweep",
        "*/2",
        "*",
        "每 2 分钟重算仍待更新的进度得分（任务队列不可用或后台进程中断时的补救）。",
    ),
    (
        EMAIL_SWEEP,
        "indicators.email_deliveries_sweep",
        "*/5",
        "*",
        "每 5 分钟补发未发送的通知邮件（每条提醒每位收件人只发一次）。",
    ),
)


def scoring_beat_schedules(using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate hook: create the beat schedules if missing (idempotent).

    Existing schedules are left as an administrator edited them (time, enabled); a deleted one
    comes back at the next migrate. Crontabs are on Asia/Shanghai time.
    """
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    for name, task, minute, hour, description in SCHEDULES:
        if PeriodicTask.objects.using(using).filter(name=name).exists():
            continue
        crontab = (
            CrontabSchedule.objects.using(using)
            .filter(
                minute=minute, hour=hour, day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Shanghai"
            )
            .first()
        )
        crontab = crontab or CrontabSchedule.objects.using(using).create(
            minute=minute, hour=hour, day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Shanghai"
        )
        PeriodicTask.objects.using(using).create(name=name, task=task, crontab=crontab, description=description)
