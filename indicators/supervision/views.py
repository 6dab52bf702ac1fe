"""Thin views of the 督办 pages, mounted at /supervision/ (namespace "supervision").

The list (staff: their department's orders, open ones first, red then yellow; supervisors: the queue of closure
and extension requests and overdue orders, then every order; leaders: every order, read only), issuing an order
(督查员; prefilled from a dashboard warning), an order's page with its steps and the forms of the steps the
viewer may take, one step (POST), and attachments. Another department's order is a 404 for staff.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from indicators.entry.evidence import evidence_download_name
from indicators.models import OPEN_STATUSES, OrderAttachment, OrderSource, OrderStatus, SupervisionOrder
from indicators.supervision import prefill, selectors, services
from indicators.supervision.forms import OrderIssueForm, OrderStepForm
from responsibilities.access import supervisor_or_deny
from responsibilities.models import Department
from responsibilities.selectors import user_department
from tasks.audit.record import AuditEvent, audit_record
from tasks.common.roles import STAFF, user_can_read_all, user_is_supervisor, user_roles


def filters_from_query(request) -> dict:
    """The list filters from the query string (invalid values are ignored)."""
    get = request.GET
    year = get.get("year", "")
    department = get.get("department", "")
    overdue = {"1": True, "0": False}.get(get.get("overdue", ""))
    status = get.get("status", "")
    return {
        "status": status if status in ("open", *OrderStatus.values) else "",
        "source": get.get("source", "") if get.get("source", "") in OrderSource.values else "",
        "year": int(year) if year.isdigit() and len(year) == 4 else None,
        "department_id": int(department) if department.isdigit() and len(department) < 10 else None,
        "overdue": overdue,
    }


@login_required
def index(request):
    """/supervision/: the 督办 page of the viewer's role (see the module)."""
    today = timezone.localdate()
    user = request.user
    context = {"today": today, "is_supervisor": user_is_supervisor(user)}
    if not user_can_read_all(user):
        if user_department(user) is None:
            if STAFF not in user_roles(user):  # 安全管理员, 审计员: not a role of the 督办 work
                raise PermissionDenied(_("只有填报员、督查员、领导和系统管理员可以查看督办。"))
            raise PermissionDenied(_("您的账号没有所属单位，请联系管理员。"))
        context |= {"mine": selectors.my_orders_first(user, today=today), "department": user_department(user)}
        return render(request, "supervision/index.html", context)
    filters = filters_from_query(request)
    orders = selectors.orders_filtered(selectors.orders_visible(user), today=today, **filters)
    context |= {
        "queue": selectors.supervisor_queue(today=today) if context["is_supervisor"] else None,
        "rows": selectors.order_rows(orders.order_by("-year", "-sequence")[:500], today=today),
        "filters": filters,
        "statuses": [("open", _("未销号")), *OrderStatus.choices],
        "sources": OrderSource.choices,
        "departments": Department.objects.filter(is_active=True),
    }
    return render(request, "supervision/index.html", context)


@login_required
def issue(request):
    """/supervision/new/: issue an order (督查员); ``?indicator=&department=&period=`` prefill it from a warning."""
    supervisor_or_deny(request.user, message=_("只有督查员可以下达督办单。"))
    today = timezone.localdate()
    form = OrderIssueForm(initial=prefill.issue_initial(request.GET, today=today))
    status = 200
    if request.method == "POST":
        form = OrderIssueForm(request.POST, request.FILES)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["support_departments"] = tuple(data["support_departments"])
            data["files"] = tuple(data["files"] or ())
            try:
                order = services.order_issue(draft=services.OrderDraft(**data), user=request.user, today=today)
            except ValidationError as exc:
                _errors_add(form, exc)
            else:
                messages.success(request, _("已下达%(number)s。") % {"number": order.number})
                return redirect("supervision:detail", pk=order.pk)
        status = 400
    return render(request, "supervision/issue.html", {"form": form}, status=status)


