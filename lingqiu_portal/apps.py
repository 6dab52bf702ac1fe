"""Django's admin app with the portal's admin site (``admin_site.PortalAdminSite``: the 2FA lock) and numbers as
people write them (``admin_numbers``)."""

from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    default_site = "lingqiu_portal.admin_site.PortalAdminSite"

    def ready(self):
        from lingqiu_portal import admin_numbers

        admin_numbers.install()
        super().ready()
