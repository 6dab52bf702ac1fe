"""Stored scores through the API: by entity and period, scoped like the web, recomputed after approval."""

import importlib.util

import pytest

from indicators.models import Indicator, IndicatorValue, ReportingPeriod, Score
from tasks.models import PlanTask
from tests.api.conftest import form_version, results
from tests.factories import ScoreFactory

pytestmark = pytest.mark.django_db
SCORES = "/api/v1/scores/"


@pytest.fixture
def q4():
    return ReportingPeriod.objects.get(year=2025, quarter=4)


@pytest.fixture
def rows(dept_a, dept_b, q4):
    """A department score for A and B, an indicator score for one indicator of each, a task score."""
    ind_a = Indicator.objects.filter(reporting_department=dept_a).order_by("id").first()
    ind_b = Indicator.objects.filter(reporting_department=dept_b).order_by("id").first()
    return {
        "dept_a": ScoreFactory(level="department", department=dept_a, period=q4),
        "dept_b": ScoreFactory(level="department", department=dept_b, period=q4),
        "ind_a": ScoreFactory(level="indicator", indicator=ind_a, period=q4, progress=50, expected=75),
        "ind_b": ScoreFactory(level="indicator", indicator=ind_b, period=q4),
        "task": ScoreFactory(level="task", task=PlanTask.objects.get(number=6), period=q4),
    }


def ids(response):
    return {row["id"] for row in results(response)}


def test_supervisor_and_leader_read_every_score(api_for, supervisor, leader, rows):
    for user in (supervisor, leader):
        assert ids(api_for(user).get(SCORES)) == {s.pk for s in rows.values()}


def test_staff_read_shared_scores_and_only_their_own_department_and_indicators(api_for, staff_a, rows):
    assert ids(api_for(staff_a).get(SCORES)) == {rows["dept_a"].pk, rows["ind_a"].pk, rows["task"].pk}
    assert api_for(staff_a).get(f"{SCORES}{rows['dept_b'].pk}/").status_code == 404
    assert api_for(staff_a).get(f"{SCORES}{rows['ind_b'].pk}/").status_code == 404


def test_score_of_one_indicator_and_period(api_for, supervisor, rows, q4):
    body = results(
        api_for(supervisor).get(
            SCORES, {"level": "indicator", "indicator": rows["ind_a"].indicator_id, "year": 2025, "quarter": 4}
        )
    )
    assert len(body) == 1
    assert (
        body[0]["progress"] == "50.00000000"
        and body[0]["expected"] == "75.00000000"
        and body[0]["period_label"] == "2025Q4"
    )
    assert body[0]["status_display"] == "正常"
    by_code = {"level": "indicator", "indicator_code": rows["ind_a"].indicator.code, "year": 2025, "quarter": 4}
    assert ids(api_for(supervisor).get(SCORES, by_code)) == {rows["ind_a"].pk}


def test_filter_by_department_code_and_order_by_score(api_for, supervisor, rows):
    assert ids(api_for(supervisor).get(SCORES, {"department": "water"})) == {rows["dept_b"].pk}
    scores = [
        r["score"] for r in results(api_for(supervisor).get(SCORES, {"level": "department", "ordering": "-score"}))
    ]
    assert scores == sorted(scores, key=float, reverse=True)


def test_department_filter_takes_the_id_the_responses_show_or_the_code(api_for, supervisor, rows, dept_b):
    client = api_for(supervisor)
    shown = client.get(f"{SCORES}{rows['dept_b'].pk}/").json()["department"]
    assert shown == dept_b.pk
    assert ids(client.get(SCORES, {"department": shown})) == ids(client.get(SCORES, {"department": "water"}))
    assert ids(client.get(SCORES, {"department": shown})) == {rows["dept_b"].pk}
    assert results(client.get(SCORES, {"department": 2**31})) == []  # beyond any id: nothing, not a 500


def test_bad_level_is_a_400(api_for, supervisor):
    response = api_for(supervisor).get(SCORES, {"level": "galaxy"})
    assert response.status_code == 400 and "level" in response.json()["errors"]


@pytest.mark.parametrize("n", [1, 12])
def test_score_list_query_count_is_fixed(n, api_for, supervisor, staff_a, dept_a, django_assert_num_queries):
    for period in ReportingPeriod.objects.order_by("year", "quarter")[:n]:
        ScoreFactory(level="department", department=dept_a, period=period)
    boss, staff = api_for(supervisor), api_for(staff_a)
    with django_assert_num_queries(4):  # token+user, groups, COUNT, rows with period joined
        assert len(results(boss.get(SCORES))) == n
    with django_assert_num_queries(5):  # token+user, groups, staff profile with its department, COUNT, rows
        assert len(results(staff.get(SCORES))) == n


@pytest.mark.skipif(
    importlib.util.find_spec("indicators.scoring.jobs") is None, reason="the scoring recompute job is not there yet"
)
def test_approval_through_the_api_recomputes_the_indicator_score(
    api_for, staff_b, supervisor, dept_b, q4, django_capture_on_commit_callbacks
):
    client, boss = api_for(staff_b), api_for(supervisor)
    water = list(Indicator.objects.filter(reporting_department=dept_b).order_by("code"))
    saved = []
    for i in water:
        body = {"indicator": i.pk, "period": q4.pk, "value": "3", "version": form_version(department=dept_b, period=q4)}
        saved.append(client.post("/api/v1/values/", body, format="json").json())
    form = saved[0]["submission"]
    version = {"version": form_version(submission=form)}
    assert client.post(f"/api/v1/submissions/{form}/submit/", version).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        version = {"version": form_version(submission=form)}
        assert boss.post(f"/api/v1/values/{saved[0]['id']}/approve/", version).status_code == 200
    assert IndicatorValue.objects.get(pk=saved[0]["id"]).status == "approved"
    body = results(boss.get(SCORES, {"level": "indicator", "indicator": water[0].pk, "year": 2025, "quarter": 4}))
    assert len(body) == 1 and body[0]["current_value"] == "3.000000"
    assert Score.objects.filter(level="task", task=water[0].task, period=q4).exists()
