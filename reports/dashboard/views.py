"""Thin views of the reports app: the landing router and the leadership dashboard (进度看板).

Dashboard views validate the quarter (``?period=2025Q3``), call one selector of
``reports.dashboard.selectors``, turn its rows into plotly figures with ``reports.dashboard.charts`` and render.
Every logged-in user sees the plan-wide pages (overview, systems, tasks); a department's page and
an indicator's page are readable by leadership, supervisors and administrators, and by the staff
(填报员) of that department only — anyone else gets 404, as if the page did not exist.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from indicators.models import Indicator
from indicators.scoring import engine
from reports.dashboard.charts import bars, heatmap, lines
from reports.dashboard.charts.base import STATUS_ORDER, status_label
from reports.dashboard.selectors.common import viewer_of
from reports.dashboard.selectors.overview import overview_data, overview_fingerprint
from reports.dashboard.selectors.pages import department_detail, indicator_detail, system_detail, task_detail
from reports.dashboard.selectors.periods import period_resolve, periods_all
from reports.dashboard.selectors.supervision import supervision_card
from responsibilities.models import Department
from responsibilities.selectors import user_department
from tasks.common.roles import user_can_read_all, user_is_administrator, user_is_leader, user_is_supervisor
from tasks.models import EcoSystem, PlanTask
from tasks.plan_switch import plan_page
from tasks.selectors import plan_tree

# Longest life of a cached overview body (s): bounds how long an admin edit of names stays unseen.
OVERVIEW_CACHE_SECONDS = getattr(settings, "DASHBOARD_CACHE_SECONDS", 300)


@login_required
def home(request):
    """Landing router: administrators (系统管理员, 安全管理员, 审计员) → the admin (what they maintain);
    leadership → dashboard; supervisors → the review queue; staff → their data entry (填报) page. Anyone
    else sees the plan overview: the six systems and 23 tasks."""
    user = request.user
    if user.is_staff and user_is_administrator(user):
        return redirect("admin:index")
    if user_is_leader(user):
        return redirect("dashboard:overview")
    if user_is_supervisor(user):
        return redirect("entry:review_queue")
    if user_department(user) is not None:
        return redirect("entry:submissions")
    if user_can_read_all(user):
        return redirect("dashboard:overview")
    return render(request, "reports/home.html", {"tree": plan_tree()})


@login_required
def ping(request):
    """A bare page behind the login: the baseline of bench/dashboard.py (same layout, no data)."""
    return render(request, "reports/dashboard_ping.html")


def _quarter(request) -> dict:
    """Plan (the switcher's, ``?plan=<code>``), the quarters of the plan that have ended and the chosen one
    (``?period=2025Q3``, else the latest with approved data).
    The quarter under way is not offered: its data are incomplete.

    An unknown or unfinished quarter falls back to the default with a message naming the field.
    """
    choice = plan_page(request)
    plan = choice["plan"]
    periods = periods_all(today=timezone.localdate(), plan=plan)
    period, invalid = period_resolve(periods, label=request.GET.get("period"), today=timezone.localdate())
    if invalid:
        messages.warning(
            request,
            _("报告期“%(label)s”不存在或尚未结束,已显示%(period)s。")
            % {"label": request.GET.get("period"), "period": period},
        )
    if period is None:
        raise Http404(_("尚未载入规划或报告期。"))
    return choice | {"periods": list(reversed(periods)), "period": period, "all_periods": periods}


@login_required
def overview(request):
    """/dashboard/: plan score vs 时序进度, systems, tasks × quarters, early warnings, department ranking.

    The page body is cached per quarter, viewer scope, day and data fingerprint (see
    ``selectors.overview.overview_fingerprint``): leaders opening it again cost a few queries, and any recompute
    or saved form shows at once.
    """
    ctx = _quarter(request)
    viewer, today = viewer_of(request.user), timezone.localdate()
    fingerprint = overview_fingerprint(plan=ctx["plan"])
    key = ":".join(
        map(
            str,
            (
                "dashboard-overview",
                ctx["plan"].pk,
                ctx["period"].pk,
                viewer.read_all,
                viewer.can_admin,
                viewer.department_id,
                today,
                get_language(),
                *fingerprint,
            ),
        )
    )
    body = cache.get(key)
    if body is None:
        body = _overview_body(request, ctx, viewer, today)
        cache.set(key, body, OVERVIEW_CACHE_SECONDS)
    card = supervision_card(today=today) if viewer.read_all else None  # live: never in the cached body
    return render(request, "reports/dashboard.html", ctx | {"body": mark_safe(body), "supervision_card": card})


def _overview_body(request, ctx: dict, viewer, today) -> str:
    data = overview_data(plan=ctx["plan"], period=ctx["period"], periods=ctx["all_periods"], today=today, viewer=viewer)
    figures = {
        "plan": bars.plan_gauge(data["plan"]),
        "systems": bars.progress_bars(data["systems"], filename="systems-progress"),
        "heatmap": heatmap.status_heatmap(data["heatmap"]),
        "departments": bars.departments_bars(data["departments"]),
    }
    rules = [engine.NO_TARGET_RULE, engine.NOT_REPORTED_RULE]  # the roll-up rules, as the workbook prints them
    context = ctx | {"data": data, "figures": figures, "statuses": _statuses(), "rollup_rules": rules}
    return render_to_string("reports/partials/overview_body.html", context, request=request)


def _statuses() -> list[tuple[str, str]]:
    """(code, Chinese name) of every status, for the HTML legend."""
    return [(code, status_label(code)) for code in STATUS_ORDER]


@login_required
def system(request, system_id: int):
    """/dashboard/system/<id>/: a system's tasks against 时序进度 and its score over the quarters."""
    ctx = _quarter(request)
    obj = get_object_or_404(EcoSystem, pk=system_id, plan=ctx["plan"])
    data = system_detail(system=obj, period=ctx["period"], periods=ctx["all_periods"])
    figures = {
        "tasks": bars.progress_bars(data["tasks"], filename=f"system-{obj.order}-tasks", label="title"),
        "trend": lines.score_trend(data["history"], filename=f"system-{obj.order}-trend"),
    }
    return render(request, "reports/dashboard_system.html", ctx | {"system": obj, "data": data, "figures": figures})


@login_required
def task(request, number: int):
    """/dashboard/task/<number>/: indicators, milestones, 牵头/配合单位 and the task's score over time."""
    ctx = _quarter(request)
    obj = get_object_or_404(PlanTask.objects.select_related("system"), number=number, system__plan=ctx["plan"])
    data = task_detail(task=obj, period=ctx["period"], periods=ctx["all_periods"], viewer=viewer_of(request.user))
    figures = {
        "indicators": bars.progress_bars(data["indicators"], filename=f"task-{number}-indicators"),
        "trend": lines.score_trend(data["history"], filename=f"task-{number}-trend"),
    }
    return render(
        request,
        "reports/dashboard_task.html",
        ctx | {"task": obj, "data": data, "figures": figures, "statuses": _statuses()},
    )


@login_required
def indicator(request, indicator_id: int):
    """/dashboard/indicator/<id>/: values against the target trajectory, forecast, every submission."""
    ctx = _quarter(request)
    obj = get_object_or_404(Indicator.objects.select_related("task__system", "reporting_department"), pk=indicator_id)
    viewer = viewer_of(request.user)
    if not viewer.can_read(obj.reporting_department_id):
        raise Http404
    own = viewer.department_id is not None and viewer.department_id == obj.reporting_department_id
    data = indicator_detail(indicator=obj, period=ctx["period"], periods=ctx["all_periods"], drafts=own)
    spec = {
        "name": obj.name,
        "unit": obj.unit,
        "kind": obj.kind,
        "target_value": obj.target_value,
        "baseline_value": obj.baseline_value,
        "target_year": obj.target_year,
        "target": obj.target_display(),
        "decimals": obj.decimal_places,
    }
    return render(
        request,
        "reports/dashboard_indicator.html",
        ctx
        | {
            "indicator": obj,
            "data": data,
            "figures": {"values": lines.indicator_chart(data["series"], spec)},
            "entry_url": reverse("entry:indicator", args=[obj.pk]),
        },
    )


@login_required
def department(request, code: str):
    """/dashboard/department/<code>/: a department's tasks, submissions and timeliness, its assessment."""
    ctx = _quarter(request)
    obj = get_object_or_404(Department, code=code)
    viewer = viewer_of(request.user)
    if not viewer.can_read(obj.pk):
        raise Http404
    data = department_detail(
        department=obj,
        plan=ctx["plan"],
        period=ctx["period"],
        periods=ctx["all_periods"],
        today=timezone.localdate(),
        viewer=viewer,
    )
    figures = {
        "assessment": bars.department_components(data["score"]),
        "tasks": bars.progress_bars(data["tasks"], filename=f"department-{code}-tasks", label="title"),
    }
    return render(
        request, "reports/dashboard_department.html", ctx | {"department": obj, "data": data, "figures": figures}
    )
