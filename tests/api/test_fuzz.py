"""Schema-driven fuzzing of the API with schemathesis, in-process through the WSGI app (no network).

Every operation of /api/schema/ is called with generated input (valid and invalid) as a supervisor
and as department staff (token header). Checks: no 5xx (``not_a_server_error``) and every documented
answer matches its schema (``response_schema_conformance``). Bounded and derandomised so it runs the
same way in CI in a couple of minutes on two cores.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from indicators.models import ReportingPeriod
from responsibilities.accounts.tokens import token_issue
from tests.factories import IndicatorValueFactory, ScoreFactory, SubmissionFactory

MAX_EXAMPLES = 20

pytestmark = pytest.mark.fuzz


@pytest.fixture
def api_schema(db):
    from lingqiu_portal.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI handler closes "old" connections when a request ends, which inside the test's
    transaction closes it (PostgreSQL); Django's own test client disconnects the same signals."""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    yield
    for signal in signals:
        signal.connect(close_old_connections)


def _rows(dept_a, dept_b):
    """A few rows so that detail and review operations find something: a submitted figure of
    department A, an approved one of B, a department score of each."""
    period = ReportingPeriod.objects.get(year=2025, quarter=4)
    for department, status in ((dept_a, "submitted"), (dept_b, "approved")):
        submission = SubmissionFactory(department=department, period=period, status=status)
        IndicatorValueFactory(submission=submission, value=1, status=status)
        ScoreFactory(department=department, period=period)


def _token_header(user) -> dict:
    token, _ = token_issue(user=user)
    return {"Authorization": f"Token {token}"}


@pytest.fixture
def supervisor_header(supervisor, dept_a, dept_b):
    _rows(dept_a, dept_b)
    return _token_header(supervisor)


@pytest.fixture
def staff_header(staff_a, dept_a, dept_b):
    _rows(dept_a, dept_b)
    return _token_header(staff_a)


def _load_schema():
    from lingqiu_portal.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


schema = _load_schema()
CHECKS = [not_a_server_error, response_schema_conformance]
BOUNDED = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@schema.parametrize()
@BOUNDED
def test_api_fuzz_as_supervisor(case, supervisor_header):
    case.call_and_validate(headers=supervisor_header, checks=CHECKS)


@schema.parametrize()
@BOUNDED
def test_api_fuzz_as_staff(case, staff_header):
    case.call_and_validate(headers=staff_header, checks=CHECKS)
