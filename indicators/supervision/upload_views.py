"""Pages of the inspection-feedback import (督察反馈问题清单导入, 督查员 only): the template, the upload with its
preview (every error by row and column, nothing saved) and the confirm (all orders at once, or none)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from indicators.entry.upload.common import UploadError
from indicators.supervision import upload
from responsibilities.access import supervisor_or_deny

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(forms.Form):
    source_reference = forms.CharField(label=gettext_lazy("反馈文件"), max_length=200, required=False)
    file = forms.FileField(label=gettext_lazy("问题清单（.xlsx）"))


@login_required
def import_template(request):
    supervisor_or_deny(request.user, message=_("只有督查员可以导入督察反馈问题清单。"))
    response = HttpResponse(upload.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''%E9%97%AE%E9%A2%98%E6%B8%85%E5%8D%95.xlsx"
    return response


@login_required
def import_upload(request):
    """GET: the form; POST: the preview (400 when a row has an error; the confirm button only without errors)."""
    supervisor_or_deny(request.user, message=_("只有督查员可以导入督察反馈问题清单。"))
    form, preview, token, status = ImportForm(request.POST or None, request.FILES or None), None, "", 200
    if request.method == "POST" and form.is_valid():
        try:
            preview = upload.import_preview(file=form.cleaned_data["file"], today=timezone.localdate())
        except UploadError as exc:
            form.add_error("file", exc.message)
        else:
            if preview.ok:
                ref = form.cleaned_data["source_reference"]
                token = upload.import_token(preview=preview, user=request.user, source_reference=ref)
    if request.method == "POST" and (not form.is_valid() or (preview and not preview.ok)):
        status = 400
    context = {"form": form, "preview": preview, "token": token}
    return render(request, "supervision/import.html", context, status=status)


@login_required
@require_POST
def import_confirm(request):
    supervisor_or_deny(request.user, message=_("只有督查员可以导入督察反馈问题清单。"))
    try:
        orders = upload.import_confirm(token=request.POST.get("token", ""), user=request.user)
    except (UploadError, ValidationError) as exc:
        messages.error(request, exc.message if isinstance(exc, UploadError) else "；".join(exc.messages))
        return redirect("supervision:import")
    messages.success(request, _("已导入%(n)d份督办单。") % {"n": len(orders)})
    return redirect("supervision:index")
