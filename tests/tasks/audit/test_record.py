"""The audit log records every login event, every model change (old → new, who, from where), every export and
every download — and nothing can change or delete a record (tasks.audit)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse

from indicators.entry import selectors, services
from indicators.entry.services import ValueEntry
from indicators.models import AssessmentVeto, Indicator, IndicatorValue, ReportingPeriod, ScoringConfig, Submission
from responsibilities.models import Department, StaffProfile, TaskAssignment
from tasks.audit.models import AuditEvent
from tasks.audit.record import audit_record
from tests.conftest import PASSWORD, is_postgres
from tests.factories import EvidenceFactory

pytestmark = pytest.mark.django_db
Kind = AuditEvent.Kind


def events(**filters):
    return list(AuditEvent.objects.filter(**filters).order_by("id"))


def last(**filters) -> AuditEvent:
    found = events(**filters)
    assert found, f"no audit event {filters}"
    return found[-1]


# ---------------------------------------------------------------- login events


def test_login_failure_and_logout_are_recorded_with_the_address(client, staff_a):
    url = reverse("login")
    client.post(url, {"username": "staff_a", "password": "wrong"}, REMOTE_ADDR="10.1.2.3")
    failed = last(kind=Kind.LOGIN_FAILED)
    assert "staff_a" in failed.detail and failed.address == "10.1.2.3" and failed.actor is None
    assert "wrong" not in str(failed.changes) + failed.detail
    client.post(url, {"username": "staff_a", "password": PASSWORD}, REMOTE_ADDR="10.1.2.4")
    login = last(kind=Kind.LOGIN)
    assert (login.actor_id, login.actor_name, login.address) == (staff_a.pk, "staff_a", "10.1.2.4")
    client.post(reverse("logout"), REMOTE_ADDR="10.1.2.4")
    assert last(kind=Kind.LOGOUT).actor_name == "staff_a"


def test_a_lockout_and_a_token_reach_the_log(client, supervisor):
    """django-axes' lockout after 5 failures (web, admin or token endpoint) and an API token issued come through the
    login machinery's hook (``ACCOUNT_EVENT_AUDIT``)."""
    for _ in range(5):
        client.post(reverse("login"), {"username": "supervisor", "password": "wrong-Pass-999"}, REMOTE_ADDR="10.7.7.7")
    assert len(events(kind=Kind.LOGIN_FAILED)) >= 5
    lockout = last(kind=Kind.LOCKOUT)
    assert "supervisor" in lockout.detail and lockout.address == "10.7.7.7"
    other = client.post(
        reverse("api-token"), {"username": "supervisor", "password": PASSWORD}, content_type="application/json"
    )
    assert other.status_code in (403, 429)  # still locked: refused, and recorded
    assert AuditEvent.objects.filter(kind__in=[Kind.LOGIN_FAILED, Kind.LOCKOUT], at__gte=lockout.at).count() >= 2


