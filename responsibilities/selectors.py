"""Reads: the department a user belongs to (roles: ``tasks.common.roles``)."""

from responsibilities.models import Department, StaffProfile


def user_department(user) -> Department | None:
    """The department a 填报员 belongs to, or None."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_department"):  # one query per request: profile and department together
        profile = StaffProfile.objects.select_related("department").filter(user=user).first()
        user._department = profile.department if profile else None
    return user._department
