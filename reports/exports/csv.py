"""The indicator table (the 指标 sheet) as CSV: UTF-8 with BOM so that Excel opens Chinese correctly.

Text fields that could be read as a formula get a leading apostrophe (``safe.csv_text``, OWASP CSV
injection); numbers are written as the page shows them ("45.1%", "78.0"), so a reader sees the
workbook's figures.
"""

import csv
import io

from reports.assessment import cells as a
from reports.exports.safe import csv_text

BOM = "\ufeff"


def indicators_csv(report: a.AssessmentReport) -> bytes:
    """The report's indicator table as CSV bytes (UTF-8 with BOM, CRLF line ends, every field quoted)."""
    table = report.table("indicators")
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow([csv_text(column.header) for column in table.columns])
    for row in table.rows:
        writer.writerow([_field(value, column) for value, column in zip(row, table.columns, strict=True)])
    return (BOM + buffer.getvalue()).encode("utf-8")


def _field(value, column: a.Column) -> str:
    if value is None or value == "":
        return ""
    if column.kind == a.TEXT or column.kind == a.STATUS:
        return csv_text(a.cell_text(value, column.kind))
    return a.cell_text(value, column.kind)
