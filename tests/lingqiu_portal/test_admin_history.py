"""A history page of the admin never writes for a reader without the change permission of the current row
(``lingqiu_portal.admin_history``): django-simple-history's revert asked only for the view permission."""

import pytest
from django.urls import reverse

from indicators.models import Indicator

pytestmark = pytest.mark.django_db


def test_a_view_only_reader_cannot_revert_an_indicator_from_its_history(leader, supervisor, client_for):
    indicator = Indicator.objects.get(code="T05-PM25")
    old_name = indicator.name
    indicator.name = f"{old_name}(改)"
    indicator.save()
    first = indicator.history.order_by("history_date").first()
    url = reverse("admin:indicators_indicator_simple_history", args=[indicator.pk, first.history_id])
    assert client_for(leader).get(url).status_code == 200  # 领导 read the history
    assert client_for(leader).post(url, {"name": "领导改的"}).status_code == 403
    indicator.refresh_from_db()
    assert indicator.name == f"{old_name}(改)"
    assert client_for(supervisor).get(url).status_code == 200  # supervisors change indicators: the page is theirs
