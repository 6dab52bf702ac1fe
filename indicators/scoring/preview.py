"""试算 (what-if): one indicator evaluated by the scoring engine from given inputs, storing nothing.

Both the page (/scoring/preview/) and the API (POST /api/v1/scoring/preview/) validate with
``PreviewSerializer`` and answer with ``preview_evaluate`` — the same engine and the same active
rules as the stored scores, so a what-if gives exactly what a recompute would store.
"""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from rest_framework import serializers

from indicators.catalogue.parsing import ValueParseError, value_parse
from indicators.models import Accumulation, Comparator, GrowthUnit, MilestoneReport, ScoreStatus, TargetKind
from indicators.scoring import engine

DEFAULT_PLAN_START = dt.date(2022, 1, 1)
# 节点型: the task's qualitative milestones (节点目标), scored as the stored scores score them
# (``engine.milestones_progress``; 时序进度 runs from the plan start to the end of the due year = target_year).
MILESTONE = "milestone"
KIND_CHOICES = [*TargetKind.choices, (MILESTONE, _("节点型（按节点完成情况）"))]
DEFAULT_TARGET_YEAR = 2025
_NUMBER = {"max_digits": 20, "decimal_places": 6, "coerce_to_string": True}

# Chinese names of the input fields, for error messages ("目标值:请填写合法的数字。").
FIELD_LABELS = {
    "kind": _("目标类型"),
    "comparator": _("比较方式"),
    "target_value": _("目标值"),
    "target_year": _("目标年"),
    "baseline_value": _("基准值"),
    "baseline_year": _("基准年"),
    "yearly_targets": _("分年度目标"),
    "accumulation": _("累计方式"),
    "growth_unit": _("增幅单位"),
    "plan_start": _("规划期起"),
    "values": _("各期数值"),
    "milestones": _("节点进展"),
    "state": _("进展状态"),
    "percent_done": _("完成百分比"),
    "weight": _("权重"),
    "as_of": _("评价日期"),
    "year": _("年度"),
    "quarter": _("季度"),
    "value": _("数值"),
    "unit": pgettext_lazy("unit of measurement", "单位"),
    "non_field_errors": _("输入"),
}


class FigureField(serializers.DecimalField):
    """A figure read as the entry form reads it (``indicators.catalogue.parsing.value_parse``): full-width digits,
    thousands separators ("1,595"), a trailing %/％ when the payload's ``unit`` is "%"; JSON numbers too.

    Blank → None (refused unless ``allow_null``); unreadable → the parser's Chinese message.
    """

    def to_internal_value(self, data):
        initial = getattr(self.root, "initial_data", None)
        unit = initial.get("unit") if hasattr(initial, "get") else ""
        try:
            value = value_parse(data, indicator=SimpleNamespace(unit=str(unit or "").strip()))
        except ValueParseError as error:
            raise serializers.ValidationError(error.message) from error
        if value is None:
            if self.allow_null:
                return None
            self.fail("required")
        return super().to_internal_value(value)


class PreviewValueSerializer(serializers.Serializer):
    """One approved value of one quarter: {"year": 2023, "quarter": 4, "value": "74"}."""

    year = serializers.IntegerField(label=FIELD_LABELS["year"], min_value=2000, max_value=2100)
    quarter = serializers.IntegerField(label=FIELD_LABELS["quarter"], min_value=1, max_value=4)
    value = FigureField(label=FIELD_LABELS["value"], **_NUMBER)


class PreviewMilestoneSerializer(serializers.Serializer):
    """One milestone of a 节点型 试算: {"state": "in_progress", "percent_done": "60", "weight": "1"}."""

    state = serializers.ChoiceField(label=FIELD_LABELS["state"], choices=MilestoneReport.State.choices)
    percent_done = serializers.DecimalField(
        label=FIELD_LABELS["percent_done"], required=False, allow_null=True, min_value=0, max_value=100, **_NUMBER
    )
    weight = serializers.DecimalField(label=FIELD_LABELS["weight"], required=False, min_value=0, default=1, **_NUMBER)


