"""``manage.py backup [--out DIR] [--keep N] [--method auto|pg_dump|dumpdata]``: the database and the media files
(evidence, reports, ledgers) in one dated archive ``DIR/lingqiu-backup-YYYYMMDD-HHMMSS.tar.gz`` (default DIR:
``BACKUP_DIR``, var/backups); ``--keep N`` then deletes all but the newest N archives there. See
``tasks.common.backup`` and the README's backup section (daily schedule, off-machine copy)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tasks.audit.record import AuditEvent, audit_record
from tasks.common.backup import BackupError, backup_create, backups_prune


class Command(BaseCommand):
    help = "Back up the database and the media files to a dated archive."

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, default=None, help="directory of the archives (BACKUP_DIR)")
        parser.add_argument("--keep", type=int, default=0, help="keep only the newest N archives (0: keep all)")
        parser.add_argument("--method", choices=["auto", "pg_dump", "dumpdata"], default="auto")

    def handle(self, *args, out, keep, method, **options):
        out = out or Path(settings.BACKUP_DIR)
        try:
            archive = backup_create(out_dir=out, method=method)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        audit_record(AuditEvent.Kind.EXPORT, detail=f"backup → {archive}", object_type="backup")
        self.stdout.write(str(archive))
        for old in backups_prune(out, keep=keep):
            self.stdout.write(f"deleted {old}")
