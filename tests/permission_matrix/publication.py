"""Matrix entries of the 公示 page (/public/): for everyone, anonymous included, once an administrator has
switched it on; a 404 for everyone while it is off (the default)."""

from django.urls import reverse

from reports.publication.models import Publication
from tests.permission_matrix import Case

EVERYONE = ("anonymous", "staff_own", "staff_other", "supervisor", "leader")


def _switched(on: bool):
    def url(ctx, scope):
        Publication(enabled=on).save()  # clears the cached switch
        return reverse("publication:page")

    return url


CASES = [
    Case(id="publication:page", url_name="publication:page", url=_switched(True), expect=dict.fromkeys(EVERYONE, 200)),
    Case(
        id="publication:page-off",
        url_name="publication:page",
        url=_switched(False),
        expect=dict.fromkeys(EVERYONE, 404),
    ),
]
