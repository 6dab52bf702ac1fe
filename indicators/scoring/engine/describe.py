"""The scoring rules in words (评分规则说明), printed next to the figures they produced."""

from __future__ import annotations

from indicators.scoring.engine.numbers import _HUNDRED, _fmt
from indicators.scoring.engine.rules import DEFAULT_RULES, ScoringRules

# How roll-ups treat an indicator without a target and a figure not reported (issue 11); printed by rules_describe
# (试算, the 终期评估 workbook's rule sheet), the dashboard and the roll-up rows' rule.
NO_TARGET_RULE = (
    "当年没有目标值(上级未下达)的指标为“目标未下达”,不评价,不计入任务、体系、规划和部门得分,其余权重按比例折算。"
)
NOT_REPORTED_RULE = "应报未报的指标(没有已审核数据)按0分计入任务、体系、规划和部门得分:未报送是责任单位的责任。"
NOT_MET_RULE = "未达到目标的指标完成进度最高记99.9%,只有达到目标才记100%。"


def rules_describe(rules: ScoringRules = DEFAULT_RULES) -> list[str]:
    """The rules of this configuration in Chinese words, one sentence each.

    Every threshold and weight appears with its number, so the printed rules
    always match the configuration used for the figures next to them.
    """
    f = _fmt
    return [
        f"评分规则版本:{rules.version}。",
        "时序进度=已过完的季度数/规划期季度总数×100%;年度下达型、趋势型、年均增幅型的时序进度按100%计。",
        "达到目标值的指标为“已达标”;没有可评价数据的为“无数据”;目标年末仍未达到目标的为“未完成”。",
        NO_TARGET_RULE,
        NOT_REPORTED_RULE,
        NOT_MET_RULE,
        f"完成进度落后时序进度不超过{f(rules.on_track_gap)}个百分点的为“正常”。",
        f"落后超过{f(rules.on_track_gap)}个百分点且不超过{f(rules.lagging_gap)}个百分点的为“滞后”,"
        f"超过{f(rules.lagging_gap)}个百分点的为“严重滞后”。",
        f"推进中的节点未填写完成比例时按{f(rules.in_progress_share * _HUNDRED)}%计。",
        f"牵头任务权重为{f(rules.lead_weight)},配合任务权重为{f(rules.support_weight)}。",
        f"部门得分=任务完成进度×{f(rules.progress_share)}+报送及时性×{f(rules.timeliness_share)}−退回扣分,最低为0分。",
        f"按时报送记100分,逾期每天扣{f(rules.late_penalty_per_day)}分(最低0分),未报送记0分,无应报事项记100分。",
        f"每退回一次扣{f(rules.return_deduction)}分。",
        f"督办单逾期未销号的每件扣{f(rules.order_overdue_deduction)}分，"
        f"销号申请被退回的每次扣{f(rules.order_return_deduction)}分（0分即不扣分）。",
        f"得分≥{f(rules.grade_excellent)}为优秀,≥{f(rules.grade_good)}且<{f(rules.grade_excellent)}为良好,"
        f"≥{f(rules.grade_pass)}且<{f(rules.grade_good)}为合格,<{f(rules.grade_pass)}为不合格;一票否决的直接评为不合格。",
        "状态与等次按未经四舍五入的数值判定,显示时四舍五入(与Excel一致)。",
    ]