def test_an_api_token_issued_is_an_account_event(client, staff_b):
    response = client.post(
        reverse("api-token"), {"username": "staff_b", "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    token = last(kind=Kind.ACCOUNT, actor_name="staff_b")
    assert token.detail.startswith("签发访问令牌")


# ---------------------------------------------------------------- model changes


def test_an_admin_change_records_who_from_where_and_old_to_new(client_for, administrator, plan):
    period = ReportingPeriod.objects.get(year=2026, quarter=4)
    url = reverse("admin:indicators_reportingperiod_change", args=[period.pk])
    data = {
        "year": period.year,
        "quarter": period.quarter,
        "opens_on": period.opens_on.isoformat(),
        "due_on": "2027-01-20",
        "annual_due_on": period.annual_due_on.isoformat() if period.annual_due_on else "",
    }
    response = client_for(administrator).post(url, data, REMOTE_ADDR="192.168.5.6")
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = last(kind=Kind.UPDATE, object_type="indicators.ReportingPeriod")
    assert event.changes == {"due_on": [period.due_on.isoformat(), "2027-01-20"]}
    assert (event.actor_name, event.address, event.object_id) == ("administrator", "192.168.5.6", str(period.pk))
    assert event.path == url


def _free_task(department) -> int:
    return TaskAssignment.objects.exclude(task__assignments__department=department).values_list("task_id", flat=True)[0]


@pytest.mark.parametrize(
    ("make", "field", "new"),
    [
        (
            lambda d, u: AssessmentVeto.objects.create(department=d, year=2025, reason="incident", description="x"),
            "description",
            "重大事件",
        ),
        (
            lambda d, u: ReportingPeriod.objects.create(
                year=2031, quarter=1, opens_on="2031-03-25", due_on="2031-04-10"
            ),
            "due_on",
            dt.date(2031, 4, 15),
        ),
        (
            lambda d, u: TaskAssignment.objects.create(task_id=_free_task(d), department=d, role="support"),
            "role",
            "lead",
        ),
        (lambda d, u: ScoringConfig.objects.create(version="99"), "version", "100"),
        (lambda d, u: StaffProfile.objects.create(user=u, department=d), "department_id", None),
        (lambda d, u: Department.objects.create(code="newdept", name="新单位", kind=d.kind), "name", "新单位(改)"),
        (lambda d, u: Group.objects.create(name="新角色"), "name", "新角色2"),
    ],
    ids=["veto", "period", "assignment", "scoring rules", "staff profile", "department", "group"],
)
def test_creating_changing_and_deleting_every_kind_of_model_is_recorded(
    make, field, new, dept_a, dept_b, django_user_model
):
    user = django_user_model.objects.create(username="someone")
    obj = make(dept_a, user)
    label = f"{obj._meta.app_label}.{obj._meta.object_name}"
    assert last(kind=Kind.CREATE, object_type=label, object_id=str(obj.pk)).changes
    obj = type(obj).objects.get(pk=obj.pk)  # as loaded: the "old" side comes from the database row
    old = getattr(obj, field)
    new = dept_b.pk if new is None else new
    setattr(obj, field, new)
    obj.save()
    changed = last(kind=Kind.UPDATE, object_type=label, object_id=str(obj.pk))
    expected = [v.isoformat() if isinstance(v, dt.date) else v for v in (old, new)]
    assert changed.changes[field] == expected
    pk = obj.pk
    obj.delete()
    assert last(kind=Kind.DELETE, object_type=label, object_id=str(pk)).changes


def test_users_groups_and_passwords_are_recorded_without_the_secret(django_user_model):
    user = django_user_model.objects.create_user(username="newbie", password="Secret-pass-123")
    created = last(kind=Kind.CREATE, object_type="auth.User", object_id=str(user.pk))
    assert created.changes["password"] == [None, "***"] and created.changes["username"] == [None, "newbie"]
    user.groups.add(Group.objects.get(name="督查员"))
    relation = last(kind=Kind.UPDATE, object_type="auth.User", object_id=str(user.pk))
    assert relation.changes == {"groups": {"added": [Group.objects.get(name="督查员").pk]}}
    user.set_password("Another-pass-456")
    user.save()
    assert last(kind=Kind.UPDATE, object_type="auth.User").changes["password"] == ["***", "***"]
    assert "Secret-pass" not in str(list(AuditEvent.objects.values_list("changes", flat=True)))


def test_figures_written_in_bulk_are_recorded_too(dept_b, staff_b):
    """values_save writes figures with bulk_create (no signals): the service records them itself."""
    period = ReportingPeriod.objects.get(year=2025, quarter=4)
    submission = services.submission_get_or_create(department=dept_b, period=period)
    indicators = selectors.indicators_of_department(department=dept_b)
    entries = [ValueEntry(i.pk, Decimal("12"), True, "说明") for i in indicators]
    services.values_save(submission=submission, user=staff_b, entries=entries, expected_version=1)
    figures = events(kind=Kind.CREATE, object_type="indicators.IndicatorValue", actor_name="staff_b")
    assert len(figures) == len(indicators) and figures[0].changes["value"] == [None, "12"]
    services.submission_submit(submission=submission, user=staff_b)
    statuses = events(kind=Kind.UPDATE, object_type="indicators.IndicatorValue", actor_name="staff_b")
    assert {tuple(e.changes["status"]) for e in statuses} == {("draft", "submitted")}
    assert Submission.objects.filter(pk=submission.pk).exists()


# ---------------------------------------------------------------- exports and downloads


def test_downloads_and_exports_are_recorded(client_for, staff_b, dept_b, plan):
    value = IndicatorValue.objects.create(
        indicator=Indicator.objects.filter(reporting_department=dept_b).first(),
        period=ReportingPeriod.objects.get(year=2025, quarter=4),
        submission=Submission.objects.create(
            department=dept_b, period=ReportingPeriod.objects.get(year=2025, quarter=4)
        ),
        value=1,
    )
    evidence = EvidenceFactory(value=value)
    client = client_for(staff_b)
    assert client.get(reverse("entry:evidence", args=[evidence.pk]), REMOTE_ADDR="10.9.9.9").status_code == 200
    download = last(kind=Kind.DOWNLOAD, object_type="indicators.Evidence")
    assert (download.actor_name, download.address, download.object_id) == ("staff_b", "10.9.9.9", str(evidence.pk))
    assert client.get(reverse("entry:upload_template", args=[dept_b.code, 2025, 4])).status_code == 200
    assert last(kind=Kind.EXPORT, object_type="responsibilities.Department").detail.endswith(".xlsx")
    query = {"scope": "department", "department": dept_b.pk, "period_kind": "quarter", "year": 2025, "quarter": 4}
    assert client.get(reverse("assessment:indicators_csv"), query).status_code == 200
    assert last(kind=Kind.EXPORT, object_type="reports.AssessmentReport").detail.endswith(".csv")
    response = client.post(reverse("assessment:job_create"), query)
    assert last(kind=Kind.EXPORT, object_type="reports.ReportJob").actor_name == "staff_b"
    assert client.get(response["Location"]).status_code == 200
    assert last(kind=Kind.DOWNLOAD, object_type="reports.ReportJob").detail.endswith(".xlsx")


# ---------------------------------------------------------------- append-only


def test_nobody_can_change_or_delete_a_record_through_the_orm():
    audit_record(Kind.EXPORT, detail="kept")
    event = AuditEvent.objects.get(detail="kept")
    event.detail = "changed"
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.filter(pk=event.pk).update(detail="changed")
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).detail == "kept"


@pytest.mark.skipif(not is_postgres(), reason="the append-only trigger exists on PostgreSQL only")
def test_the_database_refuses_update_and_delete_of_records():
    from django.db import DatabaseError, transaction

    audit_record(Kind.EXPORT, detail="kept")
    pk = AuditEvent.objects.get(detail="kept").pk
    for sql in ("UPDATE tasks_auditevent SET detail = 'x' WHERE id = %s", "DELETE FROM tasks_auditevent WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:  # young: even when purging
        cursor.execute("SET LOCAL lingqiu.audit_purge = 'on'")
        cursor.execute("DELETE FROM tasks_auditevent WHERE id = %s", [pk])
    assert AuditEvent.objects.filter(pk=pk, detail="kept").exists()


def test_the_admin_is_read_only_for_everyone(client_for, auditor, administrator):
    audit_record(Kind.EXPORT, detail="kept")
    event = AuditEvent.objects.get(detail="kept")
    change = reverse("admin:tasks_auditevent_change", args=[event.pk])
    reader = client_for(auditor)
    assert reader.get(reverse("admin:tasks_auditevent_changelist")).status_code == 200
    assert reader.get(change).status_code == 200
    for client in (reader, client_for(administrator)):
        assert client.post(change, {"detail": "changed"}).status_code == 403
        assert (
            client.post(reverse("admin:tasks_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
        )
        assert client.get(reverse("admin:tasks_auditevent_add")).status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).detail == "kept"


# ---------------------------------------------------------------- retention


def test_purge_refuses_rows_younger_than_the_retention_and_removes_older_ones(settings):
    from django.core.management import CommandError, call_command
    from django.utils import timezone

    old = timezone.now() - dt.timedelta(days=400)
    AuditEvent.objects.bulk_create([AuditEvent(kind=Kind.EXPORT, detail="old", at=old)])
    audit_record(Kind.EXPORT, detail="young")
    with pytest.raises(CommandError, match="kept 180 days"):
        call_command("audit_purge", "--before", (timezone.localdate() - dt.timedelta(days=10)).isoformat())
    call_command("audit_purge", "--before", (timezone.localdate() - dt.timedelta(days=200)).isoformat())
    assert not AuditEvent.objects.filter(detail="old").exists() and AuditEvent.objects.filter(detail="young").exists()
    assert AuditEvent.objects.filter(kind=Kind.DELETE, detail__startswith="audit_purge").exists()


@pytest.mark.parametrize("who", ["administrator", "supervisor", "leader"])
def test_only_the_auditor_reads_the_log_in_the_admin(client_for, cast, who):
    """三员分立: the 系统管理员 (and every other role) holds no permission on the audit log."""
    assert client_for(cast[who]).get(reverse("admin:tasks_auditevent_changelist")).status_code == 403
    assert not cast[who].has_perm("tasks.view_auditevent")
