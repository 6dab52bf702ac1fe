"""The assessment workbook opened with openpyxl (and LibreOffice when installed): values equal the stored
scores, numbers are real numbers with formats, status cells are coloured, formulas never appear."""

import csv
import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile

import pytest
from openpyxl import load_workbook

from indicators.models import Indicator, MilestoneReport, Score
from indicators.scoring.engine import round_half_up
from reports.assessment import cells as a
from reports.assessment.report import ReportParams, assessment_report, report_display
from reports.exports.xlsx import text_width, tone_colours, workbook_bytes
from tasks.models import PlanTask
from tests.reports.assessment.seed import INJECTIONS, seed

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 5, 1)
SHEETS = ["汇总", "任务", "指标", "部门考核", "填报及时性", "里程碑"]
NUMBER_TEXT = re.compile(r"^[+-]?\d+(\.\d+)?%?$")


@pytest.fixture
def seeded(plan):
    return seed(plan)


@pytest.fixture
def report(plan, seeded):
    return assessment_report(params=ReportParams(plan.pk), today=TODAY)


@pytest.fixture
def raw(report) -> bytes:
    return workbook_bytes(report)


@pytest.fixture
def wb(raw):
    return load_workbook(io.BytesIO(raw))


def header_index(ws, header: str, row: int = 3) -> int:
    return [c.value for c in ws[row]].index(header)


def data_rows(ws, count: int, first: int = 4):
    return list(ws.iter_rows(min_row=first, max_row=first + count - 1))


def test_six_sheets_in_chinese_each_with_title_date_and_header(wb, report):
    assert wb.sheetnames == SHEETS
    for ws, sheet in zip(wb.worksheets, report.sheets, strict=True):
        assert ws["A1"].value == sheet.heading and ws.title in ws["A1"].value
        assert ws["A2"].value == "报告日期"
        assert ws["B2"].value == dt.datetime(2026, 5, 1) and ws["B2"].is_date  # a real date (serial number)
        assert "数据截至:2025年第4季度" in ws["C2"].value and "评分规则版本:7" in ws["C2"].value
        assert [c.value for c in ws[3]][: len(sheet.tables[0].columns)] == [c.header for c in sheet.tables[0].columns]


def test_frozen_headers_filter_and_print_setup(wb, report):
    for ws, sheet in zip(wb.worksheets, report.sheets, strict=True):
        main = sheet.tables[0]
        assert ws.freeze_panes == ("B4" if sheet.key == "summary" else "C4")
        last = ws.cell(row=3, column=len(main.columns)).column_letter
        assert ws.auto_filter.ref == f"A3:{last}{3 + len(main.rows)}"
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$3"
        assert "&P" in ws.oddFooter.center.text


def test_task_sheet_values_equal_the_stored_task_scores(wb, seeded):
    ws = wb["任务"]
    col = {h: header_index(ws, h) for h in ("得分", "状态", "完成进度", "时序进度", "完成进度−时序进度", "2022年得分")}
    tasks = list(PlanTask.objects.order_by("number"))
    for task, row in zip(tasks, data_rows(ws, 23), strict=True):
        stored = {s.period.year: s for s in Score.objects.filter(level="task", task=task).select_related("period")}
        latest = stored[2025]
        assert row[0].value == task.number and row[1].value == task.title
        assert row[0].data_type == "n" and row[0].number_format == "General"  # a whole number
        score = row[col["得分"]]
        assert score.data_type == "n" and score.number_format == "0.0"
        assert score.value == float(round_half_up(latest.score, 1))
        progress = row[col["完成进度"]]
        assert progress.data_type == "n" and progress.number_format == "0.0%"
        assert progress.value == pytest.approx(float(round_half_up(latest.progress, 1)) / 100, abs=1e-12)
        assert row[col["时序进度"]].value == pytest.approx(float(latest.expected) / 100)
        gap = row[col["完成进度−时序进度"]]
        assert gap.number_format == "+0.0%;-0.0%;0.0%"
        assert gap.value == pytest.approx(float(round_half_up(latest.progress - latest.expected, 1)) / 100)
        assert row[col["状态"]].value == latest.get_status_display()
        assert row[col["2022年得分"]].value == float(round_half_up(stored[2022].score, 1))


