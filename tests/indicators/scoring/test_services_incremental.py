"""Incremental recompute: what one approved or corrected figure (or milestone report) affects, from its
period on, gives exactly what a full recompute gives; a fixed number of queries."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import ReportingPeriod, Score
from indicators.scoring.services import scores_recompute, scores_recompute_incremental
from tasks.models import Milestone
from tests.indicators.scoring.scoring_support import (
    ENERGY,
    TODAY,
    L,
    approve,
    milestone_report,
    period,
    snapshot,
)

# -------------------------------------------------------------------------------------- incremental


def test_incremental_gives_exactly_what_a_full_recompute_gives(plan):
    scores_recompute(plan=plan, today=TODAY)
    value = approve(ENERGY, 2023, 2, "900")
    scores_recompute_incremental(indicator_id=value.indicator_id, period_id=value.period_id, today=TODAY)
    milestone_report("T14-M1", 2023, 3, "in_progress", percent="30")
    report = scores_recompute_incremental(
        milestone_id=Milestone.objects.get(code="T14-M1").pk, period_id=period(2023, 3).pk, today=TODAY
    )
    assert report.updated > 0
    after_incremental = snapshot(plan)
    assert scores_recompute(plan=plan, today=TODAY).changed == 0
    assert snapshot(plan) == after_incremental


def test_correcting_a_period_changes_only_that_period_and_later(plan):
    approve(ENERGY, 2023, 1, "500")
    value = approve(ENERGY, 2023, 3, "700")
    scores_recompute(plan=plan, today=TODAY)
    before = snapshot(plan)
    value.value = D("900")
    value.save()
    scores_recompute_incremental(indicator_id=value.indicator_id, period_id=value.period_id, today=TODAY)
    after = snapshot(plan)
    changed = {key[5] for key in before if before[key] != after[key]}
    earlier = {p.pk for p in ReportingPeriod.objects.all() if (p.year, p.quarter) < (2023, 3)}
    assert changed and not changed & earlier
    assert period(2023, 3).pk in changed
    levels = {key[0] for key in before if before[key] != after[key]}
    assert levels <= {"indicator", "task", "system", "plan", "department"} and "indicator" in levels


def test_incremental_repairs_missing_rows_by_a_full_recompute_of_those_periods(plan, task14):
    scores_recompute(plan=plan, today=TODAY)
    Score.objects.filter(level=L.TASK, task__number=13, period__year=2024).delete()
    value = approve(ENERGY, 2024, 1, "900")
    scores_recompute_incremental(indicator_id=value.indicator_id, period_id=value.period_id, today=TODAY)
    assert Score.objects.filter(level=L.TASK, task__number=13, period__year=2024).count() == 4


def test_incremental_of_a_deleted_object_is_a_no_op(plan):
    report = scores_recompute_incremental(indicator_id=10**9, period_id=period(2023, 1).pk, today=TODAY)
    assert report.changed == 0


def test_incremental_needs_exactly_one_object(plan):
    with pytest.raises(ValueError):
        scores_recompute_incremental(period_id=1)


def test_incremental_query_count_is_fixed(plan):
    scores_recompute(plan=plan, today=TODAY)
    value = approve("T06-IRRIGATION", 2023, 2, "2")
    with CaptureQueriesContext(connection) as queries:
        report = scores_recompute_incremental(indicator_id=value.indicator_id, period_id=value.period_id, today=TODAY)
    statements = [q["sql"].split()[0] for q in queries.captured_queries]
    inserts = statements.count("INSERT")
    # 1 target indicator → (plan, task); SAVEPOINT; 2 plan row FOR UPDATE; 3 every period; 4–8 structure:
    # systems, tasks, indicators, milestones, assignments; 9 active scoring config; 10 stored scores needed;
    # 11 approved figures of the indicator; 12 forms (timeliness, returns) of the task's departments;
    # 13 vetoes; 14 delete the changed rows; RELEASE SAVEPOINT. Task 6 has no milestones: no report query.
    assert len(statements) - inserts == 14 + 2, statements
    # … and the changed rows in INSERT batches: one on PostgreSQL, SQLite's 999-parameter limit splits it.
    fields = [f for f in Score._meta.concrete_fields if not f.primary_key]
    written = report.created + report.updated
    batch = min(1000, connection.ops.bulk_batch_size(fields, [None] * written) or written)
    assert report.updated > 0 and inserts == -(-written // batch)
