"""Loading a plan file into the database, idempotently.

``plan_load`` upserts by natural keys (plan code; system code; task number; department code;
assignment task × department; indicator code within the plan, so an indicator moved to another task
keeps its figures; milestone code within its task; public figure name and year). A row is saved only
when a field differs, so loading the same file twice changes nothing (not even the history tables), and
an edited file updates rows in place. Rows present in the database but absent from the file are left
alone and reported: they may carry figures.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml
from django.db import transaction

from indicators.catalogue.periods import quarter_end, quarters_between
from indicators.catalogue.plan_file import PlanFileSerializer, plan_file_errors
from indicators.models import Indicator, IndicatorValue, Origin, PublicFigure, ReportingPeriod, ReviewStatus
from responsibilities.models import Department, TaskAssignment
from tasks.common.numbers import number_plain
from tasks.models import EcoSystem, Milestone, Plan, PlanTask


class PlanFileError(Exception):
    """A plan file that cannot be loaded; ``lines`` name each place (``systems[1].tasks[0].code: …``)."""

    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines


@dataclass
class LoadReport:
    """Counts of rows created / updated / unchanged per model, and rows not in the file."""

    counts: Counter = field(default_factory=Counter)
    extras: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return sum(n for (model, outcome), n in self.counts.items() if outcome != "unchanged")

    def lines(self) -> list[str]:
        names = sorted({model for model, _ in self.counts})
        out = [
            f"{name}: 新建 {self.counts[name, 'created']},更新 {self.counts[name, 'updated']},"
            f"未变 {self.counts[name, 'unchanged']}"
            for name in names
        ]
        return out + [f"文件中没有(未删除): {extra}" for extra in self.extras]


def plan_file_read(path: Path | str) -> dict:
    """Parse and validate a plan YAML file; returns validated data.

    Raises PlanFileError naming the place of every problem (YAML syntax: line and column).
    """
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PlanFileError([f"文件不存在:{path}"]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else "文件"
        raise PlanFileError([f"{where}: YAML 格式错误({getattr(exc, 'problem', exc)})"]) from None
    if not isinstance(raw, dict):
        raise PlanFileError(["文件: 顶层必须是包含 plan、departments、systems 的映射。"])
    serializer = PlanFileSerializer(data=raw)
    if not serializer.is_valid():
        raise PlanFileError(plan_file_errors(serializer.errors))
    return serializer.validated_data


def _upsert(report: LoadReport, model, lookup: dict, values: dict):
    """Create or update one row, saving only when a value differs (keeps reloads silent)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        report.counts[model._meta.verbose_name, "created"] += 1
        return model.objects.create(**lookup, **values)
    changed = {k: v for k, v in values.items() if _differs(getattr(obj, k), v)}
    outcome = "updated" if changed else "unchanged"
    report.counts[model._meta.verbose_name, outcome] += 1
    if changed:
        for key, value in changed.items():
            setattr(obj, key, value)
        obj.save()
    return obj


def _differs(current, new) -> bool:
    if isinstance(current, Decimal) and new is not None:
        return current != Decimal(str(new))
    if isinstance(current, Decimal | None) and isinstance(new, Decimal | None):
        return current != new
    return current != new


@transaction.atomic
def plan_load(*, data: dict) -> LoadReport:
    """Load validated plan data (from ``plan_file_read``) in one transaction; all or nothing."""
    report = LoadReport()
    plan = _plan_load(report, data["plan"])
    departments = {
        d["code"]: _upsert(report, Department, {"code": d["code"]}, _without(d, "code")) for d in data["departments"]
    }
    indicators = {}
    for system_data in data["systems"]:
        system = _upsert(
            report,
            EcoSystem,
            {"plan": plan, "code": system_data["code"]},
            {"order": system_data["order"], "name": system_data["name"], "aliases": system_data["aliases"]},
        )
        for task_data in system_data["tasks"]:
            indicators |= _task_load(report, plan, system, task_data, departments)
    _public_figures_load(report, plan, data["public_figures"], indicators)
    periods_ensure(start=plan.period_start, until=dt.date.today())
    _extras_report(report, plan, data)
    return report


def _plan_load(report, header: dict) -> Plan:
    """The plan row; ``state`` from the file only when the plan is created (default 草案): the state of a
    loaded plan is the administrator's (admin, audited), so reloading the file never reopens an archived plan."""
    values = _without(header, "code", "state")
    if not Plan.objects.filter(code=header["code"]).exists():
        values["state"] = header.get("state", Plan.State.DRAFT)
    return _upsert(report, Plan, {"code": header["code"]}, values)


