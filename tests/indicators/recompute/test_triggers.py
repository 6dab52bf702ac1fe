"""Workflow changes mark the scores in their transaction and enqueue ONE drain after the commit — never
before, never on rollback.

Approving or reopening a figure → an ``indicator`` mark (incremental recompute); submitting a form the
first time or returning it → a ``department`` mark (考核: timeliness, returned forms); saving the active
scoring configuration in the admin → a ``plan`` mark for every plan.
"""

import datetime as dt
from decimal import Decimal as D
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerDown

from indicators.entry import selectors
from indicators.entry import services as entry
from indicators.models import (
    Indicator,
    IndicatorValue,
    MilestoneReport,
    ReportingPeriod,
    ReviewStatus,
    Score,
    ScoreRecomputeMark,
    ScoringConfig,
    Submission,
)
from indicators.recompute.triggers import DRAIN_JOB, scores_recompute_all_on_commit, scores_recompute_on_commit
from indicators.scoring.services import scores_recompute, scoring_config_save
from responsibilities.models import Department
from tasks.models import Milestone

CODE = "T14-NEW-ENERGY-MW"  # 县能源局, ≥ 1595 MW


@pytest.fixture
def submitted(plan):
    """A submitted figure of 2023Q4 (797.5 MW = 50 % of 1595) in a submitted form."""
    period = ReportingPeriod.objects.get(year=2023, quarter=4)
    form = Submission.objects.create(
        department=Department.objects.get(code="energy"), period=period, status=ReviewStatus.SUBMITTED
    )
    return IndicatorValue.objects.create(
        submission=form,
        indicator=Indicator.objects.get(code=CODE),
        period=period,
        value=D("797.5"),
        is_final=True,
        status=ReviewStatus.SUBMITTED,
    )


@pytest.fixture
def enqueue():
    """The drain job's enqueue, recorded instead of run (the marks stay for the assertions)."""
    with mock.patch("indicators.recompute.triggers.job_enqueue") as patched:
        yield patched


def marks(scope: str) -> set:
    """(object_id, period_id) of the pending marks of ``scope``."""
    return set(ScoreRecomputeMark.objects.filter(scope=scope).values_list("object_id", "period_id"))


