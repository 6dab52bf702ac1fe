"""Pages of the Excel template and upload (issue 3, item 7): download, upload → preview, confirm.

Thin views: load the department and period, check the user may (staff of the department; the
template also for readers of everything), call one function of ``indicators.entry.upload``, render.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from indicators.entry.services import StaleVersionError
from indicators.entry.upload import (
    UploadError,
    due_indicators,
    preview_token,
    template_workbook,
    upload_confirm,
    upload_preview,
)
from indicators.entry.upload.common import MAX_UPLOAD_BYTES
from indicators.models import ReportingPeriod
from responsibilities.access import department_read_or_404, department_write_or_deny
from responsibilities.models import Department
from tasks.audit.record import AuditEvent, audit_record
from tasks.common.http import request_body_limit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The file (at most MAX_UPLOAD_BYTES: a larger one gets the page's own message) plus room for the form around it;
# anything larger is refused (413) before it is read.
UPLOAD_BODY_MAX_BYTES = MAX_UPLOAD_BYTES + 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel文件(.xlsx)"),
        error_messages={"required": gettext_lazy("请选择要上传的Excel文件"), "empty": gettext_lazy("上传的文件是空的")},
    )


def _form_objects(department_code: str, year: int, quarter: int):
    department = get_object_or_404(Department, code=department_code)
    period = get_object_or_404(ReportingPeriod, year=year, quarter=quarter)
    return department, period


def _entry_form_url(department, period) -> str:
    """The department's entry form for the period (the data-entry pages), else the upload page."""
    kwargs = {"department_code": department.code, "year": period.year, "quarter": period.quarter}
    try:
        return reverse("entry:form", kwargs=kwargs)
    except NoReverseMatch:
        return reverse("entry:upload", kwargs=kwargs)


@login_required
@require_GET
def template_download(request, department_code: str, year: int, quarter: int):
    """The .xlsx template: staff of the department, supervisors and leadership."""
    department, period = _form_objects(department_code, year, quarter)
    department_read_or_404(request.user, department)
    content = template_workbook(department=department, period=period)
    response = HttpResponse(content, content_type=XLSX)
    filename = _("%(dept)s_%(period)s_填报模板.xlsx") % {
        "dept": department.short_name or department.code,
        "period": period.label,
    }
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    audit_record(AuditEvent.Kind.EXPORT, obj=department, detail=filename)
    return response


@request_body_limit(UPLOAD_BODY_MAX_BYTES)
@login_required
@require_http_methods(["GET", "POST"])
def upload(request, department_code: str, year: int, quarter: int):
    """GET: the upload form. POST: read the file and show the preview — nothing is saved."""
    department, period = _form_objects(department_code, year, quarter)
    department_write_or_deny(request.user, department)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    context = {
        "department": department,
        "period": period,
        "form": form,
        "entry_url": _entry_form_url(department, period),
    }
    if request.method == "POST" and form.is_valid():
        preview = upload_preview(file=form.cleaned_data["file"], department=department, period=period)
        token = None
        if not preview.has_errors and preview.changes:
            token = preview_token(preview=preview, user=request.user, department=department, period=period)
        context |= {
            "preview": preview,
            "token": token,
            "form": UploadForm(),
            "file_name": form.cleaned_data["file"].name,
        }
        return render(request, "indicators/upload_preview.html", context)
    context["due_count"] = len(due_indicators(department=department, period=period))
    return render(request, "indicators/upload_form.html", context)


@login_required
@require_POST
def confirm(request, department_code: str, year: int, quarter: int):
    """Save the previewed changes (signed token), all or nothing, then go to the entry form."""
    department, period = _form_objects(department_code, year, quarter)
    department_write_or_deny(request.user, department)
    here = reverse("entry:upload", kwargs={"department_code": department_code, "year": year, "quarter": quarter})
    try:
        values, reports = upload_confirm(
            token=request.POST.get("token", ""), user=request.user, department=department, period=period
        )
    except UploadError as exc:
        messages.error(request, exc.message)
        return redirect(here)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _("导入失败,没有保存任何数据:%(reason)s") % {"reason": _reason(exc)})
        return redirect(here)
    except StaleVersionError:
        messages.error(
            request,
            _(
                "预览之后该填报表已被修改(可能有人在网页上保存了数据),本次没有导入任何数据。请重新下载模板或重新上传文件。"
            ),
        )
        return redirect(here)
    if reports:
        text = _("已导入 %(n)d 项数值、%(m)d 项节点进展（草稿），请核对后提交。") % {"n": values, "m": reports}
    else:
        text = _("已导入 %(n)d 项数值（草稿），请核对后提交。") % {"n": values}
    messages.success(request, text)
    return redirect(_entry_form_url(department, period))


def _reason(exc) -> str:
    """ValidationError {indicator code: [messages]} → "T05-PM25:…;…"."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        return ";".join(f"{code}:{'、'.join(msgs)}" for code, msgs in exc.message_dict.items())
    if isinstance(exc, ValidationError):
        return ";".join(exc.messages)
    return str(exc) or _("没有权限")
