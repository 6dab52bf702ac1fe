"""Writes of stored scores: the full and the incremental recompute.

One ``Score`` row per (indicator | task | system | department | plan, period), for every period from
the plan's first quarter to the latest one (2026 quarters too: values after the plan end keep being
scored against the 2025 targets). Levels, all percentages on a 0–100 scale:

* indicator — ``engine.indicator_evaluate`` at the period's last day on the approved figures;
* task — weighted mean of its indicators' scores (indicator weight) and its milestones' share done
  (milestone weight; latest approved report up to the period, ``engine.milestones_progress``);
* system — weighted mean of its tasks (task weight); plan — weighted mean of its systems (system weight);
* department (考核) — ``engine.department_assess`` over the tasks it leads (lead weight) and supports
  (support weight), timeliness of its forms of the year so far and returned forms of the year so far;
  a veto (一票否决) of that year makes it 不合格.

Inputs without approved data score 0 in roll-ups (the engine's ``IndicatorResult.score``), so a
missing report lowers the task, system, plan and departments. A roll-up's expected progress
(时序进度) is the same weighted mean of its parts' expected progress, and its status compares
the two with ``engine.status_classify`` (achieved = every part achieved).

Writes are idempotent: each stored row is compared with the computed one and only changed rows
are replaced (delete + bulk_create inside the transaction), so re-running gives the same rows and
no duplicates. Every recompute of a plan first locks the plan row (``SELECT … FOR UPDATE``), so
recomputes of one plan never interleave and always read committed data.

What triggers which recompute: every change of an engine input, on every path (web, API, Excel, admin,
management commands), writes ``ScoreRecomputeMark`` rows in its own transaction (``indicators.recompute``:
the triggers the services call and the model signals); one ``scores_marks_drain`` job per commit
recomputes what they name (``drain``) and deletes them with the new scores; the beat job
``scores_marks_sweep`` (every 2 minutes) drains marks a lost job left; every night →
``scores_recompute_all_job`` (the safety net), which fans out one ``scores_recompute_plan_job`` per plan (a
Celery group of ``plans_recomputed()``; ``scores_recompute_all`` is the same work in one process).

Modules: ``recompute`` (the public recompute services), ``drain`` (the outbox's marks → scores),
``context`` (loading one recompute: plan lock, structure, periods, rules), ``compute`` (the rows computed
in memory), ``store`` (stored precision and the idempotent write), ``config_save`` (saving a scoring
configuration). Callers use the names re-exported here (``indicators.scoring.services.X``).
"""

from indicators.scoring.services.config_save import scoring_config_save
from indicators.scoring.services.drain import marks_pending_before, scores_marks_drain
from indicators.scoring.services.recompute import (
    plans_recomputed,
    scores_recompute,
    scores_recompute_all,
    scores_recompute_departments,
    scores_recompute_departments_of,
    scores_recompute_incremental,
    scores_recompute_items,
)
from indicators.scoring.services.store import RecomputeReport

__all__ = [
    "RecomputeReport",
    "marks_pending_before",
    "plans_recomputed",
    "scores_marks_drain",
    "scores_recompute",
    "scores_recompute_all",
    "scores_recompute_departments",
    "scores_recompute_departments_of",
    "scores_recompute_incremental",
    "scores_recompute_items",
    "scoring_config_save",
]
