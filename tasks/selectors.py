"""Reads of the plan structure, and which plan a page shows (the plan switcher, ``?plan=<code>``)."""

from django.db.models import Case, IntegerField, Prefetch, Value, When

from tasks.models import EcoSystem, Plan, PlanTask

# Session key remembering the plan chosen on the switcher (its code).
PLAN_SESSION_KEY = "plan_code"


def _offer_order():
    """Plans open for entry (实施中, 已结束) first, then archived (已归档), then drafts (草案)."""
    return Case(
        When(state__in=Plan.ENTRY_STATES, then=Value(0)),
        When(state=Plan.State.ARCHIVED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def plans_offered() -> list[Plan]:
    """Every plan for the switcher: the default first (open for entry, latest period end), then the others.
    One query."""
    return list(Plan.objects.order_by(_offer_order(), "-period_end", "-id"))


def plan_current() -> Plan | None:
    """The default plan: the one open for entry (实施中 or 已结束) with the latest period end; without one, the
    archived, then the draft with the latest period end. One query."""
    return Plan.objects.order_by(_offer_order(), "-period_end", "-id").first()


def plan_chosen(request, plans: list[Plan] | None = None) -> tuple[Plan | None, str | None]:
    """The plan a page shows, among ``plans`` (default ``plans_offered()``): ``?plan=<code>`` (remembered in the
    session), else the one remembered, else the default (the first offered, as ``plan_current()``).
    Returns (plan, the unknown code asked for or None) so the view can say so. No query when given ``plans``."""
    plans = plans_offered() if plans is None else plans
    by_code = {plan.code: plan for plan in plans}
    asked = request.GET.get("plan")
    if asked in by_code:
        request.session[PLAN_SESSION_KEY] = asked
        return by_code[asked], None
    remembered = by_code.get(request.session.get(PLAN_SESSION_KEY))
    return remembered or (plans[0] if plans else None), asked or None


def plan_tree(*, plan: Plan | None = None) -> list[EcoSystem]:
    """Systems of the plan in order, each with ``tasks`` prefetched (ordered by number).

    Three queries whatever the plan's size: plan, systems, tasks.
    """
    plan = plan or plan_current()
    if plan is None:
        return []
    tasks = Prefetch("tasks", queryset=PlanTask.objects.order_by("number"))
    return list(plan.systems.order_by("order").prefetch_related(tasks))
