"""``load_demo``: every workflow state, marked as demo, deterministic, idempotent, never in production."""

import datetime as dt
import io
from collections import Counter

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from indicators.demo.data import demo_load, demo_value
from indicators.entry import selectors, timeliness
from indicators.models import Indicator, IndicatorValue, MilestoneReport, ReportingPeriod, Submission


def load(**options) -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


def demo_rows():
    values = IndicatorValue.objects.filter(origin="demo").values_list(
        "submission__department__code",
        "period__year",
        "period__quarter",
        "indicator__code",
        "is_final",
        "value",
        "status",
        "note",
    )
    forms = Submission.objects.filter(is_demo=True).values_list(
        "department__code", "period__year", "period__quarter", "status", "first_submitted_at", "returned_count"
    )
    reports = MilestoneReport.objects.values_list(
        "submission__department__code",
        "milestone__code",
        "period__year",
        "period__quarter",
        "state",
        "percent_done",
        "status",
    )
    return sorted(values), sorted(forms), sorted(reports)


@pytest.fixture
def no_scoring(monkeypatch):
    """The recompute hook is the scoring work's; here only the demo rows matter."""
    import indicators.scoring.services as scoring

    monkeypatch.delattr(scoring, "scores_recompute_all", raising=False)


def test_every_workflow_state_marked_as_demo(plan, no_scoring):
    load()
    forms = Submission.objects.filter(is_demo=True)
    assert set(forms.values_list("status", flat=True)) == {"draft", "submitted", "returned", "approved"}
    assert Counter(forms.values_list("status", flat=True)).most_common(1)[0][0] == "approved"
    assert not Submission.objects.filter(is_demo=False).exists()
    demo = IndicatorValue.objects.filter(submission__is_demo=True)
    assert set(demo.values_list("origin", flat=True)) == {"demo"} and set(demo.values_list("note", flat=True)) == {
        "示例数据"
    }
    assert (
        MilestoneReport.objects.filter(description__startswith="示例数据").count()
        == MilestoneReport.objects.count()
        > 0
    )
    kinds = Counter(
        t.kind
        for t in timeliness.timeliness_table(
            periods=ReportingPeriod.objects.all(),
            departments=selectors.departments_reporting(),
            today=ReportingPeriod.objects.get(year=2025, quarter=4).annual_due_on,
        ).values()
    )
    assert kinds["on_time"] and kinds["late"] and kinds["missing"]
    first = IndicatorValue.objects.filter(origin="demo").first()
    assert first.history.get().history_change_reason == "示例数据"


def test_the_public_figures_are_left_alone(plan, no_scoring):
    public = list(
        IndicatorValue.objects.filter(origin="public").values_list("pk", "value", "status", "is_final", "submission")
    )
    load()
    assert (
        list(
            IndicatorValue.objects.filter(origin="public").values_list(
                "pk", "value", "status", "is_final", "submission"
            )
        )
        == public
    )
    pairs = IndicatorValue.objects.filter(origin="public").values_list("indicator_id", "period_id")
    for indicator_id, period_id in pairs:  # no demo figure next to a public one
        assert not IndicatorValue.objects.filter(indicator_id=indicator_id, period_id=period_id, origin="demo").exists()


def test_idempotent_and_deterministic(plan, no_scoring):
    first_output = load()
    first = demo_rows()
    assert "新建 填报表 0" not in first_output
    assert "新建 填报表 0,指标数值 0,节点进展 0" in load()  # second run: nothing new, nothing changed
    assert demo_rows() == first
    Submission.objects.filter(is_demo=True).delete()
    load()
    assert demo_rows()[0] == first[0] and demo_rows()[2] == first[2]
    assert [row[:4] + row[5:] for row in demo_rows()[1]] == [row[:4] + row[5:] for row in first[1]]


def test_existing_forms_are_never_touched(plan, dept_a, no_scoring):
    period = ReportingPeriod.objects.get(year=2024, quarter=2)
    real = Submission.objects.create(department=dept_a, period=period, status="draft", version=7)
    load()
    real.refresh_from_db()
    assert real.version == 7 and not real.is_demo and not real.values.exists()


def test_refused_in_production_settings_with_no_way_around(plan, settings, no_scoring):
    settings.LOAD_DEMO_DATA = False
    with pytest.raises(CommandError, match="生产配置下不载入示例数据"):
        load()
    with pytest.raises(TypeError):  # issue 12: the old --force is gone
        load(force=True)
    with pytest.raises(ImproperlyConfigured):  # the service refuses too, whoever calls it
        demo_load(today=dt.date(2026, 10, 10))
    assert not Submission.objects.exists()


def test_values_move_toward_the_targets_within_limits(plan):
    periods = {(p.year, p.quarter): p for p in ReportingPeriod.objects.all()}
    forest, energy, pm25 = (
        Indicator.objects.get(code=c) for c in ("T12-FOREST-GRASS", "T14-NEW-ENERGY-MW", "T05-PM25")
    )
    assert 69 <= demo_value(forest, periods[2022, 1]) <= 71 and 76 <= demo_value(forest, periods[2025, 4]) <= 78
    assert demo_value(energy, periods[2022, 1]) == 800 and demo_value(energy, periods[2025, 4]) == 1600
    assert demo_value(pm25, periods[2022, 4]) > demo_value(pm25, periods[2025, 4]) >= 32
    energy_path = [
        demo_value(energy, p) for p in sorted(periods.values(), key=lambda p: (p.year, p.quarter)) if p.year >= 2022
    ]
    assert energy_path == sorted(energy_path)  # installed capacity never goes back


def test_calls_the_scoring_recompute_when_it_exists(plan, monkeypatch):
    import indicators.scoring.services as scoring

    calls = []
    monkeypatch.setattr(scoring, "scores_recompute_all", lambda **kw: calls.append(kw), raising=False)
    load()
    assert calls == [{}]
