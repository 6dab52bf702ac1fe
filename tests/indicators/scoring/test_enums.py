"""Enums have one source: the scoring engine's. Every model enum that stores an engine value has exactly the
engine enum's members with the same values, so a stored row maps onto the engine without translation; a
member added, renamed or re-valued on one side only fails here."""

import pytest
from django.utils import translation

from indicators.entry.timeliness import TimelinessKind
from indicators.models import (
    GRADE_LABELS,
    Accumulation,
    Comparator,
    GrowthUnit,
    MilestoneReport,
    ScoreStatus,
    TargetKind,
)
from indicators.scoring import engine

PAIRS = [
    (TargetKind, engine.TargetKind),
    (Comparator, engine.Comparator),
    (GrowthUnit, engine.GrowthUnit),
    (Accumulation, engine.Accumulation),
    (ScoreStatus, engine.Status),
    (MilestoneReport.State, engine.MilestoneState),
]


@pytest.mark.parametrize(("model_enum", "engine_enum"), PAIRS, ids=lambda e: e.__qualname__)
def test_a_model_enum_has_the_engine_enums_members_and_values(model_enum, engine_enum):
    assert {m.name: m.value for m in model_enum} == {m.name: m.value for m in engine_enum}


@pytest.mark.parametrize(("model_enum", "engine_enum"), PAIRS, ids=lambda e: e.__qualname__)
def test_a_stored_value_maps_onto_the_engine_member(model_enum, engine_enum):
    for member in model_enum:
        assert engine_enum(member.value).name == member.name


def test_status_labels_are_the_engines():
    with translation.override("zh-hans"):
        assert {s.value: str(s.label) for s in ScoreStatus} == {
            s.value: label for s, label in engine.STATUS_LABELS.items()
        }


def test_grades_are_the_engines():
    assert set(GRADE_LABELS) == {engine.GRADE_EXCELLENT, engine.GRADE_GOOD, engine.GRADE_PASS, engine.GRADE_FAIL}


def test_the_engines_timeliness_codes_are_the_entry_workflows():
    codes = {v for k, v in vars(TimelinessKind).items() if k.isupper()}
    assert {t.value for t in engine.Timeliness} <= codes
