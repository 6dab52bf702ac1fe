"""The warning to the supervisors when an indicator has no target for its year (目标未下达, issue 11).

Such an indicator is left out of every roll-up (``compute.ROLLUP_RULE``), so nothing else would show that the
county's assessment is missing a part: each active 督查员 gets one in-app notice per indicator and year (key
``no-target:<indicator>:<year>``, created once through ``indicators.notifications.services``), linking to the
indicator's page, and an e-mail delivery row for those with an address (sent after commit, exactly once).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from indicators.models import Indicator, ReportingPeriod, ScoreStatus
from indicators.notifications.services import Notice, email_deliveries_create, notifications_create
from tasks.common.roles import SUPERVISOR

_NO_TARGET = gettext_noop(
    "指标“%(code)s %(name)s”%(year)s年目标未下达,暂不评价,不计入任务、体系、规划和部门得分。"
    "请在“分年度目标”中录入上级下达的目标值。"
)


def no_target_notify(*, rows: dict) -> int:
    """Warn the supervisors of the indicators newly written as 目标未下达 in ``rows`` ({(level, object id,
    period id): fields}, the rows a recompute creates or replaces). Returns how many notices were created.
    No query when no row is 目标未下达; else 5 (periods, indicators, supervisors, existing keys, insert)."""
    pairs = {
        (object_id, period_id)
        for (level, object_id, period_id), fields in rows.items()
        if level == "indicator" and fields["status"] == ScoreStatus.NO_TARGET
    }
    if not pairs:
        return 0
    years = dict(ReportingPeriod.objects.filter(pk__in={p for _i, p in pairs}).values_list("pk", "year"))
    indicators = Indicator.objects.in_bulk({i for i, _p in pairs})
    users = list(get_user_model().objects.filter(groups__name=SUPERVISOR, is_active=True).distinct())
    notices = []
    with translation.override(settings.LANGUAGE_CODE):
        for indicator_id, year in sorted({(i, years[p]) for i, p in pairs if p in years and i in indicators}):
            indicator = indicators[indicator_id]
            text = _(_NO_TARGET) % {"code": indicator.code, "name": indicator.name, "year": year}
            link = reverse("entry:indicator", args=[indicator_id])
            notices += [Notice(user=u, key=f"no-target:{indicator_id}:{year}", text=text, link=link) for u in users]
        subject = _("【灵丘县生态文明建设规划管理平台】%(what)s") % {"what": _("目标未下达")}
    new = notifications_create(notices=notices)
    email_deliveries_create(notifications=new, subject=subject)
    return len(new)
