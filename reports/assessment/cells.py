"""The shape of an assessment report (考核报表) and how its cells read.

An ``AssessmentReport`` holds sheets, a sheet tables, a table rows of typed cells (``Column.kind``: TEXT,
INT, SCORE, PERCENT …); ``ReportParams`` says what to report. ``cell_text`` and ``report_display`` give the
text a reader sees — the HTML page, the CSV and the tests use them; the workbook shows the same figures
through number formats (``reports.exports.xlsx``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from indicators.scoring.engine import round_half_up

# Cell kinds: how a column's values are typed, written and displayed.
TEXT = "text"  # str
INT = "int"  # int (counts, years, days, ranks)
SCORE = "score"  # Decimal points 0–100, one decimal
PERCENT = "percent"  # Decimal percent on the 0–100 scale, shown "45.1%"
DELTA = "delta"  # Decimal percentage points, shown "+4.5%" / "-4.5%"
MEASURE = "measure"  # Measure(value, places) in the indicator's unit
DATE = "date"  # datetime.date
DATETIME = "datetime"  # naive local datetime.datetime
STATUS = "status"  # Badge(tone, label): coloured cell with its text

COUNTY, DEPARTMENT = "county", "department"
QUARTER, YEAR, PLAN = "quarter", "year", "plan"


@dataclass(frozen=True)
class Measure:
    """A value in an indicator's unit with the number of decimals the indicator declares."""

    value: Decimal
    places: int = 1


@dataclass(frozen=True)
class Badge:
    """A status cell: ``tone`` is one of the score status codes (colour), ``label`` the Chinese text."""

    tone: str
    label: str


@dataclass(frozen=True)
class Column:
    """A column: ``kind`` (TEXT, INT, SCORE …) decides type, number format and display; ``wrap`` long text;
    ``detail``: an analysis column, in the workbook but hidden there so the printed page stays readable;
    ``max_width``: the widest the workbook's column may be (Excel units), so the printed page keeps 9 pt."""

    key: str
    header: str
    kind: str = TEXT
    wrap: bool = False
    detail: bool = False
    max_width: int | None = None


@dataclass
class Table:
    """A titled table of rows; each row is a tuple of cell values in column order (None = empty)."""

    key: str
    title: str
    columns: list[Column]
    rows: list[tuple] = field(default_factory=list)


@dataclass
class Sheet:
    """One worksheet: ``name`` (≤ 31 characters), its heading, and tables (the first is frozen and filtered)."""

    key: str
    name: str
    heading: str
    tables: list[Table]


@dataclass
class AssessmentReport:
    """The whole report: parameters in words, dates, the scoring configuration and the six sheets."""

    title: str
    scope_label: str
    period_label: str
    as_of_label: str
    report_date: dt.date
    config_version: str
    rules: list[str]
    sheets: list[Sheet]
    as_of_id: int | None = None
    pending_notice: str = ""  # "得分更新中，数据截至…" while recomputes are pending (indicators.recompute.selectors)

    def sheet(self, key: str) -> Sheet:
        return next(s for s in self.sheets if s.key == key)

    def table(self, key: str) -> Table:
        return next(t for s in self.sheets for t in s.tables if t.key == key)

    @property
    def cell_count(self) -> int:
        return sum(len(t.rows) * len(t.columns) for s in self.sheets for t in s.tables)


@dataclass(frozen=True)
class ReportParams:
    """What to report: ``scope`` county | department (with ``department_id``); ``period_kind`` quarter
    (``year``, ``quarter``) | year (``year``) | plan (the plan period, 终期评估)."""

    plan_id: int
    scope: str = COUNTY
    department_id: int | None = None
    period_kind: str = PLAN
    year: int | None = None
    quarter: int | None = None

    @classmethod
    def of_job(cls, job) -> ReportParams:
        return cls(job.plan_id, job.scope, job.department_id, job.period_kind, job.year, job.quarter)

    def as_query(self) -> dict:
        """The form fields that choose this report (for links and hidden inputs); empty ones left out."""
        query = {
            "scope": self.scope,
            "department": self.department_id,
            "period_kind": self.period_kind,
            "year": self.year,
            "quarter": self.quarter,
        }
        return {k: v for k, v in query.items() if v is not None}


# ---------------------------------------------------------------------------------------------------
# Display (the HTML page and the tests use it; the workbook shows the same through number formats)
# ---------------------------------------------------------------------------------------------------


def cell_number(value, kind: str) -> Decimal | None:
    """The figure a reader sees, rounded half-up (as Excel's ROUND) to the displayed decimals.

    Percent and scores to one decimal (45.15 → 45.2), a measure to its indicator's decimal places.
    The workbook stores exactly this number (a percentage as the fraction 0.452), so Excel,
    LibreOffice and the page show the same digits whatever their binary rounding; the unrounded
    figures stay in the portal's stored scores.
    """
    if value is None:
        return None
    if kind == MEASURE:
        return _no_negative_zero(round_half_up(Decimal(value.value), value.places))
    return _no_negative_zero(round_half_up(Decimal(value), 1))


def _no_negative_zero(number: Decimal) -> Decimal:
    """−0.0 (a zero 退回扣分 stored as "-0", −0.04 rounded) shows as 0.0."""
    return number.copy_abs() if number.is_zero() else number


def cell_text(value, kind: str) -> str:
    """The text a reader sees for a cell: "45.1%", "+4.5%", "78.0", "2025-03-31", "正常"; "—" when empty."""
    if value is None or value == "":
        return "—"
    if kind in (PERCENT, DELTA):
        number = cell_number(value, kind)
        return f"+{number}%" if kind == DELTA and number > 0 else f"{number}%"
    if kind in (SCORE, MEASURE):
        return str(cell_number(value, kind))
    if kind == STATUS:
        return value.label
    if kind == DATE:
        return value.isoformat()
    if kind == DATETIME:
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


NUMERIC_KINDS = frozenset({INT, SCORE, PERCENT, DELTA, MEASURE})


def report_display(report: AssessmentReport) -> list[dict]:
    """The report shaped for the page: [{"key", "name", "heading", "tables": [{"key", "title", "headers",
    "rows": [[{"text", "tone", "css"}]]}]}] — texts from ``cell_text``."""
    return [
        {
            "key": sheet.key,
            "name": sheet.name,
            "heading": sheet.heading,
            "tables": [_table_display(table) for table in sheet.tables],
        }
        for sheet in report.sheets
    ]


def _table_display(table: Table) -> dict:
    classes = [_css_class(column) for column in table.columns]
    kinds = [column.kind for column in table.columns]
    return {
        "key": table.key,
        "title": table.title,
        "headers": [column.header for column in table.columns],
        "rows": [
            [
                {
                    "text": cell_text(value, kind),
                    "css": css,
                    "tone": value.tone if kind == STATUS and value is not None else None,
                }
                for value, kind, css in zip(row, kinds, classes, strict=True)
            ]
            for row in table.rows
        ],
    }


def _css_class(column: Column) -> str:
    """ "num" (right-aligned figures), "wrap" (long text) or ""."""
    return "num" if column.kind in NUMERIC_KINDS else "wrap" if column.wrap else ""
