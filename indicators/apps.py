from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    """Indicators, reporting periods, submitted figures, their review and the stored scores."""

    name = "indicators"
    verbose_name = _("指标与填报")

    def ready(self):
        from indicators.entry import jobs as entry_jobs  # noqa: F401  registers the Celery jobs by name
        from indicators.entry.evidence import evidence_file_remove
        from indicators.entry.reminders import scoring_beat_schedules
        from indicators.recompute.signals import signals_connect
        from indicators.scoring import jobs as scoring_jobs  # noqa: F401
        from indicators.supervision import jobs as supervision_jobs  # noqa: F401
        from indicators.supervision.reminders import order_reminder_schedule

        signals_connect()  # every change of an engine input marks the scores out of date (the outbox)
        # After every migrate (and test flush): the nightly recompute and daily reminder schedules.
        post_migrate.connect(scoring_beat_schedules, sender=self, dispatch_uid="indicators.scoring_beat_schedules")
        # An evidence row deleted by any path takes its file with it (after the commit).
        post_delete.connect(
            evidence_file_remove, sender="indicators.Evidence", dispatch_uid="indicators.evidence_file_remove"
        )
        post_migrate.connect(order_reminder_schedule, sender=self, dispatch_uid="indicators.order_reminder_schedule")