class PreviewSerializer(serializers.Serializer):
    """The inputs of a 试算. Numbers as JSON numbers or strings (exact decimals, ≤ 6 places), read like the
    entry form reads them (``FigureField``); ``unit`` ("%", "MW" …, optional) allows a trailing % when "%".

    ``yearly_targets``: {"2023": "72", …}; ``values``: [{"year", "quarter", "value"}] (a later
    entry for the same quarter replaces an earlier one); ``as_of``: the evaluation date
    (a quarter's last day, e.g. 2023-12-31). ``plan_start`` defaults to 2022-01-01, ``target_year`` to 2025.
    """

    kind = serializers.ChoiceField(label=FIELD_LABELS["kind"], choices=KIND_CHOICES)
    comparator = serializers.ChoiceField(label=FIELD_LABELS["comparator"], choices=Comparator.choices)
    unit = serializers.CharField(
        label=FIELD_LABELS["unit"], required=False, allow_blank=True, max_length=20, default=""
    )
    target_value = FigureField(label=FIELD_LABELS["target_value"], required=False, allow_null=True, **_NUMBER)
    target_year = serializers.IntegerField(
        label=FIELD_LABELS["target_year"], min_value=2000, max_value=2100, default=DEFAULT_TARGET_YEAR
    )
    baseline_value = FigureField(label=FIELD_LABELS["baseline_value"], required=False, allow_null=True, **_NUMBER)
    baseline_year = serializers.IntegerField(
        label=FIELD_LABELS["baseline_year"], min_value=1900, max_value=2100, required=False, allow_null=True
    )
    yearly_targets = serializers.DictField(
        label=FIELD_LABELS["yearly_targets"], required=False, child=FigureField(**_NUMBER)
    )
    accumulation = serializers.ChoiceField(
        label=FIELD_LABELS["accumulation"], choices=Accumulation.choices, default=Accumulation.LATEST
    )
    growth_unit = serializers.ChoiceField(
        label=FIELD_LABELS["growth_unit"], choices=GrowthUnit.choices, default=GrowthUnit.POINTS
    )
    plan_start = serializers.DateField(label=FIELD_LABELS["plan_start"], default=DEFAULT_PLAN_START)
    values = PreviewValueSerializer(label=FIELD_LABELS["values"], many=True, allow_empty=True, required=False)
    milestones = PreviewMilestoneSerializer(label=FIELD_LABELS["milestones"], many=True, required=False)
    as_of = serializers.DateField(label=FIELD_LABELS["as_of"])

    def validate_yearly_targets(self, value: dict) -> tuple:
        """{"2023": Decimal} → ((2023, Decimal), …); a key that is not a year is refused."""
        pairs = []
        for year, target in value.items():
            if not str(year).isdigit() or not 2000 <= int(year) <= 2100:
                raise serializers.ValidationError(_("“%(year)s”不是有效的年份。") % {"year": year})
            pairs.append((int(year), Decimal(target)))
        return tuple(sorted(pairs))

    def validate(self, attrs: dict) -> dict:
        if attrs["target_year"] < attrs["plan_start"].year:
            raise serializers.ValidationError({"target_year": _("目标年不能早于规划期起始年。")})
        if attrs["kind"] == MILESTONE and not attrs.get("milestones"):
            raise serializers.ValidationError({"milestones": _("节点型请至少填写一个节点的进展。")})
        attrs.setdefault("values", [])
        return attrs


def preview_spec(data: dict) -> tuple[engine.IndicatorSpec, list[engine.Observation], dt.date]:
    """(spec, observations, as_of) from PreviewSerializer.validated_data."""
    spec = engine.IndicatorSpec(
        kind=data["kind"],
        comparator=data["comparator"],
        target_value=data.get("target_value"),
        target_year=data["target_year"],
        plan_start=data["plan_start"],
        baseline_value=data.get("baseline_value"),
        baseline_year=data.get("baseline_year"),
        yearly_targets=data.get("yearly_targets") or (),
        accumulation=data["accumulation"],
        growth_unit=data["growth_unit"] or engine.GrowthUnit.POINTS,
    )
    observations = [engine.Observation(v["year"], v["quarter"], v["value"]) for v in data["values"]]
    return spec, observations, data["as_of"]


