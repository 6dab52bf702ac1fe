"""Django's admin app with the portal's admin site (``admin_site.PortalAdminSite``: the 2FA lock), numbers as
people write them (``admin_numbers``), history pages that never write without the change permission
(``admin_history``) and the libraries' strings in Chinese (``admin_language``)."""

from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    default_site = "lingqiu_portal.admin_site.PortalAdminSite"

    def ready(self):
        from lingqiu_portal import admin_history, admin_language, admin_numbers

        admin_numbers.install()
        admin_history.install()  # a history page's revert needs the change permission of the current row
        super().ready()  # registers every ModelAdmin (autodiscover)
        admin_language.install()
