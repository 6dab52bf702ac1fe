"""The visibility matrix: department staff never see another department's figures, notes or evidence —
on any page (HTML), workbook (xlsx), CSV, API answer or dashboard page (the policy of
``responsibilities.access``).

Marker strings and numbers are seeded into the other departments' data — approved figures with a note and an
evidence file (水利局's two indicators of task 6, a task 生态环境分局 leads with it), and a milestone report
with its text and evidence by the lead department of task 4 (which 生态环境分局 supports) — the scores are
recomputed, and everything staff_a (生态环境分局) can open is searched for the markers. The same reads by a
supervisor find them, so the test fails when the markers stop being seeded or the policy lets them through.
"""

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import load_workbook

from indicators.models import (
    Evidence,
    Indicator,
    IndicatorValue,
    MilestoneReport,
    ReportingPeriod,
    ReviewStatus,
    Score,
    Submission,
)
from indicators.scoring.services import scores_recompute
from responsibilities.models import TaskAssignment
from tasks.models import Milestone, PlanTask

pytestmark = pytest.mark.django_db

MARKER = "ZQ7FOREIGN"  # in every note, text and evidence file name of the other departments
# Their approved figures: seven digits, so that no database id of a long test run (PostgreSQL sequences keep
# counting) can look like them.
VALUES = {"T06-IRRIGATION": Decimal("7654321"), "T06-RIVERS": Decimal("7654320")}
NUMBERS = ("7654321", "7,654,321", "7654320", "7,654,320")
TODAY = dt.date(2026, 12, 3)
PERIOD = "2026Q3"
OWN_REPORT = {"scope": "department", "period_kind": "quarter", "year": 2026, "quarter": 3}


@pytest.fixture
def seeded(plan, dept_a, dept_b, staff_b):
    """Approved, evidenced figures of 水利局 and an approved milestone report of task 4's lead; scores recomputed."""
    q3 = ReportingPeriod.objects.get(year=2026, quarter=3)
    form_b = Submission.objects.create(department=dept_b, period=q3, status=ReviewStatus.APPROVED)
    for code, value in VALUES.items():
        figure = IndicatorValue.objects.create(
            submission=form_b,
            indicator=Indicator.objects.get(code=code),
            period=q3,
            value=value,
            note=f"{MARKER}-note-{code}",
            status=ReviewStatus.APPROVED,
            is_final=True,
        )
        _evidence(value=figure)
    lead = TaskAssignment.objects.get(task__number=4, role=TaskAssignment.Role.LEAD).department
    assert lead != dept_a
    form_lead = Submission.objects.create(department=lead, period=q3, status=ReviewStatus.APPROVED)
    report = MilestoneReport.objects.create(
        submission=form_lead,
        milestone=Milestone.objects.get(code="T04-M1"),
        period=q3,
        state=MilestoneReport.State.IN_PROGRESS,
        percent_done=Decimal("61.23"),
        description=f"{MARKER}-milestone",
        status=ReviewStatus.APPROVED,
    )
    _evidence(milestone_report=report)
    scores_recompute(plan=plan, today=TODAY)
    return {"q3": q3, "lead": lead}


