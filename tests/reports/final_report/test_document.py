"""The 终期评估报告 (.docx): opens in LibreOffice (converted to PDF headless, no repair), and the PDF's text
shows the stored scores — the same numbers as the dashboard's selectors and the 终期评估 workbook."""

import io
import os
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from docx import Document
from openpyxl import load_workbook

from indicators.models import Indicator, Score
from indicators.scoring.engine import round_half_up
from reports.assessment.report import ReportParams, assessment_report
from reports.dashboard.selectors.overview import plan_score, systems_progress
from reports.exports.xlsx import workbook_bytes
from reports.final_report import charts
from reports.final_report.document import final_report_docx
from tests.reports.assessment.seed import seed

pytestmark = pytest.mark.django_db
TOOLS = ("soffice", "pdftotext")


def _tools_or_skip():
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing and os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"CI needs {missing} (.ci/run installs libreoffice-writer-nogui and poppler-utils)")
    if missing:
        pytest.skip(f"{missing} not installed")


def _pdf_text(docx: bytes, tmp_path) -> str:
    """The document converted by LibreOffice (headless) and read back with pdftotext, whitespace removed."""
    source = tmp_path / "report.docx"
    source.write_bytes(docx)
    profile = f"-env:UserInstallation=file://{tmp_path}/lo-profile"  # own profile: parallel runs do not clash
    done = subprocess.run(
        ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = tmp_path / "report.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stderr
    assert "repair" not in (done.stdout + done.stderr).lower()
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", text)


def _one(value) -> str:
    return str(round_half_up(Decimal(value), 1))


@pytest.fixture
def report_text(plan, tmp_path):
    _tools_or_skip()
    seeded = seed(plan)
    docx = final_report_docx(plan=plan)
    Document(io.BytesIO(docx))  # python-docx reads it back
    return seeded, _pdf_text(docx, tmp_path)


def test_plan_and_system_scores_equal_the_stored_scores_and_the_dashboard(plan, report_text):
    seeded, text = report_text
    period = seeded.periods[2025]
    stored = Score.objects.get(level=Score.Level.PLAN, plan=plan, period=period)
    assert f"规划综合得分{_one(stored.score)}分" in text
    assert f"完成进度{_one(stored.progress)}%，时序进度{_one(stored.expected)}%" in text
    assert _one(plan_score(plan=plan, period=period)["score"]) == _one(stored.score)
    for system in systems_progress(plan=plan, period=period):
        row = Score.objects.get(level=Score.Level.SYSTEM, system_id=system["id"], period=period)
        assert system["progress"] == row.progress
        assert f"{system['name']}得分{_one(row.score)}分，完成进度{_one(row.progress)}%" in text


def test_indicator_tables_show_each_indicators_stored_progress_in_plan_order(plan, report_text):
    seeded, text = report_text
    period, position = seeded.periods[2025], 0
    scores = {s.indicator_id: s for s in Score.objects.filter(level=Score.Level.INDICATOR, period=period)}
    start = text.index("二、各体系完成情况")
    for indicator in Indicator.objects.filter(task__system__plan=plan).order_by(
        "task__system__order", "task__number", "code"
    ):
        position = text.index(re.sub(r"\s+", "", indicator.name), max(position, start))
        progress = scores[indicator.pk].progress
        expected = f"{_one(progress)}%" if progress is not None else "—"
        after = text[position : position + 400]
        assert expected in after, (indicator.code, expected, after)


def test_system_scores_equal_the_final_assessment_workbook(plan, report_text):
    _seeded, text = report_text
    book = load_workbook(io.BytesIO(workbook_bytes(assessment_report(params=ReportParams(plan.pk)))))
    sheet = book["汇总"]
    names = {system.name for system in plan.systems.all()}
    found = 0
    for name, score, *_rest in sheet.iter_rows(values_only=True):
        if name in names:
            assert f"{name}得分{Decimal(str(score)).quantize(Decimal('0.1'))}分" in text
            found += 1
    assert found == len(names) == 6


def test_problems_list_missed_and_lagging_indicators_and_places_to_fill_in(plan, report_text):
    seeded, text = report_text
    behind = Score.objects.filter(
        level=Score.Level.INDICATOR, period=seeded.periods[2025], status__in=["missed", "lagging", "seriously_lagging"]
    ).select_related("indicator")
    problems = text[text.index("三、存在问题") : text.index("四、部门考核情况")]
    assert behind and all(re.sub(r"\s+", "", s.indicator.name) in problems for s in behind)
    assert text.count("【请在此填写县里的下一步工作建议】") == 3
    assert "第1页共" in text or "第2页共" in text


def test_without_a_cjk_font_the_charts_are_left_out_with_a_reason(plan, monkeypatch):
    seed(plan)
    monkeypatch.setattr(charts, "cjk_font_path", lambda: None)
    monkeypatch.setattr("reports.final_report.document.cjk_font_path", lambda: None)
    document = Document(io.BytesIO(final_report_docx(plan=plan)))
    assert not document.inline_shapes
    assert any("图表未生成" in p.text for p in document.paragraphs)


def test_with_the_font_the_report_holds_two_chart_images(plan):
    seed(plan)
    assert charts.cjk_font_path()
    assert len(Document(io.BytesIO(final_report_docx(plan=plan))).inline_shapes) == 2
