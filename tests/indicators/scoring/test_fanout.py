"""The nightly recompute fans out one job per plan (a Celery group): the same rows as the single-process
recompute, row for row; archived plans are left alone; the per-plan job is idempotent."""

import datetime as dt
from decimal import Decimal as D
from unittest import mock

from indicators.models import Indicator, IndicatorValue, ReportingPeriod, ReviewStatus, Score
from indicators.scoring import jobs, services
from tasks.models import Plan
from tests.indicators.scoring.scoring_support import SCORE_FIELDS

FIELDS = ("plan_id", *SCORE_FIELDS)


def rows() -> list[tuple]:
    """Every stored score without ids or time stamps, sorted."""
    return sorted(tuple(str(r[f]) for f in FIELDS) for r in Score.objects.values(*FIELDS))


def _approved(plan, code, year, quarter, value):
    IndicatorValue.objects.create(
        indicator=Indicator.objects.get(plan=plan, code=code),
        period=ReportingPeriod.objects.get(year=year, quarter=quarter),
        value=D(value),
        is_final=True,
        status=ReviewStatus.APPROVED,
    )


def test_fanned_out_nightly_equals_the_single_process_recompute_row_for_row(plan, example_plan):
    _approved(plan, "T05-PM25", 2024, 4, "33")
    _approved(example_plan, "T05-PM25", 2026, 2, "34")
    _approved(example_plan, "T06-WATER-SAVING", 2026, 3, "4")
    today = dt.date.today()
    services.scores_recompute_all(today=today)
    single = rows()
    assert {r[0] for r in single} == {str(plan.pk), str(example_plan.pk)}
    Score.objects.all().delete()
    with mock.patch.object(jobs, "group", wraps=jobs.group) as fan_out:
        jobs.scores_recompute_all_job.delay()  # eager: the group's plan jobs run in turn, in-process
    signatures = list(fan_out.call_args.args[0])
    assert sorted(s.kwargs["plan_id"] for s in signatures) == sorted([plan.pk, example_plan.pk])
    assert {s.name for s in signatures} == {"indicators.scores_recompute_plan"}
    assert rows() == single
    jobs.scores_recompute_plan_job.delay(plan_id=example_plan.pk)  # idempotent: a re-run changes nothing
    assert rows() == single


def test_archived_plans_are_not_recomputed(plan, example_plan):
    services.scores_recompute_all()
    example_plan.state = Plan.State.ARCHIVED
    example_plan.save()
    Score.objects.filter(plan=example_plan).update(rule="归档时的得分")
    kept = Score.objects.filter(plan=example_plan).count()
    jobs.scores_recompute_all_job.delay()
    jobs.scores_recompute_plan_job.delay(plan_id=example_plan.pk)
    services.scores_recompute_all()
    assert Score.objects.filter(plan=example_plan, rule="归档时的得分").count() == kept > 0
