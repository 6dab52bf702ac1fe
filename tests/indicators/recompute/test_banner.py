"""While recompute marks are pending, the dashboard, the assessment report pages and the workbook say so
("得分更新中，数据截至…", with the time of the oldest pending change); once drained, nothing is said."""

import datetime as dt
import io

from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from indicators.models import ScoreRecomputeMark
from indicators.recompute.selectors import scores_pending_notice
from indicators.recompute.triggers import scores_recompute_plan_mark
from indicators.scoring.services import scores_marks_drain, scores_recompute

BANNER = "得分更新中，数据截至2026年12月3日 18时20分"


def pending(plan) -> None:
    """A mark written at 2026-12-03 18:20 (Asia/Shanghai) and still pending."""
    scores_recompute_plan_mark(plan_id=plan.pk, reason="测试")
    at = timezone.make_aware(dt.datetime(2026, 12, 3, 18, 20, 41))
    ScoreRecomputeMark.objects.update(created_at=at)


def test_the_notice_names_the_oldest_pending_change(plan):
    assert scores_pending_notice(plan_id=plan.pk) == ""
    pending(plan)
    scores_recompute_plan_mark(plan_id=plan.pk, reason="later")  # now: the oldest one counts
    assert scores_pending_notice(plan_id=plan.pk).startswith(BANNER + "。")
    assert scores_pending_notice(plan_id=plan.pk + 1) == ""  # another plan's scores are not pending
    with translation.override("en"):
        assert "2026-12-03 18:20" in scores_pending_notice() and "updated" in scores_pending_notice()


def test_dashboard_and_assessment_pages_show_it_while_pending(plan, leader, supervisor, client_for):
    scores_recompute(plan=plan)
    pages = [
        (client_for(leader), reverse("dashboard:overview")),
        (client_for(supervisor), reverse("assessment:index")),
        (client_for(supervisor), reverse("assessment:page") + "?scope=county&period_kind=plan"),
    ]
    for client, url in pages:
        assert BANNER not in client.get(url).content.decode()
    pending(plan)
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200
        assert BANNER in response.content.decode(), url
    scores_marks_drain()
    for client, url in pages:
        assert BANNER not in client.get(url).content.decode()


def test_the_workbook_says_it_while_pending(plan, staff_a, dept_a, client_for):
    scores_recompute(plan=plan)
    pending(plan)
    data = {"scope": "department", "department": dept_a.pk, "period_kind": "quarter", "year": 2025, "quarter": 4}
    response = client_for(staff_a).post(reverse("assessment:job_create"), data, follow=True)
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    texts = [str(c.value) for row in workbook.worksheets[0].iter_rows(max_row=3) for c in row if c.value]
    assert any(BANNER in text for text in texts), texts
