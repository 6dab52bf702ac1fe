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


def form_version(*, submission=None, department=None, period=None) -> int:
    """The version of a form as an API client reads it before a write or review (``submission``: an id;
    or ``department`` and ``period``: 1 when that form does not exist yet)."""
    from indicators.models import Submission

    rows = (
        Submission.objects.filter(pk=submission)
        if submission is not None
        else Submission.objects.filter(department=department, period=period)
    )
    return rows.values_list("version", flat=True).first() or 1
