"""Fixtures of the API tests: clients authenticated by token (as other systems call the API)."""

import pytest
from rest_framework.test import APIClient

from responsibilities.accounts.tokens import token_issue


@pytest.fixture
def api_for(db):
    """``api_for(user)`` → an APIClient sending ``Authorization: Token …`` (anonymous for None)."""

    def make(user):
        client = APIClient()
        if user is not None:
            token, _ = token_issue(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    return make


def results(response) -> list[dict]:
    """The rows of a paginated list answer."""
    assert response.status_code == 200, response.content
    return response.json()["results"]
