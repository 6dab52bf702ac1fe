"""Storing the computed rows: one ``Score`` row's values at their stored precision, and the idempotent write.

Each stored row is compared with the computed one — by the digest of its values (one narrow read of keys and
digests in the full recompute), else field by field — and only changed rows are replaced (delete + bulk_create
inside the caller's transaction), so re-running gives the same rows and no duplicates.
"""

import dataclasses
import hashlib
import json
from decimal import ROUND_HALF_UP, Decimal

from indicators.models import Score
from indicators.scoring.services.context import L, _Context
from indicators.scoring.services.no_target import no_target_notify
from tasks.models import Plan

# Stored precision of the numeric Score fields: (decimal places, integer digits). Percentages keep 8 decimals so
# that display rounds once, from a value the engine computed (86.24996 reads 86.2 on every page, as in 试算): a
# 4-decimal store turned it into 86.2500 and then 86.3 (issue 11).
_NUMBER_FIELDS = {
    "current_value": (6, 14),
    "progress_raw": (8, 6),  # ≤ 14 significant digits: SQLite keeps decimals as REAL (15 digits)
    "progress": (8, 4),
    "expected": (8, 4),
    "forecast": (6, 14),
    "score": (8, 4),
}
# (quantum, largest storable magnitude) per numeric field, e.g. progress: (0.0001, 9999.9999).
_STORAGE = {
    name: (Decimal(1).scaleb(-places), Decimal(10) ** digits - Decimal(1).scaleb(-places))
    for name, (places, digits) in _NUMBER_FIELDS.items()
}
_TEXT_STORAGE = (Decimal("0.0001"), Decimal(10) ** 14 - Decimal("0.0001"))  # the components' figures
_WRITE_BATCH = 1000
# The stored values a digest covers (every value field of a Score row but its keys and time stamp).
_DIGESTED = (
    "current_value",
    "progress_raw",
    "progress",
    "expected",
    "status",
    "forecast",
    "forecast_met",
    "score",
    "grade",
    "components",
    "rule",
    "config_version",
)


@dataclasses.dataclass
class RecomputeReport:
    """Rows created, updated (replaced because a value changed), deleted (stale) and unchanged."""

    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    def __add__(self, other: "RecomputeReport") -> "RecomputeReport":
        return RecomputeReport(
            *(a + b for a, b in zip(dataclasses.astuple(self), dataclasses.astuple(other), strict=True))
        )

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted


def _fields(ctx: _Context, **values) -> dict:
    """A complete row of Score values, numbers rounded half-up to their stored precision."""
    fields = {
        "current_value": None,
        "progress_raw": None,
        "progress": None,
        "expected": None,
        "forecast": None,
        "forecast_met": None,
        "score": None,
        "grade": "",
        "components": {},
        "rule": "",
        "config_version": ctx.rules.version,
    } | values
    fields["status"] = str(fields["status"])
    for name, storage in _STORAGE.items():
        value = fields[name]
        if value is not None:
            fields[name] = _stored_number(value, *storage)
    fields["digest"] = _digest(fields)
    return fields


def _digest(fields: dict) -> str:
    """MD5 (hex, 32 characters) of a row's stored values, in a fixed order: numbers at their stored precision
    as text, the JSON components with sorted keys. Equal values give equal digests on every database."""
    parts = [fields["components"] if name == "components" else fields[name] for name in _DIGESTED]
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def _unchanged(old: dict | None, fields: dict) -> bool:
    """A stored row equals the computed one: by digest when the stored row has one, else field by field."""
    if old is None:
        return False
    if old.get("digest"):
        return old["digest"] == fields["digest"]
    return all(old[name] == fields[name] for name in _DIGESTED if name in old) and "current_value" in old


def _stored_number(value: Decimal, quantum: Decimal, limit: Decimal) -> Decimal:
    """Rounded half-up to ``quantum`` and kept within the column's range (±limit)."""
    if value > limit:
        value = limit
    elif value < -limit:
        value = -limit
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def _text(value: Decimal | None) -> str | None:
    """A Decimal for the JSON components: 4 decimals, as text (exact, no float)."""
    return None if value is None else str(_stored_number(value, *_TEXT_STORAGE))


def _scores_write(plan: Plan, computed: dict, stored: dict, *, delete_stale: bool) -> RecomputeReport:
    """Replace changed rows, create missing ones, delete stale ones (``delete_stale``). ≤ 2 queries
    per 1000 rows; nothing is written when nothing changed."""
    report, to_delete, to_create = RecomputeReport(), [], []
    for key, fields in computed.items():
        old = stored.get(key)
        if _unchanged(old, fields):
            report.unchanged += 1
            continue
        if old is None:
            report.created += 1
        else:
            report.updated += 1
            to_delete.append(old["id"])
        to_create.append(_score_object(plan, key, fields))
    if delete_stale:
        stale = [row["id"] for key, row in stored.items() if key not in computed]
        report.deleted = len(stale)
        to_delete += stale
    for start in range(0, len(to_delete), _WRITE_BATCH):
        Score.objects.filter(pk__in=to_delete[start : start + _WRITE_BATCH]).delete()
    Score.objects.bulk_create(to_create, batch_size=_WRITE_BATCH)
    no_target_notify(rows={key: fields for key, fields in computed.items() if _written(key, fields, stored)})
    return report


def _written(key: tuple, fields: dict, stored: dict) -> bool:
    """The row was created, or its status changed (a notice is due only when a row becomes 目标未下达)."""
    old = stored.get(key)
    return old is None or old["status"] != fields["status"]


def _score_object(plan: Plan, key: tuple, fields: dict) -> Score:
    level, object_id, period_id = key
    link = {} if level == L.PLAN else {f"{level}_id": object_id}
    return Score(level=level, plan_id=plan.pk, period_id=period_id, **link, **fields)
