"""Two supervisors act on the same figure (or form) through the API at the same instant, 20 rounds per kind: exactly
one answer is 2xx and the other 409; one history row, the return count and the department's notices follow the
winner only (issue 11, "one winner"). Needs PostgreSQL: row locks between two connections."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from indicators.entry import services
from indicators.entry.services import ValueEntry
from indicators.models import Indicator, IndicatorValue, Notification, ReportingPeriod, ReviewStatus, Submission
from responsibilities.services import user_create
from tasks.common import roles
from tests.conftest import PASSWORD, is_postgres

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not is_postgres(), reason="concurrent row locks need PostgreSQL (required in CI)"),
]
ROUNDS = 20


@pytest.fixture
def setting(plan, dept_b, staff_b, api_for):
    """水利局's 2025Q4 form with both figures submitted by its staff; two supervisors with their API clients."""
    q4 = ReportingPeriod.objects.get(year=2025, quarter=4)
    water = list(Indicator.objects.filter(reporting_department=dept_b).order_by("code"))
    form = services.submission_get_or_create(department=dept_b, period=q4)
    entries = [ValueEntry(i.pk, Decimal(n + 1), True, "") for n, i in enumerate(water)]
    services.values_save(submission=form, user=staff_b, entries=entries, expected_version=form.version)
    services.submission_submit(submission=form, user=staff_b)
    bosses = [user_create(username=f"boss{n}", password=PASSWORD, role=roles.SUPERVISOR) for n in (1, 2, 3)]
    return {
        "form": form,
        "values": list(form.values.order_by("indicator__code")),
        "staff": staff_b,
        "bosses": bosses,
        "clients": [api_for(b) for b in bosses[:2]],
    }


def _race(requests) -> list[int]:
    """Fire ``requests`` (callables returning a response) in threads released together; their status codes."""
    barrier, codes = threading.Barrier(len(requests)), [None] * len(requests)

    def run(index, request):
        try:
            barrier.wait()
            codes[index] = request().status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, r)) for i, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return codes


def _counts(setting):
    value = setting["values"][0]
    form = Submission.objects.get(pk=setting["form"].pk)
    notices = Notification.objects.filter(user=setting["staff"])
    return {
        "history": value.history.count(),
        "returned_count": form.returned_count,
        "returned_notices": notices.filter(key__startswith="returned:").count(),
        "approved_notices": notices.filter(key__startswith="approved:").count(),
    }


def _reset(setting):
    """Back to "every figure submitted" for the next round: reopen what was approved, resubmit."""
    form = Submission.objects.get(pk=setting["form"].pk)
    for value in IndicatorValue.objects.filter(submission=form, status=ReviewStatus.APPROVED):
        services.value_reopen(value=value, user=setting["bosses"][2], reason="下一轮")
    form.refresh_from_db()
    if form.values.exclude(status=ReviewStatus.SUBMITTED).exists():
        services.submission_submit(submission=form, user=setting["staff"])


def _one_winner(setting, make_requests, check):
    for _round in range(ROUNDS):
        version = Submission.objects.get(pk=setting["form"].pk).version
        before = _counts(setting)
        codes = _race(make_requests(version))
        assert sorted(codes) in ([200, 409], [201, 409]), codes
        winner = codes.index(min(codes))
        check(winner, before, _counts(setting))
        _reset(setting)


def test_approve_and_return_of_one_figure_at_once_have_one_winner(setting):
    value = setting["values"][0]
    url = f"/api/v1/values/{value.pk}/"
    first, second = setting["clients"]

    def requests(version):
        return [
            lambda: first.post(f"{url}approve/", {"version": version}, format="json"),
            lambda: second.post(f"{url}return/", {"version": version, "reason": "请核实"}, format="json"),
        ]

    def check(winner, before, after):
        returned = winner == 1
        assert after["history"] == before["history"] + 1  # one review row, the winner's
        assert after["returned_count"] == before["returned_count"] + returned
        assert after["returned_notices"] == before["returned_notices"] + returned
        value.refresh_from_db()
        assert value.status == (ReviewStatus.RETURNED if returned else ReviewStatus.APPROVED)

    _one_winner(setting, requests, check)


def test_two_approvals_of_one_figure_at_once_have_one_winner(setting):
    value = setting["values"][0]
    clients = setting["clients"]

    def requests(version):
        return [
            lambda c=c: c.post(f"/api/v1/values/{value.pk}/approve/", {"version": version}, format="json")
            for c in clients
        ]

    def check(winner, before, after):
        assert after["history"] == before["history"] + 1
        assert after["returned_count"] == before["returned_count"]
        assert after["returned_notices"] == before["returned_notices"]
        value.refresh_from_db()
        assert value.status == ReviewStatus.APPROVED and value.reviewed_by == setting["bosses"][winner]

    _one_winner(setting, requests, check)


def test_approve_and_return_of_a_whole_form_at_once_have_one_winner(setting):
    form = setting["form"]
    first, second = setting["clients"]

    def requests(version):
        return [
            lambda: first.post(f"/api/v1/submissions/{form.pk}/approve/", {"version": version}, format="json"),
            lambda: second.post(
                f"/api/v1/submissions/{form.pk}/return/", {"version": version, "reason": "请核实"}, format="json"
            ),
        ]

    def check(winner, before, after):
        returned = winner == 1
        assert after["history"] == before["history"] + 1
        assert after["returned_count"] == before["returned_count"] + returned
        assert after["returned_notices"] == before["returned_notices"] + returned
        assert after["approved_notices"] == before["approved_notices"] + (not returned)
        statuses = set(IndicatorValue.objects.filter(submission=form).values_list("status", flat=True))
        assert statuses == {ReviewStatus.RETURNED if returned else ReviewStatus.APPROVED}

    _one_winner(setting, requests, check)


class _Approval:
    """A review through the service with no version, by ``user`` on a figure loaded before the race."""

    def __init__(self, value, user):
        self.value, self.user, self.outcome = value, user, None

    def __call__(self):
        from django.core.exceptions import ValidationError

        try:
            services.value_approve(value=self.value, user=self.user, expected_version=None)
            self.outcome, self.status_code = "approved", 200
        except ValidationError:
            self.outcome, self.status_code = "refused", 400
        return self


def test_without_a_version_the_status_is_read_under_the_lock(setting):
    """The services themselves (the web's path when a page sends no version): both reviewers loaded the submitted
    figure before either acted; the second one, once it holds the form's lock, sees it approved and is refused."""
    value = setting["values"][0]
    for _round in range(5):
        approvals = [
            _Approval(IndicatorValue.objects.select_related("submission").get(pk=value.pk), setting["bosses"][i])
            for i in (0, 1)
        ]
        before = _counts(setting)
        _race(approvals)
        assert sorted(a.outcome for a in approvals) == ["approved", "refused"]
        assert _counts(setting)["history"] == before["history"] + 1
        _reset(setting)
