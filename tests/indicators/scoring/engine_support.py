"""Helpers of the engine tests: the 2022–2025 plan, specs and observations from literals, rounding-aware checks.

Plan period throughout: 2022-01-01 .. 2025-12-31 = 16 quarters, so 时序进度 at 2023-12-31 is 8/16 = 50%.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal as D

from indicators.scoring.engine import (
    Comparator,
    DepartmentInput,
    IndicatorSpec,
    MilestoneState,
    Observation,
    Status,
    TargetKind,
    round_half_up,
)

PLAN_START = date(2022, 1, 1)
Y2023 = date(2023, 12, 31)  # 时序进度 50
K = TargetKind
C = Comparator
S = Status
M = MilestoneState


def spec(kind, comparator, target, **kw):
    """IndicatorSpec for the 2022–2025 plan; numbers given as strings."""
    dec = lambda v: None if v is None else D(str(v))  # noqa: E731
    if "baseline" in kw:
        kw["baseline_value"] = dec(kw.pop("baseline"))
        kw.setdefault("baseline_year", 2021)
    if "yearly" in kw:
        kw["yearly_targets"] = tuple((y, D(str(v))) for y, v in kw.pop("yearly"))
    return IndicatorSpec(
        kind=kind, comparator=comparator, target_value=dec(target), target_year=2025, plan_start=PLAN_START, **kw
    )


def obs(*rows):
    """Observations from (year, quarter, value) rows."""
    return [Observation(y, q, D(str(v))) for y, q, v in rows]


@dataclass(frozen=True)
class Approx:
    """Expected value after round_half_up to ``places`` (for inexact quotients)."""

    value: str
    places: int


def assert_fields(result, expected):
    """Compare each named field; Decimals by value, Approx after rounding."""
    for name, want in expected.items():
        got = getattr(result, name)
        if isinstance(want, Approx):
            assert round_half_up(got, want.places) == D(want.value), (name, got)
        elif isinstance(want, str) and name == "rule":
            assert want in got, (name, got)
        else:
            assert got == want, (name, got, want)


def dept(lead=(), support=(), timeliness=(), returned=0, veto=False):
    return DepartmentInput(
        tuple(D(str(x)) for x in lead), tuple(D(str(x)) for x in support), tuple(timeliness), returned, veto
    )
