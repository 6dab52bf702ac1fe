"""The scoring rules in words (rules_describe): every number of the configuration appears."""

from decimal import Decimal as D

from indicators.scoring.engine import ScoringRules, rules_describe


def test_rules_describe_lists_every_number():
    rules = ScoringRules(
        version="7",
        on_track_gap=D("12"),
        lagging_gap=D("33"),
        in_progress_share=D("0.4"),
        lead_weight=D("1.5"),
        support_weight=D("0.6"),
        progress_share=D("0.7"),
        timeliness_share=D("0.3"),
        late_penalty_per_day=D("4"),
        return_deduction=D("2"),
        grade_excellent=D("91"),
        grade_good=D("76"),
        grade_pass=D("61"),
    )
    text = "\n".join(rules_describe(rules))
    for fragment in [
        "版本:7",
        "不超过12个百分点",
        "不超过33个百分点",
        "按40%计",
        "牵头任务权重为1.5",
        "配合任务权重为0.6",
        "×0.7",
        "×0.3",
        "每天扣4分",
        "扣2分",
        "≥91为优秀",
        "≥76且<91为良好",
        "≥61且<76为合格",
    ]:
        assert fragment in text, fragment


def test_rules_describe_follows_threshold_change():
    default = rules_describe(ScoringRules())
    changed = rules_describe(ScoringRules(on_track_gap=D("15")))
    assert any("不超过10个百分点" in line for line in default)
    assert any("不超过15个百分点" in line for line in changed)
    assert default != changed