def test_indicator_values_use_the_indicators_decimal_places(wb):
    ws = wb["指标"]
    latest, target = header_index(ws, "最新值"), header_index(ws, "目标值")
    rows = {row[0].value: row for row in data_rows(ws, 33)}
    for indicator in Indicator.objects.all():
        row = rows[indicator.code]
        places = indicator.decimal_places
        assert row[latest].number_format == ("0" if places == 0 else "0." + "0" * places)
        assert row[latest].data_type == "n"
        if indicator.target_value is not None:
            assert row[target].value == float(round_half_up(indicator.target_value, places))


def test_no_number_is_written_as_text(wb, report):
    """Every cell of a numeric column is a number; no string cell looks like a number."""
    numeric = {a.INT, a.SCORE, a.PERCENT, a.DELTA, a.MEASURE, a.DATE, a.DATETIME}
    for ws, sheet in zip(wb.worksheets, report.sheets, strict=True):
        table = sheet.tables[0]
        for row in data_rows(ws, len(table.rows)):
            for cell, column in zip(row, table.columns, strict=True):
                if column.kind in numeric and cell.value is not None:  # openpyxl reads date serials as "d"
                    assert cell.data_type == ("d" if column.kind in (a.DATE, a.DATETIME) else "n"), cell.coordinate
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "s" and cell.value:
                    assert not NUMBER_TEXT.match(cell.value), (ws.title, cell.coordinate, cell.value)


def test_status_cells_are_filled_by_colour_and_carry_their_text(wb, report):
    for ws, sheet in zip(wb.worksheets, report.sheets, strict=True):
        table = sheet.tables[0]
        for index, column in enumerate(table.columns):
            if column.kind != a.STATUS:
                continue
            for row, cells in zip(table.rows, data_rows(ws, len(table.rows)), strict=True):
                badge, cell = row[index], cells[index]
                assert cell.value == badge.label
                ink, paper = tone_colours(badge.tone)
                assert cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb.endswith(paper)
                assert cell.font.color.rgb.endswith(ink)


def test_user_text_starting_like_a_formula_stays_literal_text(wb, raw, seeded):
    notes = wb["指标"]
    note_col = header_index(notes, "备注")
    cells = {row[0].value: row[note_col] for row in data_rows(notes, 33)}
    risky = {code: note for code, note in seeded.notes.items() if note in INJECTIONS}
    assert len(risky) >= len(INJECTIONS)
    for code, note in risky.items():
        cell = cells[code]
        assert cell.data_type == "s" and cell.value == note.replace("\r", "\n") and cell.quotePrefix
    descriptions = [row[9] for row in data_rows(wb["里程碑"], 29)]
    assert {c.value for c in descriptions} >= {"=1+1", "+SUM(A1:A2)", "-2+3", "@SUM(A1)"}
    assert all(c.data_type == "s" and c.quotePrefix for c in descriptions)
    veto = wb["部门考核"]
    reason = [row[header_index(veto, "否决事由")] for row in data_rows(veto, 5, first=veto.max_row - 4)]
    assert any(c.value and "=1+1" in c.value for c in reason)
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def test_a_formula_like_name_in_a_plain_text_column_is_literal_too(plan, seeded):
    from responsibilities.models import Department

    Department.objects.filter(code="water").update(name='=HYPERLINK("http://x","水利")')
    r = assessment_report(params=ReportParams(plan.pk), today=TODAY)
    ws = load_workbook(io.BytesIO(workbook_bytes(r)))["部门考核"]
    cell = next(row[1] for row in ws.iter_rows(min_row=4) if str(row[1].value).startswith("=HYPERLINK"))
    assert cell.data_type == "s" and cell.quotePrefix
    plain = next(row[1] for row in ws.iter_rows(min_row=4) if row[1].value == "大同市生态环境局灵丘分局")
    assert plain.data_type == "s" and not plain.quotePrefix


