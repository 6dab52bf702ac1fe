"""``manage.py restore ARCHIVE --yes``: replace the database and the media files with a backup archive's (made by
``manage.py backup``). Every member's SHA-256 is checked first; nothing changes when one does not match. Stop
the web server, the worker and beat before, run ``migrate`` after (an older archive), start them again."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tasks.audit.record import AuditEvent, audit_record
from tasks.common.backup import BackupError, backup_check, backup_restore


class Command(BaseCommand):
    help = "Restore the database and the media files from a backup archive (replaces both)."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--yes", action="store_true", help="confirm: the database and media are replaced")
        parser.add_argument("--check", action="store_true", help="only check the archive (hashes), change nothing")

    def handle(self, *args, archive: Path, yes: bool, check: bool, **options):
        try:
            if check:
                manifest = backup_check(archive)
                self.stdout.write(f"{archive}: intact ({manifest['database']['method']}, {manifest['created_at']})")
                return
            if not yes:
                raise CommandError("restore replaces the whole database and the media files: add --yes to confirm")
            manifest = backup_restore(archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        audit_record(
            AuditEvent.Kind.UPDATE, detail=f"restore ← {archive} ({manifest['created_at']})", object_type="backup"
        )
        self.stdout.write(f"restored {archive} ({manifest['database']['method']}, made {manifest['created_at']})")
        if manifest.get("media_replaced"):
            self.stdout.write(f"the media files that were replaced are in {manifest['media_replaced']}")
