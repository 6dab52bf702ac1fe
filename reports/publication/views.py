"""The 公示 page (/public/): anonymous, read-only (GET), cached; 404 unless an administrator published it.

Served from the cache without touching the database: the switch is kept ``SWITCH_SECONDS`` and the page
body ``BODY_SECONDS`` per language and day. Switching the page off (``Publication.save``) clears the switch
in the process that saved it at once and everywhere else within ``SWITCH_SECONDS`` (each worker process
has its own cache unless a shared cache is configured); new approved figures and scores show within
``BODY_SECONDS``. A public page a minute behind the data is acceptable; one that answers under load is the goal.
"""

from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from reports.publication.models import SWITCH_CACHE_KEY
from reports.publication.selectors import public_data, publication_enabled
from tasks.selectors import plan_current

SWITCH_SECONDS = 10
BODY_SECONDS = 60


def _published() -> bool:
    state = cache.get(SWITCH_CACHE_KEY)
    if state is None:
        state = publication_enabled()
        cache.set(SWITCH_CACHE_KEY, state, SWITCH_SECONDS)
    return state


def _body(request) -> tuple[str, str]:
    """(page title, body HTML), from the cache or built from the stored scores (``public_data``)."""
    key = f"publication:body:{get_language()}:{timezone.localdate()}"
    cached = cache.get(key)
    if cached is None:
        plan = plan_current()
        if plan is None:
            raise Http404(_("尚未载入规划。"))
        body = render_to_string("publication/public_body.html", {"data": public_data(plan=plan)}, request=request)
        cached = (plan.name, body)
        cache.set(key, cached, BODY_SECONDS)
    return cached


@require_GET
def public_page(request):
    """The plan's progress, six systems, binding indicators and the final assessment, for anyone."""
    if not _published():
        raise Http404(_("页面不存在"))
    title, body = _body(request)
    return render(request, "publication/public.html", {"title": title, "body": mark_safe(body)})
