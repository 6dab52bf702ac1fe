"""What the template and its upload share: sheet names, limits, the refusal of a whole file, and the
rows a department's template holds (its indicators with current and last approved values; fixed queries)."""

from django.utils.translation import gettext_lazy

from indicators.entry import selectors
from indicators.entry.upload.resources import MilestoneRow, TemplateRow
from indicators.models import Indicator, IndicatorValue, MilestoneReport

SHEET_TITLE = "指标填报"
MILESTONE_TITLE = "节点进展"  # the milestones of the tasks the department leads (absent when it leads none)
INFO_TITLE = "说明"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_DATA_ROWS = 500
MAX_NOTE_CHARS = 2000
TOKEN_SALT = "indicators.upload.preview"  # unchanged since the first release: tokens in flight stay valid
TOKEN_MAX_AGE = 60 * 60  # seconds: a preview older than an hour must be uploaded again


# What confirming would do to a row, and its badge colour (portal.css: green new, blue change, grey
# unchanged/blank, red error); shared by the figures and the milestone rows of the preview.
ACTION_LABELS = {
    "new": gettext_lazy("新增"),
    "change": gettext_lazy("修改"),
    "same": gettext_lazy("无变化"),
    "skip": gettext_lazy("未填写"),
    "error": gettext_lazy("错误"),
}
STATUS_CLASSES = {
    "new": "status-achieved",
    "change": "status-on_track",
    "same": "status-no_data",
    "skip": "status-no_data",
    "error": "status-seriously_lagging",
}


class UploadError(Exception):
    """The whole upload is refused (not an .xlsx, too big, expired token …); ``message`` is Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# ---------------------------------------------------------------------------------------------
# Reads: the department's indicators with their current and last approved values (fixed queries)
# ---------------------------------------------------------------------------------------------


def due_indicators(*, department, period) -> list[Indicator]:
    """Indicators the department reports that are due in ``period`` (annual ones only in Q4). One query."""
    return [
        i for i in selectors.indicators_of_department(department=department) if selectors.indicator_is_due(i, period)
    ]


def period_values(*, indicator_ids, period) -> dict[tuple[int, bool], IndicatorValue]:
    """This period's stored figures keyed by (indicator id, is_final). One query."""
    rows = IndicatorValue.objects.filter(indicator_id__in=indicator_ids, period=period)
    return {(v.indicator_id, v.is_final): v for v in rows}


def template_rows(*, department, period) -> list[TemplateRow]:
    """The rows of the department's template for ``period`` (three queries)."""
    indicators = due_indicators(department=department, period=period)
    ids = [i.id for i in indicators]
    stored = period_values(indicator_ids=ids, period=period)
    last = selectors.values_latest_approved(indicator_ids=ids, period=period)
    return [TemplateRow(indicator=i, last_approved=last.get(i.id), current=_current(stored, i.id)) for i in indicators]


def _current(stored, indicator_id: int) -> IndicatorValue | None:
    """The figure that counts for the period: 正式 when there is one, else 初步 (as the entry form)."""
    return selectors.value_current(stored.get((indicator_id, False)), stored.get((indicator_id, True)))


def milestone_reports(*, department, period) -> dict[int, MilestoneReport]:
    """This period's milestone reports of the department's form, keyed by milestone id. One query."""
    rows = MilestoneReport.objects.filter(submission__department=department, period=period)
    return {r.milestone_id: r for r in rows}


def milestone_rows(*, department, period) -> list[MilestoneRow]:
    """The rows of the template's 节点进展 sheet: milestones of the tasks the department leads (two queries)."""
    reports = milestone_reports(department=department, period=period)
    return [
        MilestoneRow(milestone=m, report=reports.get(m.id)) for m in selectors.milestones_led(department=department)
    ]
