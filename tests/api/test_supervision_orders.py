"""/api/v1/supervision-orders/: an order walked through every state by the right roles, 403 for the wrong role,
404 for another department, 409 for a stale version, 428 without one; filters; evidence by multipart."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from indicators.models import Notification, OrderEvent, SupervisionOrder
from tasks.audit.models import AuditEvent
from tests.factories import PDF_BYTES, order_issue_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/supervision-orders/"


def api(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def order(dept_a, supervisor, staff_a, staff_b, leader):
    return order_issue_for(dept_a, supervisor=supervisor)


def _post(user, order, step, data=None, **kwargs):
    return api(user).post(f"{URL}{order.pk}/{step}/", data or {}, format=kwargs.pop("format", "json"), **kwargs)


def test_create_by_a_supervisor_only(dept_a, supervisor, staff_a, leader):
    deadline = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    body = {
        "source": "inspection",
        "source_reference": "晋环督反馈〔2026〕1号",
        "title": "畜禽粪污处理设施不完善",
        "problem": "部分规模养殖场粪污处理设施不配套。",
        "requirement": "年底前完成配套改造。",
        "lead_department": dept_a.pk,
        "severity": "listed",
        "deadline": deadline,
    }
    assert api(staff_a).post(URL, body, format="json").status_code == 403
    assert api(leader).post(URL, body, format="json").status_code == 403
    assert api(None).post(URL, body, format="json").status_code == 401
    response = api(supervisor).post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["number"].startswith("灵生态督〔") and data["status"] == "issued" and data["version"] == 1
    assert data["severity_display"] == "挂牌督办" and data["events"][0]["kind"] == "issued"
    for field, value in (("deadline", "2020-01-01"), ("title", ""), ("lead_department", 999999)):
        bad = api(supervisor).post(URL, body | {field: value}, format="json")
        assert bad.status_code == 400 and field in bad.json()["errors"], field


def test_walk_through_every_state_by_the_right_roles(order, staff_a, supervisor):
    steps = [
        (staff_a, "acknowledge", {"measures": "制定清理方案", "responsible_person": "张三"}, "acknowledged"),
        (staff_a, "progress", {"text": "已清理3处", "percent": 40}, "rectifying"),
        (staff_a, "request-closure", {"text": "全部清理完成"}, "closure_requested"),
        (supervisor, "return", {"reason": "缺少现场照片"}, "rectifying"),
        (staff_a, "request-closure", {"text": "补充照片"}, "closure_requested"),
        (supervisor, "close", {"text": "经核查，整改到位"}, "closed"),
    ]
    version = 1
    for user, step, body, status in steps:
        response = _post(user, order, step, body | {"version": version})
        assert response.status_code == 200, (step, response.json())
        data = response.json()
        assert data["status"] == status and data["version"] == version + 1
        assert response["ETag"] == f'"{version + 1}"'
        version += 1
    assert data["returned_count"] == 1 and data["measures"] == "制定清理方案"
    assert [e["kind"] for e in data["events"]] == [
        "issued",
        "acknowledged",
        "progress",
        "closure_requested",
        "returned",
        "closure_requested",
        "closed",
    ]
    audited = AuditEvent.objects.filter(object_type="indicators.SupervisionOrder", object_id=str(order.pk))
    assert audited.count() == 7  # created + six steps
    assert OrderEvent.objects.filter(order=order).count() == 7
    keys = list(Notification.objects.filter(key__startswith=f"order:{order.pk}:").values_list("user_id", "key"))
    assert len(keys) == len(set(keys)) == 7  # one notice per step to one user each


@pytest.mark.parametrize(
    ("who", "step", "body", "expected"),
    [
        ("staff_b", "acknowledge", {}, 404),
        ("leader", "acknowledge", {}, 403),
        ("supervisor", "acknowledge", {}, 403),
        ("staff_a", "close", {}, 403),
        ("staff_a", "return", {"reason": "x"}, 403),
        ("leader", "close", {}, 403),
    ],
)
def test_wrong_role_or_department(order, request, who, step, body, expected):
    response = _post(request.getfixturevalue(who), order, step, body | {"version": 1})
    assert response.status_code == expected, response.json()
    assert "detail" in response.json()
    order.refresh_from_db()
    assert (order.status, order.version) == ("issued", 1)


def test_stale_version_is_409_and_missing_version_428(order, staff_a):
    stale = _post(staff_a, order, "acknowledge", {"version": 7})
    assert stale.status_code == 409 and "第7版" in stale.json()["detail"]
    missing = _post(staff_a, order, "acknowledge")
    assert missing.status_code == 428 and "If-Match" in missing.json()["detail"]
    order.refresh_from_db()
    assert order.status == "issued"
    by_header = _post(staff_a, order, "acknowledge", HTTP_IF_MATCH='"1"')
    assert by_header.status_code == 200 and by_header.json()["version"] == 2


def test_retrieve_gives_the_version_as_etag_and_hides_other_departments(order, staff_a, staff_b, leader):
    response = api(staff_a).get(f"{URL}{order.pk}/")
    assert response.status_code == 200 and response["ETag"] == '"1"'
    assert api(staff_b).get(f"{URL}{order.pk}/").status_code == 404
    assert api(leader).get(f"{URL}{order.pk}/").status_code == 200
    assert api(staff_b).get(URL).json()["count"] == 0


def test_progress_with_evidence_by_multipart(order, staff_a):
    _post(staff_a, order, "acknowledge", {"version": 1})
    body = {"version": 2, "text": "已完成一半", "evidence": [SimpleUploadedFile("现场照片.pdf", PDF_BYTES)]}
    response = _post(staff_a, order, "progress", body, format="multipart")
    assert response.status_code == 200, response.json()
    attachments = response.json()["events"][-1]["attachments"]
    assert [a["original_name"] for a in attachments] == ["现场照片.pdf"]
    bad = {"version": 3, "text": "x", "evidence": [SimpleUploadedFile("a.pdf", b"not really")]}
    response = _post(staff_a, order, "progress", bad, format="multipart")
    assert response.status_code == 400 and "files" in response.json()["errors"]


def test_extend_requested_by_the_department_granted_by_a_supervisor(order, staff_a, supervisor):
    later = (order.deadline + dt.timedelta(days=15)).isoformat()
    response = _post(staff_a, order, "extend", {"version": 1, "deadline": later, "reason": "汛期施工受限"})
    assert response.status_code == 200 and response.json()["extension_requested_until"] == later
    response = _post(supervisor, order, "extend", {"version": 2})
    assert response.status_code == 200, response.json()
    assert response.json()["deadline"] == later and response.json()["extension_requested_until"] is None


def test_filters(dept_a, dept_b, supervisor, staff_a):
    today = timezone.localdate()
    late = order_issue_for(dept_a, supervisor=supervisor, today=today - dt.timedelta(days=40))
    SupervisionOrder.objects.filter(pk=late.pk).update(deadline=today - dt.timedelta(days=2))
    other = order_issue_for(dept_b, supervisor=supervisor, source="instruction")
    client = api(supervisor)
    ids = lambda query: {r["id"] for r in client.get(URL + query).json()["results"]}  # noqa: E731
    assert ids("?overdue=true") == {late.pk}
    assert ids("?overdue=false") == {other.pk}
    assert ids(f"?department={dept_b.pk}") == {other.pk}
    assert ids("?source=instruction") == {other.pk}
    assert ids("?status=issued") == {late.pk, other.pk}
    assert ids("?status=open") == {late.pk, other.pk}
    assert ids(f"?year={late.year}") >= {late.pk}
    assert client.get(URL + "?status=bogus").status_code == 400
    red = client.get(f"{URL}{late.pk}/").json()
    assert red["mark"] == "red" and red["overdue"] is True
