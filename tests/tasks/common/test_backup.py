"""Backup → wipe → restore (tasks/common/backup.py, manage.py backup / restore): every figure, history row,
evidence file (same SHA-256) and score comes back identical. On PostgreSQL (CI) with pg_dump/pg_restore and with
Django's dumpdata/loaddata; on SQLite with dumpdata/loaddata."""

import datetime as dt
import shutil
import tarfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from indicators.entry import selectors, services
from indicators.entry.services import ValueEntry
from indicators.models import Evidence, IndicatorValue, MilestoneReport, ReportingPeriod, Score, Submission
from indicators.scoring.services import scores_recompute
from tasks.audit.models import AuditEvent
from tasks.common.backup import backup_check, file_sha256
from tests.conftest import is_postgres
from tests.factories import PDF_BYTES

pytestmark = pytest.mark.django_db(transaction=True)
TODAY = dt.date(2026, 12, 3)


def seed(plan, dept_b, staff_b, supervisor) -> None:
    """Water bureau's figures for two quarters with evidence, submitted and approved; scores recomputed."""
    for quarter, value in ((3, "3"), (4, "5")):
        period = ReportingPeriod.objects.get(year=2025, quarter=quarter)
        submission = services.submission_get_or_create(department=dept_b, period=period)
        evidence = (SimpleUploadedFile(f"验收{quarter}.pdf", PDF_BYTES + str(quarter).encode()),)
        entries = [
            ValueEntry(i.pk, Decimal(value), True, f"说明{quarter}", evidence)
            for i in selectors.indicators_of_department(department=dept_b)
        ]
        services.values_save(submission=submission, user=staff_b, entries=entries, expected_version=1)
        services.submission_submit(submission=submission, user=staff_b)
        services.submission_approve(submission=Submission.objects.get(pk=submission.pk), user=supervisor)
    scores_recompute(plan=plan, today=TODAY)


def state() -> dict:
    """Everything the round trip must keep: figures, their history, evidence files by hash, scores, the log."""
    return {
        "figures": list(IndicatorValue.objects.order_by("pk").values()),
        "figure_history": list(IndicatorValue.history.order_by("history_id").values()),
        "forms": list(Submission.objects.order_by("pk").values()),
        "form_history": list(Submission.history.order_by("history_id").values()),
        "milestones": list(MilestoneReport.objects.order_by("pk").values()),
        "evidence": {e.pk: (e.file.name, file_sha256(Path(e.file.path))) for e in Evidence.objects.all()},
        "scores": list(Score.objects.order_by("pk").values()),
        "audit": list(AuditEvent.objects.order_by("pk").values()),
    }


def wipe() -> None:
    call_command("flush", "--noinput", verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)


METHODS = ["auto", "dumpdata"]


def differences(before, after) -> list:
    """The first few fields that differ (for the failure message)."""
    if isinstance(before, dict):
        return [
            (k, before.get(k), after.get(k)) for k in before.keys() | after.keys() if before.get(k) != after.get(k)
        ][:5]
    if len(before) != len(after):
        return [("rows", len(before), len(after))]
    return [(i, differences(b, a)) for i, (b, a) in enumerate(zip(before, after, strict=True)) if b != a][:3]


@pytest.mark.parametrize("method", METHODS)
def test_backup_wipe_restore_gives_back_every_figure_history_row_file_and_score(
    method, plan, dept_b, staff_b, supervisor, tmp_path
):
    seed(plan, dept_b, staff_b, supervisor)
    before = state()
    assert len(before["figures"]) >= 4 and len(before["evidence"]) >= 4 and before["scores"] and before["audit"]
    call_command("backup", "--out", str(tmp_path / "backups"), "--method", method, verbosity=0)
    (archive,) = (tmp_path / "backups").glob("lingqiu-backup-*.tar.gz")
    manifest = backup_check(archive)
    expected_method = "pg_dump" if method == "auto" and is_postgres() and shutil.which("pg_dump") else "dumpdata"
    assert manifest["database"]["method"] == expected_method
    assert {f"media/{name}" for name, _sha in before["evidence"].values()} <= set(manifest["sha256"])

    wipe()
    assert not IndicatorValue.objects.exists() and not Score.objects.exists() and not Path(settings.MEDIA_ROOT).exists()

    call_command("restore", str(archive), "--yes", verbosity=0)
    after = state()
    for key in ("figures", "figure_history", "forms", "form_history", "milestones", "evidence", "scores"):
        assert after[key] == before[key], (key, differences(before[key], after[key]))
    assert after["audit"][: len(before["audit"])] == before["audit"]  # the log kept, and the restore added to it
    assert AuditEvent.objects.filter(detail__startswith="restore ←").exists()


def test_a_damaged_archive_is_refused_before_anything_changes(plan, dept_b, staff_b, supervisor, tmp_path):
    seed(plan, dept_b, staff_b, supervisor)
    call_command("backup", "--out", str(tmp_path), "--method", "dumpdata", verbosity=0)
    (archive,) = tmp_path.glob("lingqiu-backup-*.tar.gz")
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(damaged, "w:gz") as target:
        for member in source:
            data = source.extractfile(member).read()
            if member.name.startswith("media/"):
                data = data + b"tampered"
                member.size = len(data)
            import io

            target.addfile(member, io.BytesIO(data))
    before = state()
    with pytest.raises(CommandError, match="SHA-256 does not match"):
        call_command("restore", str(damaged), "--yes", verbosity=0)
    assert state()["figures"] == before["figures"]
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive), verbosity=0)


def test_keep_deletes_all_but_the_newest_archives(plan, tmp_path):
    for day in ("20260101-010000", "20260102-010000", "20260103-010000"):
        (tmp_path / f"lingqiu-backup-{day}.tar.gz").write_bytes(b"old")
    call_command("backup", "--out", str(tmp_path), "--keep", "2", "--method", "dumpdata", verbosity=0)
    assert len(list(tmp_path.glob("lingqiu-backup-*.tar.gz"))) == 2
    assert not (tmp_path / "lingqiu-backup-20260102-010000.tar.gz").exists()
