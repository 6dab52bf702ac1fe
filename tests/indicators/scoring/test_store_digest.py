"""The full recompute compares stored rows by the digest of their values (a narrow read), not field by field."""

from indicators.models import Score
from indicators.scoring import services


def test_unchanged_rows_are_skipped_by_their_digest_and_rows_without_one_rewritten(plan):
    first = services.scores_recompute(plan=plan)
    assert first.created > 0 and not Score.objects.filter(plan=plan, digest="").exists()
    assert services.scores_recompute(plan=plan).changed == 0
    row = Score.objects.filter(plan=plan, level=Score.Level.TASK).first()
    Score.objects.filter(pk=row.pk).update(rule="(digest unchanged: not compared field by field)")
    assert services.scores_recompute(plan=plan).changed == 0  # the digest decides
    Score.objects.filter(pk=row.pk).update(digest="")  # a row written before digests existed
    report = services.scores_recompute(plan=plan)
    assert (report.updated, report.created, report.deleted) == (1, 0, 0)
    assert Score.objects.get(level=Score.Level.TASK, task_id=row.task_id, period_id=row.period_id).rule == row.rule
