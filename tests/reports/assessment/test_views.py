"""The report pages: the HTML page shows the workbook's figures; small reports download at once, large ones
show progress; files are kept and downloaded again; CSV is formula-safe; staff see only their department."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.http import HttpRequest
from django.urls import reverse
from openpyxl import load_workbook

from indicators.models import ReportingPeriod
from indicators.scoring.engine import round_half_up
from reports.models import ReportJob
from responsibilities.models import Department
from tests.reports.assessment.seed import seed

pytestmark = pytest.mark.django_db
PLAN_REPORT = {"scope": "county", "period_kind": "plan"}


class Tables(HTMLParser):
    """Collects every ``<table data-table=…>``: {key: {"headers": [...], "rows": [[cell text…]]}}."""

    def __init__(self):
        super().__init__()
        self.tables, self.current, self.cell, self.in_head = {}, None, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "data-table" in attrs:
            self.current = self.tables.setdefault(attrs["data-table"], {"headers": [], "rows": []})
        elif self.current is not None and tag == "thead":
            self.in_head = True
        elif self.current is not None and tag == "tr" and not self.in_head:
            self.current["rows"].append([])
        elif self.current is not None and tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "table":
            self.current = None
        elif tag == "thead":
            self.in_head = False
        elif tag in ("td", "th") and self.current is not None and self.cell is not None:
            target = self.current["headers"] if self.in_head else self.current["rows"][-1]
            target.append(self.cell.strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def page_tables(response) -> dict:
    parser = Tables()
    parser.feed(response.content.decode())
    return parser.tables


def excel_text(cell) -> str:
    """What a spreadsheet shows for a cell, from its value and number format (independent of the app)."""
    value, fmt = cell.value, cell.number_format
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M" if "hh" in fmt else "%Y-%m-%d")
    if isinstance(value, str):
        return value.strip()  # as the page's cells are read (surrounding white space dropped)
    places = len(fmt.split(";")[0].split(".")[1].rstrip("%")) if "." in fmt else 0
    number = Decimal(repr(value)) * (100 if "%" in fmt else 1)
    text = str(round_half_up(number, places)) + ("%" if "%" in fmt else "")
    return f"+{text}" if fmt.startswith("+") and number > 0 else text


def workbook_tables(raw: bytes, report_tables: dict) -> dict:
    """The workbook's tables located like the page's: header row, then the data rows, per sheet."""
    wb = load_workbook(io.BytesIO(raw))
    found = {}
    for ws in wb.worksheets:
        rows = list(ws.iter_rows())
        for index, row in enumerate(rows):
            headers = [c.value for c in row if c.value is not None]
            for key, table in report_tables.items():
                if key not in found and headers and headers == table["headers"] and row[0].style == "lq_header":
                    body = rows[index + 1 : index + 1 + len(table["rows"])]
                    found[key] = [[excel_text(c) for c in r[: len(headers)]] for r in body]
    return found


@pytest.fixture
def seeded(plan):
    return seed(plan)


def download_large(client, data, capture) -> bytes:
    with capture(execute=True):
        response = client.post(reverse("assessment:job_create"), data)
    assert response.status_code == 302
    job = ReportJob.objects.latest("id")
    assert response["Location"] == reverse("assessment:job_detail", args=[job.pk])
    download = client.get(reverse("assessment:job_download", args=[job.pk]))
    assert download.status_code == 200
    return b"".join(download.streaming_content)


def test_the_page_shows_exactly_the_workbooks_figures(
    plan, seeded, supervisor, client_for, django_capture_on_commit_callbacks
):
    client = client_for(supervisor)
    page = client.get(reverse("assessment:page"), PLAN_REPORT)
    assert page.status_code == 200
    tables = page_tables(page)
    assert set(tables) == {
        "systems",
        "status_counts",
        "rules",
        "tasks",
        "indicators",
        "departments",
        "timeliness",
        "milestones",
    }
    raw = download_large(client, PLAN_REPORT, django_capture_on_commit_callbacks)
    in_workbook = workbook_tables(raw, tables)
    assert set(in_workbook) == set(tables)
    for key, table in tables.items():
        assert in_workbook[key] == table["rows"], key
    assert sum(len(t["rows"]) for t in tables.values()) > 300


def test_a_department_quarter_page_equals_its_workbook(plan, seeded, staff_a, dept_a, client_for):
    client = client_for(staff_a)
    data = {"scope": "department", "department": dept_a.pk, "period_kind": "quarter", "year": 2025, "quarter": 4}
    tables = page_tables(client.get(reverse("assessment:page"), data))
    response = client.post(reverse("assessment:job_create"), data)
    assert response.status_code == 302 and response["Location"].endswith("/download/")
    raw = b"".join(client.get(response["Location"]).streaming_content)
    in_workbook = workbook_tables(raw, tables)
    for key in ("systems", "own_department", "tasks", "indicators", "departments", "timeliness", "milestones"):
        assert in_workbook[key] == tables[key]["rows"], key


def test_a_small_report_downloads_at_once_as_xlsx(plan, seeded, staff_a, dept_a, client_for):
    client = client_for(staff_a)
    data = {"scope": "department", "department": dept_a.pk, "period_kind": "quarter", "year": 2025, "quarter": 4}
    response = client.post(reverse("assessment:job_create"), data, follow=True)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert wb.sheetnames == ["汇总", "任务", "指标", "部门考核", "填报及时性", "里程碑"]


def test_a_large_report_shows_progress_and_then_its_download_link(
    plan, seeded, supervisor, client_for, django_capture_on_commit_callbacks
):
    client = client_for(supervisor)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("assessment:job_create"), PLAN_REPORT)
    job = ReportJob.objects.get()
    page = client.get(response["Location"])
    html = page.content.decode()
    assert f'data-status-url="{reverse("assessment:job_status", args=[job.pk])}"' in html
    assert re.search(r'<script src="[^"]*js/report_job\.js"', html) and "<script>" not in html
    assert "onclick" not in html
    status = client.get(reverse("assessment:job_status", args=[job.pk])).json()
    assert status == {
        "id": job.pk,
        "status": "queued",
        "status_label": "排队中",
        "progress": 0,
        "as_of": None,
        "download_url": None,
        "error": "",
    }
    assert client.get(reverse("assessment:job_download", args=[job.pk])).status_code == 404
    for callback in callbacks:
        callback()
    status = client.get(reverse("assessment:job_status", args=[job.pk])).json()
    assert status["status"] == "done" and status["progress"] == 100 and status["as_of"] == "2025年第4季度"
    assert status["download_url"] == reverse("assessment:job_download", args=[job.pk])
    assert "下载Excel报表" in client.get(response["Location"]).content.decode()


def test_every_report_is_listed_and_downloads_again(plan, seeded, supervisor, staff_a, dept_a, dept_b, client_for):
    sup = client_for(supervisor)
    for dept in (dept_a, dept_b):
        sup.post(
            reverse("assessment:job_create"),
            {"scope": "department", "department": dept.pk, "period_kind": "quarter", "year": 2025, "quarter": 4},
        )
    listing = sup.get(reverse("assessment:index")).content.decode()
    assert listing.count("/download/") == 2 and dept_a.name in listing and dept_b.name in listing
    assert "督查员" in listing or supervisor.username in listing
    job_a = ReportJob.objects.get(department=dept_a)
    first = b"".join(sup.get(reverse("assessment:job_download", args=[job_a.pk])).streaming_content)
    again = b"".join(sup.get(reverse("assessment:job_download", args=[job_a.pk])).streaming_content)
    assert first == again and first.startswith(b"PK")
    staff_listing = client_for(staff_a).get(reverse("assessment:index")).content.decode()
    assert dept_a.name in staff_listing and dept_b.name not in staff_listing


def test_files_are_not_public_media(plan, seeded, supervisor, dept_a, client_for):
    client = client_for(supervisor)
    client.post(
        reverse("assessment:job_create"),
        {"scope": "department", "department": dept_a.pk, "period_kind": "quarter", "year": 2025, "quarter": 4},
    )
    job = ReportJob.objects.get()
    assert client_for(None).get(f"/media/{job.file.name}").status_code == 404


def test_form_errors_name_the_field_in_chinese(plan, supervisor, client_for):
    client = client_for(supervisor)
    response = client.post(
        reverse("assessment:job_create"), {"scope": "department", "period_kind": "quarter", "year": 2025}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "须选择单位" in html and "须选择季度" in html
    assert not ReportJob.objects.exists()
    ReportingPeriod.objects.filter(year=2026, quarter=4).delete()
    missing = client.post(
        reverse("assessment:job_create"), {"scope": "county", "period_kind": "quarter", "year": 2026, "quarter": 4}
    )
    assert missing.status_code == 400 and "2026年第4季度没有报告期" in missing.content.decode()


def test_csv_has_a_bom_the_pages_figures_and_no_formulas(plan, seeded, supervisor, client_for):
    client = client_for(supervisor)
    response = client.get(reverse("assessment:indicators_csv"), PLAN_REPORT)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    page = page_tables(client.get(reverse("assessment:page"), PLAN_REPORT))["indicators"]
    assert rows[0] == page["headers"]
    assert len(rows) == 1 + len(page["rows"])
    for got, shown in zip(rows[1:], page["rows"], strict=True):
        for field, text in zip(got, shown, strict=True):
            text = "" if text == "—" else text
            if field.startswith("'"):  # a formula-like text: apostrophe, then the text as the page shows it
                assert field[1:].strip() == text
            else:
                assert field == text
                assert not field.startswith(("=", "+", "@", "\t", "\r", "\n"))
                assert not field.startswith("-") or re.match(r"^-[\d.]+%?$", field)  # only negative numbers
    notes = [row[20] for row in rows[1:]]
    assert "'=1+1" in notes and "'@SUM(A1)" in notes and not any(n.startswith("=") for n in notes)


def test_staff_get_their_own_department_by_default_and_nothing_else(plan, seeded, staff_a, dept_a, dept_b, client_for):
    client = client_for(staff_a)
    page = client.get(reverse("assessment:page"))
    assert page.status_code == 200 and dept_a.name in page.content.decode()
    other = {"scope": "department", "department": dept_b.pk, "period_kind": "plan"}
    assert client.get(reverse("assessment:page"), other).status_code == 404
    assert client.get(reverse("assessment:page"), PLAN_REPORT).status_code == 403


# ------------------------------------------------------------------------------------------ as a new user would


def test_the_demo_supervisor_downloads_the_final_assessment_equal_to_the_dashboard(
    plan, client, django_capture_on_commit_callbacks
):
    """duchayuan / lingqiu2025 logs in, asks for the 2022–2025 final assessment, downloads it; the figures
    equal the dashboard's stored scores at the same quarter."""
    overview = pytest.importorskip("reports.dashboard.selectors.overview")
    ranking = pytest.importorskip("reports.dashboard.selectors.ranking")
    call_command("load_demo", stdout=io.StringIO())  # demo forms + scores_recompute_all()
    call_command("demo_accounts", stdout=io.StringIO())
    assert client.login(request=HttpRequest(), username="duchayuan", password="lingqiu2025")  # axes needs a request
    form = client.get(reverse("assessment:index"))
    assert form.status_code == 200 and "规划期(终期评估)" in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the (eager) Celery job runs after the commit
        response = client.post(reverse("assessment:job_create"), PLAN_REPORT)
    job = ReportJob.objects.get()
    assert "下载Excel报表" in client.get(response["Location"]).content.decode()
    raw = b"".join(client.get(reverse("assessment:job_download", args=[job.pk])).streaming_content)
    wb = load_workbook(io.BytesIO(raw))
    assert wb.sheetnames == ["汇总", "任务", "指标", "部门考核", "填报及时性", "里程碑"]
    job.refresh_from_db()
    period = job.as_of
    assert (period.year, period.quarter) == (2025, 4)
    summary = wb["汇总"]
    plan_score = overview.plan_score(plan=plan, period=period)
    assert summary["B4"].value == float(round_half_up(plan_score["score"], 1))
    for row, system in zip(
        summary.iter_rows(min_row=5, max_row=10), overview.systems_progress(plan=plan, period=period), strict=True
    ):
        assert row[0].value == system["name"]
        assert row[1].value == (None if system["score"] is None else float(round_half_up(system["score"], 1)))
        assert row[3].value == pytest.approx(float(round_half_up(system["progress"], 1)) / 100)
    ranking = {r["department_id"]: r for r in ranking.departments_ranking(plan=plan, period=period)}
    names = {d.name: d.pk for d in Department.objects.all()}
    ws = wb["部门考核"]
    for row in ws.iter_rows(min_row=4, max_row=ws.max_row):
        entry = ranking.get(names[row[1].value])
        if entry is not None:  # rank, parts, score and grade as the dashboard shows them
            assert row[0].value == entry["rank"] and row[9].value == entry["grade"]
            assert row[8].value == float(round_half_up(entry["score"], 1))
            for column, part in ((5, "progress"), (6, "timeliness"), (7, "deduction")):
                shown = None if entry[part] is None else float(round_half_up(entry[part], 1))
                assert row[column].value == shown, part
    assert len(ranking) > 10
    assert ReportingPeriod.objects.filter(year=2025, quarter=4).exists()
