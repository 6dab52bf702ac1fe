"""The plan's structure through the API: plans, systems, tasks, milestones, departments, assignments,
indicators, periods — contents, filters, ordering, pagination and pinned query counts."""

import pytest

from tests.api.conftest import results

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(api_for, staff_a):
    return api_for(staff_a)


def test_systems_in_plan_order(staff):
    rows = results(staff.get("/api/v1/systems/"))
    assert [r["order"] for r in rows] == [1, 2, 3, 4, 5, 6]
    assert rows[0]["name"] == "生态制度体系"


def test_tasks_filter_by_system_code_and_order_by_number_desc(staff):
    rows = results(staff.get("/api/v1/tasks/", {"system_code": "institution", "ordering": "-number"}))
    numbers = [r["number"] for r in rows]
    assert numbers == sorted(numbers, reverse=True) and numbers
    assert {r["system_code"] for r in rows} == {"institution"}


def test_all_23_tasks_and_29_milestones(staff):
    assert staff.get("/api/v1/tasks/").json()["count"] == 23
    assert staff.get("/api/v1/milestones/").json()["count"] == 29


def test_milestones_of_one_task(staff):
    rows = results(staff.get("/api/v1/milestones/", {"task_number": 1}))
    assert rows and {r["task_number"] for r in rows} == {1}


def test_departments_and_lead_assignments(staff):
    assert staff.get("/api/v1/departments/").json()["count"] == 37
    rows = results(staff.get("/api/v1/assignments/", {"department_code": "ecoenv", "role": "lead"}))
    assert rows and {(r["department_code"], r["role"], r["role_display"]) for r in rows} == {
        ("ecoenv", "lead", "牵头单位")
    }


def test_pagination_page_size_and_next(staff):
    body = staff.get("/api/v1/assignments/", {"page_size": 10}).json()
    assert len(body["results"]) == 10 and body["count"] > 10
    assert "page=2" in body["next"]
    assert staff.get("/api/v1/assignments/", {"page": 999}).status_code == 404


def test_indicators_with_targets_filter_by_department(staff):
    rows = results(staff.get("/api/v1/indicators/", {"department": "water"}))
    assert len(rows) == 2 and {r["reporting_department_code"] for r in rows} == {"water"}
    pm25 = results(staff.get("/api/v1/indicators/", {"code": "T05-PM25"}))[0]
    assert pm25["unit"] == "µg/m³" and pm25["comparator"] == "lt" and pm25["target"].startswith("<")


def test_periods_by_year(staff):
    rows = results(staff.get("/api/v1/periods/", {"year": 2025}))
    assert [r["label"] for r in rows] == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    assert rows[3]["end"] == "2025-12-31"


def test_structure_is_read_only(api_for, supervisor):
    response = api_for(supervisor).post("/api/v1/tasks/", {"number": 99}, format="json")
    assert response.status_code == 405
    assert response.json()["detail"]


# Query counts do not grow with the number of rows. Token auth: (1) token + user (select_related);
# the structure is readable by anyone logged in, so no role query; then (2) COUNT for the paginator
# and (3) the page's rows with their foreign keys joined (select_related).
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/plans/",
        "/api/v1/systems/",
        "/api/v1/tasks/",
        "/api/v1/milestones/",
        "/api/v1/departments/",
        "/api/v1/assignments/?page_size=500",
        "/api/v1/indicators/",
        "/api/v1/periods/",
    ],
)
def test_structure_lists_have_pinned_query_counts(url, staff, django_assert_num_queries):
    with django_assert_num_queries(3):  # token+user, COUNT, rows (joined)
        assert staff.get(url).status_code == 200
