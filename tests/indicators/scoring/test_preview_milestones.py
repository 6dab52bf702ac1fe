"""试算 offers the milestone kind (节点型, issue 13, item 5): the engine's milestones_progress through the API and the
page, with 时序进度 to the end of the due year and the engine's status; every bad line named."""

import pytest

API = "/api/v1/scoring/preview/"
PAGE = "/scoring/preview/"


@pytest.fixture
def boss(client_for, supervisor):
    return client_for(supervisor)


def test_api_scores_milestones_as_the_stored_scores_do(boss):
    data = {
        "kind": "milestone",
        "comparator": "gte",
        "target_year": 2025,
        "as_of": "2023-12-31",
        "milestones": [
            {"state": "done"},
            {"state": "in_progress", "percent_done": "60"},
            {"state": "in_progress"},  # the rules' in-progress share: 50
            {"state": "not_started", "weight": "2"},
        ],
    }
    answer = boss.post(API, data, content_type="application/json").json()
    # (100 + 60 + 50 + 0×2) / 5 = 42; 时序进度 2022-01-01 … 2025-12-31 at 2023-12-31 = 8/16 = 50
    assert answer["progress"] == "42" and answer["display"]["expected"] == "50.0"
    assert answer["met"] is False and answer["status"] == "on_track", answer  # 8 points behind: within the rules
    assert "已完成计100%" in answer["rule"]


def test_api_refuses_a_milestone_case_without_milestones(boss):
    data = {"kind": "milestone", "comparator": "gte", "as_of": "2023-12-31"}
    response = boss.post(API, data, content_type="application/json")
    assert response.status_code == 400 and "milestones" in response.json()["errors"], response.json()


def test_page_reads_milestone_lines_and_names_every_bad_field_at_once(boss):
    form = {
        "kind": "milestone",
        "comparator": "gte",
        "target_year": "2025",
        "plan_start": "2022-01-01",
        "accumulation": "latest",
        "growth_unit": "points",
        "milestones": "已完成\n推进中 60%\n未启动 权重2",
        "as_of": "2025-12-31",
    }
    page = boss.post(PAGE, form).content.decode()
    assert "已完成计100%" in page and 'id="result-rule"' in page
    bad = form | {"milestones": "已完成\n快好了", "as_of": "明年", "target_year": "二〇二五"}
    page = boss.post(PAGE, bad).content.decode()
    for field in ("milestones", "as_of", "target_year"):
        assert f'id="{field}-errors"' in page, field
    assert "第2行“快好了”无法识别" in page
