"""Departments ranked by their stored assessment score (考核得分), as on the 部门考核 sheet."""

from decimal import Decimal

from indicators.models import ReportingPeriod
from indicators.scoring.engine import round_half_up
from indicators.scoring.selectors import department_assessment
from tasks.models import Plan


def departments_ranking(*, plan: Plan, period: ReportingPeriod) -> list[dict]:
    """Departments by stored assessment score (考核得分) at ``period``: best first, vetoed (一票否决) last.

    Ranking rule (the same as the 部门考核 sheet, ``reports.assessment.report``): competition ranking ("1224")
    on the score as displayed — rounded half-up to one decimal (``ranking_score``) — so two departments
    shown with 84.0 share a rank; equal scores are listed by department code.
    Rows: {"rank", "department_id", "code", "name", "score", "grade", "veto", "progress", "timeliness",
    "deduction"}. 1 query.
    """
    rows = [row for row in department_assessment(plan=plan, period=period) if row["score"] is not None]
    rows.sort(key=lambda r: (r["veto"], -ranking_score(r["score"]), r["code"]))
    ranked, previous = [], None
    for index, row in enumerate(rows, start=1):
        standing = (row["veto"], ranking_score(row["score"]))
        ranked.append(row | {"rank": ranked[-1]["rank"] if standing == previous else index})
        previous = standing
    return ranked


def ranking_score(score) -> Decimal:
    """The score a department is ranked by: its 考核得分 (points) rounded half-up to the one decimal shown."""
    return round_half_up(Decimal(str(score)), 1)
