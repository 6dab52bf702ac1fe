from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    """Indicators, reporting periods, submitted figures, their review and the stored scores."""

    name = "indicators"
    verbose_name = _("指标与填报")

    def ready(self):
        from .scoring.reminders import scoring_beat_schedules

        # After every migrate (and test flush): the nightly recompute and daily reminder schedules.
        post_migrate.connect(scoring_beat_schedules, sender=self, dispatch_uid="indicators.scoring_beat_schedules")
