"""Figures through the API: save as staff, submit, approve / return / reopen as supervisor — through
``indicators.entry.services`` like the web forms — with scoping, parsing, version checks and query counts."""

import pytest

from indicators.models import Indicator, IndicatorValue, ReportingPeriod, ReviewStatus, Submission
from tests.api.conftest import form_version, results
from tests.factories import IndicatorValueFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

VALUES = "/api/v1/values/"


@pytest.fixture
def period():
    return ReportingPeriod.objects.get(year=2025, quarter=4)


@pytest.fixture
def water(dept_b):
    """Water bureau's two quarterly indicators (座, 条) — no milestones to report."""
    return list(Indicator.objects.filter(reporting_department=dept_b).order_by("code"))


def save(client, indicator, period, value, **extra):
    """POST a figure with the version of the department's form the client just read (unless ``extra`` has one)."""
    extra.setdefault("version", form_version(department=indicator.reporting_department, period=period))
    return client.post(VALUES, {"indicator": indicator.pk, "period": period.pk, "value": value, **extra}, format="json")


def test_staff_saves_a_draft_as_typed(api_for, staff_b, water, period):
    response = save(api_for(staff_b), water[0], period, "１２")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["value"] == "12.000000" and body["status"] == "draft" and body["submission_version"] >= 2
    row = IndicatorValue.objects.get(pk=body["id"])
    assert row.origin == "api" and row.submission.department_id == staff_b.staff_profile.department_id
    again = save(api_for(staff_b), water[0], period, "13", version=body["submission_version"])
    assert again.status_code == 200 and again.json()["id"] == body["id"] and again.json()["value"] == "13.000000"


def test_ambiguous_figure_is_a_400_naming_value(api_for, staff_a, dept_a, period):
    indicator = Indicator.objects.get(code="T05-AQ-GOOD")
    response = save(api_for(staff_a), indicator, period, "97,5")
    assert response.status_code == 400
    body = response.json()
    assert "value" in body["errors"] and "97,5" in body["errors"]["value"][0]
    assert "value" in body["detail"]
    assert not IndicatorValue.objects.filter(indicator=indicator, period=period, origin="api").exists()


def test_out_of_range_figure_from_the_service_is_a_400_under_value(api_for, staff_a, period):
    indicator = Indicator.objects.get(code="T05-AQ-GOOD")  # %: 0–100
    response = save(api_for(staff_a), indicator, period, "120")
    assert response.status_code == 400
    assert "100" in response.json()["errors"]["value"][0]
    assert not Submission.objects.filter(department=indicator.reporting_department, period=period).exists()


def test_staff_cannot_save_another_departments_indicator(api_for, staff_a, water, period):
    response = save(api_for(staff_a), water[0], period, "3")
    assert response.status_code == 403
    assert response.json()["detail"]
    assert not IndicatorValue.objects.filter(indicator=water[0], period=period).exists()
    assert not Submission.objects.filter(period=period).exists()  # nothing half-saved, not even the form


@pytest.mark.parametrize("who", ["supervisor", "leader"])
def test_supervisors_and_leaders_do_not_enter_figures(who, api_for, cast, water, period):
    assert save(api_for(cast[who]), water[0], period, "3").status_code == 403


def test_stale_version_is_a_409_and_saves_nothing(api_for, staff_b, water, period):
    first = save(api_for(staff_b), water[0], period, "5").json()
    save(api_for(staff_b), water[1], period, "7")  # someone else saved the form meanwhile
    response = save(api_for(staff_b), water[0], period, "6", version=first["submission_version"])
    assert response.status_code == 409
    assert "版" in response.json()["detail"]
    assert IndicatorValue.objects.get(pk=first["id"]).value == 5