def preview_evaluate(*, data: dict, rules: engine.ScoringRules) -> dict:
    """Evaluate validated inputs; JSON-ready result, numbers as exact decimal strings (None → null).

    Shape: {"current", "progress_raw", "progress", "expected", "score", "forecast" (str | None),
    "met", "forecast_met" (bool | None), "status" (code), "status_label" (its name in the active language), "rule",
    "display": {same numbers rounded half-up for display: progress 1 place, values 2},
    "ignored": [{"period": "2025Q4", "value": "86.3"}] (values of quarters ending after as_of, which the
    engine leaves out), "rules": rules_describe(rules), "config_version"}.
    """
    if data["kind"] == MILESTONE:
        return milestones_evaluate(data=data, rules=rules)
    spec, observations, as_of = preview_spec(data)
    result = engine.indicator_evaluate(spec, observations, as_of=as_of, rules=rules)
    numbers = {
        name: getattr(result, name) for name in ("current", "progress_raw", "progress", "expected", "score", "forecast")
    }
    display = {
        name: _plain(engine.round_half_up(value, 2 if name in ("current", "forecast") else 1))
        for name, value in numbers.items()
    }
    return {name: _plain(value) for name, value in numbers.items()} | {
        "met": result.met,
        "forecast_met": result.forecast_met,
        "status": str(result.status),
        "status_label": str(ScoreStatus(result.status).label),
        "rule": result.rule,
        "display": display,
        "ignored": values_after(observations, as_of=as_of),
        "rules": engine.rules_describe(rules),
        "config_version": rules.version,
    }


def milestones_evaluate(*, data: dict, rules: engine.ScoringRules) -> dict:
    """节点型 试算, in the shape of ``preview_evaluate``: 完成进度 = weighted share of the milestones done
    (已完成 100, 推进中 its percentage or the rules' in-progress share, 未启动 0); 时序进度 from the plan start to
    the end of ``target_year`` (the milestones' due year); 达标 = every milestone 已完成; status by the engine's
    ``status_classify`` on the same figures, as a task's milestone part is scored."""
    as_of = data["as_of"]
    items = [(m["state"], m.get("percent_done"), m.get("weight", Decimal(1))) for m in data["milestones"]]
    progress = engine.milestones_progress(items, rules)
    spec = engine.IndicatorSpec(
        kind=engine.TargetKind.PROJECT_COUNT,
        comparator=engine.Comparator.GTE,
        target_value=Decimal(100),
        target_year=data["target_year"],
        plan_start=data["plan_start"],
    )
    expected = engine.expected_progress(spec, as_of=as_of)
    met = all(m["state"] == engine.MilestoneState.DONE for m in data["milestones"])
    status = engine.status_classify(
        progress_raw=progress,
        expected=expected,
        met=met,
        target_passed=as_of >= dt.date(data["target_year"], 12, 31),
        has_data=progress is not None,
        rules=rules,
    )
    share = engine.round_half_up(rules.in_progress_share * 100, 1).normalize()
    rule = _(
        "节点完成进度＝各节点按权重平均：已完成计100%%，推进中按填报的完成百分比（未填按%(share)s%%），未启动计0。"
    ) % {"share": _plain(share)}
    numbers = {"current": None, "progress_raw": progress, "progress": progress, "expected": expected}
    numbers |= {"score": progress if progress is not None else Decimal(0), "forecast": None}
    display = {
        name: _plain(engine.round_half_up(value, 2 if name in ("current", "forecast") else 1))
        for name, value in numbers.items()
    }
    return {name: _plain(value) for name, value in numbers.items()} | {
        "met": met,
        "forecast_met": None,
        "status": str(status),
        "status_label": str(ScoreStatus(status).label),
        "rule": str(rule),
        "display": display,
        "ignored": [],
        "rules": engine.rules_describe(rules),
        "config_version": rules.version,
    }


def values_after(observations: list[engine.Observation], *, as_of: dt.date) -> list[dict]:
    """The values of quarters ending after ``as_of`` (not counted by the engine), oldest first:
    [{"period": "2025Q4", "value": "86.3"}]; a later entry for the same quarter replaces an earlier one."""
    latest = {(o.year, o.quarter): o for o in observations if o.end > as_of}
    return [{"period": f"{y}Q{q}", "value": _plain(o.value.normalize())} for (y, q), o in sorted(latest.items())]


def _plain(value: Decimal | None) -> str | None:
    """A Decimal as plain text without exponent (Decimal("1E+2") → "100")."""
    return None if value is None else format(value, "f")
