from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Dashboard pages and assessment reports (Excel, HTML)."""

    name = "reports"
    verbose_name = _("进度看板与考核报表")

    def ready(self):
        from reports.assessment import jobs  # noqa: F401  registers the Celery jobs by name
        from reports.ledger import jobs as ledger_jobs  # noqa: F401
