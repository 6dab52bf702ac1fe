"""Least privilege in the admin by role (三员分立): each role sees and changes what its work needs, nothing
more. A supervisor cannot create a StaffProfile or change anyone's groups; only administrators assign people
to departments (系统管理员) or roles (安全管理员)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from responsibilities.models import StaffProfile
from responsibilities.services import roles_sync, user_create
from tasks.common import roles
from tests.conftest import PASSWORD


def changelist(label):
    app, model = label.split(".")
    return reverse(f"admin:{app}_{model}_changelist")


def add(label):
    app, model = label.split(".")
    return reverse(f"admin:{app}_{model}_add")


ROLE_USERS = {
    "supervisor": roles.SUPERVISOR,
    "leader": roles.LEADER,
    "system": roles.ADMIN,
    "security": roles.SECURITY_ADMIN,
    "auditor": roles.AUDITOR,
}
# model → the roles that open its admin list (everyone else: 403)
READERS = {
    "auth.user": {"system", "security"},
    "auth.group": {"system", "security"},
    "responsibilities.staffprofile": {"system"},
    "responsibilities.department": {"supervisor", "leader", "system"},
    "responsibilities.taskassignment": {"supervisor", "leader", "system"},
    "indicators.indicator": {"supervisor", "leader", "system"},
    "indicators.scoringconfig": {"supervisor", "leader", "system"},
    "tasks.plantask": {"supervisor", "leader", "system"},
    "django_celery_beat.periodictask": {"system"},
    "axes.accessattempt": {"security", "auditor"},
    "axes.accesslog": {"security", "auditor"},
    "otp_totp.totpdevice": {"security"},
    "knox.authtoken": {"security"},
}
# model → the roles that may add one
WRITERS = {
    "auth.user": {"system"},
    "responsibilities.staffprofile": {"system"},
    "responsibilities.department": {"system"},
    "responsibilities.taskassignment": {"supervisor", "system"},
    "indicators.reportingperiod": {"supervisor", "system"},
    "tasks.plantask": {"system"},
}


@pytest.fixture
def people(plan):
    return {key: user_create(username=key, password=PASSWORD, role=role) for key, role in ROLE_USERS.items()}


@pytest.mark.parametrize("model", list(READERS))
def test_who_reads_which_admin_list(model, people, client_for):
    opened = {key for key, user in people.items() if client_for(user).get(changelist(model)).status_code == 200}
    assert opened == READERS[model]


@pytest.mark.parametrize("model", list(WRITERS))
def test_who_adds_in_the_admin(model, people, client_for):
    allowed = {key for key, user in people.items() if client_for(user).get(add(model)).status_code == 200}
    assert allowed == WRITERS[model]


def test_a_supervisor_cannot_create_a_staff_profile(people, client_for, dept_a):
    response = client_for(people["supervisor"]).post(
        add("responsibilities.staffprofile"), {"user": people["supervisor"].pk, "department": dept_a.pk}
    )
    assert response.status_code == 403
    assert not StaffProfile.objects.filter(user=people["supervisor"]).exists()


def test_a_supervisor_cannot_change_groups(people, client_for, staff_a):
    supervisor = client_for(people["supervisor"])
    url = reverse("admin:auth_user_change", args=[staff_a.pk])
    response = supervisor.post(url, {"username": "staff_a", "groups": [Group.objects.get(name=roles.ADMIN).pk]})
    assert response.status_code == 403
    assert set(staff_a.groups.values_list("name", flat=True)) == {roles.STAFF}
    group = Group.objects.get(name=roles.SUPERVISOR)
    assert supervisor.post(reverse("admin:auth_group_change", args=[group.pk]), {"name": "x"}).status_code == 403


def test_the_security_administrator_assigns_roles_but_not_their_own(people, client_for, staff_a):
    security = client_for(people["security"])
    staff_group, leader_group = Group.objects.get(name=roles.STAFF), Group.objects.get(name=roles.LEADER)
    response = security.post(
        reverse("admin:auth_user_change", args=[staff_a.pk]),
        {"username": "staff_a", "is_active": "on", "groups": [staff_group.pk, leader_group.pk]},
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    staff_a.refresh_from_db()
    assert set(staff_a.groups.values_list("name", flat=True)) == {roles.STAFF, roles.LEADER} and staff_a.is_staff
    own = security.get(reverse("admin:auth_user_change", args=[people["security"].pk])).content.decode()
    assert 'name="groups"' not in own


def test_the_system_administrator_keeps_records_but_not_roles(people, client_for, staff_a):
    system = client_for(people["system"])
    page = system.get(reverse("admin:auth_user_change", args=[staff_a.pk])).content.decode()
    assert 'name="first_name"' in page and 'name="groups"' not in page and 'name="is_superuser"' not in page
    system.post(
        reverse("admin:auth_user_change", args=[staff_a.pk]),
        {"username": "staff_a", "first_name": "王五", "groups": [Group.objects.get(name=roles.ADMIN).pk]},
    )
    staff_a.refresh_from_db()
    assert staff_a.first_name == "王五" and set(staff_a.groups.values_list("name", flat=True)) == {roles.STAFF}


def test_superusers_are_out_of_reach_of_the_other_administrators(people, client_for, django_user_model):
    root = django_user_model.objects.create_superuser("root", password=PASSWORD)
    for key in ("system", "security"):
        client = client_for(people[key])
        assert client.get(reverse("admin:auth_user_change", args=[root.pk])).status_code == 302  # "not found"
        assert "root" not in client.get(changelist("auth.user")).content.decode()


def test_the_legacy_administrator_group_becomes_the_system_administrator(plan, django_user_model):
    Group.objects.filter(name=roles.ADMIN).update(name="管理员")
    old_admin = django_user_model.objects.create_user("old_admin", password=PASSWORD)
    old_admin.groups.add(Group.objects.get(name="管理员"))
    roles_sync()
    assert set(old_admin.groups.values_list("name", flat=True)) == {roles.ADMIN}
    assert not Group.objects.filter(name="管理员").exists()
    assert user_create(username="via_old_name", password=PASSWORD, role="管理员").groups.get().name == roles.ADMIN


def test_no_role_makes_a_superuser(people):
    assert not any(user.is_superuser for user in people.values())


PORTAL_PAGES = ["/", "/dashboard/", "/reports/", "/entry/", "/entry/review/", "/scoring/preview/"]


@pytest.mark.parametrize("key", ["security", "auditor"])
def test_the_new_administrators_get_clear_answers_from_the_portal_pages(key, people, client_for):
    """安全管理员 and 审计员 land on the admin, have no department and review nothing: plan-wide pages open,
    the rest refuse."""
    client = client_for(people[key])
    statuses = {url: client.get(url).status_code for url in PORTAL_PAGES}
    assert client.get("/")["Location"] == reverse("admin:index")
    assert statuses["/dashboard/"] == 200
    assert statuses["/entry/review/"] == 403
    assert all(status in (200, 302, 403, 404) for status in statuses.values()), statuses
