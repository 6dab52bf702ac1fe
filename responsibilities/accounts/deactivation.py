"""Users are deactivated (停用), never deleted (issue 11): history rows, reviews, submissions, evidence and the audit
log keep the "who". ``users_deactivate`` is the admin's 停用 action; deleting a user by any path (admin, shell,
script) is refused by ``user_delete_refuse`` (pre_delete), so no foreign key to the user is ever blanked."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models.signals import pre_delete
from django.utils.translation import gettext as _


@transaction.atomic
def users_deactivate(*, users, by) -> int:
    """停用 ``users`` (an iterable of users) except ``by`` itself and superusers: ``is_active`` off, saved one by one
    so that the audit log records each and their API tokens are revoked (``tokens.connect``). Returns how many."""
    count = 0
    for user in users:
        if user.pk == by.pk or user.is_superuser or not user.is_active:
            continue
        user.is_active = False
        user.save(update_fields=["is_active"])
        count += 1
    return count


def user_delete_refuse(sender, instance, **kwargs):
    raise PermissionDenied(_("用户不能删除(其填报、审核和操作记录须保留“由谁”),请改为停用。"))


def connect() -> None:
    pre_delete.connect(user_delete_refuse, sender=get_user_model(), dispatch_uid="accounts.user_delete_refuse")
