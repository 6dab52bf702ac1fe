"""Milestone progress reports (节点进展) through the API, so that a lead department can submit its
whole form by API: save as staff, review as supervisor — through ``indicators.entry.services``."""

import pytest

from indicators.entry.selectors import indicators_of_department, milestones_led
from indicators.models import MilestoneReport, ReportingPeriod
from responsibilities.models import Department
from tests.api.conftest import form_version
from tests.conftest import DEPT_A

pytestmark = pytest.mark.django_db
REPORTS = "/api/v1/milestone-reports/"


@pytest.fixture
def q4():
    return ReportingPeriod.objects.get(year=2025, quarter=4)


def report(client, milestone, period, state="in_progress", **extra):
    """POST a report with the version of department A's form (every test reports as A's staff)."""
    extra.setdefault("version", form_version(department=Department.objects.get(code=DEPT_A), period=period))
    return client.post(
        REPORTS, {"milestone": milestone.pk, "period": period.pk, "state": state, **extra}, format="json"
    )


def test_lead_department_saves_a_report(api_for, staff_a, dept_a, q4):
    milestone = milestones_led(department=dept_a)[0]
    response = report(api_for(staff_a), milestone, q4, percent_done="40", description="方案已印发")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state_display"] == "推进中" and body["percent_done"] == "40.00" and body["status"] == "draft"
    again = report(api_for(staff_a), milestone, q4, state="done")
    assert again.status_code == 200 and again.json()["percent_done"] == "100.00"


def test_inconsistent_state_and_percent_is_a_400_naming_state(api_for, staff_a, dept_a, q4):
    response = report(
        api_for(staff_a), milestones_led(department=dept_a)[0], q4, state="not_started", percent_done="30"
    )
    assert response.status_code == 400 and "state" in response.json()["errors"]
    assert not MilestoneReport.objects.exists()


def test_milestone_of_a_task_not_led_is_403(api_for, staff_b, dept_a, q4):
    assert report(api_for(staff_b), milestones_led(department=dept_a)[0], q4).status_code == 403
    assert not MilestoneReport.objects.exists()


def test_whole_form_of_a_lead_department_submitted_and_reviewed_by_api(api_for, staff_a, supervisor, dept_a, q4):
    client = api_for(staff_a)
    for indicator in indicators_of_department(department=dept_a):
        body = {"indicator": indicator.pk, "period": q4.pk, "value": "1", "note": "接口测试"}
        body["version"] = form_version(department=dept_a, period=q4)
        assert client.post("/api/v1/values/", body, format="json").status_code == 201
    saved = [report(client, m, q4).json() for m in milestones_led(department=dept_a)]
    form = saved[0]["submission"]
    submit = client.post(f"/api/v1/submissions/{form}/submit/", {"version": form_version(submission=form)})
    assert submit.status_code == 200, submit.json()
    boss = api_for(supervisor)
    returned = boss.post(f"{REPORTS}{saved[0]['id']}/return/", {"reason": "请补充佐证", **version(form)})
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    approved = boss.post(f"{REPORTS}{saved[1]['id']}/approve/", version(form))
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    reopened = boss.post(f"{REPORTS}{saved[1]['id']}/reopen/", {"reason": "进展有误", **version(form)})
    assert reopened.status_code == 200 and reopened.json()["status"] == "returned"
    assert api_for(staff_a).post(f"{REPORTS}{saved[1]['id']}/approve/", version(form)).status_code == 403


def version(form) -> dict:
    return {"version": form_version(submission=form)}
