"""Reminders: forms due within 3 days and overdue forms → in-app notifications and e-mail, once each.

"Today" is 2026-01-08: 2025Q4 is due 2026-01-10 for quarterly reporters (2 days left) and with the
annual figures on 2026-03-31 for departments with annual indicators; 2025Q3 was due 2025-10-10
(90 days ago).
"""

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from indicators.entry.reminders import reminders_send
from indicators.models import Notification, ReportingPeriod, ReviewStatus, Submission
from responsibilities.models import Department
from responsibilities.services import user_create
from tasks.common import roles

TODAY = dt.date(2026, 1, 8)


def staff(code, username, email=""):
    return user_create(
        username=username,
        password="pass-12345",
        role=roles.STAFF,
        department=Department.objects.get(code=code),
        email=email,
    )


def submitted(code, year, quarter):
    Submission.objects.create(
        department=Department.objects.get(code=code),
        period=ReportingPeriod.objects.get(year=year, quarter=quarter),
        status=ReviewStatus.SUBMITTED,
        first_submitted_at=timezone.now(),
    )


@pytest.fixture
def energy_staff(plan):
    """县能源局 reports only quarterly (T14 装机) and leads task 14's milestone; its 2025Q3 form is in."""
    submitted("energy", 2025, 3)
    return staff("energy", "nengyuan", email="nengyuan@example.cn")


def test_due_soon_reminder_in_app_and_by_mail(energy_staff):
    report = reminders_send(today=TODAY)
    notes = list(Notification.objects.filter(user=energy_staff))
    assert len(notes) == 1
    assert "2025年第4季度填报将于 2026年1月10日 截止(还有 2 天截止)" in notes[0].text
    assert notes[0].link == "/entry/" and notes[0].key.startswith("due:")
    assert [m.to for m in mail.outbox] == [["nengyuan@example.cn"]] * report.emails
    assert any(m.body == notes[0].text and "填报提醒" in m.subject for m in mail.outbox)


def test_rerun_creates_and_sends_nothing_twice(energy_staff, staff_a):
    first = reminders_send(today=TODAY)
    count, sent = Notification.objects.count(), len(mail.outbox)
    second = reminders_send(today=TODAY)
    assert first.notifications == count > 0 and (second.notifications, second.emails) == (0, 0)
    assert Notification.objects.count() == count and len(mail.outbox) == sent


def test_overdue_reminder_names_the_days_late(plan, staff_a):
    reminders_send(today=TODAY)
    notes = list(Notification.objects.filter(user=staff_a))  # 生态环境分局: 2025Q3 never submitted
    assert len(notes) == 1 and notes[0].key.startswith("overdue:")
    assert "2025年第3季度填报已于 2025年10月10日 截止" in notes[0].text and "已逾期 90 天" in notes[0].text


def test_submitted_forms_and_forms_not_yet_due_get_no_reminder(plan, staff_a):
    submitted("ecoenv", 2025, 3)
    reminders_send(today=TODAY)  # ecoenv's 2025Q4 form (with annual figures) is due on 2026-03-31
    assert not Notification.objects.filter(user=staff_a).exists()
    reminders_send(today=dt.date(2026, 3, 29))
    assert Notification.objects.get(user=staff_a).key.startswith("due:")


def test_annual_only_departments_are_never_reminded_in_q1_to_q3(plan):
    health = staff("health", "weijian")  # reports one annual indicator, leads no task
    reminders_send(today=TODAY)  # 2025Q3 not due for it; 2025Q4 due 2026-03-31
    assert not Notification.objects.filter(user=health).exists()


def test_each_department_is_reminded_of_its_own_forms_only(energy_staff, staff_a, staff_b):
    reminders_send(today=TODAY)
    for user in (energy_staff, staff_a, staff_b):
        department = str(user.staff_profile.department)
        assert all(department in n.text for n in Notification.objects.filter(user=user))


def test_a_moved_due_date_gives_a_fresh_reminder(energy_staff):
    reminders_send(today=TODAY)
    ReportingPeriod.objects.filter(year=2025, quarter=4).update(due_on=dt.date(2026, 1, 9))
    reminders_send(today=TODAY)
    assert Notification.objects.filter(user=energy_staff).count() == 2


def test_mail_server_down_keeps_the_in_app_reminders(energy_staff, caplog):
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=OSError("down")):
        report = reminders_send(today=TODAY)
    assert report.emails == 0 and Notification.objects.filter(user=energy_staff).count() == 1
    assert "could not be sent" in caplog.text


def test_reminders_query_count_does_not_grow_with_departments(
    plan, staff_a, staff_b, energy_staff, django_assert_num_queries
):
    # 1 periods in the window; 2 departments reporting; 3–5 timeliness_table (frequencies, led milestones,
    # submissions); 6 staff of the departments; SAVEPOINT; 7 existing keys; 8 insert; 9 the notifications'
    # ids; 10 their e-mail deliveries; RELEASE; after the commit: SAVEPOINT, 11 claim, RELEASE; 12 the claimed
    # rows; 13 marked sent (issue 11: e-mails exactly once).
    with django_assert_num_queries(17):
        reminders_send(today=TODAY)


# ------------------------------------------------------------------------------ notification pages


def test_notification_list_shows_only_the_users_own(client_for, energy_staff, staff_a):
    reminders_send(today=TODAY)
    page = client_for(energy_staff).get("/scoring/notifications/").content.decode()
    assert "2025年第4季度填报将于" in page and "已逾期" not in page
    other = client_for(staff_a).get("/scoring/notifications/").content.decode()
    assert "已逾期 90 天" in other and "还有 2 天截止" not in other


def test_mark_all_read(client_for, energy_staff, staff_a):
    reminders_send(today=TODAY)
    response = client_for(energy_staff).post("/scoring/notifications/read/")
    assert response.status_code == 302 and response["Location"] == "/scoring/notifications/"
    assert not Notification.objects.filter(user=energy_staff, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=staff_a, read_at__isnull=True).exists()  # others untouched
