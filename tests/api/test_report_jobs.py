"""Assessment report jobs through the API: start, status, download — via ``reports.assessment.services`` with
the web's rules on who may ask for which report."""

import pytest

from reports.models import ReportJob
from tests.api.conftest import results

pytestmark = pytest.mark.django_db
JOBS = "/api/v1/report-jobs/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def quarter_of(department):
    return {"scope": "department", "department": department.pk, "period_kind": "quarter", "year": 2025, "quarter": 4}


def test_small_report_is_generated_at_once_and_downloads(api_for, staff_a, dept_a):
    client = api_for(staff_a)
    response = client.post(JOBS, quarter_of(dept_a), format="json")
    assert response.status_code == 201, response.json()
    job = response.json()
    assert job["status"] == "done" and job["progress"] == 100 and job["download_url"]
    assert client.get(f"{JOBS}{job['id']}/").json()["status_display"] == "已完成"
    download = client.get(job["download_url"])
    assert download.status_code == 200 and download["Content-Type"] == XLSX
    assert b"".join(download.streaming_content)[:2] == b"PK"  # a zip: the .xlsx workbook


def test_large_report_is_queued_then_done_by_the_celery_job(api_for, supervisor, django_capture_on_commit_callbacks):
    client = api_for(supervisor)
    with django_capture_on_commit_callbacks(execute=True):  # eager Celery: the job runs after the commit
        response = client.post(JOBS, {"scope": "county", "period_kind": "year", "year": 2025}, format="json")
    assert response.status_code == 201, response.json()
    job_id = response.json()["id"]
    assert response.json()["status"] == "queued"
    status = client.get(f"{JOBS}{job_id}/").json()
    assert status["status"] == "done" and status["download_url"].endswith(f"/{job_id}/download/")


def test_staff_may_not_ask_for_the_county_or_another_department(api_for, staff_a, dept_b):
    client = api_for(staff_a)
    assert client.post(JOBS, {"scope": "county", "period_kind": "plan"}, format="json").status_code == 403
    assert client.post(JOBS, quarter_of(dept_b), format="json").status_code == 404
    assert not ReportJob.objects.exists()


def test_another_departments_report_is_404_and_not_listed(api_for, staff_a, staff_b, dept_b):
    job = api_for(staff_b).post(JOBS, quarter_of(dept_b), format="json").json()
    client = api_for(staff_a)
    assert client.get(f"{JOBS}{job['id']}/").status_code == 404
    assert client.get(f"{JOBS}{job['id']}/download/").status_code == 404
    assert results(client.get(JOBS)) == []


def test_form_rules_name_the_field(api_for, supervisor, dept_a):
    client = api_for(supervisor)
    body = client.post(JOBS, {"scope": "department", "period_kind": "quarter", "year": 2025}, format="json").json()
    assert {"department", "quarter"} <= set(body["errors"])
    body = client.post(JOBS, {"scope": "everywhere"}, format="json").json()
    assert "scope" in body["errors"]


def test_leadership_may_generate_reports(api_for, leader, dept_a):
    assert api_for(leader).post(JOBS, quarter_of(dept_a), format="json").status_code == 201


def test_not_generated_yet_is_404(api_for, supervisor, plan):
    job = ReportJob.objects.create(plan=plan, scope="county", period_kind="plan", requested_by=supervisor)
    response = api_for(supervisor).get(f"{JOBS}{job.pk}/download/")
    assert response.status_code == 404 and "尚未生成" in response.json()["detail"]


@pytest.mark.parametrize("n", [1, 6])
def test_job_list_query_count_is_fixed(n, api_for, supervisor, plan, django_assert_num_queries):
    for year in range(2020, 2020 + n):
        ReportJob.objects.create(plan=plan, scope="county", period_kind="year", year=year, requested_by=supervisor)
    client = api_for(supervisor)
    # token+user, groups, COUNT, jobs with plan, department, requester and as-of period joined
    with django_assert_num_queries(4):
        assert len(results(client.get(JOBS))) == n
