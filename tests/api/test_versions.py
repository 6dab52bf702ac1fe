"""One winner through the API: every write and review names the version of the form it read (the ``version``
field or an ``If-Match`` header, which reads answer as ``ETag``); without one 428, stale 409 — in Chinese that
speaks to an API client — and nothing changes. ``is_final`` left out means what the entry form and the Excel
upload mean (issue 11)."""

from decimal import Decimal

import pytest

from indicators.entry.forms import ValueForm
from indicators.entry.selectors import ValueRow, milestones_led
from indicators.entry.upload.preview import upload_preview
from indicators.models import Indicator, IndicatorValue, MilestoneReport, ReportingPeriod, ReviewStatus, Submission
from tests.api.conftest import form_version
from tests.factories import IndicatorValueFactory, SubmissionFactory
from tests.indicators.entry.upload.workbooks import row, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def q4(plan):
    return ReportingPeriod.objects.get(year=2025, quarter=4)


def snapshot():
    return (
        sorted(IndicatorValue.objects.values_list("pk", "status", "value", "note", "is_final")),
        sorted(Submission.objects.values_list("pk", "status", "version", "returned_count")),
        sorted(MilestoneReport.objects.values_list("pk", "status", "state")),
    )


def _form_in(status, dept, q4):
    form = SubmissionFactory(department=dept, period=q4, status=status)
    indicator = Indicator.objects.filter(reporting_department=dept).order_by("code").first()
    value = IndicatorValueFactory(submission=form, indicator=indicator, period=q4, value=1, status=status)
    report = MilestoneReport.objects.create(
        submission=form, milestone=milestones_led(department=dept)[0], period=q4, state="in_progress", status=status
    )
    return form, value, report


WRITES = [
    # (who, build → (method, url, body))
    ("staff", lambda f: ("post", "/api/v1/values/", {"indicator": f["value"].indicator_id, "period": f["q4"].pk})),
    ("staff", lambda f: ("patch", f"/api/v1/values/{f['value'].pk}/", {"note": "改"})),
    ("staff", lambda f: ("post", f"/api/v1/submissions/{f['form'].pk}/submit/", {})),
    ("staff", lambda f: ("post", f"/api/v1/submissions/{f['form'].pk}/withdraw/", {})),
    (
        "staff",
        lambda f: (
            "post",
            "/api/v1/milestone-reports/",
            {"milestone": f["report"].milestone_id, "period": f["q4"].pk, "state": "done"},
        ),
    ),
    ("supervisor", lambda f: ("post", f"/api/v1/values/{f['value'].pk}/approve/", {})),
    ("supervisor", lambda f: ("post", f"/api/v1/values/{f['value'].pk}/return/", {"reason": "请核实"})),
    ("supervisor", lambda f: ("post", f"/api/v1/values/{f['value'].pk}/reopen/", {"reason": "更正"})),
    ("supervisor", lambda f: ("post", f"/api/v1/submissions/{f['form'].pk}/approve/", {})),
    ("supervisor", lambda f: ("post", f"/api/v1/submissions/{f['form'].pk}/return/", {"reason": "请核实"})),
    ("supervisor", lambda f: ("post", f"/api/v1/milestone-reports/{f['report'].pk}/approve/", {})),
    ("supervisor", lambda f: ("post", f"/api/v1/milestone-reports/{f['report'].pk}/return/", {"reason": "补充"})),
    ("supervisor", lambda f: ("post", f"/api/v1/milestone-reports/{f['report'].pk}/reopen/", {"reason": "更正"})),
]


@pytest.fixture
def objects(dept_a, q4):
    form, value, report = _form_in(ReviewStatus.SUBMITTED, dept_a, q4)
    return {"form": form, "value": value, "report": report, "q4": q4}


@pytest.mark.parametrize("who, build", WRITES, ids=[f"{w}-{i}" for i, (w, _b) in enumerate(WRITES)])
def test_a_write_or_review_without_a_version_is_428_and_changes_nothing(
    who, build, objects, api_for, staff_a, supervisor
):
    method, url, body = build(objects)
    before = snapshot()
    response = getattr(api_for(staff_a if who == "staff" else supervisor), method)(url, body, format="json")
    assert response.status_code == 428, (url, response.content)
    detail = response.json()["detail"]
    assert "version" in detail and "If-Match" in detail and "页面" not in detail
    assert snapshot() == before


