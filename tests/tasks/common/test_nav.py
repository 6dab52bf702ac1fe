"""The top bar offers only pages the user may open (``tasks.common.nav``): the 安全管理员 and the 审计员 see no
督办, 考核报表 or 试算 link — each would answer them 403 — and the work roles see theirs."""

import pytest
from django.urls import reverse

from responsibilities.services import user_create
from tasks.common import roles
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LINKS = {"supervision:index": "督办", "assessment:index": "考核报表", "scoring:preview": "试算"}


def _links(client) -> set[str]:
    page = client.get(reverse("scoring:notifications")).content.decode()  # every role has it
    return {name for name in LINKS if f'href="{reverse(name)}"' in page}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("staff_a", {"supervision:index", "assessment:index"}),
        ("supervisor", set(LINKS)),
        ("leader", set(LINKS)),
        ("administrator", set(LINKS)),
    ],
)
def test_the_work_roles_see_their_links(who, expected, cast, client_for):
    assert _links(client_for(cast[who])) == expected


def test_security_administrator_and_auditor_see_none_of_the_work_links(auditor, client_for):
    security = user_create(username="security", password=PASSWORD, role=roles.SECURITY_ADMIN)
    for user in (security, auditor):
        client = client_for(user)
        assert _links(client) == set()
        for name in LINKS:  # and each page indeed refuses them: the hidden link was a broken one
            assert client.get(reverse(name)).status_code == 403 or name == "assessment:index"
