"""Demo supervision orders: every state, a red and a yellow card, idempotent, refused in production."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from indicators.demo.orders import demo_orders_load
from indicators.models import SupervisionOrder
from indicators.supervision.selectors import order_rows

pytestmark = pytest.mark.django_db


def test_demo_orders_in_every_state(plan, settings):
    settings.LOAD_DEMO_DATA = True
    assert demo_orders_load() == 6
    assert demo_orders_load() == 0
    orders = list(SupervisionOrder.objects.all())
    assert {o.status for o in orders} == {"issued", "acknowledged", "rectifying", "closure_requested", "closed"}
    marks = {r["mark"] for r in order_rows(orders, today=timezone.localdate())}
    assert {"red", "yellow"} <= marks
    assert all(o.is_demo and o.events.count() >= 1 for o in orders)
    assert sum(o.returned_count for o in orders) == 1


def test_refused_without_demo_data(plan, settings):
    settings.LOAD_DEMO_DATA = False
    with pytest.raises(ImproperlyConfigured):
        demo_orders_load()