def _evidence(**owner) -> Evidence:
    evidence = Evidence(original_name=f"{MARKER}-evidence.pdf", content_type="application/pdf", size=9, **owner)
    evidence.file.save(f"{MARKER}-evidence.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    evidence.save()
    return evidence


def leaks(text: str) -> list[str]:
    """The markers found in ``text``."""
    return [m for m in (MARKER, *NUMBERS) if m in text]


# ---------------------------------------------------------------- what a user can open


def html_pages(client, dept) -> dict[str, str]:
    """Every page of the portal a department's staff can open, as text: entry, dashboard, report pages."""
    urls = [
        reverse("entry:submissions"),
        reverse("entry:form", args=[dept.code, 2026, 3]),
        reverse("notifications:list") if _has_url("notifications:list") else None,
        f"{reverse('dashboard:overview')}?period={PERIOD}",
        f"{reverse('dashboard:department', args=[dept.code])}?period={PERIOD}",
        *(f"{reverse('dashboard:task', args=[t.number])}?period={PERIOD}" for t in PlanTask.objects.all()),
        *(f"{reverse('dashboard:system', args=[t.system_id])}?period={PERIOD}" for t in PlanTask.objects.all()),
        *(
            f"{reverse('dashboard:indicator', args=[i.pk])}?period={PERIOD}"
            for i in Indicator.objects.filter(reporting_department=dept)
        ),
        f"{reverse('assessment:page')}?{_query(OWN_REPORT | {'department': dept.pk})}",
        f"{reverse('assessment:page')}?{_query(OWN_REPORT | {'department': dept.pk, 'period_kind': 'plan'})}",
    ]
    pages = {}
    for url in dict.fromkeys(u for u in urls if u):
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    return pages


def _has_url(name: str) -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse(name)
        return True
    except NoReverseMatch:
        return False


def _query(params: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


def workbook_text(raw: bytes) -> str:
    """Every cell of every sheet, as text."""
    book = load_workbook(io.BytesIO(raw))
    return "\n".join(
        str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row if cell
    )


def xlsx_files(client, dept, django_capture_on_commit_callbacks) -> dict[str, str]:
    """The department's own report (a quarter, and the plan period as a job) and its Excel template."""
    files = {}
    for kind in ("quarter", "plan"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("assessment:job_create"), OWN_REPORT | {"department": dept.pk, "period_kind": kind}
            )
        assert response.status_code == 302, kind
        download = response["Location"]
        if not download.endswith("/download/"):
            download = download.rstrip("/") + "/download/"
        raw = client.get(download)
        assert raw.status_code == 200, download
        files[f"report-{kind}"] = workbook_text(b"".join(raw.streaming_content))
    template = client.get(reverse("entry:upload_template", args=[dept.code, 2026, 3]))
    assert template.status_code == 200
    files["template"] = workbook_text(template.content)
    return files


def csv_files(client, dept) -> dict[str, str]:
    response = client.get(reverse("assessment:indicators_csv"), OWN_REPORT | {"department": dept.pk})
    assert response.status_code == 200
    return {"indicators.csv": response.content.decode("utf-8-sig")}


API_LISTS = (
    "api-value-list",
    "api-submission-list",
    "api-milestonereport-list",
    "api-score-list",
    "api-reportjob-list",
    "api-indicator-list",
    "api-task-list",
)


def api_answers(client) -> dict[str, str]:
    """Every page of the API's lists a department's staff read (values, forms, milestone reports, scores…)."""
    answers = {}
    for name in API_LISTS:
        url = f"{reverse(name)}?page_size=500"
        while url:
            response = client.get(url)
            assert response.status_code == 200, url
            answers[url] = response.content.decode()
            url = response.json().get("next")
    return answers


# ---------------------------------------------------------------- the matrix


def test_department_staff_see_no_foreign_figure_note_or_evidence(
    seeded, staff_a, dept_a, client_for, django_capture_on_commit_callbacks
):
    client = client_for(staff_a)
    surfaces = {
        "html": html_pages(client, dept_a),
        "xlsx": xlsx_files(client, dept_a, django_capture_on_commit_callbacks),
        "csv": csv_files(client, dept_a),
        "api": api_answers(client),
    }
    found = {
        f"{surface} {where}": leaks(text)
        for surface, texts in surfaces.items()
        for where, text in texts.items()
        if leaks(text)
    }
    assert found == {}
    dashboards = [u for u in surfaces["html"] if u.startswith("/dashboard/")]
    assert len(dashboards) > 23  # every task page, the overview, the systems and the department's own pages


def test_the_same_reads_by_a_supervisor_find_the_markers(
    seeded, supervisor, dept_a, dept_b, client_for, django_capture_on_commit_callbacks
):
    """The control: the markers are there for a reader of every department (the matrix above can fail)."""
    client = client_for(supervisor)
    task_6 = client.get(f"{reverse('dashboard:task', args=[6])}?period={PERIOD}").content.decode()
    task_4 = client.get(f"{reverse('dashboard:task', args=[4])}?period={PERIOD}").content.decode()
    assert "7,654,321" in task_6 or "7654321" in task_6
    assert f"{MARKER}-milestone" in task_4
    county = {"scope": "county", "period_kind": "quarter", "year": 2026, "quarter": 3}
    csv_text = client.get(reverse("assessment:indicators_csv"), county).content.decode("utf-8-sig")
    assert f"{MARKER}-note-T06-RIVERS" in csv_text and "7654321" in csv_text
    api = api_answers(client)
    assert any(MARKER in text for text in api.values()) and any("7654321" in text for text in api.values())
    other = csv_files(client_for(supervisor), dept_b)["indicators.csv"]
    assert f"{MARKER}-note-T06-IRRIGATION" in other  # 水利局's own report keeps its own notes


def test_shared_tasks_show_other_departments_indicators_without_their_figures(seeded, staff_a, supervisor, client_for):
    """Task 6 (led by both): 水利局's indicators are listed with name, target and status; 完成进度, current
    value and forecast — which give the figure back — only for readers of 水利局."""
    url = f"{reverse('dashboard:task', args=[6])}?period={PERIOD}"
    rows = {r["code"]: r for r in client_for(staff_a).get(url).context["data"]["indicators"]}
    full = {r["code"]: r for r in client_for(supervisor).get(url).context["data"]["indicators"]}
    for code in VALUES:
        assert rows[code]["foreign"] and rows[code]["url"] is None
        assert rows[code]["status"] == full[code]["status"]
        assert full[code]["progress"] is not None and full[code]["current_value"] == VALUES[code]
        assert all(rows[code][f] is None for f in ("progress", "progress_raw", "current_value", "forecast", "score"))
    own = next(r for r in rows.values() if r["dept_id"] == staff_a.staff_profile.department_id)
    assert not own.get("foreign") and own["url"]


def test_the_milestone_of_another_departments_report_keeps_its_state_only(seeded, staff_a, client_for):
    url = f"{reverse('dashboard:task', args=[4])}?period={PERIOD}"
    milestone = next(m for m in client_for(staff_a).get(url).context["data"]["milestones"] if m["code"] == "T04-M1")
    assert milestone["state"] == MilestoneReport.State.IN_PROGRESS
    assert milestone["percent_done"] is None and milestone["description"] == ""


def test_the_department_report_lists_shared_indicators_without_figures(seeded, plan, dept_a):
    """Whoever generates 生态环境分局's report (here a supervisor): 水利局's rows carry no figure, no note."""
    from reports.assessment.cells import ReportParams
    from reports.assessment.report import assessment_report

    params = ReportParams(plan_id=plan.pk, department_id=dept_a.pk, **OWN_REPORT)
    table = assessment_report(params=params, today=TODAY).table("indicators")
    keys = [c.key for c in table.columns]
    rows = {row[0]: dict(zip(keys, row, strict=True)) for row in table.rows}
    for code in VALUES:
        row = rows[code]
        assert row["latest"] is None and row["note"] is None and row["progress"] is None and row["forecast"] is None
    stored = Score.objects.get(level="indicator", indicator__code="T06-RIVERS", period=seeded["q3"])
    assert stored.current_value == VALUES["T06-RIVERS"]  # the figure exists; the report leaves it out


def test_the_api_refuses_other_departments_scores_and_figures(seeded, staff_a, client_for):
    client = client_for(staff_a)
    for code in VALUES:
        score = Score.objects.get(level="indicator", indicator__code=code, period=seeded["q3"])
        assert client.get(reverse("api-score-detail", args=[score.pk])).status_code == 404
        figure = IndicatorValue.objects.get(indicator__code=code, period=seeded["q3"])
        assert client.get(reverse("api-value-detail", args=[figure.pk])).status_code == 404
    evidence = Evidence.objects.filter(original_name__startswith=MARKER)
    assert evidence.count() == 3
    for item in evidence:
        assert client.get(reverse("entry:evidence", args=[item.pk])).status_code == 404
    assert json.loads(client.get(reverse("api-milestonereport-list")).content)["count"] == 0


def test_the_overview_warns_of_other_departments_indicators_without_their_figures(seeded, plan, dept_a, dept_b):
    """Early warnings name another department's lagging indicator and its status, not its 完成进度 or forecast;
    the ranking shows a department's staff their own assessment score only (its rank still among all)."""
    from reports.dashboard.selectors.common import Viewer
    from reports.dashboard.selectors.overview import overview_data
    from reports.dashboard.selectors.periods import periods_all

    q3 = seeded["q3"]
    Score.objects.filter(level="indicator", indicator__code="T06-RIVERS", period=q3).update(
        status="seriously_lagging", progress=Decimal("12.3456"), forecast=Decimal("8800"), forecast_met=False
    )

    def overview(viewer):
        return overview_data(plan=plan, period=q3, periods=periods_all(today=TODAY), today=TODAY, viewer=viewer)

    staff_a, staff_b = Viewer(read_all=False, department_id=dept_a.pk), Viewer(read_all=False, department_id=dept_b.pk)
    foreign = next(w for w in overview(staff_a)["warnings"] if w["code"] == "T06-RIVERS")
    own = next(w for w in overview(staff_b)["warnings"] if w["code"] == "T06-RIVERS")
    assert foreign["status"] == own["status"] == "seriously_lagging" and foreign["forecast_met"] is False
    assert own["progress"] == Decimal("12.3456") and own["forecast"] == Decimal("8800")
    assert foreign["progress"] is None and foreign["forecast"] is None and foreign["url"] is None
    everyone = overview(Viewer(read_all=True))["departments"]
    mine = overview(staff_a)["departments"]
    assert len(everyone) > 1 and [d["department_id"] for d in mine] == [dept_a.pk]
    assert mine[0]["rank"] == next(d["rank"] for d in everyone if d["department_id"] == dept_a.pk)
