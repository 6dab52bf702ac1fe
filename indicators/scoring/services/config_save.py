"""Saving a scoring configuration (评分规则, from the admin): versions stored scores carry are never rewritten,
and a change of the rules in force recomputes every plan after the commit."""

from decimal import Decimal

from django.db import transaction

from indicators.models import Score, ScoringConfig
from indicators.recompute.triggers import scores_recompute_all_on_commit
from indicators.scoring.config import DEFAULT_VERSION, RULE_FIELDS


@transaction.atomic
def scoring_config_save(*, config: ScoringConfig, user=None) -> ScoringConfig:
    """Save a scoring configuration (the admin's save); recompute every plan when it is or was active.

    One active configuration at a time: saving one with ``is_active`` retires the active one (with
    history). When the saved row is active now or was before (edited, activated or retired — then
    ``config.scoring_config_active`` falls back to version "1"), a full recompute of every plan is
    enqueued after the commit, so every stored score then carries the rules and version in force;
    a rolled-back save enqueues nothing. ``user``: the author recorded in the history.

    A version that stored scores already carry is never rewritten (reports look its rules up by
    version): when a rule field (``RULE_FIELDS``) or the label of such a row changed, the edit is
    saved as a NEW row — ``config`` becomes that row (new pk; the label typed, or the next free
    integer when it was kept) — and the stored row keeps its numbers, retired. Anything else (e.g.
    only 说明, or a version no score uses yet) is edited in place.
    """
    previous = ScoringConfig.objects.select_for_update().filter(pk=config.pk).first() if config.pk else None
    was_active = previous is not None and previous.is_active
    if previous is not None and _config_version_used_and_changed(previous, config):
        _config_fork(config, previous=previous, user=user)
    if config.is_active:
        for other in ScoringConfig.objects.select_for_update().filter(is_active=True).exclude(pk=config.pk):
            other.is_active, other._history_user = False, user
            other.save(update_fields=["is_active"])
    config._history_user = user
    config.save()
    if config.is_active or was_active:
        scores_recompute_all_on_commit()
    return config


def _config_version_used_and_changed(previous: ScoringConfig, config: ScoringConfig) -> bool:
    """True when ``config`` changes the label or a rule number of ``previous`` and a stored score
    carries ``previous.version``. 0–1 query."""
    changed = config.version != previous.version or any(
        Decimal(str(getattr(config, name))) != Decimal(str(getattr(previous, name))) for name in RULE_FIELDS
    )
    return changed and Score.objects.filter(config_version=previous.version).exists()


def _config_fork(config: ScoringConfig, *, previous: ScoringConfig, user) -> None:
    """Turn ``config`` into a new, unsaved row and retire ``previous`` (unchanged otherwise, with history)."""
    if config.version == previous.version:
        config.version = _config_version_next()
    if previous.is_active:
        previous.is_active, previous._history_user = False, user
        previous.save(update_fields=["is_active"])
    config.pk = None
    config._state.adding = True


def _config_version_next() -> str:
    """The next free integer label: 1 + the largest integer among the configurations' versions, the
    versions stored scores carry and the default "1" (e.g. "1", "2", "2.1" → "3"). 2 queries."""
    labels = set(ScoringConfig.objects.values_list("version", flat=True))
    labels |= set(Score.objects.order_by().values_list("config_version", flat=True).distinct())
    labels.add(DEFAULT_VERSION)
    return str(max(int(label) for label in labels if label.isascii() and label.isdigit()) + 1)