def test_patch_updates_note_and_keeps_value(api_for, staff_b, water, period):
    row = save(api_for(staff_b), water[0], period, "5").json()
    response = api_for(staff_b).patch(
        f"{VALUES}{row['id']}/", {"note": "新建2座", "version": row["submission_version"]}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["note"] == "新建2座" and response.json()["value"] == "5.000000"


def test_another_departments_value_is_404_and_left_out_of_lists(api_for, staff_a, dept_b):
    other = IndicatorValueFactory(submission=SubmissionFactory(department=dept_b))
    client = api_for(staff_a)
    assert client.get(f"{VALUES}{other.pk}/").status_code == 404
    assert client.patch(f"{VALUES}{other.pk}/", {"note": "x", "version": 1}, format="json").status_code == 404
    assert other.pk not in [r["id"] for r in results(client.get(VALUES, {"page_size": 500}))]


def submitted_water_form(api_for, staff_b, water, period):
    client = api_for(staff_b)
    rows = [save(client, indicator, period, value).json() for indicator, value in zip(water, ["4", "9"], strict=True)]
    submission_id = rows[0]["submission"]
    version = {"version": form_version(submission=submission_id)}
    response = client.post(f"/api/v1/submissions/{submission_id}/submit/", version)
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "submitted" and response.json()["first_submitted_at"]
    return submission_id, rows


def test_submit_refuses_an_incomplete_form_naming_the_missing_indicator(api_for, staff_b, water, period):
    row = save(api_for(staff_b), water[0], period, "4").json()
    response = api_for(staff_b).post(
        f"/api/v1/submissions/{row['submission']}/submit/", {"version": row["submission_version"]}
    )
    assert response.status_code == 400
    assert water[1].code in response.json()["errors"]


def test_full_workflow_submit_return_resubmit_approve_reopen(api_for, staff_b, supervisor, water, period):
    submission_id, rows = submitted_water_form(api_for, staff_b, water, period)
    boss = api_for(supervisor)
    version = form_version(submission=submission_id)
    returned = boss.post(f"{VALUES}{rows[0]['id']}/return/", {"reason": "请核实数量", "version": version})
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    assert returned.json()["review_reason"] == "请核实数量"
    fixed = save(api_for(staff_b), water[0], period, "5", note="已核实")
    assert fixed.status_code == 200, fixed.json()
    version = {"version": form_version(submission=submission_id)}
    assert api_for(staff_b).post(f"/api/v1/submissions/{submission_id}/submit/", version).status_code == 200
    approved = boss.post(
        f"/api/v1/submissions/{submission_id}/approve/", {"version": form_version(submission=submission_id)}
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert set(IndicatorValue.objects.filter(submission_id=submission_id).values_list("status", flat=True)) == {
        "approved"
    }
    locked = save(api_for(staff_b), water[0], period, "6")
    assert locked.status_code == 400 and "锁定" in locked.json()["errors"]["value"][0]
    version = form_version(submission=submission_id)
    reopened = boss.post(f"{VALUES}{rows[0]['id']}/reopen/", {"reason": "数据更正", "version": version}, format="json")
    assert reopened.status_code == 200 and reopened.json()["status"] == "returned"


def test_approve_one_value_with_version(api_for, staff_b, supervisor, water, period):
    submission_id, rows = submitted_water_form(api_for, staff_b, water, period)
    version = Submission.objects.get(pk=submission_id).version
    boss = api_for(supervisor)
    assert boss.post(f"{VALUES}{rows[0]['id']}/approve/", {"version": version - 1}, format="json").status_code == 409
    response = boss.post(f"{VALUES}{rows[0]['id']}/approve/", {"version": version}, format="json")
    assert response.status_code == 200 and response.json()["status"] == ReviewStatus.APPROVED


def test_return_without_reason_is_a_400_naming_reason(api_for, staff_b, supervisor, water, period):
    submission_id, rows = submitted_water_form(api_for, staff_b, water, period)
    version = form_version(submission=submission_id)
    response = api_for(supervisor).post(f"{VALUES}{rows[0]['id']}/return/", {"reason": "", "version": version})
    assert response.status_code == 400 and "reason" in response.json()["errors"]


@pytest.mark.parametrize("who", ["staff_b", "leader"])
def test_only_supervisors_review(who, api_for, cast, staff_b, water, period):
    submission_id, rows = submitted_water_form(api_for, staff_b, water, period)
    version = {"version": form_version(submission=submission_id)}
    assert api_for(cast[who]).post(f"{VALUES}{rows[0]['id']}/approve/", version, format="json").status_code == 403
    assert api_for(cast[who]).post(f"/api/v1/submissions/{submission_id}/approve/", version).status_code == 403
    assert IndicatorValue.objects.get(pk=rows[0]["id"]).status == "submitted"


def test_filters_by_department_period_and_status(api_for, supervisor, dept_a, dept_b, period):
    IndicatorValueFactory(submission=SubmissionFactory(department=dept_a))
    IndicatorValueFactory(submission=SubmissionFactory(department=dept_b), status="submitted")
    rows = results(api_for(supervisor).get(VALUES, {"department": "water", "year": 2025, "quarter": 4}))
    assert len(rows) == 1 and rows[0]["status"] == "submitted"
    assert results(api_for(supervisor).get(VALUES, {"status": "approved", "department": "water"})) == []


def test_department_filter_takes_the_code_or_the_numeric_id(api_for, supervisor, dept_a, dept_b):
    IndicatorValueFactory(submission=SubmissionFactory(department=dept_a))
    own = IndicatorValueFactory(submission=SubmissionFactory(department=dept_b))
    client = api_for(supervisor)
    by_id = results(client.get(VALUES, {"department": dept_b.pk}))
    assert (
        [r["id"] for r in by_id] == [own.pk] == [r["id"] for r in results(client.get(VALUES, {"department": "water"}))]
    )
    assert results(client.get(VALUES, {"department": "no-such-unit"})) == []


def many_values(dept_a, n):
    periods = list(ReportingPeriod.objects.order_by("year", "quarter")[:n])
    indicator = Indicator.objects.filter(reporting_department=dept_a).order_by("id").first()
    for p in periods:
        IndicatorValueFactory(submission=SubmissionFactory(department=dept_a, period=p), indicator=indicator, period=p)


@pytest.mark.parametrize("n", [1, 8])
def test_value_list_query_count_is_fixed(n, api_for, staff_a, supervisor, dept_a, django_assert_num_queries):
    many_values(dept_a, n)
    staff, boss = api_for(staff_a), api_for(supervisor)
    # staff: token+user, the user's groups (roles), staff profile with its department, COUNT, rows with
    # indicator, period and submission joined.
    with django_assert_num_queries(5):
        assert len(results(staff.get(VALUES, {"origin": "entry"}))) == n
    # supervisor: token+user, groups, COUNT, rows (joined).
    with django_assert_num_queries(4):
        assert len(results(boss.get(VALUES, {"origin": "entry"}))) == n


@pytest.mark.parametrize("n", [1, 8])
def test_submission_list_query_count_is_fixed(n, api_for, supervisor, dept_a, django_assert_num_queries):
    many_values(dept_a, n)
    boss = api_for(supervisor)
    with django_assert_num_queries(4):  # token+user, groups, COUNT, rows with department and period joined
        assert len(results(boss.get("/api/v1/submissions/"))) == n
