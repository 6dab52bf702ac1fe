"""The 试算 page's form: the API's inputs as text fields, validated by the API's own serializer."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from indicators.models import Accumulation, Comparator, GrowthUnit, Indicator, MilestoneReport
from indicators.scoring.api import errors_labelled
from indicators.scoring.preview import DEFAULT_PLAN_START, DEFAULT_TARGET_YEAR, KIND_CHOICES, PreviewSerializer
from tasks.common.text import text_fold

# "2023Q4 74", "2023-4: 74", "2023年4季度 74", "2023 4 74"
_VALUE_LINE = re.compile(r"^([0-9]{4})\s*(?:[Qq]|-|/|年第?|\s)\s*([1-4])\s*(?:季度?)?\s*[:=,\s]\s*(\S+)$")
# "2023: 72", "2023 72", "2023年 72"
_TARGET_LINE = re.compile(r"^([0-9]{4})\s*年?\s*[:=,\s]\s*(\S+)$")
# "已完成", "推进中 60", "推进中 60% 权重2", "未启动 权重 0.5" (state names in either language)
_MILESTONE_LINE = re.compile(r"^(.+?)(?:\s+([0-9.]+)\s*%?)?(?:\s*(?:权重|weight)\s*[:=]?\s*([0-9.]+))?$", re.IGNORECASE)


def _lines(text: str) -> list[str]:
    """Non-blank lines, full-width characters folded as every input is (２０２３Ｑ４：７４ → 2023Q4:74)."""
    return [folded for line in (text or "").splitlines() if (folded := text_fold(line))]


class PreviewForm(forms.Form):
    """Inputs of a 试算. ``values``: one quarter per line ("2023Q4 74"); ``yearly_targets``: one year
    per line ("2023: 72"). After ``is_valid()``, ``validated`` holds PreviewSerializer.validated_data."""

    kind = forms.ChoiceField(label=_("目标类型"), choices=KIND_CHOICES)
    comparator = forms.ChoiceField(label=_("比较方式"), choices=Comparator.choices)
    unit = forms.CharField(
        label=pgettext_lazy("unit of measurement", "单位"),
        required=False,
        max_length=20,
        help_text=_("填“%”时各数值可带百分号,例如“52%”"),
    )
    target_value = forms.CharField(label=_("目标值"), required=False)
    target_year = forms.CharField(label=_("目标年"), initial=DEFAULT_TARGET_YEAR)
    baseline_value = forms.CharField(label=_("基准值"), required=False)
    baseline_year = forms.CharField(label=_("基准年"), required=False)
    yearly_targets = forms.CharField(
        label=_("分年度目标"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一个年度,例如“2023: 72”;无则留空"),
    )
    accumulation = forms.ChoiceField(label=_("累计方式"), choices=Accumulation.choices, initial=Accumulation.LATEST)
    growth_unit = forms.ChoiceField(label=_("增幅单位"), choices=GrowthUnit.choices, initial=GrowthUnit.POINTS)
    plan_start = forms.CharField(label=_("规划期起"), initial=DEFAULT_PLAN_START.isoformat())
    values = forms.CharField(
        label=_("各期数值"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("每行一个季度,例如“2023Q4 74”;同一季度写两次时以后一行为准"),
    )
    milestones = forms.CharField(
        label=_("节点进展"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("节点型用：每行一个节点，例如“已完成”“推进中 60”“未启动”，可加“权重2”；目标年即节点到期年"),
    )
    as_of = forms.CharField(label=_("评价日期"), help_text=_("例如 2023-12-31(季度最后一天)"))
    validated = None

    def clean(self):
        """Every field's error at once: the lines that cannot be read, and the serializer's findings on
        every other field (a field with an error of its own is not checked twice)."""
        data = super().clean()
        payload = {
            name: data.get(name) or None
            for name in (
                "kind",
                "comparator",
                "unit",
                "target_value",
                "target_year",
                "baseline_value",
                "baseline_year",
                "accumulation",
                "growth_unit",
                "plan_start",
                "as_of",
            )
        }
        payload["values"] = self._parse_lines(
            "values", _VALUE_LINE, lambda m: {"year": m[1], "quarter": m[2], "value": m[3]}
        )
        targets = self._parse_lines("yearly_targets", _TARGET_LINE, lambda m: (m[1], m[2]))
        payload["yearly_targets"] = dict(targets)
        if data.get("kind") == "milestone":
            payload["milestones"] = self._parse_lines("milestones", _MILESTONE_LINE, _milestone_item)
        already = set(self.errors)
        serializer = PreviewSerializer(data={k: v for k, v in payload.items() if v is not None})
        if serializer.is_valid():
            self.validated = None if already else serializer.validated_data
            return data
        for path, messages in errors_labelled(serializer.errors).items():
            field = path.split(".")[0]
            if field in already:
                continue
            for message in messages:
                self.add_error(field if field in self.fields else None, message)
        return data

    def _parse_lines(self, field: str, pattern: re.Pattern, build) -> list:
        items = []
        if field not in self.cleaned_data:
            return items
        for number, line in enumerate(_lines(self.cleaned_data.get(field, "")), 1):
            match = pattern.match(line)
            item = build(match) if match else None
            if item is None:
                self.add_error(field, _("第%(n)s行“%(line)s”无法识别,请按示例格式填写。") % {"n": number, "line": line})
            else:
                items.append(item)
        return items


def _milestone_item(match: re.Match) -> dict | None:
    """{"state", "percent_done", "weight"} of one line; None when the state is not one of 未启动/推进中/已完成."""
    names = {str(label).lower(): value for value, label in MilestoneReport.State.choices}
    names |= {value: value for value in MilestoneReport.State.values} | {"未开始": MilestoneReport.State.NOT_STARTED}
    state = names.get(match[1].strip().lower())
    if state is None:
        return None
    item = {"state": state}
    if match[2]:
        item["percent_done"] = match[2]
    if match[3]:
        item["weight"] = match[3]
    return item


def preview_initial(indicator: Indicator, *, plan_start, observations, as_of) -> dict:
    """Form data of an existing indicator and its approved values (for "从指标带入")."""

    def text(value):
        return "" if value is None else format(value.normalize(), "f")

    return {
        "kind": indicator.kind,
        "comparator": indicator.comparator,
        "unit": indicator.unit,
        "target_value": text(indicator.target_value),
        "target_year": indicator.target_year,
        "baseline_value": text(indicator.baseline_value),
        "baseline_year": indicator.baseline_year or "",
        "accumulation": indicator.accumulation,
        "growth_unit": indicator.growth_unit or GrowthUnit.POINTS,
        "plan_start": plan_start.isoformat(),
        "yearly_targets": "\n".join(f"{y}: {v}" for y, v in sorted((indicator.yearly_targets or {}).items())),
        "values": "\n".join(f"{o.year}Q{o.quarter} {text(o.value)}" for o in observations),
        "as_of": as_of.isoformat(),
    }
