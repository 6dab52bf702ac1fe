"""Issuing an order from a dashboard early warning (预警): the issue form prefilled with the indicator, its task,
the reporting department and the problem in words (status, 完成进度 against 时序进度 of the quarter), or with an
overdue form's department and period (逾期未报)."""

import datetime as dt

from django.utils.translation import gettext as _

from indicators.models import Indicator, OrderSource, ReportingPeriod, Score
from responsibilities.models import Department


def _number(value) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value is not None else "—"


def _period(label: str) -> ReportingPeriod | None:
    if len(label) == 6 and label[:4].isdigit() and label[4] == "Q" and label[5] in "1234":
        return ReportingPeriod.objects.filter(year=int(label[:4]), quarter=int(label[5])).first()
    return None


def _pk(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def issue_initial(query, *, today: dt.date) -> dict:
    """Initial values of the issue form from ``?indicator=<id>&department=<id>&period=2025Q4`` (an indicator's
    warning) or ``?department=<id>&period=2025Q4&overdue=1`` (a form overdue). Unknown ids are ignored.
    2–3 queries."""
    initial = {"deadline": today + dt.timedelta(days=30)}
    period = _period(query.get("period", ""))
    indicator = (
        Indicator.objects.select_related("task", "reporting_department")
        .filter(pk=_pk(query.get("indicator", "")) or 0)
        .first()
    )
    department = Department.objects.filter(pk=_pk(query.get("department", "")) or 0).first()
    if indicator is not None:
        department = department or indicator.reporting_department
        initial |= {
            "source": OrderSource.WARNING,
            "indicator": indicator.pk,
            "task": indicator.task_id,
            "title": _("“%(name)s”指标预警") % {"name": indicator.name},
            "problem": _indicator_problem(indicator, period),
            "requirement": _("分析滞后原因，制定整改措施，按期完成指标目标，并报送整改进展和佐证材料。"),
        }
    elif department is not None and query.get("overdue") and period is not None:
        initial |= {
            "source": OrderSource.WARNING,
            "title": _("%(period)s填报逾期未报") % {"period": period},
            "problem": _("%(department)s%(period)s填报已逾期，尚未提交。")
            % {"department": department.name, "period": period},
            "requirement": _("立即完成填报并提交，说明逾期原因。"),
        }
    if department is not None:
        initial["lead_department"] = department.pk
    return initial


def _indicator_problem(indicator: Indicator, period: ReportingPeriod | None) -> str:
    score = None
    if period is not None:
        score = Score.objects.filter(level=Score.Level.INDICATOR, indicator=indicator, period=period).first()
    if score is None:
        return _("“%(name)s”（目标：%(target)s）列入预警。") % {
            "name": indicator.name,
            "target": indicator.target_display(),
        }
    return _(
        "“%(name)s”（目标：%(target)s）%(period)s状态为“%(status)s”，完成进度%(progress)s%%，时序进度%(expected)s%%。"
    ) % {
        "name": indicator.name,
        "target": indicator.target_display(),
        "period": period,
        "status": score.get_status_display(),
        "progress": _number(score.progress),
        "expected": _number(score.expected),
    }
