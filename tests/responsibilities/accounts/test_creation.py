"""One form creates a 填报员/督查员/领导 with role and department (issue 13, item 1): the 系统管理员's add page in the
admin; the three administrators only by a superuser; a 填报员 needs a department, the other roles none."""

import pytest
from django.urls import reverse

from responsibilities.models import AccountState, StaffProfile
from responsibilities.services import user_create
from tasks.common import roles
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
FIRST = "Temp-Pass-2026"


def _post(client, **fields):
    data = {"username": "clerk", "first_name": "李填报", "password1": FIRST, "password2": FIRST} | fields
    return client.post(reverse("admin:auth_user_add"), {k: v for k, v in data.items() if v is not None})


@pytest.fixture
def system_client(client_for, plan):
    return client_for(user_create(username="xitong", password=PASSWORD, role=roles.ADMIN))


def test_one_form_creates_a_clerk_with_role_department_and_a_first_password(system_client, dept_a):
    page = system_client.get(reverse("admin:auth_user_add")).content.decode()
    assert 'name="role"' in page and 'name="department"' in page and 'name="usable_password"' not in page
    response = _post(system_client, role=roles.STAFF, department=dept_a.pk, email="li@example.cn")
    assert response.status_code == 302, response.content.decode()[:3000]
    profile = StaffProfile.objects.select_related("user").get(user__username="clerk")
    user = profile.user
    assert profile.department == dept_a and user.first_name == "李填报" and user.email == "li@example.cn"
    assert list(user.groups.values_list("name", flat=True)) == [roles.STAFF] and not user.is_staff
    assert AccountState.objects.get(user=user).must_change_password


def test_a_supervisor_gets_admin_access_and_no_department(system_client):
    assert _post(system_client, role=roles.SUPERVISOR).status_code == 302
    profile = StaffProfile.objects.filter(user__username="clerk")
    user = profile.model._meta.get_field("user").related_model.objects.get(username="clerk")
    assert user.is_staff and not profile.exists()
    assert list(user.groups.values_list("name", flat=True)) == [roles.SUPERVISOR]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"role": roles.STAFF}, "department", "填报员必须选择所属单位"),
        ({"role": roles.LEADER, "department": "dept"}, "department", "只有填报员属于一个填报单位"),
        ({"role": roles.SECURITY_ADMIN}, "role", "不在可用的选项中"),
        ({"role": roles.STAFF, "department": "dept", "password1": "abc", "password2": "abc"}, "password2", "密码"),
    ],
)
def test_the_form_names_each_problem_and_creates_nobody(system_client, dept_a, fields, field, message):
    fields = {k: dept_a.pk if v == "dept" else v for k, v in fields.items()}
    response = _post(system_client, **fields)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert not StaffProfile.objects.filter(user__username="clerk").exists()
    assert not response.context["adminform"].form.instance.pk