def test_the_version_may_come_as_if_match_and_reads_answer_it_as_etag(objects, api_for, supervisor):
    boss = api_for(supervisor)
    value = objects["value"]
    read = boss.get(f"/api/v1/values/{value.pk}/")
    assert read["ETag"] == f'"{read.json()["submission_version"]}"'
    stale = boss.post(f"/api/v1/values/{value.pk}/approve/", {}, format="json", HTTP_IF_MATCH='"999"')
    assert stale.status_code == 409
    unreadable = boss.post(f"/api/v1/values/{value.pk}/approve/", {}, format="json", HTTP_IF_MATCH='"五"')
    assert unreadable.status_code == 400 and "If-Match" in unreadable.json()["errors"]
    response = boss.post(f"/api/v1/values/{value.pk}/approve/", {}, format="json", HTTP_IF_MATCH=f"W/{read['ETag']}")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "approved"
    assert response["ETag"] == f'"{response.json()["submission_version"]}"' != read["ETag"]


def test_a_stale_version_is_409_in_words_for_an_api_client(objects, api_for, supervisor):
    value, form = objects["value"], objects["form"]
    response = api_for(supervisor).post(
        f"/api/v1/values/{value.pk}/return/", {"reason": "请核实", "version": form.version + 5}, format="json"
    )
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert f"第 {form.version + 5} 版" in detail and f"第 {form.version} 版" in detail
    assert "重新读取" in detail and "页面" not in detail
    value.refresh_from_db()
    assert value.status == ReviewStatus.SUBMITTED


def test_a_lost_update_is_refused(api_for, staff_b, dept_b, q4):
    """Two clients read version v; the first saves, the second's save over it is a 409 (it read the old value)."""
    indicator = Indicator.objects.filter(reporting_department=dept_b).order_by("code").first()
    first, second = api_for(staff_b), api_for(staff_b)
    body = {"indicator": indicator.pk, "period": q4.pk, "version": form_version(department=dept_b, period=q4)}
    assert first.post("/api/v1/values/", {**body, "value": "5"}, format="json").status_code == 201
    assert second.post("/api/v1/values/", {**body, "value": "6"}, format="json").status_code == 409
    assert IndicatorValue.objects.get(indicator=indicator, period=q4).value == 5


# ---------------------------------------------------------------- is_final: one default on form, upload and API


def _defaults(staff, indicator, q4, api_for):
    """数据类型 a figure of ``indicator`` gets when none is given — on the entry form (its initial choice), in the
    Excel upload (blank 数据类型) and through the API (``is_final`` left out)."""
    stored = {v.is_final: v for v in IndicatorValue.objects.filter(indicator=indicator, period=q4)}
    form = ValueForm(row=ValueRow(indicator, stored.get(False), stored.get(True), None), prefix="v")
    preview = upload_preview(
        file=xlsx([row(indicator.code, 7, None)]), department=indicator.reporting_department, period=q4
    )
    upload = next(r for r in preview.rows if r.code == indicator.code)
    body = {"indicator": indicator.pk, "period": q4.pk, "value": "7"}
    body["version"] = form_version(department=indicator.reporting_department, period=q4)
    response = api_for(staff).post("/api/v1/values/", body, format="json")
    assert response.status_code in (200, 201), response.json()
    return form.initial["is_final"] == "1", upload.is_final, response.json()["is_final"]


@pytest.mark.parametrize("code, final", [("T07-CONTAM-SITES", True), ("T05-PM25", False)])  # quarterly, annual
def test_is_final_default_is_the_same_on_form_upload_and_api_for_a_new_figure(code, final, staff_a, q4, api_for):
    indicator = Indicator.objects.get(code=code)
    assert _defaults(staff_a, indicator, q4, api_for) == (final, final, final)


def test_a_stored_figure_keeps_its_type_on_form_upload_and_api(staff_a, dept_a, q4, api_for):
    """A quarterly figure saved as 初步 stays 初步 when saved again without a type: the API no longer flips it."""
    indicator = Indicator.objects.get(code="T07-CONTAM-SITES")
    provisional = IndicatorValueFactory(
        submission=SubmissionFactory(department=dept_a, period=q4),
        indicator=indicator,
        value=Decimal(3),
        is_final=False,
    )
    assert _defaults(staff_a, indicator, q4, api_for) == (False, False, False)
    assert list(IndicatorValue.objects.filter(indicator=indicator, period=q4).values_list("pk", "is_final")) == [
        (provisional.pk, False)
    ]
