"""Matrix entries of supervision orders (督办单): the API (/api/v1/supervision-orders/).

Staff read and act on their own department's orders (another department's is a 404); supervisors issue,
close and return (a department's step is a 403 for them); leaders read (every write a 403); anonymous API
calls get 401. Each step's case starts from an order of the scope's department in the status the step needs.
"""

from django.urls import reverse

from indicators.models import SupervisionOrder
from indicators.supervision import services
from tests.factories import order_issue_for
from tests.permission_matrix import Case

ANON = 401


def order_in(ctx, scope: str, status: str = "issued") -> SupervisionOrder:
    """An order of department A ("own") or B ("other") walked to ``status``."""

    def build():
        order = order_issue_for(ctx.dept(scope), supervisor=ctx.users["supervisor"])
        staff = ctx.users["staff_a"] if scope == "own" else ctx.users["staff_b"]
        walk = [
            ("acknowledged", lambda o: services.order_acknowledge(order=o, user=staff, expected_version=o.version)),
            (
                "rectifying",
                lambda o: services.order_progress(order=o, user=staff, expected_version=o.version, text="进展"),
            ),
            (
                "closure_requested",
                lambda o: services.order_request_closure(order=o, user=staff, expected_version=o.version, text="完成"),
            ),
        ]
        for _target, step in walk:
            if order.status == status:
                break
            order = step(order)
        return order

    return ctx.once(f"order_{scope}_{status}", build)


def _state(ctx):
    return list(SupervisionOrder.objects.order_by("pk").values_list("status", "version"))


def _state_b(ctx):
    """Department B's orders (what staff of A aim at): web steps answer 302 when they succeed."""
    return list(SupervisionOrder.objects.filter(lead_department=ctx.dept_b).values_list("status", "version"))


def step(name: str, status: str, body: dict, *, own: int, supervisor: int) -> Case:
    url_name = f"api-supervisionorder-{name}"
    return Case(
        id=url_name,
        url_name=url_name,
        method="post",
        format="json",
        url=lambda ctx, scope: reverse(url_name, args=[order_in(ctx, scope, status).pk]),
        data=lambda ctx, scope: body | {"version": order_in(ctx, scope, status).version},
        unchanged=_state,
        expect={"anonymous": ANON, "staff_own": own, "staff_other": 404, "supervisor": supervisor, "leader": 403},
    )


CASES = [
    Case(
        id="api-supervisionorder-list",
        url_name="api-supervisionorder-list",
        url=lambda ctx, scope: order_in(ctx, scope) and reverse("api-supervisionorder-list"),
        expect={"anonymous": ANON, "staff_own": 200, "staff_other": 200, "supervisor": 200, "leader": 200},
    ),
    Case(
        id="api-supervisionorder-create",
        url_name="api-supervisionorder-list",
        method="post",
        format="json",
        url=lambda ctx, scope: reverse("api-supervisionorder-list"),
        data=lambda ctx, scope: {
            "source": "check",
            "title": "矩阵",
            "problem": "问题",
            "requirement": "要求",
            "lead_department": ctx.dept(scope).pk,
            "deadline": "2099-12-31",
        },
        unchanged=lambda ctx: SupervisionOrder.objects.count(),
        expect={"anonymous": ANON, "staff_own": 403, "staff_other": 403, "supervisor": 201, "leader": 403},
    ),
    Case(
        id="api-supervisionorder-detail",
        url_name="api-supervisionorder-detail",
        url=lambda ctx, scope: reverse("api-supervisionorder-detail", args=[order_in(ctx, scope).pk]),
        expect={"anonymous": ANON, "staff_own": 200, "staff_other": 404, "supervisor": 200, "leader": 200},
    ),
    step("acknowledge", "issued", {}, own=200, supervisor=403),
    step("progress", "acknowledged", {"text": "进展"}, own=200, supervisor=403),
    step("request-closure", "rectifying", {"text": "完成"}, own=200, supervisor=403),
    step("close", "closure_requested", {}, own=403, supervisor=200),
    step("return", "closure_requested", {"reason": "佐证不足"}, own=403, supervisor=200),
    step("extend", "acknowledged", {"deadline": "2099-12-31", "reason": "汛期"}, own=200, supervisor=200),
]


