"""Benchmark of a whole-form approval (``make bench``; PostgreSQL, see ``bench/__main__``; issue 11).

On one synthetic plan (``bench.synthetic``, ``synthetic_ensure(n_plans=1)``: the plan copied once, a figure for
every quarter), a department's 2024Q2 form gets 12 submitted items (figures of the synthetic plan, changed,
then milestone reports if the department has fewer figures), and a supervisor approves the whole form
(``submission_approve``). It prints:

* the number of recompute jobs the approval enqueued (goal: exactly 1 — one drain per commit, not one per item);
* the time of that job's work (``scores_marks_drain``: one batched incremental recompute of the 12 items) against
  one incremental recompute after one approval (``scores_recompute_incremental``), medians of ``ROUNDS``
  rounds, and their ratio (goal ≤ 1.5);
* for comparison, the 12 incremental recomputes one after the other (what the 12 jobs of one approval per item
  cost before the outbox), once.
"""

import logging
import statistics
import time
from decimal import Decimal
from unittest import mock

ITEMS = 12
ROUNDS = 5
RATIO_GOAL = 1.5
JOBS_GOAL = 1


def run() -> None:
    from bench.synthetic import database_ensure, synthetic_ensure

    database_ensure()
    plan = synthetic_ensure(n_plans=1)[0]
    logging.getLogger("indicators").setLevel(logging.WARNING)
    from django.conf import settings

    settings.DEBUG = False
    from indicators.scoring.services import scores_marks_drain
    from tasks.models import Plan

    Plan.objects.filter(pk=plan.pk, state=Plan.State.DRAFT).update(state=Plan.State.ACTIVE)  # review is open
    scores_marks_drain()  # nothing pending from the set-up
    form, values, reports = _form(plan)
    jobs, form_times, one_times = [], [], []
    for round_ in range(ROUNDS):
        # a supervisor per round: the figures changed below without history would read as the last
        # reviewer's change (segregation of duties: nobody approves what they changed)
        supervisor = _supervisor(round_)
        jobs.append(_approve(form, values, reports, supervisor, bump=round_ + 1))
        start = time.perf_counter()
        scores_marks_drain()  # what the one enqueued job does
        form_times.append(time.perf_counter() - start)
        one_times.append(_incremental(values[0], bump=round_ + 1))
    start = time.perf_counter()
    for value in values:  # the 12 per-item jobs of before
        _incremental(value, bump=ROUNDS + 1)
    separate = time.perf_counter() - start + sum(_milestone(report) for report in reports)
    _print(len(values) + len(reports), jobs, statistics.median(form_times), statistics.median(one_times), separate)


def _form(plan):
    """(form, figures, milestone reports): the 2024Q2 form of the plan's department with the most items."""
    from django.db.models import Count

    from indicators.models import IndicatorValue, MilestoneReport, Submission

    values = IndicatorValue.objects.filter(
        indicator__task__system__plan=plan, period__year=2024, period__quarter=2, submission__isnull=False
    )
    best = values.values("submission_id").annotate(n=Count("id")).order_by("-n", "submission_id").first()
    form = Submission.objects.get(pk=best["submission_id"])
    chosen = list(values.filter(submission=form).order_by("indicator_id")[:ITEMS])
    reports = list(
        MilestoneReport.objects.filter(submission=form, milestone__task__system__plan=plan).order_by("milestone_id")[
            : ITEMS - len(chosen)
        ]
    )
    assert len(chosen) + len(reports) == ITEMS, f"the form has only {len(chosen) + len(reports)} items"
    return form, chosen, reports


def _supervisor(number: int):
    import uuid

    from responsibilities.services import user_create
    from tasks.common import roles

    name = f"bench-supervisor-{number}-{uuid.uuid4().hex[:6]}"
    return user_create(username=name, password="Bench-Supervisor-2026!", role=roles.SUPERVISOR)


def _approve(form, values, reports, supervisor, *, bump: int) -> int:
    """Resubmit the 12 items with changed figures, approve the whole form; returns the jobs enqueued."""
    from indicators.entry import services as entry
    from indicators.models import IndicatorValue, MilestoneReport, ReviewStatus, Submission

    for value in values:
        IndicatorValue.objects.filter(pk=value.pk).update(
            status=ReviewStatus.SUBMITTED, value=value.value + Decimal(bump) / 10
        )
    MilestoneReport.objects.filter(pk__in=[r.pk for r in reports]).update(status=ReviewStatus.SUBMITTED)
    Submission.objects.filter(pk=form.pk).update(status=ReviewStatus.SUBMITTED)
    form.refresh_from_db()
    with mock.patch("indicators.recompute.triggers.job_enqueue") as enqueue:
        entry.submission_approve(submission=form, user=supervisor, expected_version=form.version)
    return enqueue.call_count


def _incremental(value, *, bump: int) -> float:
    """One approval's recompute, as the incremental job runs it (the figure changed, then recomputed)."""
    from indicators.models import IndicatorValue
    from indicators.scoring.services import scores_recompute_incremental

    IndicatorValue.objects.filter(pk=value.pk).update(value=value.value - Decimal(bump) / 10)
    start = time.perf_counter()
    scores_recompute_incremental(indicator_id=value.indicator_id, period_id=value.period_id)
    return time.perf_counter() - start


def _milestone(report) -> float:
    from indicators.scoring.services import scores_recompute_incremental

    start = time.perf_counter()
    scores_recompute_incremental(milestone_id=report.milestone_id, period_id=report.period_id)
    return time.perf_counter() - start


def _print(items: int, jobs: list, form_s: float, one_s: float, separate_s: float) -> None:
    verdict = "OK" if set(jobs) == {JOBS_GOAL} else "OVER"
    print(f"form approval: whole-form approval of a {items}-item form, {ROUNDS} rounds")
    print(
        f"  recompute jobs enqueued per approval: {'/'.join(map(str, sorted(set(jobs))))} (goal {JOBS_GOAL}) {verdict}"
    )
    ratio = form_s / one_s
    verdict = "OK" if ratio <= RATIO_GOAL else "OVER"
    print(
        f"  its recompute (one drain of {items} marks): {form_s * 1000:7.1f} ms median; one incremental recompute: "
        f"{one_s * 1000:7.1f} ms median; ratio {ratio:4.2f} (goal ≤ {RATIO_GOAL:g}) {verdict}"
    )
    print(
        f"  for comparison, {items} incremental recomputes one after the other (one job per item, as before): "
        f"{separate_s * 1000:7.1f} ms, ratio {separate_s / one_s:4.1f}"
    )
