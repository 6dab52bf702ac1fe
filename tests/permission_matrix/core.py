"""Matrix entries of the site-wide pages (landing page, login)."""

from django.urls import reverse

from tests.permission_matrix import Case

CASES = [
    # "home" (the landing router) is in dashboard.py.
    Case(
        id="login",
        url_name="login",
        url=lambda ctx, scope: reverse("login"),
        expect={"anonymous": 200, "staff_own": 200, "staff_other": 200, "supervisor": 200, "leader": 200},
    ),
    Case(
        id="logout",
        url_name="logout",
        url=lambda ctx, scope: reverse("logout"),
        method="post",
        expect={"anonymous": 302, "staff_own": 302, "staff_other": 302, "supervisor": 302, "leader": 302},
    ),
]
