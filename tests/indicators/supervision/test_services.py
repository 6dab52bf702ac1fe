"""The state machine of supervision orders (督办单): every step by the right role, every refusal, numbering,
history, audit rows and notices once per step."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import override_settings
from django.utils import timezone

from indicators.models import Notification, OrderEvent, OrderStatus, SupervisionOrder
from indicators.supervision import rules, services
from tasks.audit.models import AuditEvent
from tests.factories import order_issue_for

pytestmark = pytest.mark.django_db
S = OrderStatus


@pytest.fixture
def order(dept_a, supervisor, staff_a, staff_b):
    return order_issue_for(dept_a, supervisor=supervisor)


def _walk_to(order, status, staff, supervisor):
    """Take ``order`` along the happy path up to ``status``."""
    steps = [
        (S.ACKNOWLEDGED, lambda o: services.order_acknowledge(order=o, user=staff, expected_version=o.version)),
        (
            S.RECTIFYING,
            lambda o: services.order_progress(order=o, user=staff, expected_version=o.version, text="已清理"),
        ),
        (
            S.CLOSURE_REQUESTED,
            lambda o: services.order_request_closure(order=o, user=staff, expected_version=o.version, text="整改完成"),
        ),
        (S.CLOSED, lambda o: services.order_close(order=o, user=supervisor, expected_version=o.version)),
    ]
    for target, step in steps:
        if order.status == status:
            break
        order = step(order)
        assert order.status == target
    return order


def test_issue_numbers_per_year_in_the_configured_format(dept_a, supervisor):
    first = order_issue_for(dept_a, supervisor=supervisor, today=dt.date(2026, 3, 2))
    second = order_issue_for(dept_a, supervisor=supervisor, today=dt.date(2026, 3, 3))
    next_year = order_issue_for(dept_a, supervisor=supervisor, today=dt.date(2027, 1, 4))
    assert (first.number, second.number, next_year.number) == (
        "灵生态督〔2026〕1号",
        "灵生态督〔2026〕2号",
        "灵生态督〔2027〕1号",
    )
    with override_settings(SUPERVISION_NUMBER_FORMAT="灵督字〔{year}〕第{sequence}号"):
        assert order_issue_for(dept_a, supervisor=supervisor, today=dt.date(2026, 3, 4)).number == "灵督字〔2026〕第3号"


def test_acknowledge_due_is_three_working_days_after_issue(dept_a, supervisor):
    friday = dt.date(2026, 10, 9)
    order = order_issue_for(dept_a, supervisor=supervisor, today=friday)
    assert order.acknowledge_due == dt.date(2026, 10, 14)  # Mon, Tue, Wed
    assert order.status == S.ISSUED and order.version == 1


@pytest.mark.parametrize("who", ["staff_a", "leader"])
def test_only_supervisors_issue(who, request, dept_a):
    with pytest.raises(PermissionDenied):
        order_issue_for(dept_a, supervisor=request.getfixturevalue(who))
    assert not SupervisionOrder.objects.exists()


def test_issue_refuses_missing_fields_naming_them(dept_a, supervisor):
    draft = services.OrderDraft(
        source="nope", title=" ", problem="", requirement="x", lead_department=dept_a, deadline=dt.date(2020, 1, 1)
    )
    with pytest.raises(ValidationError) as exc:
        services.order_issue(draft=draft, user=supervisor)
    assert set(exc.value.message_dict) == {"source", "title", "problem", "deadline"}
    assert "不能早于今天" in exc.value.message_dict["deadline"][0]


def test_the_whole_walk_leaves_history_events_audit_and_notices_once(order, staff_a, staff_b, supervisor):
    assert Notification.objects.filter(user=staff_a).count() == 1  # issued → the lead department
    closed = _walk_to(order, S.CLOSED, staff_a, supervisor)
    assert closed.version == 5
    kinds = list(closed.events.values_list("kind", flat=True))
    assert kinds == ["issued", "acknowledged", "progress", "closure_requested", "closed"]
    statuses = [h.status for h in closed.history.order_by("history_date")]
    assert statuses == ["issued", "acknowledged", "rectifying", "closure_requested", "closed"]
    audited = AuditEvent.objects.filter(object_type="indicators.SupervisionOrder", object_id=str(order.pk))
    assert audited.count() == 5
    assert Notification.objects.filter(user=supervisor).count() == 3  # acknowledged, progress, closure request
    assert Notification.objects.filter(user=staff_a).count() == 2  # issued, closed
    assert not Notification.objects.filter(user=staff_b).exists()
    assert Notification.objects.filter(user=staff_a, key__endswith=":closed").get().text.endswith("已销号。")


def test_a_notice_is_never_sent_twice_for_one_step(order, staff_a):
    order = services.order_acknowledge(order=order, user=staff_a, expected_version=1)
    event = order.events.get(kind="acknowledged")
    from indicators.supervision.notify import order_notify

    assert order_notify(order=order, event=event) == 0


def test_return_counts_and_needs_a_reason(order, staff_a, supervisor):
    order = _walk_to(order, S.CLOSURE_REQUESTED, staff_a, supervisor)
    with pytest.raises(ValidationError):
        services.order_return(order=order, user=supervisor, expected_version=order.version, reason=" ")
    order.refresh_from_db()
    order = services.order_return(order=order, user=supervisor, expected_version=order.version, reason="佐证不足")
    assert order.status == S.RECTIFYING and order.returned_count == 1
    assert order.events.get(kind="returned").text == "佐证不足"
    assert Notification.objects.get(user=staff_a, key__endswith=":returned").text.count("佐证不足") == 1


@pytest.mark.parametrize(
    ("step", "status", "who", "error"),
    [
        ("acknowledge", S.ISSUED, "staff_b", Http404),
        ("acknowledge", S.ISSUED, "supervisor", PermissionDenied),
        ("acknowledge", S.ISSUED, "leader", PermissionDenied),
        ("progress", S.ACKNOWLEDGED, "supervisor", PermissionDenied),
        ("request_closure", S.RECTIFYING, "staff_b", Http404),
        ("close", S.CLOSURE_REQUESTED, "staff_a", PermissionDenied),
        ("close", S.CLOSURE_REQUESTED, "leader", PermissionDenied),
        ("return", S.CLOSURE_REQUESTED, "staff_a", PermissionDenied),
    ],
)
def test_the_wrong_role_is_refused_and_nothing_changes(order, step, status, who, error, request, staff_a, supervisor):
    order = _walk_to(order, status, staff_a, supervisor)
    user = request.getfixturevalue(who)
    calls = {
        "acknowledge": lambda: services.order_acknowledge(order=order, user=user, expected_version=order.version),
        "progress": lambda: services.order_progress(order=order, user=user, expected_version=order.version, text="x"),
        "request_closure": lambda: services.order_request_closure(
            order=order, user=user, expected_version=order.version, text="x"
        ),
        "close": lambda: services.order_close(order=order, user=user, expected_version=order.version),
        "return": lambda: services.order_return(order=order, user=user, expected_version=order.version, reason="x"),
    }
    version = order.version
    with pytest.raises(error):
        calls[step]()
    order.refresh_from_db()
    assert (order.status, order.version) == (status, version)


@pytest.mark.parametrize(
    ("status", "step"),
    [
        (S.ISSUED, "progress"),
        (S.ISSUED, "request_closure"),
        (S.ACKNOWLEDGED, "request_closure"),
        (S.RECTIFYING, "close"),
        (S.RECTIFYING, "acknowledge"),
        (S.CLOSED, "progress"),
    ],
)
def test_steps_out_of_order_are_refused_naming_the_status(order, status, step, staff_a, supervisor):
    order = _walk_to(order, status, staff_a, supervisor)
    user = supervisor if step == "close" else staff_a
    kwargs = {"order": order, "user": user, "expected_version": order.version}
    kwargs |= {"text": "x"} if step in ("progress", "request_closure") else {}
    with pytest.raises(ValidationError) as exc:
        getattr(services, f"order_{step}")(**kwargs)
    assert str(order.get_status_display()) in exc.value.messages[0]


def test_a_stale_version_is_refused(order, staff_a):
    with pytest.raises(services.StaleOrderError) as exc:
        services.order_acknowledge(order=order, user=staff_a, expected_version=0)
    assert "第0版" in exc.value.message and "第1版" in exc.value.message
    order.refresh_from_db()
    assert order.status == S.ISSUED and not OrderEvent.objects.filter(kind="acknowledged").exists()


def test_extension_requested_by_the_department_and_granted_by_a_supervisor(order, staff_a, supervisor):
    later = order.deadline + dt.timedelta(days=20)
    with pytest.raises(ValidationError):
        services.order_extension_request(
            order=order, user=staff_a, expected_version=1, until=order.deadline, reason="x"
        )
    order = services.order_extension_request(order=order, user=staff_a, expected_version=1, until=later, reason="汛期")
    assert order.extension_requested_until == later
    with pytest.raises(PermissionDenied):
        services.order_extension_decide(order=order, user=staff_a, expected_version=order.version, grant=True)
    old = order.deadline
    order = services.order_extension_decide(order=order, user=supervisor, expected_version=order.version, grant=True)
    assert order.deadline == later and order.extension_requested_until is None
    granted = order.events.get(kind="extension_granted")
    assert (granted.old_deadline, granted.new_deadline) == (old, later)


def test_extension_refused_needs_a_reason_and_keeps_the_deadline(order, staff_a, supervisor):
    later = order.deadline + dt.timedelta(days=5)
    order = services.order_extension_request(order=order, user=staff_a, expected_version=1, until=later, reason="汛期")
    with pytest.raises(ValidationError):
        services.order_extension_decide(order=order, user=supervisor, expected_version=order.version, grant=False)
    order.refresh_from_db()
    deadline = order.deadline
    order = services.order_extension_decide(
        order=order, user=supervisor, expected_version=order.version, grant=False, reason="不符合延期条件"
    )
    assert order.deadline == deadline and order.extension_requested_until is None


def test_support_department_reads_but_does_not_act(dept_a, dept_b, supervisor, staff_b):
    order = order_issue_for(dept_a, supervisor=supervisor, support_departments=(dept_b,))
    assert Notification.objects.filter(user=staff_b).count() == 1
    with pytest.raises(PermissionDenied):
        services.order_acknowledge(order=order, user=staff_b, expected_version=1)


def test_progress_evidence_is_checked_like_figures(order, staff_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import PDF_BYTES

    order = services.order_acknowledge(order=order, user=staff_a, expected_version=1)
    bad = SimpleUploadedFile("x.pdf", b"MZ not a pdf at all")
    with pytest.raises(ValidationError) as exc:
        services.order_progress(order=order, user=staff_a, expected_version=order.version, text="x", files=[bad])
    assert "x.pdf" in exc.value.message_dict["files"][0]
    order.refresh_from_db()
    assert order.status == S.ACKNOWLEDGED
    good = SimpleUploadedFile("整改照片.pdf", PDF_BYTES)
    order = services.order_progress(order=order, user=staff_a, expected_version=order.version, text="x", files=[good])
    assert order.attachments.get().original_name == "整改照片.pdf"


def test_marks_red_overdue_yellow_near(dept_a, supervisor):
    today = timezone.localdate()
    mark = lambda deadline, status=S.RECTIFYING: rules.order_mark(  # noqa: E731
        status=status, deadline=deadline, acknowledge_due=today + dt.timedelta(days=3), today=today
    )
    assert mark(today - dt.timedelta(days=1)) == "red"
    assert mark(today) == "yellow"
    assert mark(today + dt.timedelta(days=7)) == "yellow"
    assert mark(today + dt.timedelta(days=8)) is None
    assert mark(today - dt.timedelta(days=1), S.CLOSED) is None
