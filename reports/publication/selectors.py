"""Reads of the 公示 page: whether it is published, and what it shows.

What it shows comes from the 终期评估 report of the whole county (``reports.assessment.report``): stored
scores and approved figures only (审核通过; no drafts, nothing submitted but not yet approved). It takes the
plan's progress, the six systems, the binding (约束性) indicators and the counts by status — and leaves out
by construction every note, evidence file, department and ranking: only the columns named here are copied.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from reports.assessment.report import ReportParams, assessment_report, cell_text
from reports.publication.models import Publication


def publication_enabled() -> bool:
    """True when an administrator has switched the page on. 1 query."""
    return Publication.objects.filter(pk=1, enabled=True).exists()


def _rows(table, keys: tuple[str, ...]) -> list[dict]:
    """Rows of ``table`` as {key: {"text", "tone"}} for the named columns only."""
    index = {c.key: (i, c.kind) for i, c in enumerate(table.columns)}
    return [
        {
            key: {"text": cell_text(row[index[key][0]], index[key][1]), "tone": getattr(row[index[key][0]], "tone", "")}
            for key in keys
        }
        for row in table.rows
    ]


def public_data(*, plan) -> dict:
    """{"title", "as_of", "plan": row, "systems": [row], "indicators": [row], "counts": [row]}; each row
    {column key: {"text", "tone"}} — only public columns (see the module docstring)."""
    report = assessment_report(params=ReportParams(plan.pk))
    binding = _("约束性")  # the indicator table's 指标属性 of a binding indicator, in the active language
    plan_row, *systems = _rows(report.table("systems"), ("name", "score", "status", "progress", "expected", "tasks"))
    indicators = [
        row
        for row in _rows(
            report.table("indicators"),
            (
                "code",
                "name",
                "unit",
                "binding",
                "comparator",
                "target",
                "latest",
                "latest_period",
                "status",
                "progress",
            ),
        )
        if row["binding"]["text"] == binding
    ]
    counts = [
        row
        for row in _rows(report.table("status_counts"), ("status", "indicators", "share"))
        if row["indicators"]["text"] not in ("0", "—") or row["status"]["tone"] == "total"
    ]
    return {
        "title": plan.name,
        "period": report.period_label,
        "as_of": report.as_of_label,
        "plan": plan_row,
        "systems": systems,
        "indicators": indicators,
        "counts": counts,
    }