def test_approve_enqueues_only_after_the_commit(submitted, supervisor, enqueue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        entry.value_approve(value=submitted, user=supervisor)
        assert not enqueue.called  # still inside the transaction
    assert marks("indicator") == {(submitted.indicator_id, submitted.period_id)}  # written in the transaction
    assert callbacks and not enqueue.called
    for callback in callbacks:
        callback()
    enqueue.assert_called_once_with(DRAIN_JOB)


def test_reopen_enqueues_after_the_commit(submitted, supervisor, enqueue, django_capture_on_commit_callbacks):
    entry.value_approve(value=submitted, user=supervisor)
    submitted.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        entry.value_reopen(value=submitted, user=supervisor, reason="数据口径有误")
    enqueue.assert_called_once_with(DRAIN_JOB)
    assert marks("indicator") == {(submitted.indicator_id, submitted.period_id)}


def test_rolled_back_approval_enqueues_nothing(submitted, supervisor, enqueue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                entry.value_approve(value=submitted, user=supervisor)
                raise RuntimeError("rolled back")
    assert callbacks == [] and not enqueue.called
    submitted.refresh_from_db()
    assert submitted.status == ReviewStatus.SUBMITTED


def test_refused_approval_enqueues_nothing(submitted, staff_a, enqueue, django_capture_on_commit_callbacks):
    from django.core.exceptions import PermissionDenied

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(PermissionDenied):
            entry.value_approve(value=submitted, user=staff_a)
    assert callbacks == [] and not enqueue.called


def test_approval_changes_the_stored_scores_eagerly(submitted, supervisor, plan, django_capture_on_commit_callbacks):
    """Eager mode (no broker, ``make run``): the job runs in-process right after the commit."""
    scores_recompute(plan=plan)
    row = Score.objects.get(level="indicator", indicator_id=submitted.indicator_id, period_id=submitted.period_id)
    assert row.status == "no_data"
    with django_capture_on_commit_callbacks(execute=True):
        entry.value_approve(value=submitted, user=supervisor)
    row = Score.objects.get(level="indicator", indicator_id=submitted.indicator_id, period_id=submitted.period_id)
    assert (row.progress, row.expected, row.status) == (D("50"), D("50"), "on_track")


def test_a_broker_that_is_down_does_not_undo_the_approval(
    submitted, supervisor, enqueue, caplog, django_capture_on_commit_callbacks
):
    enqueue.side_effect = BrokerDown("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    with django_capture_on_commit_callbacks(execute=True):
        entry.value_approve(value=submitted, user=supervisor)
    submitted.refresh_from_db()
    assert submitted.status == ReviewStatus.APPROVED and enqueue.called
    assert "Connection refused" in caplog.text


def test_exactly_one_object_is_required():
    with pytest.raises(ValueError):
        scores_recompute_on_commit(period_id=1)
    with pytest.raises(ValueError):
        scores_recompute_on_commit(period_id=1, indicator_id=1, milestone_id=1)


# ------------------------------------------------------- submitting and returning a form: department level


def water_form(staff_b, *, due_in_days: int) -> Submission:
    """水利局's 2026Q1 form, filled (1 for every figure due, milestones 推进中) and not yet submitted; the
    period's due date moved to today + ``due_in_days`` (local date), so timeliness never depends on the
    day the tests run."""
    today = timezone.localdate()
    ReportingPeriod.objects.filter(year=2026, quarter=1).update(
        opens_on=today - dt.timedelta(days=30), due_on=today + dt.timedelta(days=due_in_days)
    )
    period = ReportingPeriod.objects.get(year=2026, quarter=1)
    water = Department.objects.get(code="water")
    values = [
        entry.ValueEntry(i.pk, D(1), True, "")
        for i in selectors.indicators_of_department(department=water)
        if selectors.indicator_is_due(i, period)
    ]
    milestones = [
        entry.MilestoneEntry(m.pk, MilestoneReport.State.IN_PROGRESS, None, "推进中")
        for m in selectors.milestones_led(department=water)
    ]
    return entry.entry_form_save(
        department=water, period=period, user=staff_b, values=values, milestones=milestones, expected_version=1
    )


def department_row(code: str, year: int, quarter: int) -> Score:
    return Score.objects.get(level="department", department__code=code, period__year=year, period__quarter=quarter)


def test_submit_enqueues_the_department_recompute_only_after_the_commit(
    plan, staff_b, enqueue, django_capture_on_commit_callbacks
):
    form = water_form(staff_b, due_in_days=5)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        entry.submission_submit(submission=form, user=staff_b)
        assert not enqueue.called  # still inside the transaction
    assert callbacks and not enqueue.called
    for callback in callbacks:
        callback()
    enqueue.assert_called_once_with(DRAIN_JOB)
    assert (form.department_id, form.period_id) in marks("department")
    assert marks("indicator") == set()  # no approved figure changed


@pytest.mark.parametrize(
    ("due_in_days", "before", "after"),
    [
        (5, ([], "100.0000"), ([["on_time", 0]], "100.0000")),  # nothing due yet (100) → on time (100)
        (-3, ([["missing", 0]], "0.0000"), ([["late", 3]], "85.0000")),  # missing (0; days not kept) → late: 100 − 3×5
    ],
    ids=["on_time", "late"],
)
def test_submitting_changes_the_departments_timeliness_eagerly(
    plan, staff_b, due_in_days, before, after, django_capture_on_commit_callbacks
):
    """Eager mode: the department job runs in-process after the commit; 2026Q1 is the only form of its year."""
    form = water_form(staff_b, due_in_days=due_in_days)
    scores_recompute(plan=plan)
    row = department_row("water", 2026, 1)
    assert (row.components["timeliness_items"], row.components["timeliness"]) == before
    with django_capture_on_commit_callbacks(execute=True):
        entry.submission_submit(submission=form, user=staff_b)
    row = department_row("water", 2026, 1)
    assert (row.components["timeliness_items"], row.components["timeliness"]) == after
    assert row.config_version == "1"


def test_entry_page_submit_enqueues_once_and_a_resubmission_nothing(
    plan, staff_b, supervisor, enqueue, django_capture_on_commit_callbacks
):
    """Submitting from the entry page (save + submit) counts as a submission; a resubmission after a
    return keeps the first submission time and the returned count, so no score changes."""
    water = Department.objects.get(code="water")
    form = water_form(staff_b, due_in_days=5)
    with django_capture_on_commit_callbacks(execute=True):
        entry.entry_form_save(
            department=water,
            period=form.period,
            user=staff_b,
            values=[],
            milestones=[],
            expected_version=form.version,
            submit=True,
        )
    assert enqueue.call_count == 1
    form.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        entry.submission_return(submission=form, user=supervisor, reason="请补充佐证材料")
    assert enqueue.call_count == 2
    form.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        entry.submission_submit(submission=form, user=staff_b)
    assert callbacks == [] and enqueue.call_count == 2


def test_rolled_back_or_refused_submission_enqueues_nothing(plan, staff_b, enqueue, django_capture_on_commit_callbacks):
    form = water_form(staff_b, due_in_days=5)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                entry.submission_submit(submission=form, user=staff_b)
                raise RuntimeError("rolled back")
    assert callbacks == [] and not enqueue.called
    assert Submission.objects.get(pk=form.pk).first_submitted_at is None
    IndicatorValue.objects.filter(submission=form).update(value=None)  # a figure missing: refused
    form.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(ValidationError):
            entry.submission_submit(submission=form, user=staff_b)
    assert callbacks == [] and not enqueue.called


@pytest.fixture
def energy_form(plan):
    """县能源局's submitted 2023Q4 form: one submitted figure and one submitted milestone report."""
    period = ReportingPeriod.objects.get(year=2023, quarter=4)
    form = Submission.objects.create(
        department=Department.objects.get(code="energy"),
        period=period,
        status=ReviewStatus.SUBMITTED,
        first_submitted_at=timezone.now(),
    )
    IndicatorValue.objects.create(
        submission=form,
        indicator=Indicator.objects.get(code=CODE),
        period=period,
        value=D("797.5"),
        is_final=True,
        status=ReviewStatus.SUBMITTED,
    )
    MilestoneReport.objects.create(
        submission=form,
        milestone=Milestone.objects.get(code="T14-M1"),
        period=period,
        state=MilestoneReport.State.DONE,
        percent_done=D(100),
        status=ReviewStatus.SUBMITTED,
    )
    return form


RETURNS = {
    "value_return": lambda form, user: entry.value_return(value=form.values.get(), user=user, reason="数据有误"),
    "milestone_report_return": lambda form, user: entry.milestone_report_return(
        report=form.milestone_reports.get(), user=user, reason="进展描述不清"
    ),
    "submission_return": lambda form, user: entry.submission_return(submission=form, user=user, reason="请补充"),
}


@pytest.mark.parametrize("action", RETURNS)
def test_every_return_enqueues_the_department_recompute_after_the_commit(
    energy_form, supervisor, action, enqueue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        RETURNS[action](energy_form, supervisor)
        assert not enqueue.called
    assert callbacks
    for callback in callbacks:
        callback()
    enqueue.assert_called_once_with(DRAIN_JOB)
    assert (energy_form.department_id, energy_form.period_id) in marks("department")
    assert marks("indicator") == marks("milestone") == set()  # a return changes no approved figure


def test_rolled_back_return_enqueues_nothing(energy_form, supervisor, enqueue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                entry.submission_return(submission=energy_form, user=supervisor, reason="请补充")
                raise RuntimeError("rolled back")
    assert callbacks == [] and not enqueue.called
    assert Submission.objects.get(pk=energy_form.pk).returned_count == 0


def test_a_return_applies_the_deduction_eagerly(energy_form, supervisor, plan, django_capture_on_commit_callbacks):
    scores_recompute(plan=plan)
    before = department_row("energy", 2023, 4)
    assert (before.components["returned_count"], before.components["deduction"]) == (0, "0.0000")
    with django_capture_on_commit_callbacks(execute=True):
        entry.value_return(value=energy_form.values.get(), user=supervisor, reason="数据有误")
    after = department_row("energy", 2023, 4)
    assert (after.components["returned_count"], after.components["deduction"]) == (1, "1.0000")  # 1 point each
    assert after.score == before.score - 1
    assert department_row("energy", 2024, 1).components["returned_count"] == 0  # a new year starts afresh


def test_department_trigger_takes_the_department_alone():
    with pytest.raises(ValueError):
        scores_recompute_on_commit(period_id=1, indicator_id=1, department_id=1)


# ------------------------------------------------------------------- scoring configuration (admin)


def config_post(config: ScoringConfig | None = None, **changes) -> dict:
    """The admin form's fields of ``config`` (defaults for a new one), with ``changes``."""
    config = config or ScoringConfig()
    names = [
        "version",
        "is_active",
        "on_track_gap",
        "lagging_gap",
        "in_progress_share",
        "lead_weight",
        "support_weight",
        "progress_share",
        "timeliness_share",
        "late_penalty_per_day",
        "return_deduction",
        "order_overdue_deduction",
        "order_return_deduction",
        "grade_excellent",
        "grade_good",
        "grade_pass",
        "note",
    ]
    data = {name: getattr(config, name) for name in names} | changes
    if not data["is_active"]:
        del data["is_active"]  # an unticked checkbox is not posted
    return {k: "on" if v is True else str(v) for k, v in data.items()}


@pytest.fixture
def admin_client(client, db):
    from responsibilities.services import user_create

    client.force_login(user_create(username="config-admin", password="x-pass-123", role="管理员"))
    return client


def test_activating_a_new_version_in_the_admin_recomputes_with_it(
    plan, admin_client, django_capture_on_commit_callbacks
):
    scores_recompute(plan=plan)
    assert set(Score.objects.values_list("config_version", flat=True)) == {"1"}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/indicators/scoringconfig/add/",
            config_post(version="2", is_active=True, return_deduction="3", grade_pass="0"),
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(ScoringConfig.objects.filter(is_active=True).values_list("version", flat=True)) == ["2"]
    assert ScoringConfig.history.filter(version="1", is_active=False, history_user__username="config-admin").exists()
    assert set(Score.objects.values_list("config_version", flat=True)) == {"2"}
    assert "每次3分" in Score.objects.filter(level="department").first().rule


def test_editing_the_active_version_in_the_admin_recomputes_with_it(
    plan, admin_client, django_capture_on_commit_callbacks
):
    config = scoring_config_save(config=ScoringConfig(version="7", is_active=True))
    scores_recompute(plan=plan)
    assert set(Score.objects.values_list("config_version", flat=True)) == {"7"}
    before = set(Score.objects.filter(level="department").values_list("rule", flat=True))
    assert before and all("每次1分" in rule for rule in before)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/indicators/scoringconfig/{config.pk}/change/",
            config_post(config, version="7.1", return_deduction="4"),
        )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert set(Score.objects.values_list("config_version", flat=True)) == {"7.1"}
    assert {row.rule for row in Score.objects.filter(level="department")} == {
        rule.replace("每次1分", "每次4分") for rule in before
    }


def test_saving_an_inactive_version_enqueues_nothing(plan, enqueue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        scoring_config_save(config=ScoringConfig(version="9", is_active=False))
    assert callbacks == [] and not enqueue.called


def test_config_save_enqueues_one_full_recompute_after_the_commit_only(
    plan, enqueue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        scoring_config_save(config=ScoringConfig(version="3", is_active=True))
        assert not enqueue.called
    assert callbacks
    for callback in callbacks:
        callback()
    enqueue.assert_called_once_with(DRAIN_JOB)
    assert set(ScoreRecomputeMark.objects.values_list("plan_id", "scope")) == {(plan.pk, "plan")}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                scoring_config_save(config=ScoringConfig(version="4", is_active=True))
                raise RuntimeError("rolled back")
    assert callbacks == [] and enqueue.call_count == 1
    assert list(ScoringConfig.objects.filter(is_active=True).values_list("version", flat=True)) == ["3"]


def test_retiring_the_active_version_recomputes_with_the_default(plan, enqueue, django_capture_on_commit_callbacks):
    """Unticking 当前启用 leaves no active row: ``scoring_config_active`` falls back to version "1"."""
    config = scoring_config_save(config=ScoringConfig(version="5", is_active=True))
    config.is_active = False
    with django_capture_on_commit_callbacks(execute=True):
        scoring_config_save(config=config)
    assert enqueue.call_count == 1


def test_config_trigger_enqueues_nothing_on_rollback(enqueue, django_capture_on_commit_callbacks, db):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                scores_recompute_all_on_commit()
                raise RuntimeError("rolled back")
    assert callbacks == [] and not enqueue.called
