"""Every engine input changed through the admin (the change form as a browser posts it), the API or the plan
file reaches the stored scores at the commit, with no nightly job (issue 11, Deliver 1).

Fixture: 县能源局's 2023Q4 form with one approved figure (T14-NEW-ENERGY-MW 797.5 MW = 50 % of 1595) and
2024Q1's (100 MW), scored once; every test then changes one input on one path inside
``django_capture_on_commit_callbacks(execute=True)`` (the commit: the eager drain runs as with ``make run``)
and compares the stored rows before and after.
"""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.forms import CheckboxInput, SplitDateTimeWidget
from django.utils import timezone

from indicators.models import (
    AssessmentVeto,
    Indicator,
    IndicatorValue,
    ReportingPeriod,
    ReviewStatus,
    Score,
    ScoreRecomputeMark,
    Submission,
)
from indicators.scoring.services import scores_recompute
from responsibilities.models import Department, TaskAssignment
from tasks.models import EcoSystem, Milestone, PlanTask

CODE = "T14-NEW-ENERGY-MW"


def approved(indicator: Indicator, year: int, quarter: int, value: str) -> IndicatorValue:
    period = ReportingPeriod.objects.get(year=year, quarter=quarter)
    form, _ = Submission.objects.get_or_create(
        department=indicator.reporting_department,
        period=period,
        defaults={"status": ReviewStatus.APPROVED, "first_submitted_at": timezone.now()},
    )
    return IndicatorValue.objects.create(
        submission=form, indicator=indicator, period=period, value=D(value), is_final=True, status=ReviewStatus.APPROVED
    )


@pytest.fixture
def scored(plan):
    indicator = Indicator.objects.get(code=CODE)
    approved(indicator, 2023, 4, "797.5")
    approved(indicator, 2024, 1, "100")
    scores_recompute(plan=plan)
    ScoreRecomputeMark.objects.all().delete()
    return indicator


def row(level: str, pk: int, year: int = 2024, quarter: int = 1) -> dict:
    """The stored row's values (no ids, no time stamps)."""
    found = Score.objects.filter(level=level, period__year=year, period__quarter=quarter)
    found = found if level == "plan" else found.filter(**{f"{level}_id": pk})
    return found.values(
        "current_value", "progress", "expected", "status", "score", "grade", "components", "rule", "forecast"
    ).get()


