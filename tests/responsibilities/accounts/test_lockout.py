"""Lockout (django-axes): 5 wrong passwords per account or per address lock logins for 30 minutes on the web
login, the admin login and the token endpoint; the refusal names the time to retry; every failure, the
lockout, logins and logouts are recorded (the ``lingqiu.security`` log and axes' tables)."""

import logging
import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD

WRONG = "wrong-Pass-999"
RETRY = re.compile(r"请于 (\d{4})年(\d{1,2})月(\d{1,2})日 (\d{2}):(\d{2}) 后重试")


def web_login(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def admin_login(client, username, password, **extra):
    return client.post(reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}, **extra)


def token_login(client, username, password, **extra):
    return client.post(
        reverse("api-token"), {"username": username, "password": password}, content_type="application/json", **extra
    )


LOGINS = {"web": web_login, "admin": admin_login, "token": token_login}


def expected_retry(username):
    latest = AccessAttempt.objects.filter(username=username).latest("attempt_time").attempt_time
    return timezone.localtime(latest + timedelta(minutes=30))


def retry_text(response) -> str:
    if response["Content-Type"].startswith("application/json"):
        return response.json()["detail"]
    return response.content.decode()


def assert_retry_time(response, username):
    match = RETRY.search(retry_text(response))
    assert match, retry_text(response)[:400]
    when = expected_retry(username)
    assert tuple(int(g) for g in match.groups()) == (when.year, when.month, when.day, when.hour, when.minute)
    assert 1700 <= int(response["Retry-After"]) <= 1800


@pytest.mark.parametrize("channel", list(LOGINS))
def test_five_wrong_passwords_then_the_right_one_is_refused_with_the_retry_time(channel, client, supervisor):
    login = LOGINS[channel]
    for _ in range(5):
        login(client, "supervisor", WRONG)
    response = login(client, "supervisor", PASSWORD)
    assert response.status_code == 429
    assert "登录失败次数过多" in retry_text(response)
    assert_retry_time(response, "supervisor")
    assert "_auth_user_id" not in client.session
    if channel == "token":
        assert set(response.json()) == {"detail", "errors"} and "token" not in response.json()


@pytest.mark.parametrize("channel", list(LOGINS))
def test_four_wrong_passwords_do_not_lock(channel, client, supervisor):
    login = LOGINS[channel]
    for _ in range(4):
        assert login(client, "supervisor", WRONG).status_code != 429
    response = login(client, "supervisor", PASSWORD)
    assert response.status_code in (200, 302) and response.status_code != 429


def test_the_lock_ends_after_thirty_minutes(client, supervisor):
    for _ in range(5):
        web_login(client, "supervisor", WRONG)
    assert web_login(client, "supervisor", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    response = web_login(client, "supervisor", PASSWORD)
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(supervisor.pk)


def test_the_account_is_locked_whatever_the_address(client, supervisor):
    for n in range(5):
        web_login(client, "supervisor", WRONG, REMOTE_ADDR=f"10.0.0.{n + 1}")
    response = web_login(client, "supervisor", PASSWORD, REMOTE_ADDR="10.0.0.99")
    assert response.status_code == 429


def test_the_address_is_locked_whatever_the_account(client, cast):
    for username in ("staff_a", "staff_b", "leader", "supervisor", "nobody"):
        web_login(client, username, WRONG, REMOTE_ADDR="10.1.1.1")
    assert web_login(client, "administrator", PASSWORD, REMOTE_ADDR="10.1.1.1").status_code == 429
    # another address is not locked for an account that had no failures
    assert web_login(client, "administrator", PASSWORD, REMOTE_ADDR="10.1.1.2").status_code == 302


def test_failures_the_lockout_logins_and_logouts_are_recorded(client, supervisor, caplog):
    caplog.set_level(logging.INFO, logger="lingqiu.security")
    web_login(client, "supervisor", PASSWORD)
    client.post(reverse("logout"))
    for _ in range(5):
        web_login(client, "supervisor", WRONG)
    web_login(client, "supervisor", PASSWORD)
    lines = [r.getMessage() for r in caplog.records if r.name == "lingqiu.security"]
    assert sum("登录成功 user=supervisor address=127.0.0.1" in line for line in lines) == 1
    assert sum("退出登录 user=supervisor" in line for line in lines) == 1
    assert sum("登录失败 user=supervisor address=127.0.0.1" in line for line in lines) == 6  # 5 + the refused one
    assert any("登录锁定 user=supervisor" in line for line in lines)
    # axes' own tables: one login with its logout time, every failure
    log = AccessLog.objects.get(username="supervisor")
    assert log.logout_time is not None and log.ip_address == "127.0.0.1"
    assert AccessFailureLog.objects.filter(username="supervisor").count() >= 5
    assert AccessFailureLog.objects.filter(username="supervisor", locked_out=True).exists()


def test_token_and_admin_failures_are_recorded_with_their_channel(client, supervisor, caplog):
    caplog.set_level(logging.INFO, logger="lingqiu.security")
    token_login(client, "supervisor", WRONG)
    admin_login(client, "supervisor", WRONG)
    lines = [r.getMessage() for r in caplog.records if r.name == "lingqiu.security"]
    assert any("登录失败 user=supervisor" in line and line.endswith("接口") for line in lines), lines
    assert any("登录失败 user=supervisor" in line and line.endswith("后台") for line in lines), lines


def test_a_successful_login_resets_the_count(client, supervisor):
    for _ in range(4):
        web_login(client, "supervisor", WRONG)
    assert web_login(client, "supervisor", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(4):
        assert web_login(client, "supervisor", WRONG).status_code == 200
    assert web_login(client, "supervisor", PASSWORD).status_code == 302


RECORDED = []


def recorder(**event):
    RECORDED.append(event)


def test_login_events_reach_the_audit_log_writer(client, supervisor, settings):
    settings.ACCOUNT_EVENT_AUDIT = f"{__name__}.recorder"
    RECORDED.clear()
    web_login(client, "supervisor", WRONG, REMOTE_ADDR="10.2.2.2")
    web_login(client, "supervisor", PASSWORD, REMOTE_ADDR="10.2.2.2")
    client.post(reverse("logout"), REMOTE_ADDR="10.2.2.2")
    assert [(e["kind"], e["username"], e["address"]) for e in RECORDED] == [
        ("login_failed", "supervisor", "10.2.2.2"),
        ("login", "supervisor", "10.2.2.2"),
        ("logout", "supervisor", "10.2.2.2"),
    ]
    assert RECORDED[1]["user"] == supervisor and RECORDED[1]["label"] == "登录成功"
