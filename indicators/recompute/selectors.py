"""Reads of the recompute outbox: are scores waiting for a recompute, and since when (for the pages' notice)."""

import datetime as dt

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from indicators.models import ScoreRecomputeMark


def scores_pending_since(*, plan_id: int | None = None) -> dt.datetime | None:
    """When the oldest pending mark (of ``plan_id``, or of any plan) was written — the stored scores reflect
    every change committed before it — or None when nothing is pending. 1 query (indexed)."""
    marks = ScoreRecomputeMark.objects.all()
    if plan_id is not None:
        marks = marks.filter(plan_id=plan_id)
    return marks.aggregate(since=Min("created_at"))["since"]


def scores_pending_notice(*, plan_id: int | None = None) -> str:
    """The notice pages and reports print while marks are pending, e.g. "得分更新中，数据截至2026年12月3日
    18时20分。" (local time, Asia/Shanghai; English: "… as of 2026-12-03 18:20."); "" when none is. 1 query."""
    since = scores_pending_since(plan_id=plan_id)
    if since is None:
        return ""
    local = timezone.localtime(since)
    if (get_language() or "zh-hans").startswith("en"):
        when = f"{local:%Y-%m-%d %H:%M}"
    else:
        when = f"{local.year}年{local.month}月{local.day}日 {local.hour}时{local.minute:02d}分"
    return _("得分更新中，数据截至%(when)s。最近的修改将在几分钟内计入得分。") % {"when": when}
