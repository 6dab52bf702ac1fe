"""Matrix entries of the site-wide pages (landing page, login)."""

from django.urls import reverse

from . import Case, read_only

CASES = [
    read_only("home", lambda ctx, scope: reverse("home"), staff_other=200),
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