def _without(mapping: dict, *keys) -> dict:
    return {k: v for k, v in mapping.items() if k not in keys}


def _task_load(report, plan, system, data, departments) -> dict:
    existing = PlanTask.objects.filter(system__plan=plan, number=data["number"]).first()
    lookup = {"pk": existing.pk} if existing else {"system": system, "number": data["number"]}
    values = {"title": data["title"], "text": data["text"], "target_statement": data["target_statement"]}
    task = _upsert(report, PlanTask, lookup, values | ({"system": system} if existing else {}))
    for a in data["assignments"]:
        _upsert(
            report,
            TaskAssignment,
            {"task": task, "department": departments[a["department"]]},
            {"role": a["role"], "basis": a["basis"]},
        )
    for m in data["milestones"]:
        _upsert(report, Milestone, {"task": task, "code": m["code"]}, _without(m, "code"))
    indicators = {}
    for i in data["indicators"]:
        lookup, extra = _indicator_key(plan, task, i)
        indicators[i["code"]] = _upsert(report, Indicator, lookup, _indicator_values(i, departments) | extra)
    return indicators


def _indicator_key(plan, task, data) -> tuple[dict, dict]:
    """Lookup and extra values of an indicator: found by its code within the plan (codes are unique per
    plan), so an indicator moved to another task in the file moves with its figures."""
    existing = Indicator.objects.filter(plan=plan, code=data["code"]).first()
    if existing is None:
        return {"task": task, "code": data["code"]}, {}
    return {"pk": existing.pk}, {"task": task}


def _indicator_values(data: dict, departments: dict) -> dict:
    values = _without(data, "code", "reporting_department", "yearly_targets")
    values["reporting_department"] = departments[data["reporting_department"]]
    yearly = data.get("yearly_targets", {}).items()
    values["yearly_targets"] = {str(y): number_plain(t["value"]) for y, t in yearly if t["value"] is not None}
    values["yearly_target_sources"] = {str(y): t["source"] for y, t in yearly if t["source"]}
    values["growth_unit"] = data.get("growth_unit") or ""
    values["interpretation"] = data.get("interpretation") or ""
    values.setdefault("baseline_value", None)
    values.setdefault("baseline_year", None)
    values.setdefault("min_value", None)
    values.setdefault("max_value", None)
    return values


def _public_figures_load(report, plan, figures, indicators):
    """Public figures are kept with their source; only a same-measure figure becomes an approved value."""
    for f in figures:
        indicator = indicators.get(f.get("indicator") or "")
        values = _without(f, "name", "year", "indicator") | {"indicator": indicator}
        _upsert(report, PublicFigure, {"plan": plan, "name": f["name"], "year": f["year"]}, values)
        if indicator is not None and f["same_measure"]:
            period = periods_ensure(start=dt.date(f["year"], 10, 1), until=dt.date(f["year"], 12, 31))[-1]
            _upsert(
                report,
                IndicatorValue,
                {"indicator": indicator, "period": period, "is_final": True},
                {
                    "value": f["value"],
                    "status": ReviewStatus.APPROVED,
                    "origin": Origin.PUBLIC,
                    "source": f["source"],
                    "note": f.get("note", ""),
                },
            )


def _extras_report(report, plan, data):
    numbers = {t["number"] for s in data["systems"] for t in s["tasks"]}
    for task in PlanTask.objects.filter(system__plan=plan).exclude(number__in=numbers):
        report.extras.append(f"任务 {task}")


def period_dates(year: int, quarter: int) -> dict:
    """Default dates of a quarter: opens the day after it ends, due 10 days after it ends.

    Annual indicators (reported with Q4) are due by 31 March of the next year by default, when
    annual statistics are published; supervisors can change every date.
    """
    end = quarter_end(year, quarter)
    return {
        "opens_on": end + dt.timedelta(days=1),
        "due_on": end + dt.timedelta(days=10),
        "annual_due_on": dt.date(year + 1, 3, 31) if quarter == 4 else None,
    }


def periods_ensure(*, start: dt.date, until: dt.date) -> list[ReportingPeriod]:
    """Create any missing quarter from ``start``'s quarter to ``until``'s quarter; existing rows keep their dates."""
    return [
        ReportingPeriod.objects.get_or_create(year=year, quarter=quarter, defaults=period_dates(year, quarter))[0]
        for year, quarter in quarters_between(start, until)
    ]
