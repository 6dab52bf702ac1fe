"""分年度目标 as a table (issue 13, item 1): one row per year of the plan, the target issued for that year and
the document it comes from, instead of a JSON text box.

Storage is unchanged for every reader (the scoring engine, the API, 试算): ``Indicator.yearly_targets`` holds
{"2023": "85"} (text of a Decimal, as the plan loader writes it); the sources sit beside it in
``Indicator.yearly_target_sources`` ({"2023": "大同市……"}). A value is read as people type it (``80``, ``80%``
on a percent indicator, ``８０``) by ``value_parse``; an unreadable value is refused with a message naming its year.
"""

import re
from types import SimpleNamespace

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.catalogue.parsing import ValueParseError, value_parse
from indicators.models import Indicator
from tasks.common.numbers import number_plain
from tasks.models import Plan

SOURCE_MAX_LENGTH = 300
_KEY = re.compile(r"^(?P<name>.+)-(?P<year>\d{4})-(?P<part>value|source)$")


def plan_years(indicator: Indicator | None) -> list[int]:
    """The years of the indicator's plan (its period start to its target year), with any year already holding a
    target or a source; for a new indicator, the years of every plan. 1 query at most."""
    plan = indicator.task.system.plan if indicator is not None and indicator.task_id else None
    plans = [plan] if plan else list(Plan.objects.all())
    years = {y for p in plans for y in range(p.period_start.year, max(p.target_year, p.period_end.year) + 1)}
    if indicator is not None:
        for key in (*(indicator.yearly_targets or {}), *(indicator.yearly_target_sources or {})):
            if str(key).isdigit():
                years.add(int(key))
    return sorted(years)


class YearlyTargetsWidget(forms.Widget):
    """A table: 年度 | 目标值 | 依据文件, one row per year in ``self.years``. The value is a dict
    {year: (value text, source text)}."""

    def __init__(self, years=(), attrs=None):
        super().__init__(attrs)
        self.years = list(years)

    def value_from_datadict(self, data, files, name):
        rows: dict[int, list[str]] = {}
        for key in data:
            match = _KEY.match(key)
            if match and match["name"] == name:
                row = rows.setdefault(int(match["year"]), ["", ""])
                row[0 if match["part"] == "value" else 1] = (data.get(key) or "").strip()
        return {year: tuple(row) for year, row in rows.items()}

    def value_omitted_from_data(self, data, files, name):
        return not any((match := _KEY.match(key)) and match["name"] == name for key in data)

    def render(self, name, value, attrs=None, renderer=None):
        value = value or {}
        head = format_html(
            "<thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>", _("年度"), _("目标值"), _("依据文件")
        )
        body = format_html_join(
            "",
            '<tr><th scope="row">{}</th>'
            '<td><input type="text" name="{}-{}-value" value="{}" size="10" aria-label="{} {}"></td>'
            '<td><input type="text" name="{}-{}-source" value="{}" size="60" maxlength="{}" aria-label="{} {}">'
            "</td></tr>",
            (
                (
                    _("%(year)d年") % {"year": year},
                    name,
                    year,
                    value.get(year, ("", ""))[0],
                    year,
                    _("目标值"),
                    name,
                    year,
                    value.get(year, ("", ""))[1],
                    SOURCE_MAX_LENGTH,
                    year,
                    _("依据文件"),
                )
                for year in self.years
            ),
        )
        return format_html(
            '<table class="yearly-targets" id="{}">{}<tbody>{}</tbody></table>', f"id_{name}", head, body
        )


class YearlyTargetsField(forms.Field):
    """The table's rows as {year: (value text, source text)}; the values are read in the form's ``clean``
    (they need the indicator's unit)."""

    widget = YearlyTargetsWidget

    def __init__(self, *, years=(), **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.years = list(years)

    def to_python(self, value):
        return dict(value or {})


def yearly_rows_initial(indicator: Indicator) -> dict[int, tuple[str, str]]:
    """The stored targets and sources as the table shows them: {2023: ("85", "大同市……")}."""
    targets = {str(k): v for k, v in (indicator.yearly_targets or {}).items()}
    sources = {str(k): v for k, v in (indicator.yearly_target_sources or {}).items()}
    return {
        int(year): (number_plain(targets.get(year)), sources.get(year) or "")
        for year in {*targets, *sources}
        if str(year).isdigit()
    }


def yearly_rows_read(rows: dict, *, unit: str) -> tuple[dict, dict, list[str]]:
    """Rows of the table → (yearly_targets, yearly_target_sources, errors). A blank value with a source keeps the
    source (a document announced, the figure not yet issued). Errors name the year."""
    targets, sources, errors = {}, {}, []
    reader = SimpleNamespace(unit=unit)
    for year in sorted(rows):
        raw_value, source = rows[year]
        if len(source) > SOURCE_MAX_LENGTH:
            errors.append(_("%(year)d年的依据文件不能超过%(n)d个字") % {"year": year, "n": SOURCE_MAX_LENGTH})
        try:
            value = value_parse(raw_value, indicator=reader)
        except ValueParseError as exc:
            errors.append(_("%(year)d年的目标值：%(message)s") % {"year": year, "message": exc.message})
            continue
        if value is not None:
            targets[str(year)] = number_plain(value)
        if source:
            sources[str(year)] = source
    return targets, sources, errors


class IndicatorAdminForm(forms.ModelForm):
    """The indicator's admin form with 分年度目标 as a table (``yearly_table``) in place of the JSON box."""

    yearly_table = YearlyTargetsField(label=gettext_lazy("分年度目标"))

    class Meta:
        model = Indicator
        # Every editable field but the two the table writes (the admin passes its fieldsets' fields anyway).
        fields = (
            "task",
            "code",
            "name",
            "unit",
            "reporting_department",
            "frequency",
            "weight",
            "kind",
            "comparator",
            "target_value",
            "target_year",
            "growth_unit",
            "baseline_value",
            "baseline_year",
            "binding",
            "accumulation",
            "min_value",
            "max_value",
            "decimal_places",
            "change_warning_percent",
            "source_sentence",
            "interpretation",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("yearly_table")
        if field is not None:
            field.widget.years = plan_years(self.instance if self.instance.pk else None)
            field.initial = yearly_rows_initial(self.instance)
            field.help_text = _("每个规划年度一行：上级下达的目标值（如 80 或 80%）及其依据文件；未下达的年度留空。")

    def clean(self):
        cleaned = super().clean()
        if "yearly_table" in self.fields:
            unit = cleaned.get("unit", self.instance.unit) or ""
            targets, sources, errors = yearly_rows_read(cleaned.get("yearly_table") or {}, unit=unit)
            if errors:
                self.add_error("yearly_table", errors)
            else:
                self.instance.yearly_targets = targets
                self.instance.yearly_target_sources = sources
        return cleaned
