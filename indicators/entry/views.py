"""Thin views of the entry and review pages (填报与审核), mounted at /entry/ (namespace "entry").

Each view loads, checks permission (``permissions``), validates a form, calls one service and renders
or redirects. Staff aiming at another department get 404; readers who may not change get 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indicators.entry import selectors, services
from indicators.entry.evidence import evidence_department, evidence_download_name
from indicators.entry.forms import EntryForm, ReviewForm, WithdrawForm
from indicators.models import Evidence, Indicator, IndicatorValue, MilestoneReport, ReportingPeriod, Submission
from responsibilities.access import (
    department_read_or_404,
    department_writable,
    department_write_or_deny,
    supervisor_or_deny,
)
from responsibilities.models import Department
from responsibilities.selectors import user_department
from tasks.audit.record import AuditEvent, audit_record
from tasks.common.roles import user_can_read_all, user_is_supervisor
from tasks.plan_switch import plan_page


def entry_url(department, period) -> str:
    return reverse("entry:form", args=[department.code, period.year, period.quarter])


@login_required
def submissions(request):
    """Staff: their department's periods (status, due date, timeliness). Readers of everything are sent
    to the review queue."""
    if user_can_read_all(request.user):
        return redirect("entry:review_queue")
    department = user_department(request.user)
    if department is None:
        raise PermissionDenied(_("您的账号没有所属单位,请联系管理员。"))
    today = timezone.localdate()
    rows = selectors.department_submissions(department=department, today=today)
    return render(request, "indicators/submissions.html", {"department": department, "rows": rows, "today": today})


@login_required
def review_queue(request):
    """Supervisors and leadership: forms awaiting review (oldest first) and every department's form of
    one period (``?period=2025Q4``, default the latest open period) with its timeliness."""
    if not user_can_read_all(request.user):
        raise PermissionDenied(_("只有督查员和领导可以查看审核队列。"))
    today = timezone.localdate()
    choice = plan_page(request)  # the switcher's plan (?plan=<code>, remembered)
    period = _period_from_query(request) or selectors.period_current(today=today)
    context = selectors.review_queue(period=period, today=today, plan=choice["plan"]) if period else {}
    return render(
        request,
        "indicators/review_queue.html",
        {**choice, **context, "period": period, "can_review": user_is_supervisor(request.user)},
    )


def _period_from_query(request):
    label = request.GET.get("period", "")
    if len(label) == 6 and label[4] == "Q" and label[:4].isdigit() and label[5].isdigit():
        return ReportingPeriod.objects.filter(year=int(label[:4]), quarter=int(label[5])).first()
    return None


def _form_objects(request, department_code, year, quarter):
    department = get_object_or_404(Department, code=department_code)
    department_read_or_404(request.user, department)
    period = get_object_or_404(ReportingPeriod, year=year, quarter=quarter)
    return department, period


@login_required
def entry_form(request, department_code, year, quarter):
    """The form of (department, period): staff of the department enter and submit; others read."""
    department, period = _form_objects(request, department_code, year, quarter)
    data = selectors.entry_form_data(department=department, period=period)
    writable = department_writable(request.user, department) and data.is_open
    form, status = _entry_form_unbound(data) if writable else None, 200
    if request.method == "POST":
        department_write_or_deny(request.user, department)
        form = EntryForm(request.POST, request.FILES, form_data=data)
        status = _entry_save(request, form, department, period)
        if status == 302:
            return redirect(entry_url(department, period))
    context = {**_form_context(request, data, form), "can_withdraw": writable and data.has_submitted}
    return render(request, "indicators/entry_form.html", context, status=status)


def _entry_form_unbound(data) -> EntryForm | None:
    """The inputs staff may fill, or None (no inputs, no buttons) while the form waits for review or
    when everything is locked (approved)."""
    if data.awaiting_review:
        return None
    form = EntryForm(form_data=data)
    return form if form.forms else None


def _entry_save(request, form, department, period) -> int:
    """Validate and save; returns 302 on success, 400 for invalid input, 409 for a stale version."""
    if not form.is_valid():
        return 400
    try:
        services.entry_form_save(
            department=department,
            period=period,
            user=request.user,
            values=form.value_entries(),
            milestones=form.milestone_entries(),
            expected_version=form.expected_version,
            submit=form.submitting,
        )
    except services.StaleVersionError as exc:
        form.general_errors.append(exc.message)
        form.version_reset(exc.current)
        return 409
    except ValidationError as exc:
        form.add_service_errors(exc)
        return 400
    messages.success(request, _("已提交,等待督查员审核。") if form.submitting else _("草稿已保存。"))
    return 302


def _form_context(request, data, form) -> dict:
    warnings = form.warnings() if form is not None else EntryForm(form_data=data).warnings()
    return {
        "data": data,
        "form": form,
        "warnings": warnings,
        "is_supervisor": user_is_supervisor(request.user),
        "history": selectors.submission_history(submission=data.submission),
        "rows": _rows_with_forms(data, form),
    }


def _rows_with_forms(data, form):
    if form is None:
        return {
            "values": [(row, None) for row in data.value_rows],
            "milestones": [(row, None) for row in data.milestone_rows],
        }
    return {"values": form.value_items, "milestones": form.milestone_items}


def _review_apply(request, actions: dict, **target) -> None:
    """Run the supervisor's decision (approve/return/reopen) and report the outcome as a message."""
    form = ReviewForm(request.POST)
    if not form.is_valid() or form.cleaned_data["action"] not in actions:
        errors = [
            _("%(field)s：%(message)s") % {"field": form.fields[name].label, "message": m}
            if name in form.fields and form.fields[name].label
            else m
            for name, messages_ in form.errors.items()
            for m in messages_
        ] or [_("无效的操作。")]
        messages.error(request, ";".join(errors))
        return
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"].strip()
    kwargs = {"user": request.user, "expected_version": form.cleaned_data["version"], **target}
    try:
        actions[action](**kwargs, **({} if action == "approve" else {"reason": reason}))
    except services.StaleVersionError:
        messages.error(request, _("该填报表已有新的修改,请查看最新内容后再审核。"))
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    except PermissionDenied as exc:  # segregation of duties: one's own figures are reviewed by someone else
        messages.error(request, str(exc))
    else:
        messages.success(
            request, {"approve": _("已审核通过。"), "return": _("已退回。"), "reopen": _("已重新打开。")}[action]
        )


