"""Fixtures of the scoring tests."""

import pytest

from tasks.models import PlanTask


@pytest.fixture
def task14(plan):
    return PlanTask.objects.get(system__plan=plan, number=14)
