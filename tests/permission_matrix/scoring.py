"""Matrix entries of the scoring pages (/scoring/) and the 试算 API (POST /api/v1/scoring/preview/).

试算 is for supervisors and leadership: staff get 403 (page and API), anonymous users the login page
(page) or 401 (API). It stores nothing, so no actor changes any stored score. The notification list
is everyone's own: every logged-in actor gets 200 and sees only their own notifications.
"""

from django.urls import reverse

from indicators.models import Notification, Score
from tests.permission_matrix import LOGIN, Case

PREVIEW_JSON = {
    "kind": "at_least",
    "comparator": "gte",
    "target_value": "78",
    "baseline_value": "70",
    "baseline_year": 2021,
    "values": [{"year": 2023, "quarter": 4, "value": "74"}],
    "as_of": "2023-12-31",
}
PREVIEW_FORM = {
    "kind": "at_least",
    "comparator": "gte",
    "target_value": "78",
    "target_year": "2025",
    "baseline_value": "70",
    "baseline_year": "2021",
    "accumulation": "latest",
    "growth_unit": "points",
    "plan_start": "2022-01-01",
    "values": "2023Q4 74",
    "as_of": "2023-12-31",
}
SUPERVISION = {"anonymous": LOGIN, "staff_own": 403, "staff_other": 403, "supervisor": 200, "leader": 200}


def stored(ctx):
    return Score.objects.count(), Notification.objects.count()


CASES = [
    Case(
        id="scoring-preview",
        url_name="scoring:preview",
        url=lambda ctx, scope: reverse("scoring:preview"),
        expect=SUPERVISION,
    ),
    Case(
        id="scoring-preview-post",
        url_name="scoring:preview",
        url=lambda ctx, scope: reverse("scoring:preview"),
        method="post",
        data=lambda ctx, scope: PREVIEW_FORM,
        expect=SUPERVISION,
        unchanged=stored,
    ),
    Case(
        id="scoring-notifications",
        url_name="scoring:notifications",
        url=lambda ctx, scope: reverse("scoring:notifications"),
        expect={"anonymous": LOGIN, "staff_own": 200, "staff_other": 200, "supervisor": 200, "leader": 200},
    ),
    Case(
        id="scoring-notifications-read",
        url_name="scoring:notifications_read",
        url=lambda ctx, scope: reverse("scoring:notifications_read"),
        method="post",
        data=lambda ctx, scope: {},
        expect={"anonymous": LOGIN, "staff_own": 302, "staff_other": 302, "supervisor": 302, "leader": 302},
    ),
    Case(
        id="scoring-notifications-unread",
        url_name="scoring:notifications_unread",
        url=lambda ctx, scope: reverse("scoring:notifications_unread"),
        expect={"anonymous": LOGIN, "staff_own": 200, "staff_other": 200, "supervisor": 200, "leader": 200},
    ),
    Case(
        id="api-scoring-preview",
        url_name="api-scoring-preview",
        url=lambda ctx, scope: reverse("api-scoring-preview"),
        method="post",
        format="json",
        data=lambda ctx, scope: PREVIEW_JSON,
        unchanged=stored,
        expect={"anonymous": 401, "staff_own": 403, "staff_other": 403, "supervisor": 200, "leader": 200},
    ),
]
