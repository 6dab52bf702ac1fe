"""The review queue (审核队列): leadership reads it but may not review, so it offers them 查看, not 审核."""

import datetime as dt

import pytest
from django.urls import reverse

from indicators.models import ReportingPeriod, ReviewStatus, Submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(plan, dept_a, staff_a):
    period = ReportingPeriod.objects.get(year=2025, quarter=4)
    return Submission.objects.create(
        department=dept_a,
        period=period,
        status=ReviewStatus.SUBMITTED,
        submitted_by=staff_a,
        first_submitted_at=dt.datetime(2026, 1, 5, 1, tzinfo=dt.UTC),
    )


def review_links(client) -> list[str]:
    html = client.get(reverse("entry:review_queue") + "?period=2025Q4").content.decode()
    table = html.split('id="review-waiting"', 1)[1].split("</table>", 1)[0]
    return [cell.split("</a>")[0].rsplit(">", 1)[1] for cell in table.split("<a href=")[1:]]


def test_leadership_sees_view_links_and_supervisors_review_links(waiting, leader, supervisor, client_for):
    assert review_links(client_for(leader)) == ["查看"]
    assert review_links(client_for(supervisor)) == ["审核"]
