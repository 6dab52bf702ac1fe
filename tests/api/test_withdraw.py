"""撤回修改 through the API: ``POST /api/v1/submissions/{id}/withdraw/`` calls
``indicators.entry.services.submission_withdraw`` (the rules of the web's 撤回修改 button)."""

import pytest

from indicators.models import Indicator, IndicatorValue, ReportingPeriod
from tests.api.conftest import form_version

pytestmark = pytest.mark.django_db

VALUES = "/api/v1/values/"


@pytest.fixture
def period():
    return ReportingPeriod.objects.get(year=2025, quarter=4)


@pytest.fixture
def water(dept_b):
    """Water bureau's two quarterly indicators (座, 条) — no milestones to report."""
    return list(Indicator.objects.filter(reporting_department=dept_b).order_by("code"))


def save(client, indicator, period, value):
    version = form_version(department=indicator.reporting_department, period=period)
    body = {"indicator": indicator.pk, "period": period.pk, "value": value, "version": version}
    return client.post(VALUES, body, format="json")


def submitted(client, water, period) -> dict:
    """Save both water figures and submit the form; returns the submitted form as the API shows it."""
    rows = [save(client, indicator, period, value).json() for indicator, value in zip(water, ["4", "9"], strict=True)]
    submission_id = rows[0]["submission"]
    version = {"version": form_version(submission=submission_id)}
    response = client.post(f"/api/v1/submissions/{submission_id}/submit/", version)
    assert response.status_code == 200, response.json()
    return response.json()


def withdraw(client, submission_id, **data):
    return client.post(f"/api/v1/submissions/{submission_id}/withdraw/", data, format="json")


def test_withdraw_back_to_draft_then_change_and_resubmit(api_for, staff_b, water, period):
    client = api_for(staff_b)
    form = submitted(client, water, period)
    assert save(client, water[0], period, "5").status_code == 400  # a submitted form is locked
    response = withdraw(client, form["id"], version=form["version"])
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "draft" and body["version"] > form["version"]
    assert body["first_submitted_at"] == form["first_submitted_at"]  # timeliness is kept
    rows = IndicatorValue.objects.filter(submission_id=form["id"])
    assert set(rows.values_list("status", flat=True)) == {"draft"}
    assert rows.first().history.first().history_change_reason == "撤回提交"
    assert save(client, water[0], period, "5").status_code == 200  # editable again
    again = client.post(f"/api/v1/submissions/{form['id']}/submit/", {"version": form_version(submission=form["id"])})
    assert again.status_code == 200 and again.json()["status"] == "submitted"


def test_stale_version_is_a_409_and_changes_nothing(api_for, staff_b, water, period):
    client = api_for(staff_b)
    form = submitted(client, water, period)
    response = withdraw(client, form["id"], version=form["version"] - 1)
    assert response.status_code == 409 and response.json()["detail"]
    assert set(IndicatorValue.objects.filter(submission_id=form["id"]).values_list("status", flat=True)) == {
        "submitted"
    }


def test_nothing_to_withdraw_is_a_400_in_chinese(api_for, staff_b, water, period):
    client = api_for(staff_b)
    row = save(client, water[0], period, "4").json()
    response = withdraw(client, row["submission"], version=row["submission_version"])
    assert response.status_code == 400
    assert "无需撤回" in response.json()["detail"]


@pytest.mark.parametrize("who", ["staff_a", "supervisor", "leader"])
def test_only_the_departments_staff_withdraw(who, api_for, cast, staff_b, water, period):
    form = submitted(api_for(staff_b), water, period)
    response = withdraw(api_for(cast[who]), form["id"], version=form["version"])
    assert response.status_code == (404 if who == "staff_a" else 403)  # another department's form does not exist
    assert set(IndicatorValue.objects.filter(submission_id=form["id"]).values_list("status", flat=True)) == {
        "submitted"
    }
