"""Runs the permission matrix (tests/permission_matrix/) and checks that it covers every view."""

import importlib
import json
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from indicators.models import ReportingPeriod
from tests import permission_matrix
from tests.permission_matrix import ACTORS, Ctx

# URL names that are not the portal's own views (framework machinery) and need no entry.
EXEMPT_NAMESPACES = {"admin"}
EXEMPT_NAMES = {"set_language", "javascript-catalog"}


def all_cases():
    cases = []
    for module in pkgutil.iter_modules(permission_matrix.__path__):
        cases += importlib.import_module(f"tests.permission_matrix.{module.name}").CASES
    return cases


CASES = all_cases()


def url_names(resolver=None, namespace=""):
    """Every named URL pattern of the site, as ``namespace:name``."""
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace not in EXEMPT_NAMESPACES:
                names |= url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and pattern.name not in EXEMPT_NAMES:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_view_has_a_matrix_entry():
    covered = {case.url_name for case in CASES}
    missing = url_names() - covered
    assert not missing, f"views without a permission-matrix entry: {sorted(missing)}"


def test_case_ids_are_unique():
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))


@pytest.fixture
def ctx(plan, dept_a, dept_b, cast):
    period = ReportingPeriod.objects.get(year=2025, quarter=4)
    return Ctx(plan=plan, dept_a=dept_a, dept_b=dept_b, users=cast, period=period)


def user_for(actor, ctx):
    return {
        "anonymous": None,
        "staff_own": ctx.users["staff_a"],
        "staff_other": ctx.users["staff_a"],
        "supervisor": ctx.users["supervisor"],
        "leader": ctx.users["leader"],
    }[actor]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_matrix(case, actor, ctx, client_for):
    scope = "other" if actor == "staff_other" else "own"
    url = case.url(ctx, scope)
    data = case.data(ctx, scope) if case.data else None
    before = case.unchanged(ctx) if case.unchanged else None
    client = client_for(user_for(actor, ctx))
    kwargs = (
        {"data": json.dumps(data), "content_type": "application/json"}
        if case.format == "json" and data is not None
        else {"data": data}
    )
    response = getattr(client, case.method)(url, **{k: v for k, v in kwargs.items() if v is not None})
    assert response.status_code == case.expect[actor], f"{case.id} as {actor}: {response.status_code}"
    if case.unchanged and response.status_code >= 300:
        assert case.unchanged(ctx) == before, f"{case.id} as {actor} changed data although refused"