def _attachment(ctx, scope: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import PDF_BYTES

    def build():
        order = order_in(ctx, scope, "acknowledged")
        staff = ctx.users["staff_a"] if scope == "own" else ctx.users["staff_b"]
        file = SimpleUploadedFile("照片.pdf", PDF_BYTES)
        services.order_progress(order=order, user=staff, expected_version=order.version, text="进展", files=[file])
        return order.attachments.get()

    return ctx.once(f"order_file_{scope}", build)


LOGIN = 302
CASES += [
    Case(
        id="supervision:index",
        url_name="supervision:index",
        url=lambda ctx, scope: reverse("supervision:index"),
        expect={"anonymous": LOGIN, "staff_own": 200, "staff_other": 200, "supervisor": 200, "leader": 200},
    ),
    Case(
        id="supervision:issue",
        url_name="supervision:issue",
        url=lambda ctx, scope: reverse("supervision:issue"),
        expect={"anonymous": LOGIN, "staff_own": 403, "staff_other": 403, "supervisor": 200, "leader": 403},
    ),
    Case(
        id="supervision:issue-post",
        url_name="supervision:issue",
        method="post",
        url=lambda ctx, scope: reverse("supervision:issue"),
        data=lambda ctx, scope: {
            "source": "check",
            "title": "矩阵",
            "problem": "问题",
            "requirement": "要求",
            "lead_department": ctx.dept(scope).pk,
            "severity": "normal",
            "deadline": "2099-12-31",
        },
        unchanged=lambda ctx: SupervisionOrder.objects.filter(lead_department=ctx.dept_b).count(),
        expect={"anonymous": LOGIN, "staff_own": 403, "staff_other": 403, "supervisor": 302, "leader": 403},
    ),
    Case(
        id="supervision:detail",
        url_name="supervision:detail",
        url=lambda ctx, scope: reverse("supervision:detail", args=[order_in(ctx, scope).pk]),
        expect={"anonymous": LOGIN, "staff_own": 200, "staff_other": 404, "supervisor": 200, "leader": 200},
    ),
    Case(
        id="supervision:step-acknowledge",
        url_name="supervision:step",
        method="post",
        url=lambda ctx, scope: reverse("supervision:step", args=[order_in(ctx, scope).pk]),
        data=lambda ctx, scope: {"action": "acknowledge", "version": order_in(ctx, scope).version},
        unchanged=_state_b,
        expect={"anonymous": LOGIN, "staff_own": 302, "staff_other": 404, "supervisor": 403, "leader": 403},
    ),
    Case(
        id="supervision:step-close",
        url_name="supervision:step",
        method="post",
        url=lambda ctx, scope: reverse("supervision:step", args=[order_in(ctx, scope, "closure_requested").pk]),
        data=lambda ctx, scope: {"action": "close", "version": order_in(ctx, scope, "closure_requested").version},
        unchanged=_state_b,
        expect={"anonymous": LOGIN, "staff_own": 403, "staff_other": 404, "supervisor": 302, "leader": 403},
    ),
    Case(
        id="supervision:attachment",
        url_name="supervision:attachment",
        url=lambda ctx, scope: reverse("supervision:attachment", args=[_attachment(ctx, scope).pk]),
        expect={"anonymous": LOGIN, "staff_own": 200, "staff_other": 404, "supervisor": 200, "leader": 200},
    ),
]

# 整改台账 (/reports/supervision-ledger/): every signed-in user reads what they may see (staff: their department's).
CASES += [
    Case(
        id=f"supervision_ledger:{name}",
        url_name=f"supervision_ledger:{name}",
        url=lambda ctx, scope, name=name: order_in(ctx, scope) and reverse(f"supervision_ledger:{name}"),
        expect={"anonymous": LOGIN, "staff_own": 200, "staff_other": 200, "supervisor": 200, "leader": 200},
    )
    for name in ("index", "xlsx")
]

# 督察反馈问题清单导入: supervisors only.
CASES += [
    Case(
        id="supervision:import",
        url_name="supervision:import",
        url=lambda ctx, scope: reverse("supervision:import"),
        expect={"anonymous": LOGIN, "staff_own": 403, "staff_other": 403, "supervisor": 200, "leader": 403},
    ),
    Case(
        id="supervision:import_template",
        url_name="supervision:import_template",
        url=lambda ctx, scope: reverse("supervision:import_template"),
        expect={"anonymous": LOGIN, "staff_own": 403, "staff_other": 403, "supervisor": 200, "leader": 403},
    ),
    Case(
        id="supervision:import_confirm",
        url_name="supervision:import_confirm",
        method="post",
        url=lambda ctx, scope: reverse("supervision:import_confirm"),
        data=lambda ctx, scope: {"token": "bad"},
        unchanged=lambda ctx: SupervisionOrder.objects.count(),
        expect={"anonymous": LOGIN, "staff_own": 403, "staff_other": 403, "supervisor": 302, "leader": 403},
    ),
]
