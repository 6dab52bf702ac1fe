"""The portal's roles, held as Django groups, and who has which. Names are the ones county staff use.

One home for "is this user a supervisor / leader / administrator": pages, API permissions, exports and
selectors all ask here (the department a user belongs to is ``responsibilities.selectors.user_department``).
"""

STAFF = "填报员"  # department staff: enter their own department's figures
SUPERVISOR = "督查员"  # assessment office: review, approve, return, export
LEADER = "领导"  # leadership group: read everything, change nothing
ADMIN = "管理员"  # administrators: maintain the plan and accounts

ALL_ROLES = (STAFF, SUPERVISOR, LEADER, ADMIN)


def user_roles(user) -> set[str]:
    """The role names (groups) of a user; cached on the user object for the request."""
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_role_names"):
        user._role_names = set(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            user._role_names.add(ADMIN)
    return user._role_names


def user_is_supervisor(user) -> bool:
    """督查员 or administrator: review, approve, return, export."""
    return bool(user_roles(user) & {SUPERVISOR, ADMIN})


def user_is_leader(user) -> bool:
    return LEADER in user_roles(user)


def user_can_read_all(user) -> bool:
    """Supervisors, leadership and administrators read every department's data."""
    return bool(user_roles(user) & {SUPERVISOR, LEADER, ADMIN})


def user_is_read_only(user) -> bool:
    """Leadership (领导) read everything and change nothing."""
    return user_is_leader(user) and not user_is_supervisor(user)
