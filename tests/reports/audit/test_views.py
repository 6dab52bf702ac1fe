"""The audit log's pages: the 审计员 searches and exports (.xlsx); nobody else reads it; exporting is recorded."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tasks.audit.models import AuditEvent
from tasks.audit.record import audit_record

pytestmark = pytest.mark.django_db
Kind = AuditEvent.Kind


@pytest.fixture
def logged(staff_a, supervisor):
    """A few events: a failed login, a download by staff_a, a formula-like detail, one from last year."""
    audit_record(Kind.LOGIN_FAILED, detail="intruder", object_type="auth.User")
    audit_record(Kind.DOWNLOAD, user=staff_a, obj=staff_a, detail="灌区验收报告.pdf")
    audit_record(Kind.EXPORT, user=supervisor, detail='=HYPERLINK("http://x")')
    AuditEvent.objects.bulk_create(
        [AuditEvent(kind=Kind.EXPORT, detail="last year", at=timezone.now() - dt.timedelta(days=365))]
    )


def test_the_auditor_searches_the_log(client_for, auditor, logged):
    client = client_for(auditor)
    page = client.get(reverse("audit:index"))
    assert page.status_code == 200 and "审计日志" in page.content.decode()
    found = client.get(reverse("audit:index"), {"kind": "download", "actor": "staff_a"})
    rows = [event for event, _changes in found.context["rows"]]
    assert [e.detail for e in rows] == ["灌区验收报告.pdf"]
    assert [e.detail for e, _c in client.get(reverse("audit:index"), {"q": "intruder"}).context["rows"]] == ["intruder"]
    today = timezone.localdate().isoformat()
    recent = client.get(reverse("audit:index"), {"date_from": today}).context["rows"]
    assert "last year" not in [e.detail for e, _c in recent]


def test_a_bad_date_range_is_a_clear_400(client_for, auditor):
    response = client_for(auditor).get(reverse("audit:index"), {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert response.status_code == 400 and "结束日期不能早于起始日期" in response.content.decode()


def test_the_auditor_exports_the_search_as_xlsx_and_the_export_is_recorded(client_for, auditor, logged):
    response = client_for(auditor).get(reverse("audit:export"), {"kind": "export"})
    assert response.status_code == 200 and ".xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("时间", "类型", "操作人账号")
    details = [row[8] for row in rows[1:]]
    assert set(details) == {'=HYPERLINK("http://x")', "last year"}
    formula = next(c for c in sheet["I"] if c.value == '=HYPERLINK("http://x")')
    assert formula.data_type == "s"  # written as text, never a formula
    export = AuditEvent.objects.filter(kind=Kind.EXPORT, object_type="tasks.AuditEvent").get()
    assert export.actor_name == "auditor" and "kind=export" in export.detail


@pytest.mark.parametrize("who", ["staff_a", "supervisor", "leader", "administrator"])
def test_nobody_else_reads_the_log(client_for, cast, who):
    client = client_for(cast[who])
    assert client.get(reverse("audit:index")).status_code == 403
    assert client.get(reverse("audit:export")).status_code == 403


def test_the_auditor_lands_on_the_admin_where_the_log_and_its_search_are(client_for, auditor):
    client = client_for(auditor)
    assert client.get(reverse("home"))["Location"] == reverse("admin:index")
    index = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:tasks_auditevent_changelist") in index
    changelist = client.get(reverse("admin:tasks_auditevent_changelist")).content.decode()
    assert f'href="{reverse("audit:index")}"' in changelist and "查询和导出Excel" in changelist
