"""Plan states (草案 / 实施中 / 已结束 / 已归档) and the example plan loaded beside the real one."""

from django.core.management import call_command

from indicators.catalogue.plan_loader import plan_file_read, plan_load
from indicators.models import Indicator
from tasks.models import Milestone, Plan
from tests.conftest import EXAMPLE_PLAN_FILE


def test_the_real_plan_has_ended_and_stays_open_for_entry(plan):
    assert plan.state == Plan.State.ENDED and plan.get_state_display() == "已结束"
    assert plan.accepts_entry and not plan.is_archived


def test_both_plans_side_by_side_with_overlapping_codes(plan, example_plan):
    assert example_plan.state == Plan.State.ACTIVE and example_plan.name.endswith("(虚构示例)")
    for code in ("T05-PM25", "T06-SW-II"):
        by_plan = dict(Indicator.objects.filter(code=code).values_list("task__system__plan__code", "target_value"))
        assert set(by_plan) == {plan.code, example_plan.code}
        assert by_plan[plan.code] != by_plan[example_plan.code]
    assert Milestone.objects.filter(code="T05-M1", task__system__plan=example_plan).count() == 1
    assert plan.systems.count() == 6 and example_plan.systems.count() == 2


def test_reloading_never_changes_the_state_an_administrator_set(example_plan):
    example_plan.state = Plan.State.ARCHIVED
    example_plan.save()
    report = plan_load(data=plan_file_read(EXAMPLE_PLAN_FILE))
    example_plan.refresh_from_db()
    assert example_plan.state == Plan.State.ARCHIVED and report.changed == 0


def test_a_new_plan_without_a_state_is_a_draft(plan, tmp_path):
    text = EXAMPLE_PLAN_FILE.read_text(encoding="utf-8").replace("  state: active\n", "")
    path = tmp_path / "draft.yaml"
    path.write_text(text.replace("example-eco-2026-2030", "example-draft"), encoding="utf-8")
    call_command("load_plan", str(path), verbosity=0)
    draft = Plan.objects.get(code="example-draft")
    assert draft.state == Plan.State.DRAFT and not draft.accepts_entry
