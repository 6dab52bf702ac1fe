"""A control character in a note: a clear 400 naming the field on the page and in an upload cell (the API:
tests/api/test_control_characters.py);
a note stored before the rule (or written around it) never breaks the department's Excel template."""

import io

import openpyxl
import pytest
from django.urls import reverse

from indicators.entry.upload.preview import RowOutcome, _row_note
from indicators.entry.upload.reading import CellRead
from indicators.models import Indicator, IndicatorValue, ReportingPeriod, Submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def q4(plan):
    return ReportingPeriod.objects.get(year=2025, quarter=4)


def test_the_entry_form_shows_the_error_under_the_note_and_saves_nothing(client_for, staff_b, dept_b, q4):
    from tests.indicators.entry.test_views import due, form_url, post_data

    first = due(dept_b, q4)[0]
    response = client_for(staff_b).post(form_url(dept_b, q4), post_data(dept_b, q4, notes={first.code: "说明\x1b"}))
    assert response.status_code == 400
    assert response.context["form"].value_items[0][1].errors["note"][0].count("U+001B") == 1
    assert "控制字符" in response.content.decode()
    assert not IndicatorValue.objects.filter(submission__isnull=False).exists()


def test_the_template_still_downloads_with_a_stored_control_character(client_for, staff_b, dept_b, q4):
    indicator = Indicator.objects.filter(reporting_department=dept_b).order_by("code").first()
    form = Submission.objects.create(department=dept_b, period=q4)
    IndicatorValue.objects.create(submission=form, indicator=indicator, period=q4, value=5, note="旧\x01备\x0b注\x1b")
    url = reverse("entry:upload_template", args=[dept_b.code, 2025, 4])
    response = client_for(staff_b).get(url)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    notes = [row[9] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == indicator.code]
    assert notes == ["旧备注"]


def test_an_upload_cell_with_a_control_character_is_an_error_of_its_row_and_column():
    out = RowOutcome(row=7, code="T06-RIVERS")
    assert _row_note(out, CellRead(value="备注\x01"), "备注") == "备注\x01"
    assert len(out.errors) == 1 and out.errors[0][0] == "备注" and "U+0001" in out.errors[0][1]


def test_a_return_reason_with_a_control_character_is_refused_naming_the_reason(
    client_for, staff_b, supervisor, dept_b, q4
):
    from decimal import Decimal

    from indicators.entry import services
    from indicators.entry.services import ValueEntry
    from indicators.models import ReviewStatus
    from tests.indicators.entry.test_views import due

    submission = services.submission_get_or_create(department=dept_b, period=q4)
    entries = [ValueEntry(i.pk, Decimal(1), True, "") for i in due(dept_b, q4)]
    services.values_save(submission=submission, user=staff_b, entries=entries, expected_version=1)
    services.submission_submit(submission=submission, user=staff_b)
    value = submission.values.first()
    url = reverse("entry:value_review", args=[value.pk])
    page = client_for(supervisor).post(url, {"action": "return", "reason": "请补\x0c充"}, follow=True)
    assert "理由：含有不可见的控制字符（U+000C" in page.content.decode()
    value.refresh_from_db()
    assert value.status == ReviewStatus.SUBMITTED


def test_an_upload_milestone_description_with_a_control_character_is_an_error_of_its_cell():
    from indicators.entry.upload.milestones import _outcome

    columns = {"code": "节点代码", "state": "进展", "percent": "完成比例", "description": "进展说明"}
    cells = {"code": CellRead(value="T04-M1"), "state": CellRead(value=""), "description": CellRead(value="推进\x1b中")}
    out = _outcome(5, cells, {}, {}, columns)
    assert any(column == "进展说明" and "U+001B" in message for column, message in out.errors), out.errors
