"""Loading one recompute: the plan row (locked), its structure, the periods written and the rules in force."""

import dataclasses
import datetime as dt
import functools
from decimal import Decimal

from django.utils import timezone

from indicators.models import Indicator, Score
from indicators.scoring import engine
from indicators.scoring.config import scoring_rules_active
from indicators.scoring.selectors import PlanStructure, periods_every, plan_structure, scoring_periods
from indicators.supervision.selectors import order_deduction_counts
from tasks.models import Milestone, Plan

L = Score.Level
_HUNDRED = Decimal(100)


@dataclasses.dataclass
class _Context:
    """One recompute: the plan, its structure, the periods written, all periods since the plan start."""

    plan: Plan
    structure: PlanStructure
    periods: list
    all_periods: list
    rules: engine.ScoringRules
    today: dt.date
    _milestone_specs: dict = dataclasses.field(default_factory=dict)

    @functools.cached_property
    def year_so_far(self) -> dict[int, list[int]]:
        """{period_id: ids of the periods of its year up to and including it}."""
        return {
            p.pk: [q.pk for q in self.all_periods if q.year == p.year and q.quarter <= p.quarter]
            for p in self.all_periods
        }

    @functools.cached_property
    def orders_deduct(self) -> bool:
        """Whether the rules in force deduct points for supervision orders (both rules 0 by default)."""
        return bool(self.rules.order_overdue_deduction or self.rules.order_return_deduction)

    @functools.cached_property
    def order_counts(self) -> dict:
        """{(department_id, period_id): (overdue, returned)} supervision orders of the plan's departments
        (``indicators.supervision.selectors.order_deduction_counts``); {} without a rule (no query)."""
        if not self.orders_deduct:
            return {}
        return order_deduction_counts(
            department_ids=self.structure.department_ids(), periods=self.all_periods, today=self.today
        )

    @functools.cached_property
    def task_rule(self) -> str:
        share = engine.round_half_up(self.rules.in_progress_share * _HUNDRED, 1).normalize()
        return (
            "任务得分=所属指标得分与节点完成度按各自权重加权平均;目标未下达的指标不参与计算,其余权重按比例折算;"
            "应报未报(没有已审核数据)的指标记0分,"
            f"没有已审核进展的节点按未启动记0分,推进中的节点未填比例时按{share:f}%计。"
        )

    @functools.cached_property
    def department_rule(self) -> str:
        r = self.rules
        f = lambda d: f"{engine.round_half_up(d, 2).normalize():f}"  # noqa: E731
        return (
            f"考核得分=任务完成进度(牵头任务权重{f(r.lead_weight)},配合任务权重{f(r.support_weight)})"
            f"×{f(r.progress_share)}+报送及时性×{f(r.timeliness_share)}−退回扣分(每次{f(r.return_deduction)}分),"
            f"最低0分;本年度截至本季度;目标未下达的任务不参与计算;一票否决为不合格。"
            + (
                f"另扣督办分：督办单逾期未销号每件{f(r.order_overdue_deduction)}分，"
                f"销号申请被退回每次{f(r.order_return_deduction)}分。"
                if self.orders_deduct
                else ""
            )
        )

    def milestone_spec(self, due: dt.date) -> engine.IndicatorSpec:
        """A spec whose 时序进度 is the elapsed share of plan start … end of the milestone's due year."""
        year = max(due.year, self.plan.period_start.year)
        if year not in self._milestone_specs:
            self._milestone_specs[year] = engine.IndicatorSpec(
                kind=engine.TargetKind.PROJECT_COUNT,
                comparator=engine.Comparator.GTE,
                target_value=_HUNDRED,
                target_year=year,
                plan_start=self.plan.period_start,
            )
        return self._milestone_specs[year]


class _StoredRowMissing(Exception):
    """An incremental recompute needs a stored row that does not exist: recompute the plan instead."""


def _plan_lock(plan_id: int) -> Plan:
    """The plan row, locked until the transaction ends (serialises recomputes of one plan). 1 query."""
    return Plan.objects.select_for_update().get(pk=plan_id)


def _context(plan: Plan, *, periods=None, since_id: int | None = None, today=None) -> _Context | None:
    """Periods, rules and structure of one recompute (None when ``since_id`` is no period). 7 queries
    (periods, rules, 5 of the structure).

    ``periods``: only these; ``since_id``: that period and every later one (from the plan start when
    it precedes it); default: every period from the plan start.
    """
    every = periods_every()
    all_periods = chosen = scoring_periods(plan=plan, every=every)
    if periods is not None:
        wanted = {p.pk for p in periods}
        chosen = [p for p in all_periods if p.pk in wanted]
    if since_id is not None:
        since = next((p for p in every if p.pk == since_id), None)
        if since is None:
            return None
        chosen = [p for p in all_periods if (p.year, p.quarter) >= (since.year, since.quarter)]
    return _Context(
        plan=plan,
        structure=plan_structure(plan=plan),
        periods=chosen,
        all_periods=all_periods,
        rules=scoring_rules_active(),
        today=today or timezone.localdate(),
    )


def _incremental_target(*, indicator_id, milestone_id) -> tuple[int, int] | None:
    """(plan_id, task_id) of the indicator or milestone; None when it no longer exists. 1 query."""
    model, pk = (Indicator, indicator_id) if indicator_id is not None else (Milestone, milestone_id)
    return model.objects.filter(pk=pk).values_list("task__system__plan_id", "task_id").first()
