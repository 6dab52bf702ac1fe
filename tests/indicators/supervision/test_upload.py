"""Importing an inspection-feedback list of 10 rows: the template, per-row errors in the preview (nothing saved),
all-or-nothing confirm, and only supervisors."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from indicators.models import SupervisionOrder
from indicators.supervision import upload

pytestmark = pytest.mark.django_db


def _file(rows) -> SimpleUploadedFile:
    book = openpyxl.load_workbook(io.BytesIO(upload.template_workbook()))
    for row in rows:
        book[upload.SHEET].append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("问题清单.xlsx", out.getvalue())


def _rows(dept_a, dept_b):
    deadline = timezone.localdate() + dt.timedelta(days=60)
    rows = []
    for n in range(1, 11):
        lead, support = (dept_a, dept_b) if n % 2 else (dept_b, dept_a)
        rows.append(
            [
                f"问题{n}",
                f"督察反馈问题{n}",
                f"存在问题{n}",
                f"整改要求{n}",
                lead.name,
                support.short_name,
                "重点",
                deadline,
                "",
            ]
        )
    return rows


def test_template_has_the_columns():
    sheet = openpyxl.load_workbook(io.BytesIO(upload.template_workbook()))[upload.SHEET]
    assert [c.value for c in sheet[1]] == list(upload.COLUMNS)


def test_ten_rows_with_errors_are_listed_by_row_and_nothing_is_saved(dept_a, dept_b, supervisor, client_for):
    rows = _rows(dept_a, dept_b)
    rows[2][4] = "不存在的局"  # row 4 of the sheet
    rows[6][7] = "明年"  # row 8
    rows[9][1] = ""  # row 11
    response = client_for(supervisor).post(
        reverse("supervision:import"), {"file": _file(rows), "source_reference": "晋环督反馈〔2026〕1号"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "第4行“牵头单位”：没有名为“不存在的局”的单位" in html
    assert "第8行“整改期限”：“明年”不是日期" in html
    assert "第11行“督办事项”：不能为空" in html
    assert 'id="import-confirm"' not in html and html.count('class="status status-achieved"') == 7
    assert not SupervisionOrder.objects.exists()


def test_ten_rows_import_at_once(dept_a, dept_b, supervisor, staff_a, client_for):
    client = client_for(supervisor)
    response = client.post(
        reverse("supervision:import"),
        {"file": _file(_rows(dept_a, dept_b)), "source_reference": "晋环督反馈〔2026〕1号"},
    )
    assert response.status_code == 200 and not SupervisionOrder.objects.exists()
    token = response.context["token"]
    assert token and response.context["preview"].ok
    assert client_for(staff_a).post(reverse("supervision:import_confirm"), {"token": token}).status_code == 403
    confirmed = client.post(reverse("supervision:import_confirm"), {"token": token})
    assert confirmed.status_code == 302
    orders = list(SupervisionOrder.objects.order_by("sequence"))
    assert len(orders) == 10 and {o.source for o in orders} == {"inspection"}
    assert orders[0].inspection_item == "问题1" and orders[0].source_reference == "晋环督反馈〔2026〕1号"
    assert list(orders[0].support_departments.all()) == [dept_b] and orders[1].lead_department == dept_b
    assert orders[0].severity == "key"


def test_confirm_is_all_or_nothing(dept_a, dept_b, supervisor):
    preview = upload.import_preview(file=_file(_rows(dept_a, dept_b)), today=timezone.localdate())
    token = upload.import_token(preview=preview, user=supervisor, source_reference="")
    later = timezone.localdate() + dt.timedelta(days=90)  # by then every deadline has passed: the service refuses
    with pytest.raises(ValidationError):  # the first row fails after nothing else: none is kept
        upload.import_confirm(token=token, user=supervisor, today=later)
    assert not SupervisionOrder.objects.exists()
    with pytest.raises(upload.UploadError):
        upload.import_confirm(token=token + "x", user=supervisor)
