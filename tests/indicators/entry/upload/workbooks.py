"""Workbooks for the upload tests, built with openpyxl, and readers of the preview page."""

from decimal import Decimal
from io import BytesIO

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import Evidence, Indicator, IndicatorValue, ReportingPeriod, ReviewStatus, Submission

HEADERS = [
    "指标代码",
    "指标名称",
    "单位",
    "填报频次",
    "目标",
    "上期审核值",
    "上期审核值所属期",
    "本期数值",
    "数据类型",
    "备注",
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VALUE_COL = "H"  # 本期数值


HEADERS = [
    "指标代码",
    "指标名称",
    "单位",
    "填报频次",
    "目标",
    "上期审核值",
    "上期审核值所属期",
    "本期数值",
    "数据类型",
    "备注",
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VALUE_COL = "H"  # 本期数值


def row(code, value=None, data_type="初步", note=None):
    """A data row: reference columns left empty (they are not read)."""
    return [code, None, None, None, None, None, None, value, data_type, note]


def workbook_bytes(rows, *, headers=HEADERS, info=None, after=None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "指标填报"
    sheet.append(headers)
    for values in rows:
        sheet.append(values)
    if after:
        after(sheet)
    if info:
        extra = book.create_sheet("说明")
        for key, value in info.items():
            extra.append([key, value])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx(rows=(), *, name="填报.xlsx", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, workbook_bytes(rows, **kwargs), content_type=XLSX)


def urls(dept, year=2025, quarter=4):
    kwargs = {"department_code": dept.code, "year": year, "quarter": quarter}
    return reverse("entry:upload", kwargs=kwargs), reverse("entry:upload_confirm", kwargs=kwargs)


def period(year=2025, quarter=4):
    return ReportingPeriod.objects.get(year=year, quarter=quarter)


def snapshot():
    """Everything an upload could touch."""
    return (
        IndicatorValue.objects.count(),
        IndicatorValue.history.count(),
        Submission.objects.count(),
        Submission.history.count(),
        Evidence.objects.count(),
        sorted(Submission.objects.values_list("version", flat=True)),
    )


def stored(dept, code, *, value, status=ReviewStatus.DRAFT, is_final=False, year=2025, quarter=4, note=""):
    p = period(year, quarter)
    sub, _ = Submission.objects.get_or_create(department=dept, period=p)
    return IndicatorValue.objects.create(
        submission=sub,
        indicator=Indicator.objects.get(code=code),
        period=p,
        value=Decimal(value),
        status=status,
        is_final=is_final,
        note=note,
    )


def outcomes(response) -> dict:
    return {r.code: r for r in response.context["preview"].rows}


def errors(response) -> list[str]:
    return response.context["preview"].error_messages()
