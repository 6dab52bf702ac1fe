"""``manage.py audit_purge --before YYYY-MM-DD``: remove audit log rows older than a date, never younger than
the retention (``AUDIT_RETENTION_DAYS``, at least 180 days; on PostgreSQL the table's trigger refuses younger
rows whatever this command is told). ``--dry-run`` only counts. The purge itself is recorded in the log."""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from tasks.audit.models import AuditEvent
from tasks.audit.record import audit_record


class Command(BaseCommand):
    help = "Remove audit log rows older than --before (refused for rows younger than the retention, ≥ 180 days)."

    def add_arguments(self, parser):
        parser.add_argument("--before", required=True, type=dt.date.fromisoformat, help="YYYY-MM-DD (exclusive)")
        parser.add_argument("--dry-run", action="store_true", help="count only")

    def handle(self, *args, before: dt.date, dry_run: bool, **options):
        cutoff = timezone.make_aware(dt.datetime.combine(before, dt.time.min))
        oldest_allowed = timezone.now() - dt.timedelta(days=settings.AUDIT_RETENTION_DAYS)
        if cutoff > oldest_allowed:
            raise CommandError(
                f"refused: the audit log is kept {settings.AUDIT_RETENTION_DAYS} days; --before must be on or "
                f"before {timezone.localtime(oldest_allowed).date().isoformat()}"
            )
        count = AuditEvent.objects.filter(at__lt=cutoff).count()
        if dry_run:
            self.stdout.write(f"{count} audit rows before {before.isoformat()} (dry run: nothing removed)")
            return
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL lingqiu.audit_purge = 'on'")
            cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE at < %s", [cutoff])
            removed = cursor.rowcount
            audit_record(
                AuditEvent.Kind.DELETE,
                detail=f"audit_purge --before {before.isoformat()}: {removed} rows",
                object_type="tasks.AuditEvent",
            )
        self.stdout.write(f"removed {removed} audit rows before {before.isoformat()}")