def test_column_widths_fit_chinese_text(wb):
    assert text_width("生态环境") == 8 and text_width("PM2.5") == 5 and text_width("（）") == 4
    ws = wb["任务"]
    longest = max(text_width(t.title) for t in PlanTask.objects.all())
    assert ws.column_dimensions["B"].width == min(longest + 2, 30)
    assert ws.column_dimensions["A"].width >= 6
    assert wb["汇总"].column_dimensions["B"].width >= 12  # the report date


def test_the_summary_sheet_holds_counts_and_the_rules_in_words(wb, report):
    ws = wb["汇总"]
    texts = [c.value for c in ws["A"] if isinstance(c.value, str)]
    assert "按状态统计" in texts and "评分规则" in texts
    texts = [c.value for c in ws["A"] if isinstance(c.value, str)]
    assert texts[-len(report.rules) :] == [f"{n}. {line}" for n, line in enumerate(report.rules, 1)]


def test_department_workbook_has_its_own_assessment_block(plan, seeded, dept_a):
    r = assessment_report(params=ReportParams(plan.pk, "department", dept_a.pk), today=TODAY)
    ws = load_workbook(io.BytesIO(workbook_bytes(r)))["汇总"]
    labels = [c.value for c in ws["A"]]
    row = labels.index("本单位考核") + 3
    assert ws.cell(row=row, column=1).value == dept_a.name
    assert ws.cell(row=row, column=2).data_type == "n"


def test_progress_callback_reaches_100(report):
    seen = []
    workbook_bytes(report, progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 100 and len(seen) == 6


# ---------------------------------------------------------------------------------------------- LibreOffice

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_sheets_as_shown(raw: bytes, tmp_path) -> dict[str, list[list[str]]]:
    """Every sheet as LibreOffice shows it (formatted text), through a headless CSV conversion."""
    source = tmp_path / "report.xlsx"
    source.write_bytes(raw)
    # 44 = comma, 34 = quote, 76 = UTF-8, "as shown" = true, last token -1 = every sheet to its own file
    fmt = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"
    result = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--norestore",
            "--convert-to",
            fmt,
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    sheets = {}
    for name in SHEETS:
        path = tmp_path / f"report-{name}.csv"
        assert path.exists(), (result.stdout, result.stderr)
        sheets[name] = list(csv.reader(io.StringIO(path.read_text("utf-8"))))
    return sheets


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
def test_libreoffice_opens_the_workbook_and_shows_the_pages_figures(raw, report, tmp_path):
    shown = libreoffice_sheets_as_shown(raw, tmp_path)
    assert list(shown) == SHEETS
    for sheet in report_display(report):
        rows = shown[sheet["name"]]
        line = 2  # after the title and date rows
        for number, table in enumerate(sheet["tables"]):
            line += 0 if number == 0 else 2  # a blank row and the table title
            assert rows[line][: len(table["headers"])] == table["headers"]
            for offset, cells in enumerate(table["rows"], 1):
                expected = ["" if c["text"] == "—" else c["text"].replace("\r", "\n") for c in cells]
                got = rows[line + offset][: len(expected)]
                assert got == expected, (sheet["name"], line + offset)
            line += 1 + len(table["rows"])
    notes = [row[20] for row in shown["指标"][3:]]
    assert "=1+1" in notes and "@SUM(A1)" in notes  # shown as typed, never evaluated to 2


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_shows_milestone_descriptions_literally(raw, tmp_path):
    shown = libreoffice_sheets_as_shown(raw, tmp_path)
    descriptions = {row[9] for row in shown["里程碑"][3:]}
    assert {"=1+1", "+SUM(A1:A2)", "-2+3", "@SUM(A1)", '=HYPERLINK("http://x","y")'} <= descriptions
    assert MilestoneReport.objects.count() == len(shown["里程碑"]) - 3
