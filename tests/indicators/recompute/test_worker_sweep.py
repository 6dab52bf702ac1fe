"""A real worker killed in the middle of a drain: the marks stay, and the sweep (beat, every 2 minutes) catches the
scores up — not Redis's visibility timeout. PostgreSQL + Redis, as ``tests/indicators/scoring/test_worker.py``
(its helpers and fixtures are reused; skipped without the services unless ``REQUIRE_SERVICES=1``)."""

from decimal import Decimal as D

import pytest

from indicators.entry import services as entry
from indicators.models import Score, ScoreRecomputeMark
from indicators.scoring.services import scores_recompute
from tasks.common.jobs import job_enqueue
from tests.indicators.scoring.test_worker import (  # noqa: F401  (fixtures)
    JOB_TIMEOUT,
    SLOW_WORKER,
    _submitted_value,
    _wait_for,
    real_broker,
    workers,
)

pytestmark = pytest.mark.services

# SLOW_WORKER with the production redelivery settings: a killed job's message does not come back in this test.
KEEP_VISIBILITY = SLOW_WORKER.replace(
    'app.conf.broker_transport_options = {"visibility_timeout": 3, "unacked_restore_interval": 1,\n'
    '                                     "unacked_restore_throttle": 1}\n',
    "",
)


def test_a_worker_killed_mid_drain_is_caught_up_by_the_sweep(real_broker, plan, supervisor, workers, tmp_path):  # noqa: F811
    assert KEEP_VISIBILITY != SLOW_WORKER
    scores_recompute(plan=plan)
    ScoreRecomputeMark.objects.all().delete()
    value = _submitted_value("T14-NEW-ENERGY-MW", 2023, 4, "797.5")  # 50 % of 1595 MW
    row = Score.objects.filter(level="indicator", indicator_id=value.indicator_id, period_id=value.period_id)
    marker = tmp_path / "writing"
    slow = workers("slow", script=KEEP_VISIBILITY, env={"SCORING_TEST_MARKER": str(marker), "SCORING_TEST_PAUSE": "60"})
    entry.value_approve(value=value, user=supervisor)  # commits → one drain job → the slow worker
    _wait_for(marker.exists, timeout=JOB_TIMEOUT, what="the drain to start writing", worker=slow)
    slow.kill()  # mid-job: nothing committed, not acknowledged (redelivery only after the visibility timeout)
    assert row.get().status == "no_data"
    assert ScoreRecomputeMark.objects.filter(object_id=value.indicator_id).exists()  # the mark survived

    again = workers("sweeper")
    job_enqueue("indicators.scores_marks_sweep")  # what beat sends every 2 minutes
    _wait_for(lambda: row.get().status == "on_track", timeout=JOB_TIMEOUT, what="the sweep", worker=again)
    assert row.get().progress == D("50")
    _wait_for(lambda: not ScoreRecomputeMark.objects.exists(), timeout=JOB_TIMEOUT, what="marks cleared")
    assert "indicators.scores_marks_sweep" in again.log()
