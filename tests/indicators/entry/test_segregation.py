"""Segregation of duties (审核与填报分离, issue 11): nobody approves a figure or milestone report they entered, last
changed or submitted — on the web and through the API (the admin: tests/indicators/entry/test_admin_locks.py)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from indicators.entry import services
from indicators.entry.services import ValueEntry
from indicators.models import Indicator, IndicatorValue, ReportingPeriod, ReviewStatus
from responsibilities.services import user_create
from tasks.common import roles
from tests.api.conftest import form_version
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
OWN_WORK = "不能审核本人填报、修改或提交的数据"


@pytest.fixture
def q4(plan):
    return ReportingPeriod.objects.get(year=2025, quarter=4)


@pytest.fixture
def water(dept_b):
    return list(Indicator.objects.filter(reporting_department=dept_b).order_by("code"))


@pytest.fixture
def insider(dept_b):
    """A supervisor who also holds a StaffProfile of 水利局: one person who could enter, submit and approve."""
    return user_create(username="insider", password=PASSWORD, role=roles.SUPERVISOR, department=dept_b)


def _save(user, form, water, values=(4, 9)):
    entries = [ValueEntry(i.pk, Decimal(v), True, "") for i, v in zip(water, values, strict=True)]
    services.values_save(submission=form, user=user, entries=entries, expected_version=form.version)


def _form(dept_b, q4, water, *, enters, submits, changes=None):
    form = services.submission_get_or_create(department=dept_b, period=q4)
    _save(enters, form, water)
    if changes is not None:
        _save(changes, form, water, values=(5, 9))
    services.submission_submit(submission=form, user=submits)
    return form


@pytest.mark.parametrize("role", ["enters", "changes", "submits"])
def test_the_person_who_entered_changed_or_submitted_cannot_approve_on_the_web(
    role, insider, staff_b, dept_b, q4, water, client_for
):
    people = {"enters": staff_b, "submits": staff_b, "changes": None} | {role: insider}
    form = _form(dept_b, q4, water, **people)
    value = form.values.get(indicator=water[0])
    response = client_for(insider).post(
        reverse("entry:value_review", args=[value.pk]), {"action": "approve", "version": form.version}, follow=True
    )
    assert OWN_WORK in response.content.decode()
    form_response = client_for(insider).post(
        reverse("entry:form_review", args=[dept_b.code, q4.year, q4.quarter]),
        {"action": "approve", "version": form.version},
        follow=True,
    )
    assert OWN_WORK in form_response.content.decode()
    assert set(IndicatorValue.objects.filter(submission=form).values_list("status", flat=True)) == {"submitted"}


def test_the_person_who_entered_cannot_approve_through_the_api(insider, dept_b, q4, water, client_for):
    form = _form(dept_b, q4, water, enters=insider, submits=insider)
    value = form.values.get(indicator=water[0])
    client = client_for(insider)  # the API answers a signed-in session like a token
    response = client.post(f"/api/v1/values/{value.pk}/approve/", {"version": form_version(submission=form.pk)})
    assert response.status_code == 403 and OWN_WORK in response.json()["detail"]
    whole = client.post(f"/api/v1/submissions/{form.pk}/approve/", {"version": form_version(submission=form.pk)})
    assert whole.status_code == 403 and OWN_WORK in whole.json()["detail"]
    assert set(IndicatorValue.objects.filter(submission=form).values_list("status", flat=True)) == {"submitted"}


def test_someone_else_approves_and_an_earlier_return_does_not_count_as_entering(
    insider, staff_b, supervisor, dept_b, q4, water
):
    form = _form(dept_b, q4, water, enters=staff_b, submits=staff_b)
    value = form.values.get(indicator=water[0])
    services.value_return(value=value, user=insider, reason="请核实")  # a reviewer's row in the history
    form.refresh_from_db()
    _save(staff_b, form, water, values=(6, 9))
    services.submission_submit(submission=form, user=staff_b)
    value.refresh_from_db()
    services.value_approve(value=value, user=insider)
    value.refresh_from_db()
    assert value.status == ReviewStatus.APPROVED and value.reviewed_by == insider


def test_the_whole_form_is_refused_when_one_item_is_ones_own(insider, staff_b, dept_b, q4, water, supervisor):
    form = _form(dept_b, q4, water, enters=staff_b, submits=staff_b)
    value = form.values.get(indicator=water[1])
    value.note = "督查员改过"
    value._history_user = insider  # e.g. changed in the admin
    value.save()
    form.refresh_from_db()
    with pytest.raises(PermissionDenied, match=OWN_WORK):
        services.submission_approve(submission=form, user=insider)
    assert set(IndicatorValue.objects.filter(submission=form).values_list("status", flat=True)) == {"submitted"}
    services.submission_approve(submission=form, user=supervisor)
    assert set(IndicatorValue.objects.filter(submission=form).values_list("status", flat=True)) == {"approved"}
