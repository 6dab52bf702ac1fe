"""History pages of the admin may not write (issue 11: approved data locked on every path).

django-simple-history's history page (``…/history/<version>/``) saves the historical version as the current row
when it is POSTed ("revert"), and asks only for the *view* permission, of the historical row: a view-only reader
(领导, a 督查员 on figures) could revert an indicator's target or an approved figure to an older state. The portal
requires the change permission of the current row for that POST, on every admin with history — once, here.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

_history_form_view = SimpleHistoryAdmin.history_form_view


def history_form_view(self, request, object_id, version_id, extra_context=None):
    """simple-history's page; a POST (revert) needs ``has_change_permission`` on the current object (403 otherwise)."""
    if request.method == "POST" and not self.has_change_permission(
        request, self.get_object(request, unquote(object_id))
    ):
        raise PermissionDenied
    return _history_form_view(self, request, object_id, version_id, extra_context)


def install() -> None:
    """Guard every SimpleHistoryAdmin's revert (called once from the admin's AppConfig.ready)."""
    SimpleHistoryAdmin.history_form_view = history_form_view
