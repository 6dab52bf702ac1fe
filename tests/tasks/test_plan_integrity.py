"""The loaded plan is complete and faithful to the plan text (fixtures/source/plan_lingqiu_2022_2025.txt)
and to the public figures it was given (fixtures/source/lingqiu_public_figures.csv)."""

import csv
import json
import re
from decimal import Decimal
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from indicators.models import Indicator, IndicatorValue, PublicFigure
from responsibilities.models import TaskAssignment
from tasks.models import EcoSystem, Milestone, PlanTask

SOURCE = Path(settings.BASE_DIR) / "fixtures" / "source"
PLAN_TEXT = (SOURCE / "plan_lingqiu_2022_2025.txt").read_text("utf-8")

# Every quantitative 2025 target: code → (task, kind, comparator, target value, unit), read off the plan text.
EXPECTED = {
    "T05-AQ-GOOD": (5, "annual_assigned", "gte", None, "%"),
    "T05-PM25": (5, "at_most", "lt", "35", "µg/m³"),
    "T06-IRRIGATION": (6, "project_count", "gte", "4", "座"),
    "T06-RIVERS": (6, "project_count", "gte", "4", "条"),
    "T06-LIVESTOCK-FARMS": (6, "project_count", "gte", "32", "个"),
    "T06-MANURE-POINTS": (6, "project_count", "gte", "50", "个"),
    "T06-SW-II": (6, "at_least", "gte", "100", "%"),
    "T06-NO-INFERIOR-V": (6, "zero_count", "eq", "0", "个"),
    "T06-NO-BLACK-ODOR": (6, "zero_count", "eq", "0", "个"),
    "T07-CONTAM-SITES": (7, "project_count", "gte", "2", "处"),
    "T08-HAZWASTE": (8, "at_least", "gte", "100", "%"),
    "T10-REDLINE-SHARE": (10, "at_least", "gte", "27.81", "%"),
    "T12-FOREST-GRASS": (12, "at_least", "gte", "78", "%"),
    "T12-EI": (12, "trend", "gte", None, ""),
    "T13-LAND-PER-GDP": (13, "at_least", "gte", "4.5", "%"),
    "T13-MANURE-USE": (13, "at_least", "gte", "75", "%"),
    "T13-STRAW-USE": (13, "at_least", "gte", "91", "%"),
    "T13-FILM-RECOVERY": (13, "at_least", "gte", "82", "%"),
    "T14-NEW-ENERGY-MW": (14, "at_least", "gte", "1595", "MW"),
    "T16-OBSOLETE-EXIT": (16, "yes_no", "eq", "1", ""),
    "T17-REUSED-WATER": (17, "at_least", "gte", "50", "%"),
    "T17-ISW-USE-GROWTH": (17, "annual_growth", "gte", "5", "百分点"),
    "T18-URBAN-SEWAGE": (18, "at_least", "gte", "97", "%"),
    "T18-URBAN-MSW": (18, "at_least", "gte", "100", "%"),
    "T19-VILLAGE-SEWAGE": (19, "project_count", "gte", "13", "个"),
    "T19-DRINKING-WATER": (19, "at_least", "gte", "100", "%"),
    "T19-RURAL-SEWAGE": (19, "at_least", "gte", "54", "%"),
    "T19-RURAL-MSW": (19, "at_least", "gte", "100", "%"),
    "T19-SANITARY-TOILET": (19, "annual_assigned", "gte", None, "%"),
    "T20-GREEN-BUILDING": (20, "at_least", "gte", "100", "%"),
    "T20-GREEN-PROCUREMENT": (20, "at_least", "gte", "100", "%"),
    "T21-ECO-CULTURE-MODELS": (21, "project_count", "gte", "1", "种"),
    "T22-EDU-BASES": (22, "project_count", "gte", "2", "个"),
}
# Targets the plan gives by naming the items rather than by a number.
NAMED_NOT_COUNTED = {"T06-RIVERS": ("唐河", "大沙河", "华山河", "大东河"), "T07-CONTAM-SITES": ("磷肥厂", "灵源铁厂")}
SYSTEMS = ["生态制度体系", "生态安全体系", "生态空间体系", "生态经济体系", "生态生活体系", "生态文化体系"]


def test_six_systems_in_the_plans_order(plan):
    assert list(EcoSystem.objects.order_by("order").values_list("name", flat=True)) == SYSTEMS


def test_section_two_uses_its_heading_and_keeps_the_general_goals_word_as_alias(plan):
    security = EcoSystem.objects.get(order=2)
    assert security.name == "生态安全体系" and "生态环境" in security.aliases


