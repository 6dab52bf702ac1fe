"""Reads: a user's role and department."""

from . import roles
from .models import Department, StaffProfile


def user_roles(user) -> set[str]:
    """The role names (groups) of a user; cached on the user object for the request."""
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_role_names"):
        user._role_names = set(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            user._role_names.add(roles.ADMIN)
    return user._role_names


def user_department(user) -> Department | None:
    """The department a 填报员 belongs to, or None."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_department"):  # one query per request: profile and department together
        profile = StaffProfile.objects.select_related("department").filter(user=user).first()
        user._department = profile.department if profile else None
    return user._department


def user_is_supervisor(user) -> bool:
    return bool(user_roles(user) & {roles.SUPERVISOR, roles.ADMIN})


def user_is_leader(user) -> bool:
    return roles.LEADER in user_roles(user)


def user_can_read_all(user) -> bool:
    """Supervisors, leadership and administrators read every department's data."""
    return bool(user_roles(user) & {roles.SUPERVISOR, roles.LEADER, roles.ADMIN})
