from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    """The plan itself: plan, the six systems (体系), the 23 plan tasks and their milestones."""

    name = "tasks"
    verbose_name = _("规划与任务")

    def ready(self):
        from django import forms

        from tasks.common.validators import text_printable_validate

        # Every text field of every form (pages, login, admin, filters) refuses control characters: the bottom
        # app installs it once for all (``tasks.common.validators``).
        if text_printable_validate not in forms.CharField.default_validators:
            forms.CharField.default_validators = [*forms.CharField.default_validators, text_printable_validate]

        from tasks.audit.signals import audit_signals_connect

        audit_signals_connect()  # every model of every app is loaded by now
