from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    """Indicators, reporting periods, submitted figures, their review and the stored scores."""

    name = "indicators"
    verbose_name = _("指标与填报")