def test_twenty_three_tasks_with_their_full_text(plan):
    tasks = PlanTask.objects.order_by("number")
    assert [t.number for t in tasks] == list(range(1, 24))
    for task in tasks:
        assert task.text in PLAN_TEXT, task.number
        assert task.target_statement.startswith("到2025年") and task.target_statement in task.text
        assert f"{task.number}、{task.title}" in PLAN_TEXT


def test_every_task_has_a_lead_and_every_assignment_its_phrase(plan):
    for task in PlanTask.objects.prefetch_related("assignments"):
        roles = [a.role for a in task.assignments.all()]
        assert "lead" in roles, task
    for assignment in TaskAssignment.objects.select_related("task"):
        assert assignment.basis and assignment.basis in assignment.task.text, assignment


def test_every_quantitative_target_is_an_indicator_with_comparator_value_and_unit(plan):
    found = {
        i.code: (
            i.task.number,
            i.kind,
            i.comparator,
            None if i.target_value is None else str(i.target_value.normalize()),
            i.unit,
        )
        for i in Indicator.objects.select_related("task")
    }
    expected = {
        code: (t, k, c, None if v is None else str(Decimal(v).normalize()), u)
        for code, (t, k, c, v, u) in EXPECTED.items()
    }
    assert found == expected


def test_every_target_number_stands_in_its_plan_sentence(plan):
    for indicator in Indicator.objects.select_related("task"):
        assert indicator.source_sentence in indicator.task.text, indicator.code
        if indicator.code == "T05-PM25":  # "优于国家二级标准": the 35 comes from the standard, not the sentence
            assert "GB 3095-2012" in indicator.interpretation and "35" in indicator.interpretation
        elif indicator.code in NAMED_NOT_COUNTED:
            assert all(name in indicator.source_sentence for name in NAMED_NOT_COUNTED[indicator.code])
        elif indicator.target_value not in (None, 0, 1):
            number = f"{indicator.target_value.normalize():f}"
            assert re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", indicator.source_sentence), indicator.code


def test_ambiguous_targets_record_the_choice_and_reason(plan):
    for code in ("T05-PM25", "T17-REUSED-WATER", "T17-ISW-USE-GROWTH"):
        assert len(Indicator.objects.get(code=code).interpretation) > 20, code
    assert Indicator.objects.get(code="T17-ISW-USE-GROWTH").growth_unit == "points"
    assert "远期" in Indicator.objects.get(code="T17-REUSED-WATER").interpretation


def test_qualitative_targets_are_milestones(plan):
    assert Milestone.objects.count() >= 23
    for milestone in Milestone.objects.select_related("task"):
        assert milestone.source_sentence in milestone.task.target_statement, milestone.code
    only_milestones = {1, 2, 3, 4, 9, 15, 23}
    for number in only_milestones:
        assert Milestone.objects.filter(task__number=number).exists()


def test_public_figures_keep_their_source_and_near_measures_stay_context(plan):
    assert PublicFigure.objects.count() == 10
    assert all(f.source for f in PublicFigure.objects.all())
    forest = PublicFigure.objects.get(name="森林覆盖率")
    assert forest.indicator.code == "T12-FOREST-GRASS" and not forest.same_measure
    assert not IndicatorValue.objects.filter(indicator__code="T12-FOREST-GRASS").exists()
    pm25 = IndicatorValue.objects.get(indicator__code="T05-PM25", period__year=2022, period__quarter=4)
    assert pm25.value == 35 and pm25.origin == "public" and pm25.is_final and "dt.gov.cn" in pm25.source


def test_plan_file_points_at_its_source_and_every_public_figure_row_is_loaded(plan):
    assert PLAN_TEXT.startswith(plan.source)
    rows = list(csv.DictReader((SOURCE / "lingqiu_public_figures.csv").open(encoding="utf-8", newline="")))
    loaded = {(f.name, f.year, f.value.normalize(), f.unit) for f in PublicFigure.objects.all()}
    assert {(r["indicator"], int(r["year"]), Decimal(r["value"]).normalize(), r["unit"]) for r in rows} == loaded


def test_plan_summary_json_shows_the_tree(plan):
    out = StringIO()
    call_command("plan_summary", "--json", stdout=out)
    summary = json.loads(out.getvalue())
    assert [s["name"] for s in summary["systems"]] == SYSTEMS
    tasks = [t for s in summary["systems"] for t in s["tasks"]]
    assert len(tasks) == 23 and all(any(a["role"] == "lead" for a in t["assignments"]) for t in tasks)
    forest = next(i for t in tasks for i in t["indicators"] if i["code"] == "T12-FOREST-GRASS")
    assert (forest["comparator"], forest["target_value"], forest["unit"], forest["target_year"], forest["kind"]) == (
        "gte",
        78.0,
        "%",
        2025,
        "at_least",
    )
