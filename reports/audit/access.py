"""Who reads the audit log: the 审计员, nobody else (三员分立: the administrators whose work it records do not)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tasks.common.roles import user_is_auditor


def auditor_or_deny(user) -> None:
    """Raise PermissionDenied unless ``user`` is an 审计员."""
    if not user_is_auditor(user):
        raise PermissionDenied(_("只有审计员可以查看审计日志。"))
