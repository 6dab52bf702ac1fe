"""The active scoring configuration: ``ScoringConfig`` row ⇄ engine ``ScoringRules``.

There is always exactly one active configuration (the database enforces "at most one";
``scoring_config_active`` creates the default version "1" when none is active). Every stored
score records the ``version`` of the rules it was computed with.
"""

import dataclasses
from decimal import Decimal

from django.db import IntegrityError, transaction

from indicators.models import ScoringConfig
from indicators.scoring.engine import ScoringRules

DEFAULT_VERSION = ScoringRules().version  # "1": the engine's default rules

# ScoringConfig field → ScoringRules field (same names, same units: gaps in percentage points,
# shares as fractions, scores and grade bounds in points 0–100): every rule of the engine but its version.
RULE_FIELDS = tuple(field.name for field in dataclasses.fields(ScoringRules) if field.name != "version")


def rules_from_config(config: ScoringConfig) -> ScoringRules:
    """The engine rules of one configuration row, every number as a Decimal.

    (A row created in this process may still hold plain ints or unquantized Decimals, e.g.
    ``ScoringConfig(return_deduction=2)``; loaded rows hold Decimals at the field's decimal places.)
    """
    return ScoringRules(version=config.version, **{name: Decimal(str(getattr(config, name))) for name in RULE_FIELDS})


def scoring_config_active() -> ScoringConfig:
    """The active configuration; creates (or re-activates) the default version "1" if none is active.

    The model's defaults are the engine's ``ScoringRules()`` (10/30 points, 0.5, 1/0.5, 80 %/20 %, …).
    One query when an active row exists. Safe under concurrency: a racing creator's row is reused.
    """
    config = ScoringConfig.objects.filter(is_active=True).first()
    if config is not None:
        return config
    try:
        with transaction.atomic():
            config, _ = ScoringConfig.objects.get_or_create(
                version=DEFAULT_VERSION, defaults={"is_active": True, "note": "默认评分规则"}
            )
            if not config.is_active:
                config.is_active = True
                config.save(update_fields=["is_active"])
    except IntegrityError:  # another process activated a row at the same moment
        config = ScoringConfig.objects.get(is_active=True)
    return config


def scoring_rules_active() -> ScoringRules:
    """The engine rules of the active configuration (see ``scoring_config_active``)."""
    return rules_from_config(scoring_config_active())
