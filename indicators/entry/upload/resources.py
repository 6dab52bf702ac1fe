"""django-import-export resources: the department's quarterly Excel template (issue 3, item 7).

``DepartmentTemplateResource`` is the one definition of the template's columns and Chinese headers:
the download (``indicators.entry.upload.template.template_workbook``) exports through it, and the upload
(``indicators.entry.upload.preview.upload_preview``) checks an uploaded header row against the same names.

Layout (documented in the workbook's 说明 sheet): row 1 holds the headers, one row per indicator
from row 2; columns 指标代码 … 上期审核值所属期 are for reference (grey), 本期数值 / 数据类型 / 备注 are
filled in; the last column, 规划代码, names the indicator's plan. Only 指标代码, 规划代码 and the three input
columns are read back; the other reference columns must be present (so a shifted or renamed column is
noticed) but their content is ignored. Indicator codes are unique within a plan only: 规划代码 tells which
plan's indicator a code means (optional: templates made before it existed still read).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from import_export import fields, resources

from indicators.entry import selectors
from indicators.models import Indicator, IndicatorValue, MilestoneReport, ReviewStatus
from tasks.models import Milestone

PROVISIONAL, FINAL = _("初步"), _("正式")


def in_every_language(text) -> list[str]:
    """A lazy text as it reads in each language of the portal (a template may have been downloaded in any)."""
    forms = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            forms.append(str(text))
    return forms


def choice_read(text: str, choices: dict) -> object | None:
    """The key of ``choices`` ({key: lazy text}) whose text, in any language, is ``text``; None if none."""
    for key, label in choices.items():
        if text in in_every_language(label) or text == key:
            return key
    return None


@dataclass(frozen=True)
class TemplateRow:
    """One indicator of the template with its last approved value (earlier period) and this
    period's current value, either possibly None. Values are in the indicator's unit."""

    indicator: Indicator
    last_approved: IndicatorValue | None
    current: IndicatorValue | None


def default_is_final(indicator) -> bool:
    """数据类型 of a new figure when none is given, as on the entry form and the API
    (``selectors.is_final_default``): quarterly figures 正式, annual ones 初步."""
    return selectors.is_final_default(indicator)


def _prefill(row: TemplateRow) -> IndicatorValue | None:
    """The figure to prefill: none after an approved 初步 (only a 正式 may follow, as on the form)."""
    current = row.current
    if current is not None and current.status == ReviewStatus.APPROVED and not current.is_final:
        return None
    return current


def _number(value: Decimal | None):
    """Decimal → int/Decimal without trailing zeros (Excel shows 97.5, not 97.500000)."""
    if value is None:
        return None
    value = value.normalize()
    return int(value) if value == value.to_integral_value() else value


class _Columns:
    """Header texts of a template resource (``Meta.export_order``) and reading them back."""

    @classmethod
    def headers(cls) -> dict[str, str]:
        """Field name → Chinese header, in column order (evaluated in the active language)."""
        resource = cls()
        return {name: str(resource.fields[name].column_name) for name in cls.Meta.export_order}

    @classmethod
    def column_keys(cls) -> dict[str, str]:
        """Header text in any language of the portal → field name: the columns are recognised by what
        they are, not by the language the template was downloaded in."""
        resource = cls()
        return {
            text: name
            for name in cls.Meta.export_order
            for text in in_every_language(resource.fields[name].column_name)
        }


class DepartmentTemplateResource(_Columns, resources.Resource):
    """The columns of the department template, export side. Rows are ``TemplateRow``."""

    code = fields.Field(attribute="indicator__code", column_name=_("指标代码"))
    name = fields.Field(attribute="indicator__name", column_name=_("指标名称"))
    unit = fields.Field(attribute="indicator__unit", column_name=pgettext_lazy("unit of measurement", "单位"))
    frequency = fields.Field(column_name=_("填报频次"))
    target = fields.Field(column_name=_("目标"))
    last_value = fields.Field(column_name=_("上期审核值"))
    last_period = fields.Field(column_name=_("上期审核值所属期"))
    value = fields.Field(column_name=_("本期数值"))
    data_type = fields.Field(column_name=_("数据类型"))
    note = fields.Field(column_name=_("备注"))
    plan = fields.Field(attribute="indicator__plan__code", column_name=_("规划代码"))

    REFERENCE = ("code", "name", "unit", "frequency", "target", "last_value", "last_period", "plan")
    INPUT = ("value", "data_type", "note")
    OPTIONAL = ("plan",)  # templates downloaded before it was added still read (codes then resolve per department)

    class Meta:
        export_order = (
            "code",
            "name",
            "unit",
            "frequency",
            "target",
            "last_value",
            "last_period",
            "value",
            "data_type",
            "note",
            "plan",
        )

    def dehydrate_frequency(self, row: TemplateRow) -> str:
        return str(row.indicator.get_frequency_display())

    def dehydrate_target(self, row: TemplateRow) -> str:
        return row.indicator.target_display()

    def dehydrate_last_value(self, row: TemplateRow):
        return _number(row.last_approved.value) if row.last_approved else None

    def dehydrate_last_period(self, row: TemplateRow) -> str:
        return row.last_approved.period.label if row.last_approved else ""

    def dehydrate_value(self, row: TemplateRow):
        current = _prefill(row)
        return _number(current.value) if current else None

    def dehydrate_data_type(self, row: TemplateRow) -> str:
        current = _prefill(row)
        if current is None:
            final = row.current is not None or default_is_final(row.indicator)
        else:
            final = current.is_final
        return str(FINAL if final else PROVISIONAL)

    def dehydrate_note(self, row: TemplateRow) -> str:
        current = _prefill(row)
        return current.note if current else ""


@dataclass(frozen=True)
class MilestoneRow:
    """One milestone of a task the department leads, with this period's report (None: not yet reported)."""

    milestone: Milestone
    report: MilestoneReport | None


class MilestoneTemplateResource(_Columns, resources.Resource):
    """The columns of the template's 节点进展 sheet: reference (grey) 节点代码 … 完成时限, filled in 进展
    (drop-down 未启动/推进中/已完成), 完成比例(%) and 进展说明. Rows are ``MilestoneRow``."""

    code = fields.Field(attribute="milestone__code", column_name=_("节点代码"))
    task = fields.Field(column_name=_("所属任务"))
    title = fields.Field(attribute="milestone__title", column_name=_("节点目标"))
    due = fields.Field(column_name=_("完成时限"))
    state = fields.Field(column_name=_("进展"))
    percent = fields.Field(column_name=_("完成比例(%)"))
    description = fields.Field(column_name=_("进展说明"))

    REFERENCE = ("code", "task", "title", "due")
    INPUT = ("state", "percent", "description")
    STATES = dict(MilestoneReport.State.choices)

    class Meta:
        fields = ("code", "task", "title", "due", "state", "percent", "description")
        export_order = ("code", "task", "title", "due", "state", "percent", "description")

    def dehydrate_task(self, row: MilestoneRow) -> str:
        return str(row.milestone.task)

    def dehydrate_due(self, row: MilestoneRow) -> str:
        return date_format(row.milestone.due_date, "DATE_FORMAT")

    def dehydrate_state(self, row: MilestoneRow) -> str:
        return str(row.report.get_state_display()) if row.report else ""

    def dehydrate_percent(self, row: MilestoneRow):
        return _number(row.report.percent_done) if row.report else None

    def dehydrate_description(self, row: MilestoneRow) -> str:
        return row.report.description if row.report else ""
