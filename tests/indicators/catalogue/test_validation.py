"""The plausibility table (issue 3, item 3): hard limits → errors, soft checks → warnings."""

from decimal import Decimal

import pytest

from indicators.catalogue.validation import CheckResult, value_bounds, value_check
from indicators.models import Indicator

D = Decimal


def ind(**kw) -> Indicator:
    base = {"code": "X", "unit": "%", "kind": "at_least", "comparator": "gte", "target_value": D(78)}
    return Indicator(**{**base, **kw})


PERCENT = ind()  # no explicit bounds → 0–100
DECLINE_RATE = ind(min_value=None, max_value=D(100))  # 单位GDP建设用地面积下降率 may be negative
BOUNDED_PERCENT = ind(min_value=D(0), max_value=D(100))
COUNT = ind(unit="个", kind="project_count", target_value=D(13), min_value=D(0))
COUNT_NO_BOUNDS = ind(unit="座", kind="project_count", target_value=D(4))
MW = ind(unit="MW", target_value=D(1595))
PM25 = ind(unit="µg/m³", kind="at_most", comparator="lt", target_value=D(35), min_value=D(0))
ZERO = ind(unit="个", kind="zero_count", comparator="eq", target_value=D(0), min_value=D(0))
YES_NO = ind(unit="", kind="yes_no", comparator="eq", target_value=D(1), min_value=D(0), max_value=D(1))
GROWTH = ind(unit="百分点", kind="annual_growth", target_value=D(5))
ASSIGNED = ind(kind="annual_assigned", target_value=None, min_value=D(0), max_value=D(100))


@pytest.mark.parametrize(
    "indicator, value, fragment",
    [
        (PERCENT, "100.1", "不能大于100%"),
        (PERCENT, "-0.1", "不能小于0%"),
        (BOUNDED_PERCENT, "120", "不能大于100%"),
        (DECLINE_RATE, "101", "不能大于100%"),
        (COUNT, "-1", "数量不能为负数"),
        (COUNT_NO_BOUNDS, "-2", "数量不能为负数"),  # a count is never negative, bounds or not
        (MW, "-5", "数量不能为负数"),
        (COUNT, "2.5", "数量应为整数"),
        (YES_NO, "2", "只能填写1(是)或0(否)"),
        (YES_NO, "0.5", "只能填写1(是)或0(否)"),
        (ind(unit="µg/m³", min_value=D(0), max_value=D(500)), "501", "不能大于500µg/m³"),
        (PM25, "-3", "不能小于0µg/m³"),
    ],
)
def test_hard_limits_are_errors(indicator, value, fragment):
    result = value_check(indicator=indicator, value=D(value), last_approved=None)
    assert not result.ok
    assert len(result.errors) == 1 and fragment in result.errors[0], result.errors
    assert result.warnings == []


@pytest.mark.parametrize(
    "indicator, value",
    [
        (PERCENT, "0"),
        (PERCENT, "100"),
        (PERCENT, "97.5"),
        (DECLINE_RATE, "-3.2"),  # no lower bound set: a decline rate can be negative
        (COUNT, "0"),
        (COUNT, "13"),
        (MW, "1595.5"),
        (YES_NO, "1"),
        (YES_NO, "0"),
        (GROWTH, "-1.5"),
        (GROWTH, "250"),  # 百分点: no default limits
        (PM25, "28"),
    ],
)
def test_values_within_limits_pass(indicator, value):
    assert value_check(indicator=indicator, value=D(value), last_approved=None) == CheckResult()


@pytest.mark.parametrize(
    "indicator, value, last, fragments",
    [
        (PERCENT, "50", "80", ["变动-37.5%", "超过预警阈值30%", "低于上期审核值80", "目标:≥ 78 %"]),
        (PERCENT, "79", "80", ["低于上期审核值80"]),  # move away only
        (MW, "1500", "1000", ["变动+50.0%"]),  # big change toward the target
        (PM25, "30", "28", ["高于上期审核值28", "目标:< 35 µg/m³"]),
        (ZERO, "2", "1", ["变动+100.0%", "高于上期审核值1"]),
        (COUNT, "3", "4", ["低于上期审核值4"]),  # −25 %: within the 30 % threshold
        (ZERO, "0", "1", ["变动-100.0%"]),  # the change check is relative, even toward the target
        (YES_NO, "0", "1", ["变动-100.0%", "低于上期审核值1"]),
        (ind(change_warning_percent=D(5)), "85", "80", ["变动+6.2%", "超过预警阈值5%"]),
    ],
)
def test_soft_checks_are_warnings(indicator, value, last, fragments):
    result = value_check(indicator=indicator, value=D(value), last_approved=D(last))
    assert result.ok and result.errors == []
    text = " / ".join(result.warnings)
    for fragment in fragments:
        assert fragment in text, text


@pytest.mark.parametrize(
    "indicator, value, last",
    [
        (PERCENT, "82", "80"),  # toward the target, small change
        (PERCENT, "80", "80"),
        (PM25, "27", "28"),
        (MW, "3", "0"),  # a relative change against 0 is undefined: no warning
        (ASSIGNED, "85", "90"),  # yearly assigned target: no fixed direction…
        (GROWTH, "4.5", "5"),  # …nor for a growth rate
        (PERCENT, "50", None),  # no approved value yet: nothing to compare
    ],
)
def test_no_warning(indicator, value, last):
    last = None if last is None else D(last)
    assert value_check(indicator=indicator, value=D(value), last_approved=last) == CheckResult()


def test_no_soft_warning_when_a_hard_limit_fails():
    result = value_check(indicator=PERCENT, value=D(150), last_approved=D(10))
    assert result.errors and result.warnings == []


def test_bounds_reflect_the_indicator():
    assert value_bounds(PERCENT) == (0, 100)
    assert value_bounds(DECLINE_RATE) == (None, 100)
    assert value_bounds(COUNT_NO_BOUNDS) == (0, None)
    assert value_bounds(GROWTH) == (None, None)


def test_every_loaded_indicator_accepts_its_own_target(plan):
    """The real plan's bounds never refuse the plan's own targets."""
    for indicator in Indicator.objects.exclude(target_value=None):
        result = value_check(indicator=indicator, value=indicator.target_value, last_approved=None)
        assert result.ok, (indicator.code, result.errors)


def test_warning_message_in_full():
    result = value_check(indicator=PERCENT, value=D("50"), last_approved=D("80"))
    assert result.warnings == [
        "与上期审核值80相比变动-37.5%,超过预警阈值30%,请在备注中说明原因",
        "低于上期审核值80,偏离目标方向(目标:≥ 78 %),请在备注中说明原因",
    ]
