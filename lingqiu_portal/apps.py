"""Django's admin app with the portal's admin site (``admin_site.PortalAdminSite``: the 2FA lock)."""

from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    default_site = "lingqiu_portal.admin_site.PortalAdminSite"
