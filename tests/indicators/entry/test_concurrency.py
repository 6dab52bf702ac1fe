"""Two people editing the same form: the second save is told the form changed, and loses nothing."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from indicators.entry import selectors, services
from indicators.entry.services import StaleVersionError, ValueEntry
from indicators.models import IndicatorValue, ReportingPeriod, ReviewStatus, Submission
from responsibilities.services import user_create
from tasks.common import roles
from tests.conftest import PASSWORD, is_postgres


@pytest.fixture
def q4(plan):
    return ReportingPeriod.objects.get(year=2025, quarter=4)


@pytest.fixture
def colleague_b(dept_b):
    """A second staff member of department B (水利局)."""
    return user_create(username="staff_b2", password=PASSWORD, role=roles.STAFF, department=dept_b)


def form_data(department, period, value, version):
    data = {"version": str(version), "action": "save"}
    for indicator in selectors.indicators_of_department(department=department):
        if selectors.indicator_is_due(indicator, period):
            data |= {
                f"v{indicator.pk}-value": value,
                f"v{indicator.pk}-is_final": "1",
                f"v{indicator.pk}-note": f"填写{value}",
            }
    return data


def test_the_second_save_is_told_and_keeps_its_input(client_for, staff_b, colleague_b, dept_b, q4):
    url = reverse("entry:form", args=[dept_b.code, q4.year, q4.quarter])
    first, second = client_for(staff_b), client_for(colleague_b)
    assert 'name="version" value="1"' in first.get(url).content.decode()
    assert 'name="version" value="1"' in second.get(url).content.decode()  # both opened version 1
    assert first.post(url, form_data(dept_b, q4, "2", 1)).status_code == 302
    response = second.post(url, form_data(dept_b, q4, "3", 1))
    page = response.content.decode()
    assert response.status_code == 409
    assert "已被他人修改" in page and "第 1 版" in page and "第 2 版" in page
    assert 'value="3"' in page and "填写3" in page  # everything the second person typed is still there
    assert "已保存：2" in page  # next to what is stored now
    assert set(IndicatorValue.objects.filter(submission__department=dept_b).values_list("value", flat=True)) == {2}
    assert 'name="version" value="2"' in page  # a deliberate second save goes against the new version
    assert second.post(url, form_data(dept_b, q4, "3", 2)).status_code == 302
    value = IndicatorValue.objects.filter(submission__department=dept_b).first()
    assert value.value == 3
    assert [r.history_user.username for r in value.history.order_by("history_date")] == ["staff_b", "staff_b2"]


def test_a_review_of_a_stale_page_is_refused(client_for, staff_b, supervisor, dept_b, q4):
    submission = services.submission_get_or_create(department=dept_b, period=q4)
    indicators = selectors.indicators_of_department(department=dept_b)
    services.values_save(
        submission=submission,
        user=staff_b,
        entries=[ValueEntry(i.pk, Decimal(1), True, "") for i in indicators],
        expected_version=1,
    )
    indicator = indicators[0]
    services.submission_submit(submission=submission, user=staff_b)
    seen = Submission.objects.get(pk=submission.pk).version  # the supervisor opens the form …
    submission.refresh_from_db()
    services.submission_withdraw(submission=submission, user=staff_b)  # … the staff member withdraws the form
    services.values_save(
        submission=submission,
        user=staff_b,
        entries=[ValueEntry(indicator.pk, Decimal(5), True, "改")],
        expected_version=submission.version,
    )  # … and changes the figure meanwhile
    value = submission.values.get(indicator=indicator)
    response = client_for(supervisor).post(
        reverse("entry:value_review", args=[value.pk]), {"action": "approve", "version": str(seen)}, follow=True
    )
    assert "已有新的修改" in response.content.decode()
    value.refresh_from_db()
    assert value.status == ReviewStatus.DRAFT and value.value == 5


@pytest.mark.skipif(not is_postgres(), reason="row locks between two connections need PostgreSQL")
def test_two_simultaneous_saves_one_wins_one_is_told(transactional_db, plan, dept_b, staff_b, colleague_b, q4):
    submission = services.submission_get_or_create(department=dept_b, period=q4)
    indicators = [i for i in selectors.indicators_of_department(department=dept_b) if selectors.indicator_is_due(i, q4)]
    barrier, outcomes = threading.Barrier(2), {}

    def save(user, value):
        try:
            barrier.wait()
            fresh = Submission.objects.get(pk=submission.pk)
            entries = [ValueEntry(i.pk, Decimal(value), True, "") for i in indicators]
            services.values_save(submission=fresh, user=user, entries=entries, expected_version=1)
            outcomes[user.username] = "saved"
        except StaleVersionError:
            outcomes[user.username] = "stale"
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=args) for args in ((staff_b, 2), (colleague_b, 3))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == ["saved", "stale"]
    winner = 2 if outcomes["staff_b"] == "saved" else 3
    assert set(IndicatorValue.objects.filter(submission=submission).values_list("value", flat=True)) == {winner}
    assert Submission.objects.get(pk=submission.pk).version == 2
