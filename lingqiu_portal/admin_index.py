"""The admin index grouped by what a county administrator maintains (issue 13, item 1): 规划 (the plan and who
does what), 填报 (periods, forms, figures, evidence, notices), 考核 (rules, vetoes, scores, reports, 公示) and
系统 (accounts, tokens, scheduled jobs) — instead of Django's app order, which put the scheduler tables first.
The app pages (/admin/<app>/) keep Django's own grouping."""

from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

GROUPS = (
    (
        "plan",
        _("规划"),
        (
            "tasks.plan",
            "tasks.ecosystem",
            "tasks.plantask",
            "tasks.milestone",
            "indicators.indicator",
            "indicators.publicfigure",
            "responsibilities.department",
            "responsibilities.taskassignment",
        ),
    ),
    (
        "entry",
        _("填报"),
        (
            "indicators.reportingperiod",
            "indicators.submission",
            "indicators.indicatorvalue",
            "indicators.milestonereport",
            "indicators.evidence",
            "indicators.notification",
        ),
    ),
    (
        "assessment",
        _("考核"),
        (
            "indicators.scoringconfig",
            "indicators.assessmentveto",
            "indicators.score",
            "reports.reportjob",
            "reports.publication",
        ),
    ),
)
SYSTEM = ("system", _("系统"))  # everything else: users, roles, 人员单位, tokens, scheduled jobs …


def grouped_app_list(site, request, app_label=None) -> list[dict]:
    """``AdminSite.get_app_list`` for the index and the side bar: the groups above, in their order, each
    with its models in the listed order; models not listed go to 系统. Only what the user may see."""
    if app_label is not None:
        return _original(request, app_label)
    models = {f"{app['app_label']}.{m['object_name'].lower()}": m for app in _original(request) for m in app["models"]}
    placed, groups = set(), []
    for key, name, members in GROUPS:
        listed = [models[m] for m in members if m in models]
        placed |= set(members)
        groups.append(_group(key, name, listed))
    rest = sorted((m for k, m in models.items() if k not in placed), key=lambda m: str(m["name"]))
    groups.append(_group(*SYSTEM, rest))
    return [g for g in groups if g["models"]]


def _group(key: str, name, models: list[dict]) -> dict:
    return {
        "name": name,
        "app_label": key,
        "app_url": f"{reverse('admin:index')}#group-{key}",
        "has_module_perms": True,
        "models": models,
    }


_original = admin.site.get_app_list


def install() -> None:
    """Replace the default site's app list (called once from the root URLconf)."""
    admin.site.get_app_list = lambda request, app_label=None: grouped_app_list(admin.site, request, app_label)