def _errors_add(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _order_or_404(request, pk) -> SupervisionOrder:
    return get_object_or_404(selectors.orders_visible(request.user), pk=pk)


def _actions(user, order) -> list[str]:
    """The steps ``user`` may take on ``order`` now (the forms shown)."""
    if not order.is_open:
        return []
    if user_is_supervisor(user):
        found = {"closure_requested": ["close", "return"]}.get(order.status, [])
        return found + ["extension_grant"] + (["extension_refuse"] if order.extension_requested_until else [])
    own = user_department(user)
    if own is None or own.pk != order.lead_department_id:
        return []
    found = {
        "issued": ["acknowledge"],
        "acknowledged": ["progress"],
        "rectifying": ["progress", "request_closure"],
    }.get(order.status, [])
    return found + ([] if order.extension_requested_until else ["extension_request"])


@login_required
def detail(request, pk):
    """/supervision/<id>/: the order, its steps (with files) and the forms of the steps the viewer may take."""
    order = _order_or_404(request, pk)
    today = timezone.localdate()
    context = {
        "order": order,
        "row": selectors.order_rows([order], today=today)[0],
        "actions": _actions(request.user, order),
        "form": OrderStepForm(initial={"version": order.version}),
        "open_statuses": OPEN_STATUSES,
        **selectors.order_detail(order),
    }
    return render(request, "supervision/detail.html", context)


STEPS = {
    "acknowledge": lambda d, **kw: services.order_acknowledge(
        **kw, measures=d["measures"], responsible_person=d["responsible_person"], timeline=d["timeline"]
    ),
    "progress": lambda d, **kw: services.order_progress(
        **kw, text=d["text"], percent=d["percent"], files=d["files"] or (), measures=d["measures"]
    ),
    "request_closure": lambda d, **kw: services.order_request_closure(**kw, text=d["text"], files=d["files"] or ()),
    "close": lambda d, **kw: services.order_close(**kw, text=d["text"]),
    "return": lambda d, **kw: services.order_return(**kw, reason=d["reason"]),
    "extension_request": lambda d, **kw: services.order_extension_request(
        **kw, until=d["deadline"], reason=d["reason"]
    ),
    "extension_grant": lambda d, **kw: services.order_extension_decide(
        **kw, grant=True, until=d["deadline"], reason=d["reason"]
    ),
    "extension_refuse": lambda d, **kw: services.order_extension_decide(**kw, grant=False, reason=d["reason"]),
}
DONE = {
    "acknowledge": gettext_lazy("已签收。"),
    "progress": gettext_lazy("整改进展已报送。"),
    "request_closure": gettext_lazy("已申请销号，等待督查员核查。"),
    "close": gettext_lazy("已销号。"),
    "return": gettext_lazy("已退回整改。"),
    "extension_request": gettext_lazy("延期申请已提交。"),
    "extension_grant": gettext_lazy("已批准延期。"),
    "extension_refuse": gettext_lazy("已不予延期。"),
}


@login_required
@require_POST
def step(request, pk):
    """One step on the order (POST from its page); the outcome is a message on the order's page. The wrong role
    gets 403 (another department's staff 404); a stale page 409 with the order's page and a message."""
    order = _order_or_404(request, pk)
    form = OrderStepForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(
            request, "；".join(f"{form.fields[k].label or k}：{m}" for k, ms in form.errors.items() for m in ms)
        )
        return redirect("supervision:detail", pk=order.pk)
    data = form.cleaned_data
    try:
        STEPS[data["action"]](data, order=order, user=request.user, expected_version=data["version"])
    except services.StaleOrderError as exc:
        messages.error(request, exc.message)
        response = detail(request, pk)
        response.status_code = 409
        return response
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, str(DONE[data["action"]]))
    return redirect("supervision:detail", pk=order.pk)


@login_required
def attachment_download(request, pk):
    """An order's file, for those who may read the order (as an attachment, its detected type, nosniff)."""
    attachment = get_object_or_404(OrderAttachment.objects.select_related("order"), pk=pk)
    if not selectors.order_readable(request.user, attachment.order):
        raise Http404(_("文件不存在。"))
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("文件不存在。")) from None
    name = evidence_download_name(attachment)
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=attachment.content_type)
    audit_record(AuditEvent.Kind.DOWNLOAD, obj=attachment, detail=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