def form_data(response) -> dict:
    """What the browser posts back from an admin change page as shown (main form and inlines)."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data |= {management.add_prefix(name): management[name].value() for name in management.fields}
        forms += inline.formset.forms
    for form in forms:
        for name, field in form.fields.items():
            key, value = form.add_prefix(name), form[name].value()
            if isinstance(field.widget, CheckboxInput):
                if value:
                    data[key] = "on"
            elif isinstance(field.widget, SplitDateTimeWidget):
                local = timezone.localtime(value) if value else None
                data[f"{key}_0"], data[f"{key}_1"] = (local.date(), local.time()) if local else ("", "")
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            else:
                data[key] = "" if value is None else str(value)
    return data


def admin_change(client, obj, **changes):
    """Post the admin change form of ``obj`` with ``changes``; asserts the save went through."""
    url = f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"
    data = form_data(client.get(url)) | {k: str(v) for k, v in changes.items()}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    return response


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """A block whose end is the commit (the eager drain runs); afterwards no mark is left pending."""
    import contextlib

    @contextlib.contextmanager
    def block():
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            yield
        assert callbacks, "the change registered no drain"
        assert not ScoreRecomputeMark.objects.exists(), "marks left pending"

    return block


INDICATOR_CHANGES = {
    "target_value": ({"target_value": "797.5"}, "indicator"),
    "yearly_targets": ({"yearly_table-2024-value": "1000"}, "indicator"),  # the admin's table of yearly targets
    "baseline": ({"baseline_value": "50", "baseline_year": "2021"}, "indicator"),
    "comparator": ({"comparator": "lte"}, "indicator"),
    "kind": ({"kind": "annual_assigned", "target_value": ""}, "indicator"),
    "accumulation": ({"accumulation": "sum"}, "indicator"),
    "weight": ({"weight": "3"}, "task"),
}


@pytest.mark.parametrize("name", INDICATOR_CHANGES)
def test_an_indicator_definition_changed_in_the_admin(scored, admin_client, commit, name, plan):
    changes, level = INDICATOR_CHANGES[name]
    pk = scored.pk if level == "indicator" else scored.task_id
    if name == "yearly_targets":  # yearly targets shape 时序进度 from a baseline (engine.expected)
        Indicator.objects.filter(pk=scored.pk).update(baseline_value=0, baseline_year=2021)
        scores_recompute(plan=plan)
        scored.refresh_from_db()
    before = row(level, pk)
    with commit():
        admin_change(admin_client, scored, **changes)
    assert row(level, pk) != before


def test_an_indicator_bound_changed_in_the_admin_is_drained(scored, admin_client, commit):
    """Bounds only limit what can be approved: the mark is written and drained, the scores stay."""
    before = row("indicator", scored.pk)
    with commit():
        admin_change(admin_client, scored, max_value="5000")
    assert row("indicator", scored.pk) == before


def test_milestone_weight_and_due_date_in_the_admin(scored, admin_client, commit):
    milestone = Milestone.objects.get(code="T14-M1")
    before = row("task", scored.task_id)
    with commit():
        admin_change(admin_client, milestone, weight="3")
    after = row("task", scored.task_id)
    assert after["score"] == (before["score"] * 2 / 4).quantize(D("0.00000001"))  # (s + 0) / 2 → (s + 0 × 3) / 4
    with commit():
        admin_change(admin_client, milestone, due_date=dt.date(2023, 6, 30))
    assert row("task", scored.task_id)["expected"] != after["expected"]


def test_task_weight_in_the_admin(scored, admin_client, commit):
    task = PlanTask.objects.get(pk=scored.task_id)
    before = row("system", task.system_id)
    with commit():
        admin_change(admin_client, task, weight="5")
    assert row("system", task.system_id)["score"] != before["score"]


def test_system_weight_in_the_admin(scored, admin_client, commit, plan):
    system = EcoSystem.objects.get(pk=PlanTask.objects.get(pk=scored.task_id).system_id)
    before = row("plan", plan.pk)
    with commit():
        admin_change(admin_client, system, weight="5")
    assert row("plan", plan.pk)["score"] != before["score"]


def test_assignment_added_and_deleted_in_the_admin(scored, admin_client, commit):
    water = Department.objects.get(code="water")
    before = row("department", water.pk)
    with commit():
        response = admin_client.post(
            "/admin/responsibilities/taskassignment/add/",
            {"task": scored.task_id, "department": water.pk, "role": "support", "basis": "测试"},
        )
        assert response.status_code == 302
    added = row("department", water.pk)
    assert added["components"]["support_tasks"] == before["components"]["support_tasks"] + 1
    assignment = TaskAssignment.objects.get(task_id=scored.task_id, department=water)
    with commit():
        response = admin_client.post(f"/admin/responsibilities/taskassignment/{assignment.pk}/delete/", {"post": "yes"})
        assert response.status_code == 302
    assert row("department", water.pk) == before


def test_veto_added_and_deleted_in_the_admin(scored, admin_client, admin_user, commit):
    energy = scored.reporting_department
    before = row("department", energy.pk)
    with commit():
        response = admin_client.post(
            "/admin/indicators/assessmentveto/add/",
            {
                "department": energy.pk,
                "year": "2024",
                "reason": "incident",
                "description": "测试",
                "created_by": admin_user.pk,
            },
        )
        assert response.status_code == 302
    assert (before["components"]["veto"], row("department", energy.pk)["components"]["veto"]) == (False, True)
    veto = AssessmentVeto.objects.get(department=energy)
    with commit():
        admin_client.post(f"/admin/indicators/assessmentveto/{veto.pk}/delete/", {"post": "yes"})
    assert row("department", energy.pk) == before


def test_period_due_date_in_the_admin_changes_timeliness(scored, admin_client, commit):
    energy = scored.reporting_department
    period = ReportingPeriod.objects.get(year=2024, quarter=1)
    Submission.objects.filter(department=energy, period=period).update(
        first_submitted_at=timezone.make_aware(dt.datetime(2024, 4, 20, 10))
    )
    with commit():
        admin_change(admin_client, period, due_on=dt.date(2024, 4, 30))
    on_time = row("department", energy.pk)
    with commit():
        admin_change(admin_client, period, due_on=dt.date(2024, 4, 15))
    late = row("department", energy.pk)
    assert on_time["components"]["timeliness_items"] != late["components"]["timeliness_items"]


def test_plan_period_in_the_admin(scored, admin_client, commit, plan):
    before = row("indicator", scored.pk)
    with commit():
        admin_change(admin_client, plan, period_start=dt.date(2023, 1, 1))
    assert row("indicator", scored.pk)["expected"] != before["expected"]


def test_reopen_and_approve_through_the_api(scored, client, supervisor, commit):
    value = IndicatorValue.objects.get(indicator=scored, period__year=2024, period__quarter=1)
    client.force_login(supervisor)
    before = row("indicator", scored.pk)
    with commit():
        response = client.post(
            f"/api/v1/values/{value.pk}/reopen/",
            {"reason": "数据有误", "version": value.submission.version},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
    reopened = row("indicator", scored.pk)
    assert reopened["current_value"] == D("797.5") != before["current_value"]  # 2023Q4's figure is the latest
    IndicatorValue.objects.filter(pk=value.pk).update(status=ReviewStatus.SUBMITTED)
    value.submission.refresh_from_db()
    with commit():
        response = client.post(
            f"/api/v1/values/{value.pk}/approve/",
            {"version": value.submission.version},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
    assert row("indicator", scored.pk) == before


def test_a_target_changed_in_the_plan_file(scored, commit, tmp_path):
    from tests.conftest import PLAN_FILE

    text = PLAN_FILE.read_text(encoding="utf-8")
    start = text.index(f"code: {CODE}")
    at = text.index("target_value:", start)
    end = text.index("\n", at)
    edited = tmp_path / "plan.yaml"
    edited.write_text(text[:at] + "target_value: 797.5" + text[end:], encoding="utf-8")
    before = row("indicator", scored.pk, 2023, 4)
    with commit():
        call_command("load_plan", str(edited), verbosity=0)
    after = row("indicator", scored.pk, 2023, 4)
    assert (before["progress"], after["progress"]) == (D("50"), D("100"))


def test_a_milestone_report_approved_through_the_api(scored, client, supervisor, commit):
    from indicators.models import MilestoneReport

    form = Submission.objects.get(department=scored.reporting_department, period__year=2024, period__quarter=1)
    report = MilestoneReport.objects.create(
        submission=form,
        milestone=Milestone.objects.get(code="T14-M1"),
        period=form.period,
        state=MilestoneReport.State.DONE,
        percent_done=D(100),
        status=ReviewStatus.SUBMITTED,
    )
    before = row("task", scored.task_id)
    client.force_login(supervisor)
    with commit():
        response = client.post(
            f"/api/v1/milestone-reports/{report.pk}/approve/",
            {"version": form.version},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
    assert row("task", scored.task_id)["score"] == (before["score"] + 50).quantize(D("0.00000001"))  # (s + 100) / 2