@login_required
@require_POST
def form_review(request, department_code, year, quarter):
    """Approve or return every submitted item of a form at once (supervisors)."""
    department, period = _form_objects(request, department_code, year, quarter)
    supervisor_or_deny(request.user)
    submission = get_object_or_404(Submission, department=department, period=period)
    actions = {"approve": services.submission_approve, "return": services.submission_return}
    _review_apply(request, actions, submission=submission)
    return redirect(entry_url(department, period))


@login_required
@require_POST
def form_withdraw(request, department_code, year, quarter):
    """撤回修改: staff of the department take their submitted form back to change it."""
    department, period = _form_objects(request, department_code, year, quarter)
    department_write_or_deny(request.user, department)
    submission = get_object_or_404(Submission, department=department, period=period)
    form = WithdrawForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    try:
        services.submission_withdraw(submission=submission, user=request.user, expected_version=version)
    except services.StaleVersionError:
        messages.error(request, _("该填报表已有新的变化(可能已被审核),请查看最新状态后再操作。"))
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    else:
        messages.success(request, _("已撤回提交,修改后请重新提交。"))
    return redirect(entry_url(department, period))


@login_required
@require_POST
def value_review(request, pk):
    """Approve, return or reopen one figure (supervisors)."""
    value = get_object_or_404(
        IndicatorValue.objects.select_related("submission__department", "submission__period", "indicator"),
        pk=pk,
        submission__isnull=False,
    )
    department_read_or_404(request.user, value.submission.department)
    supervisor_or_deny(request.user)
    actions = {"approve": services.value_approve, "return": services.value_return, "reopen": services.value_reopen}
    _review_apply(request, actions, value=value)
    return redirect(entry_url(value.submission.department, value.submission.period))


@login_required
@require_POST
def milestone_review(request, pk):
    """Approve, return or reopen one milestone report (supervisors)."""
    report = get_object_or_404(
        MilestoneReport.objects.select_related("submission__department", "submission__period", "milestone"), pk=pk
    )
    department_read_or_404(request.user, report.submission.department)
    supervisor_or_deny(request.user)
    actions = {
        "approve": services.milestone_report_approve,
        "return": services.milestone_report_return,
        "reopen": services.milestone_report_reopen,
    }
    _review_apply(request, actions, report=report)
    return redirect(entry_url(report.submission.department, report.submission.period))


@login_required
def indicator_detail(request, pk):
    """An indicator's figures over the quarters and the full history of every change."""
    indicator = get_object_or_404(Indicator.objects.select_related("task", "reporting_department"), pk=pk)
    department_read_or_404(request.user, indicator.reporting_department)
    data = selectors.indicator_page_data(indicator=indicator)
    return render(request, "indicators/indicator.html", {"indicator": indicator, **data})


def _evidence_or_404(request, pk) -> Evidence:
    evidence = get_object_or_404(
        Evidence.objects.select_related(
            "value__submission__department",
            "value__submission__period",
            "value__indicator__reporting_department",
            "milestone_report__submission__department",
            "milestone_report__submission__period",
        ),
        pk=pk,
    )
    department_read_or_404(request.user, evidence_department(evidence))
    return evidence


@login_required
def evidence_download(request, pk):
    """Serve an evidence file to users who may see the figure it supports (as an attachment)."""
    evidence = _evidence_or_404(request, pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("文件不存在。")) from None
    name = evidence_download_name(evidence)
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=evidence.content_type)
    audit_record(AuditEvent.Kind.DOWNLOAD, obj=evidence, detail=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def evidence_delete(request, pk):
    """Remove an evidence file of a figure or report not yet approved (staff of the department)."""
    evidence = _evidence_or_404(request, pk)
    department = evidence_department(evidence)
    department_write_or_deny(request.user, department)
    owner = evidence.value or evidence.milestone_report
    try:
        services.evidence_delete(evidence=evidence, user=request.user)
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    else:
        messages.success(request, _("已删除佐证材料“%(name)s”。") % {"name": evidence.original_name})
    return redirect(entry_url(department, owner.period))
