"""Password rules (≥ 10 characters, 3 of 4 classes, not like the username, not common, not the demo password),
a first-login password set by an administrator must be changed, and passwords expire after 90 days."""

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from responsibilities.models import AccountState
from responsibilities.services import DEMO_PASSWORD, user_create
from tasks.common import roles
from tests.conftest import PASSWORD

STRONG = "Qingshan-Lvshui-7"


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("20252025", "太短"),
        ("Ab1!xyz", "太短"),
        ("abcdefghijk", "至少 3 类"),
        ("abcdefgh1234", "至少 3 类"),
        ("ABCDEFGH!!!!", "至少 3 类"),
        ("1234567890123", "至少 3 类"),
        (DEMO_PASSWORD, "演示密码"),
        ("Lingqiu2025!", "演示密码"),
        ("LINGQIU-2025", "演示密码"),
        ("Password123", "常见"),
        ("zhang.san.Wei9", "相似"),
    ],
)
def test_weak_and_demo_passwords_are_refused(password, reason, django_user_model, db):
    user = django_user_model(username="zhang.san.wei", first_name="张三")
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert reason in " ".join(refused.value.messages), refused.value.messages


@pytest.mark.parametrize("password", [STRONG, "Lq#2026-shengtai", "水利局Abc12345", "correct horse Battery 9"])
def test_strong_passwords_pass(password, django_user_model, db):
    validate_password(password, django_user_model(username="zhang.san.wei"))


def change(client, old, new):
    return client.post(
        reverse("accounts:password_change"), {"old_password": old, "new_password1": new, "new_password2": new}
    )


def test_the_demo_password_is_refused_on_the_password_page(client_for, staff_a):
    client = client_for(staff_a)
    response = change(client, PASSWORD, DEMO_PASSWORD)
    assert response.status_code == 200 and "演示密码" in response.content.decode()
    staff_a.refresh_from_db()
    assert staff_a.check_password(PASSWORD)


def test_changing_the_password_starts_its_clock(client_for, staff_a):
    AccountState.objects.filter(user=staff_a).update(password_changed_at=timezone.now() - timedelta(days=30))
    response = change(client_for(staff_a), PASSWORD, STRONG)
    assert response.status_code == 302
    state = AccountState.objects.get(user=staff_a)
    assert timezone.now() - state.password_changed_at < timedelta(minutes=1) and not state.must_change_password


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_a_password_set_by_an_administrator_must_be_changed_at_first_login(client, client_for, plan, dept_a):
    security = user_create(username="anquan", password=PASSWORD, role=roles.SECURITY_ADMIN)
    clerk = user_create(username="clerk", password=PASSWORD, role=roles.STAFF, department=dept_a)
    response = client_for(security).post(
        reverse("admin:auth_user_password_change", args=[clerk.pk]),
        {"password1": "Temp-Pass-2026", "password2": "Temp-Pass-2026", "usable_password": "true"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert AccountState.objects.get(user=clerk).must_change_password
    assert login(client, "clerk", "Temp-Pass-2026").status_code == 302
    page = client.get(reverse("entry:submissions"))
    assert page.status_code == 302 and page["Location"].startswith(reverse("accounts:password_change"))
    form = client.get(page["Location"])
    assert "首次登录须改为只有您本人知道的密码" in form.content.decode()
    assert change(client, "Temp-Pass-2026", STRONG).status_code == 302
    assert client.get(reverse("entry:submissions")).status_code == 200
    assert not AccountState.objects.get(user=clerk).must_change_password


def test_a_new_account_created_in_the_admin_must_change_its_password(client, client_for, plan):
    system = user_create(username="xitong", password=PASSWORD, role=roles.ADMIN)
    response = client_for(system).post(
        reverse("admin:auth_user_add"),
        {
            "username": "newcomer",
            "first_name": "新同事",
            "role": roles.LEADER,
            "password1": "Temp-Pass-2026",
            "password2": "Temp-Pass-2026",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert AccountState.objects.get(user__username="newcomer").must_change_password


def test_weak_passwords_are_refused_in_the_admin_too(client_for, plan, staff_a):
    security = user_create(username="anquan", password=PASSWORD, role=roles.SECURITY_ADMIN)
    response = client_for(security).post(
        reverse("admin:auth_user_password_change", args=[staff_a.pk]),
        {"password1": DEMO_PASSWORD, "password2": DEMO_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 200 and "演示密码" in response.content.decode()


def test_a_password_older_than_90_days_must_be_changed(client, staff_a):
    AccountState.objects.filter(user=staff_a).update(password_changed_at=timezone.now() - timedelta(days=91))
    login(client, "staff_a", PASSWORD)
    page = client.get(reverse("entry:submissions"))
    assert page.status_code == 302 and page["Location"].startswith(reverse("accounts:password_change"))
    assert "规定的使用期限" in client.get(page["Location"]).content.decode()


def test_the_maximum_age_is_configurable(client, staff_a, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 180
    AccountState.objects.filter(user=staff_a).update(password_changed_at=timezone.now() - timedelta(days=91))
    login(client, "staff_a", PASSWORD)
    assert client.get(reverse("entry:submissions")).status_code == 200


def test_a_pending_password_change_blocks_the_api_by_session_and_the_token_endpoint(client, staff_a):
    AccountState.objects.filter(user=staff_a).update(must_change_password=True)
    login(client, "staff_a", PASSWORD)
    response = client.get("/api/v1/tasks/")
    assert response.status_code == 403 and "修改密码" in response.json()["detail"]
    token = client.post(
        reverse("api-token"), {"username": "staff_a", "password": PASSWORD}, content_type="application/json"
    )
    assert token.status_code == 403 and "修改密码" in token.json()["detail"]


def test_demo_accounts_keep_the_demo_password_without_a_forced_change(client, plan):
    from django.core.management import call_command

    call_command("demo_accounts", stdout=open("/dev/null", "w"))
    assert login(client, "tianbao_shuili", DEMO_PASSWORD).status_code == 302
    assert client.get(reverse("entry:submissions")).status_code == 200
