"""The plan switcher (规划切换) of the dashboard, reports, 试算 and review pages: ``?plan=<code>``, remembered in
the session; the default is ``tasks.selectors.plan_current()`` (the plan open for entry with the latest period).

Views call ``plan_page(request)`` and add its dict to their context; ``templates/partials/plan_switcher.html``
renders the choice (only when there are several plans).
"""

from django.contrib import messages
from django.http import Http404
from django.utils.translation import gettext as _

from tasks.selectors import plan_chosen, plans_offered


def plan_page(request) -> dict:
    """{"plan": the plan shown, "plans": every plan offered}. An unknown ``?plan=`` code falls back to the
    default with a warning naming it. Raises Http404 when no plan is loaded. One query (every plan)."""
    plans = plans_offered()
    plan, unknown = plan_chosen(request, plans)
    if plan is None:
        raise Http404(_("尚未载入规划。"))
    if unknown:
        messages.warning(request, _("规划“%(code)s”不存在，已显示%(plan)s。") % {"code": unknown, "plan": plan.name})
    return {"plan": plan, "plans": plans}
