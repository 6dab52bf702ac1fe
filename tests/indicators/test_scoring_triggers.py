"""Approving or reopening a figure enqueues the recompute after the commit — never before, never on rollback."""

from decimal import Decimal as D
from unittest import mock

import pytest
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerDown

from indicators import services as entry
from indicators.models import Indicator, IndicatorValue, ReportingPeriod, ReviewStatus, Score, Submission
from indicators.scoring.services import scores_recompute
from indicators.scoring.triggers import scores_recompute_on_commit
from indicators.tasks import scores_recompute_incremental_job
from responsibilities.models import Department

CODE = "T14-NEW-ENERGY-MW"  # 县能源局, ≥ 1595 MW


@pytest.fixture
def submitted(plan):
    """A submitted figure of 2023Q4 (797.5 MW = 50 % of 1595) in a submitted form."""
    period = ReportingPeriod.objects.get(year=2023, quarter=4)
    form = Submission.objects.create(department=Department.objects.get(code="energy"), period=period,
                                     status=ReviewStatus.SUBMITTED)
    return IndicatorValue.objects.create(submission=form, indicator=Indicator.objects.get(code=CODE), period=period,
                                         value=D("797.5"), is_final=True, status=ReviewStatus.SUBMITTED)


@pytest.fixture
def delay():
    with mock.patch.object(scores_recompute_incremental_job, "delay") as patched:
        yield patched


def test_approve_enqueues_only_after_the_commit(submitted, supervisor, delay, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        entry.value_approve(value=submitted, user=supervisor)
        assert not delay.called  # still inside the transaction
    assert len(callbacks) == 1 and not delay.called
    callbacks[0]()
    delay.assert_called_once_with(period_id=submitted.period_id, indicator_id=submitted.indicator_id, milestone_id=None)


def test_reopen_enqueues_after_the_commit(submitted, supervisor, delay, django_capture_on_commit_callbacks):
    entry.value_approve(value=submitted, user=supervisor)
    submitted.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        entry.value_reopen(value=submitted, user=supervisor, reason="数据口径有误")
    delay.assert_called_once_with(period_id=submitted.period_id, indicator_id=submitted.indicator_id, milestone_id=None)


def test_rolled_back_approval_enqueues_nothing(submitted, supervisor, delay, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                entry.value_approve(value=submitted, user=supervisor)
                raise RuntimeError("rolled back")
    assert callbacks == [] and not delay.called
    submitted.refresh_from_db()
    assert submitted.status == ReviewStatus.SUBMITTED


def test_refused_approval_enqueues_nothing(submitted, staff_a, delay, django_capture_on_commit_callbacks):
    from django.core.exceptions import PermissionDenied

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(PermissionDenied):
            entry.value_approve(value=submitted, user=staff_a)
    assert callbacks == [] and not delay.called


def test_approval_changes_the_stored_scores_eagerly(submitted, supervisor, plan, django_capture_on_commit_callbacks):
    """Eager mode (no broker, ``make run``): the job runs in-process right after the commit."""
    scores_recompute(plan=plan)
    row = Score.objects.get(level="indicator", indicator_id=submitted.indicator_id, period_id=submitted.period_id)
    assert row.status == "no_data"
    with django_capture_on_commit_callbacks(execute=True):
        entry.value_approve(value=submitted, user=supervisor)
    row = Score.objects.get(level="indicator", indicator_id=submitted.indicator_id, period_id=submitted.period_id)
    assert (row.progress, row.expected, row.status) == (D("50"), D("50"), "on_track")


def test_a_broker_that_is_down_does_not_undo_the_approval(submitted, supervisor, delay, caplog,
                                                          django_capture_on_commit_callbacks):
    delay.side_effect = BrokerDown("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    with django_capture_on_commit_callbacks(execute=True):
        entry.value_approve(value=submitted, user=supervisor)
    submitted.refresh_from_db()
    assert submitted.status == ReviewStatus.APPROVED and delay.called
    assert "Connection refused" in caplog.text


def test_exactly_one_object_is_required():
    with pytest.raises(ValueError):
        scores_recompute_on_commit(period_id=1)
    with pytest.raises(ValueError):
        scores_recompute_on_commit(period_id=1, indicator_id=1, milestone_id=1)
