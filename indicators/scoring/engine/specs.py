"""What the engine evaluates and what it answers for one indicator: observations, spec, result.

Frozen dataclasses; numbers are Decimals in the indicator's own unit (ints and strings are converted,
floats refused with TypeError), enum fields accept their stored string values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from indicators.scoring.engine.enums import Accumulation, Comparator, GrowthUnit, Status, TargetKind
from indicators.scoring.engine.numbers import _to_decimal
from indicators.scoring.engine.periods import _QUARTER_END


@dataclass(frozen=True)
class Observation:
    """One approved value of one reporting period (year, quarter 1–4).

    ``value`` is a Decimal in the indicator's own unit (ints/strs are
    converted).  Raises ValueError for a quarter outside 1–4 and TypeError for
    a float value.
    """

    year: int
    quarter: int
    value: Decimal

    def __post_init__(self) -> None:
        if self.quarter not in _QUARTER_END:
            raise ValueError(f"quarter must be 1–4, got {self.quarter!r}")
        object.__setattr__(self, "value", _to_decimal(self.value, "value"))

    @property
    def end(self) -> date:
        """Last day of the period's quarter, e.g. 2023Q2 → 2023-06-30."""
        month, day = _QUARTER_END[self.quarter]
        return date(self.year, month, day)

    @property
    def index(self) -> int:
        """Position on the quarter axis: year × 4 + quarter (2025Q4 → 8104)."""
        return self.year * 4 + self.quarter


@dataclass(frozen=True)
class IndicatorSpec:
    """What an indicator must achieve and by when.

    Values are Decimals in the indicator's unit; ``yearly_targets`` is a tuple
    of (year, Decimal) pairs, e.g. ((2022, Decimal("85")), (2023, Decimal("86"))).
    Enum fields accept their stored string values.  Raises ValueError when
    target_year precedes plan_start's year, TypeError for float numbers.
    """

    kind: TargetKind
    comparator: Comparator
    target_value: Decimal | None
    target_year: int
    plan_start: date
    baseline_value: Decimal | None = None
    baseline_year: int | None = None
    yearly_targets: tuple[tuple[int, Decimal], ...] = ()
    accumulation: Accumulation = Accumulation.LATEST
    growth_unit: GrowthUnit = GrowthUnit.POINTS

    def __post_init__(self) -> None:
        # Plain strings from the database become members, so dict dispatch works
        # (an Enum member does not hash like its value).
        for name, enum in (
            ("kind", TargetKind),
            ("comparator", Comparator),
            ("accumulation", Accumulation),
            ("growth_unit", GrowthUnit),
        ):
            object.__setattr__(self, name, enum(getattr(self, name)))
        for name in ("target_value", "baseline_value"):
            object.__setattr__(self, name, _to_decimal(getattr(self, name), name))
        pairs = tuple((int(y), _to_decimal(v, "yearly target")) for y, v in self.yearly_targets)
        object.__setattr__(self, "yearly_targets", pairs)
        if self.target_year < self.plan_start.year:
            raise ValueError("target_year precedes plan_start")

    @property
    def target_date(self) -> date:
        """Last day of the target year (2025 → 2025-12-31)."""
        return date(self.target_year, 12, 31)


@dataclass(frozen=True)
class IndicatorResult:
    """Evaluation of one indicator at one as-of date.

    ``current``: value used (latest, or sum up to as_of); ``progress_raw``:
    unclamped % (may be < 0 or > 100); ``progress``: clamped 0–100;
    ``expected``: 时序进度 in %; ``met``: target met at as_of (None when it
    cannot be judged); ``forecast``: least-squares value at the target date;
    ``rule``: the rule applied in Chinese words; ``score``: 0–100 for roll-ups.
    """

    current: Decimal | None
    progress_raw: Decimal | None
    progress: Decimal | None
    expected: Decimal
    status: Status
    met: bool | None
    forecast: Decimal | None
    forecast_met: bool | None
    rule: str
    score: Decimal
