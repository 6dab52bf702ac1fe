"""Sessions end after 30 minutes without a request (configurable) and when the browser closes."""

import time

from django.urls import reverse

from responsibilities.accounts.policy import LAST_SEEN
from tests.conftest import PASSWORD


def login(client):
    response = client.post(reverse("login"), {"username": "staff_a", "password": PASSWORD})
    assert response.status_code == 302
    return response


def idle(client, seconds):
    session = client.session
    session[LAST_SEEN] = int(time.time()) - seconds
    session.save()


def test_an_idle_session_expires_after_30_minutes(client, staff_a, caplog):
    login(client)
    idle(client, 29 * 60)
    assert client.get(reverse("entry:submissions")).status_code == 200
    idle(client, 31 * 60)
    response = client.get(reverse("entry:submissions"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "30 分钟未操作" in page
    assert any("会话超时退出 user=staff_a" in r.getMessage() for r in caplog.records)


def test_the_idle_time_is_configurable(client, staff_a, settings):
    settings.SESSION_IDLE_MINUTES = 10
    login(client)
    idle(client, 11 * 60)
    assert client.get(reverse("entry:submissions")).status_code == 302


def test_a_request_keeps_the_session_alive(client, staff_a):
    login(client)
    idle(client, 20 * 60)
    assert client.get(reverse("entry:submissions")).status_code == 200  # refreshes the clock
    assert int(time.time()) - client.session[LAST_SEEN] < 5


def test_the_session_cookie_ends_with_the_browser_and_the_session_after_30_minutes(client, staff_a, settings):
    cookie = login(client).cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["expires"] and not cookie["max-age"]  # a browser-session cookie
    assert cookie["httponly"]
    assert client.session.get_expiry_age() == 30 * 60
