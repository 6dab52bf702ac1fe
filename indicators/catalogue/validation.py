"""Plausibility checks of a figure (issue 3, item 3): hard limits and soft warnings.

Hard limits (``errors``: the value cannot be saved):
* the indicator's own bounds ``min_value``/``max_value`` when either is set — they are the authority,
  so a decline rate with no lower bound (单位GDP建设用地面积下降率) may be negative;
* otherwise a percentage (unit "%") lies in 0–100;
* a count (个/座/处/条/种/MW) is never negative, and a count of things (not MW) is a whole number;
* a yes/no indicator (是否型) is 1 (是) or 0 (否).

Soft checks (``warnings``: allowed, but must be explained in the note before submitting, issue 3):
* a change of more than ``change_warning_percent`` % against the last approved value;
* a move away from the target against the last approved value: lower than before where higher is
  better (不低于型, 项目数量型, 趋势型, 是否型), higher than before where lower is better (不高于型, 清零型).
  上级年度下达型 and 年均增幅型 have no fixed direction (the yearly target or the growth rate changes).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

COUNT_UNITS = frozenset({"个", "座", "处", "条", "种", "MW"})
WHOLE_COUNT_UNITS = COUNT_UNITS - {"MW"}
HIGHER_IS_BETTER = frozenset({"at_least", "project_count", "trend", "yes_no"})
LOWER_IS_BETTER = frozenset({"at_most", "zero_count"})
_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class CheckResult:
    """Outcome of ``value_check``: Chinese messages without the field name (the caller adds it)."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def value_check(*, indicator, value: Decimal, last_approved: Decimal | None) -> CheckResult:
    """Check ``value`` (in the indicator's unit) against hard limits and, given the last approved
    value of an earlier period (or None), the soft checks. See the module docstring for the rules."""
    errors = _hard_errors(indicator, value)
    warnings = [] if errors else _soft_warnings(indicator, value, last_approved)
    return CheckResult(errors=errors, warnings=warnings)


def _fmt(value: Decimal) -> str:
    """97.500000 → "97.5", 1E+3 → "1000"."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def value_bounds(indicator) -> tuple[Decimal | None, Decimal | None]:
    """(lowest, highest) allowed value; None = unbounded. See the module docstring."""
    low, high = indicator.min_value, indicator.max_value
    if low is None and high is None and indicator.unit == "%":
        low, high = Decimal(0), _HUNDRED
    if indicator.unit in COUNT_UNITS and (low is None or low < 0):
        low = Decimal(0)
    return low, high


def _hard_errors(indicator, value: Decimal) -> list[str]:
    if indicator.kind == "yes_no" and value not in (0, 1):
        return [_("是否型指标只能填写1(是)或0(否),填写的是“%(v)s”") % {"v": _fmt(value)}]
    if indicator.unit in WHOLE_COUNT_UNITS and value != value.to_integral_value():
        return [_("数量应为整数(单位:%(unit)s),填写的是“%(v)s”") % {"unit": indicator.unit, "v": _fmt(value)}]
    return _bound_errors(indicator, value)


def _bound_errors(indicator, value: Decimal) -> list[str]:
    low, high = value_bounds(indicator)
    args = {"v": _fmt(value), "unit": indicator.unit}
    if value < 0 and indicator.unit in COUNT_UNITS:
        return [_("数量不能为负数,填写的是“%(v)s”") % args]
    if low is not None and value < low:
        return [_("不能小于%(low)s%(unit)s,填写的是“%(v)s”") % {**args, "low": _fmt(low)}]
    if high is not None and value > high:
        return [_("不能大于%(high)s%(unit)s,填写的是“%(v)s”") % {**args, "high": _fmt(high)}]
    return []


def _soft_warnings(indicator, value: Decimal, last: Decimal | None) -> list[str]:
    if last is None:
        return []
    return [w for w in (_change_warning(indicator, value, last), _direction_warning(indicator, value, last)) if w]


def _change_warning(indicator, value: Decimal, last: Decimal) -> str | None:
    """Relative change in % against the last approved value; none when that value is 0 (no base)."""
    limit = indicator.change_warning_percent
    if limit is None or last == 0:
        return None
    change = (value - last) / abs(last) * _HUNDRED
    if abs(change) <= limit:
        return None
    return _("与上期审核值%(last)s相比变动%(change)s%%,超过预警阈值%(limit)s%%,请在备注中说明原因") % {
        "last": _fmt(last),
        "change": f"{change:+.1f}",
        "limit": _fmt(limit),
    }


def _direction_warning(indicator, value: Decimal, last: Decimal) -> str | None:
    if indicator.kind in HIGHER_IS_BETTER and value < last:
        word = _("低于")
    elif indicator.kind in LOWER_IS_BETTER and value > last:
        word = _("高于")
    else:
        return None
    return _("%(word)s上期审核值%(last)s,偏离目标方向(目标:%(target)s),请在备注中说明原因") % {
        "word": word,
        "last": _fmt(last),
        "target": indicator.target_display(),
    }
