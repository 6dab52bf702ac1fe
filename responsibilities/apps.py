from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ResponsibilitiesConfig(AppConfig):
    """Who does what: departments, their lead/support assignments, users and roles."""

    name = "responsibilities"
    verbose_name = _("责任分工")

    def ready(self):
        from responsibilities.accounts import deactivation, events, policy, tokens
        from responsibilities.services import roles_sync

        # After every migrate, so new models' permissions reach the role groups.
        post_migrate.connect(roles_sync, dispatch_uid="responsibilities.roles_sync")
        events.connect()  # login records
        policy.connect()  # a login's pending steps (2FA, password change) and idle clock
        tokens.connect()  # deactivation revokes API tokens
        deactivation.connect()  # users are deactivated, never deleted
