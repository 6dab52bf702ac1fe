"""Scoring pages (thin): 试算 (what-if) for supervisors and leadership."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from indicators.catalogue.periods import period_parse
from indicators.models import Indicator
from indicators.scoring.config import scoring_rules_active
from indicators.scoring.engine import rules_describe
from indicators.scoring.forms import PreviewForm, preview_initial
from indicators.scoring.preview import preview_evaluate
from indicators.scoring.selectors import observations_approved, periods_every
from tasks.common.roles import user_can_read_all
from tasks.plan_switch import plan_page


@login_required
def preview(request):
    """GET: the form (``?indicator=<id>`` fills it from that indicator and its approved values, evaluated
    at the end of ``?period=2025Q3`` or else of the latest ended quarter — the date of the stored scores the
    dashboard shows); POST: the engine's answer next to the form. Supervisors and leadership only (403 for staff)."""
    if not user_can_read_all(request.user):
        raise PermissionDenied
    choice = plan_page(request)  # the switcher's plan (?plan=<code>, remembered)
    plan = choice["plan"]
    indicators = list(Indicator.objects.filter(task__system__plan=plan).order_by("task__number", "code"))
    periods = [p for p in periods_every() if p.end < timezone.localdate()][::-1]  # ended quarters, newest first
    wanted = period_parse(request.GET.get("period"))
    period = next((p for p in periods if (p.year, p.quarter) == wanted), None)
    period = period or (periods[0] if periods else None)
    form = PreviewForm(request.POST or None, initial=_initial(request, plan, indicators, period))
    rules = scoring_rules_active()
    result = (
        preview_evaluate(data=form.validated, rules=rules) if request.method == "POST" and form.is_valid() else None
    )
    return render(
        request,
        "scoring/preview.html",
        choice
        | {
            "form": form,
            "result": result,
            "indicators": indicators,
            "rules": rules_describe(rules),
            "config_version": rules.version,
            "selected": request.GET.get("indicator", ""),
            "periods": periods,
            "period": period,
        },
    )


def _initial(request, plan, indicators, period) -> dict:
    """Form data of the indicator chosen by ``?indicator=`` (one of the chosen plan's), else {}.

    评价日期 = the last day of ``period`` (the quarter whose stored score the dashboard shows), so the
    what-if starts from the stored answer; today when no quarter has ended yet.
    """
    chosen = next((i for i in indicators if str(i.pk) == request.GET.get("indicator")), None)
    if chosen is None:
        return {}
    observations = observations_approved(indicator_ids=[chosen.pk]).get(chosen.pk, [])
    as_of = period.end if period else timezone.localdate()
    return preview_initial(chosen, plan_start=plan.period_start, observations=observations, as_of=as_of)
