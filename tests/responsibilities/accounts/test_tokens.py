"""API tokens (django-rest-knox): hashed at rest, expiring, revocable by their owner (this device, all
devices), revoked by a password change and by deactivation; the API throttles with a Chinese 429."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from tests.conftest import PASSWORD

STRONG = "Qingshan-Lvshui-7"


def obtain(username="staff_a", password=PASSWORD):
    response = APIClient().post(reverse("api-token"), {"username": username, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def api(token) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def works(token) -> bool:
    return api(token).get("/api/v1/tasks/").status_code == 200


def test_the_token_endpoint_answers_token_and_expiry(staff_a):
    body = obtain()
    assert set(body) == {"token", "expiry"} and works(body["token"])
    expiry = timezone.datetime.fromisoformat(body["expiry"])
    assert timedelta(hours=9, minutes=59) < expiry - timezone.now() <= timedelta(hours=10)


def test_tokens_are_not_stored_in_plaintext(staff_a):
    token = obtain()["token"]
    row = AuthToken.objects.get(user=staff_a)
    assert row.digest != token and len(row.digest) == 128  # SHA-512
    assert token.startswith(row.token_key) and len(row.token_key) < len(token)
    table = AuthToken._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (a fixed table name)
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert token not in stored
    assert "authtoken_token" not in connection.introspection.table_names()  # DRF's plaintext table is gone


def test_a_token_dies_at_expiry(staff_a):
    token = obtain()["token"]
    AuthToken.objects.filter(user=staff_a).update(expiry=timezone.now() - timedelta(seconds=1))
    response = api(token).get("/api/v1/tasks/")
    assert response.status_code == 401
    assert not AuthToken.objects.filter(user=staff_a).exists()  # an expired token is deleted when used


def test_the_expiry_is_configurable(staff_a, settings):
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_TTL": timedelta(hours=1)}
    expiry = timezone.datetime.fromisoformat(obtain()["expiry"])
    assert expiry - timezone.now() <= timedelta(hours=1)


def test_logout_revokes_this_token_only(staff_a):
    first, second = obtain()["token"], obtain()["token"]
    assert api(first).post(reverse("api-token-logout")).status_code == 204
    assert not works(first) and works(second)


def test_a_token_dies_on_logout_all(staff_a, staff_b):
    mine = [obtain()["token"] for _ in range(3)]
    theirs = obtain("staff_b")["token"]
    response = api(mine[0]).post(reverse("api-token-logout-all"))
    assert response.status_code == 200 and response.json() == {"revoked": 3}
    assert not any(works(token) for token in mine) and works(theirs)


def test_a_token_dies_on_password_change(client_for, staff_a):
    token = obtain()["token"]
    client = client_for(staff_a)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": STRONG, "new_password2": STRONG},
    )
    assert response.status_code == 302
    assert not works(token)
    assert works(obtain(password=STRONG)["token"])


def test_a_token_dies_when_an_administrator_resets_the_password(staff_a):
    token = obtain()["token"]
    staff_a.set_password("Another-Pass-2026")
    staff_a.save()
    assert not works(token)


def test_a_token_dies_on_deactivation(staff_a):
    token = obtain()["token"]
    staff_a.is_active = False
    staff_a.save()
    assert not AuthToken.objects.filter(user=staff_a).exists() and not works(token)


def test_token_requests_cost_one_query_for_authentication(staff_a, django_assert_num_queries):
    client = api(obtain()["token"])
    with django_assert_num_queries(3):  # token+user (joined), COUNT, rows
        assert client.get("/api/v1/plans/").status_code == 200


@pytest.fixture
def low_rates(monkeypatch):
    cache.clear()
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "3/minute"})
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "3/minute"})
    yield
    cache.clear()


def test_the_api_throttles_per_account_with_a_chinese_429(staff_a, low_rates):
    client = api(obtain()["token"])
    statuses = [client.get("/api/v1/plans/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/plans/")
    assert "请求过于频繁" in response.json()["detail"] and int(response["Retry-After"]) > 0


def test_the_token_endpoint_throttles_per_address(staff_a, low_rates):
    client = APIClient()
    statuses = [
        client.post(reverse("api-token"), {"username": "staff_a", "password": PASSWORD}, format="json").status_code
        for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
