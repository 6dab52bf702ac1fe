"""Reads of the plan structure."""

from django.db.models import Prefetch

from tasks.models import EcoSystem, Plan, PlanTask


def plan_current() -> Plan | None:
    """The plan being tracked: the one with the latest period end (the portal tracks one at a time)."""
    return Plan.objects.order_by("-period_end", "-id").first()


def plan_tree(*, plan: Plan | None = None) -> list[EcoSystem]:
    """Systems of the plan in order, each with ``tasks`` prefetched (ordered by number).

    Three queries whatever the plan's size: plan, systems, tasks.
    """
    plan = plan or plan_current()
    if plan is None:
        return []
    tasks = Prefetch("tasks", queryset=PlanTask.objects.order_by("number"))
    return list(plan.systems.order_by("order").prefetch_related(tasks))
