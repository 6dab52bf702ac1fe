"""The 公示 page: 404 while off (the default); when an administrator switches it on, anonymous, read-only
and cached; the plan's progress, the six systems, binding indicators and the final assessment — and none of
the notes, evidence, department ranking or unapproved figures (marker strings seeded there are absent)."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from indicators.models import Indicator, Score
from indicators.scoring.engine import round_half_up
from reports.publication.models import Publication
from responsibilities.models import Department
from tests.reports.publication.seed import MARKERS, seed_public

pytestmark = pytest.mark.django_db
URL = "/public/"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _publish(on: bool = True):
    Publication(enabled=on).save()


def test_404_when_never_switched_on_or_switched_off(plan, cast, client_for):
    assert reverse("publication:page") == URL
    assert client_for(None).get(URL).status_code == 404
    _publish(False)
    for user in (None, cast["supervisor"], cast["administrator"]):
        assert client_for(user).get(URL).status_code == 404


def test_switching_off_answers_404_at_once_even_when_cached(plan, client):
    seed_public(plan)
    _publish()
    assert client.get(URL).status_code == 200
    _publish(False)
    assert client.get(URL).status_code == 404


def test_anonymous_read_only_page_shows_progress_systems_binding_indicators_and_final_assessment(plan, client):
    seed_public(plan)
    _publish()
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert plan.name in html and "终期评估" in html
    for system in plan.systems.all():
        assert system.name in html
    binding = Indicator.objects.filter(task__system__plan=plan, binding=True)
    assert binding and all(i.name in html for i in binding)
    reference = Indicator.objects.filter(task__system__plan=plan, binding=False)
    assert reference and not [i.name for i in reference if i.name in html]
    score = Score.objects.get(level=Score.Level.PLAN, period__year=2025, period__quarter=4)
    assert f"{round_half_up(score.progress, 1)}%" in html
    assert client.post(URL).status_code == 405


def test_no_note_evidence_ranking_or_unapproved_figure_on_the_page(plan, client):
    seed_public(plan)
    _publish()
    html = client.get(URL).content.decode()
    for name, marker in MARKERS.items():
        assert marker not in html, name
    assert not [d.name for d in Department.objects.all() if d.name in html]
    assert "排名" not in html


def test_second_request_is_served_from_the_cache(plan, client, django_assert_num_queries):
    seed_public(plan)
    _publish()
    first = _article(client.get(URL))
    with django_assert_num_queries(0):  # switch and body both from the cache
        second = _article(client.get(URL))
    assert first == second  # the cached body (the layout around it holds a fresh CSRF token each time)


def _article(response) -> str:
    html = response.content.decode()
    return html[html.index("<article") : html.index("</article>")]


def test_a_recompute_shows_when_the_cached_body_expires(plan, client):
    seed_public(plan)
    _publish()
    client.get(URL)
    row = Score.objects.get(level=Score.Level.PLAN, period__year=2025, period__quarter=4)
    row.progress = Decimal("12.34")
    row.save()
    assert "完成进度</dt><dd>12.3%" not in client.get(URL).content.decode()  # still the cached body
    cache.clear()  # BODY_SECONDS later
    assert "完成进度</dt><dd>12.3%" in client.get(URL).content.decode()
