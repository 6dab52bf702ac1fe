"""Reports that print whole on A4 (issue 13, item 2): every report (county and department; quarter, year,
终期评估) converted by LibreOffice to PDF holds every task name, lead and support department name and
indicator name whole; the workbook's print set-up (A4 landscape, fit to width, print titles, header and
footer) and a page scale that keeps text at 9 pt or more."""

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reports.assessment.report import ReportParams, assessment_report
from reports.exports.xlsx import FONT_SIZE, print_scale, workbook_bytes
from tests.reports.assessment.seed import seed

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 5, 1)
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "print"
KINDS = {"quarter": {"year": 2025, "quarter": 4}, "year": {"year": 2025}, "plan": {}}


@pytest.fixture
def reports(plan, dept_a):
    """{name: report} of the six reports: county and department 生态环境分局, for a quarter, a year, 终期评估."""
    seed(plan)
    made = {}
    for kind, period in KINDS.items():
        made[f"county-{kind}"] = ReportParams(plan.pk, "county", None, kind, **period)
        made[f"department-{kind}"] = ReportParams(plan.pk, "department", dept_a.pk, kind, **period)
    return {name: assessment_report(params=params, today=TODAY) for name, params in made.items()}


def _names(report) -> set[str]:
    """Task names, lead and support department names and indicator names the report lists."""
    names = set()
    for sheet in report.sheets:
        for table in sheet.tables:
            keys = [c.key for c in table.columns]
            for row in table.rows:
                cells = dict(zip(keys, row, strict=True))
                if table.key == "tasks":
                    names.add(cells["title"])
                    for key in ("lead", "support"):
                        names |= {n for n in re.split("[、，,]", cells[key] or "") if n}
                if table.key == "indicators":
                    names.add(cells["name"])
    return names


def test_every_sheet_is_set_up_for_a4_landscape(reports):
    for name, report in reports.items():
        book = load_workbook(io.BytesIO(workbook_bytes(report)))
        for ws in book.worksheets:
            assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9, (name, ws.title)
            assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
            assert ws.sheet_properties.pageSetUpPr.fitToPage
            assert ws.print_title_rows == "$1:$3"
            assert report.title in ws.oddHeader.left.text and "数据截至" in ws.oddHeader.right.text
            assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
            widths = {i: d.width for i, d in _columns(ws).items()}
            hidden = {i for i, d in _columns(ws).items() if d.hidden}
            scale = print_scale(widths, hidden)
            assert FONT_SIZE * scale >= 9, (name, ws.title, scale)


def _columns(ws) -> dict:
    """{1-based column: dimension} of every column the sheet sets."""
    from openpyxl.utils import column_index_from_string

    out = {}
    for letter, dim in ws.column_dimensions.items():
        for index in range(column_index_from_string(letter), (dim.max or column_index_from_string(letter)) + 1):
            out[index] = dim
    return out


@pytest.mark.skipif(SOFFICE is None or PDFTOTEXT is None, reason="LibreOffice and poppler-utils are needed")
def test_every_report_prints_every_name_whole(reports, tmp_path):
    sources = []
    for name, report in reports.items():
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(workbook_bytes(report))
        sources.append(str(path))
    profile = f"-env:UserInstallation=file://{tmp_path}/lo-profile"
    command = [SOFFICE, profile, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path)]
    result = subprocess.run([*command, *sources], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, report in reports.items():
        pdf = tmp_path / f"{name}.pdf"
        shutil.copy(pdf, ARTIFACTS / pdf.name)  # looked at by people (CI keeps test-artifacts/)
        text = subprocess.run([PDFTOTEXT, "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        flat = re.sub(r"\s+", "", text)
        names = _names(report)
        assert names, name
        missing = sorted(n for n in names if re.sub(r"\s+", "", n) not in flat)
        assert missing == [], (name, missing)
