"""load_plan: idempotent, updates in place, rejects a malformed file naming the place, loads nothing."""

import io

import pytest
import yaml
from django.core.management import CommandError, call_command

from indicators.models import Indicator, IndicatorValue, PublicFigure
from responsibilities.models import TaskAssignment
from tasks.models import EcoSystem, Milestone, Plan, PlanTask
from tests.conftest import PLAN_FILE

MODELS = (Plan, EcoSystem, PlanTask, Milestone, Indicator, TaskAssignment, PublicFigure)


def snapshot():
    """Row counts of the plan tables and their history tables."""
    counts = {m.__name__: m.objects.count() for m in MODELS}
    counts |= {f"hist_{m.__name__}": m.history.count() for m in (PlanTask, Milestone, Indicator, TaskAssignment)}
    return counts


def load(path):
    out = io.StringIO()
    call_command("load_plan", str(path), stdout=out)
    return out.getvalue()


def write(tmp_path, data):
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def plan_data():
    return yaml.safe_load(PLAN_FILE.read_text(encoding="utf-8"))


def test_loading_twice_changes_nothing(plan):
    before = snapshot()
    output = load(PLAN_FILE)
    assert snapshot() == before
    assert "变更 0 行" in output


def test_an_edited_file_updates_in_place(plan, plan_data, tmp_path):
    task12 = next(t for s in plan_data["systems"] for t in s["tasks"] if t["number"] == 12)
    indicator = next(i for i in task12["indicators"] if i["name"] == "林草覆盖率")
    indicator["target_value"] = 80
    ids_before = set(Indicator.objects.values_list("id", flat=True))
    output = load(write(tmp_path, plan_data))
    changed = Indicator.objects.get(task__number=12, code=indicator["code"])
    assert changed.target_value == 80
    assert set(Indicator.objects.values_list("id", flat=True)) == ids_before
    assert "变更 1 行" in output


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda d: d["systems"][0]["tasks"][0].update(
                assignments=[{**a, "role": "support"} for a in d["systems"][0]["tasks"][0]["assignments"]]
            ),
            "systems[0].tasks[0].assignments: 每项任务至少要有一个牵头单位",
        ),
        (
            lambda d: d["systems"][1]["tasks"][0]["indicators"][0].update(comparator="between"),
            "systems[1].tasks[0].indicators[0].comparator",
        ),
        (
            lambda d: d["systems"][0]["tasks"][0]["assignments"][0].update(department="nowhere"),
            "systems[0].tasks[0].assignments[0].department: 单位代码“nowhere”未在 departments 中定义",
        ),
        (
            lambda d: d["systems"][1]["tasks"][0]["indicators"][0].pop("unit"),
            "systems[1].tasks[0].indicators[0].unit: 该字段是必填项。",
        ),
        (lambda d: d["plan"].update(period_start="2022-13-01"), "plan.period_start"),
        (lambda d: d["systems"][2]["tasks"][0].update(number=1), "任务序号 1 重复"),
        (
            lambda d: d["systems"][2]["tasks"][0]["indicators"].append(
                {**d["systems"][1]["tasks"][0]["indicators"][0], "name": "另一项指标"}
            ),
            "systems[2].tasks[0].indicators[{last}].code: 指标代码“{code}”重复(已用于任务 {task})",
        ),
        (
            lambda d: next(
                i for s in d["systems"] for t in s["tasks"] for i in t["indicators"] if i["unit"] == "%"
            ).update(accumulation="sum"),
            ".accumulation: 百分比指标不能设为逐期累加",
        ),
        (
            lambda d: d["systems"][1]["tasks"][0]["indicators"][0].update(target_value="٩٧.٥"),
            "systems[1].tasks[0].indicators[0].target_value: “٩٧.٥”含有非阿拉伯数字“٩”",
        ),
        (
            lambda d: d["systems"][1]["tasks"][0]["indicators"][0].update(target_year="२०२५"),
            "systems[1].tasks[0].indicators[0].target_year: “२०२५”含有非阿拉伯数字",
        ),
    ],
    ids=[
        "no-lead",
        "bad-comparator",
        "unknown-department",
        "missing-unit",
        "bad-date",
        "duplicate-task",
        "code-reused-in-another-task",
        "percent-cumulative",
        "arabic-indic-target",
        "devanagari-year",
    ],
)
def test_a_malformed_file_names_the_place_and_loads_nothing(plan, plan_data, tmp_path, edit, message):
    reused = plan_data["systems"][1]["tasks"][0]
    message = message.format(
        last=len(plan_data["systems"][2]["tasks"][0]["indicators"]),
        code=reused["indicators"][0]["code"],
        task=reused["number"],
    )
    edit(plan_data)
    plan_data["plan"]["name"] = "已修改的名称"  # would be written if anything were loaded
    before = snapshot()
    with pytest.raises(CommandError) as error:
        load(write(tmp_path, plan_data))
    assert message in str(error.value)
    assert snapshot() == before
    assert Plan.objects.get().name != "已修改的名称"


def test_yaml_syntax_error_names_line(plan, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("plan:\n  code: x\n  name: [unclosed\n", encoding="utf-8")
    with pytest.raises(CommandError, match="第 4 行"):
        load(path)


def test_missing_file_is_reported(db, tmp_path):
    with pytest.raises(CommandError, match="文件不存在"):
        load(tmp_path / "nope.yaml")


def test_a_fresh_database_loads_everything(transactional_db):
    IndicatorValue.objects.all().delete()  # values protect their indicators
    Plan.objects.all().delete()
    output = load(PLAN_FILE)
    assert Plan.objects.count() == 1 and PlanTask.objects.count() == 23
    assert "载入完成" in output
