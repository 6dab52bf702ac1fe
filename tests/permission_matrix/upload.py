"""Matrix entries of the Excel template and upload (/entry/<dept>/<year>/<quarter>/template.xlsx, upload/).

Template: staff of the department and every reader of everything (supervisors, leadership) may
download it; staff of another department get 404. Upload and confirm: only staff of the department
(another department's staff 404, supervisors and leadership 403), and a refused upload changes nothing.
"""

from io import BytesIO

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.entry.upload.resources import DepartmentTemplateResource
from indicators.models import IndicatorValue, Submission
from tests.permission_matrix import LOGIN, Case


def _url(name):
    def build(ctx, scope):
        dept = ctx.dept(scope)
        return reverse(
            name, kwargs={"department_code": dept.code, "year": ctx.period.year, "quarter": ctx.period.quarter}
        )

    return build


def _workbook(ctx, scope):
    """A filled template of the scope's department: its first indicator with a plausible value."""
    dept = ctx.dept(scope)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(DepartmentTemplateResource.headers().values()))
    code = dept.reported_indicators.order_by("code").values_list("code", flat=True).first()
    sheet.append([code, None, None, None, None, None, None, 1, "初步", None])
    buffer = BytesIO()
    book.save(buffer)
    return {"file": SimpleUploadedFile("upload.xlsx", buffer.getvalue())}


def _unchanged(ctx):
    return (
        IndicatorValue.objects.count(),
        IndicatorValue.history.count(),
        Submission.objects.count(),
        Submission.history.count(),
    )


WRITE = {"anonymous": LOGIN, "staff_own": 200, "staff_other": 404, "supervisor": 403, "leader": 403}

CASES = [
    Case(
        id="upload_template",
        url_name="entry:upload_template",
        url=_url("entry:upload_template"),
        expect={"anonymous": LOGIN, "staff_own": 200, "staff_other": 404, "supervisor": 200, "leader": 200},
    ),
    Case(id="upload_form", url_name="entry:upload", url=_url("entry:upload"), expect=WRITE),
    Case(
        id="upload_preview",
        url_name="entry:upload",
        url=_url("entry:upload"),
        method="post",
        data=_workbook,
        unchanged=_unchanged,
        expect=WRITE,  # staff_own: 200 = the preview page, which saves nothing either
    ),
    Case(
        id="upload_confirm",
        url_name="entry:upload_confirm",
        url=_url("entry:upload_confirm"),
        method="post",
        data=lambda ctx, scope: {"token": "not-a-valid-token"},
        unchanged=_unchanged,
        # staff_own: 302 back to the upload page with "预览数据无效" (a real confirm is in test_upload)
        expect={**WRITE, "staff_own": 302},
    ),
]
