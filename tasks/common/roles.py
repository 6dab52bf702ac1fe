"""The portal's roles, held as Django groups, and who has which. Names are the ones county staff use.

One home for "is this user a supervisor / leader / administrator": pages, API permissions, exports and
selectors all ask here (the department a user belongs to is ``responsibilities.selectors.user_department``).

三员分立 (GB/T 22239-2019 8.1.4.2 访问控制 and 8.1.5 集中管控): three administrators, none of whom can do the
others' work — 系统管理员 (users, departments, the plan, settings), 安全管理员 (accounts, roles, lockouts,
two-factor devices, API tokens) and 审计员 (reads the audit log, nothing else). The admin permissions of each
group are granted by ``responsibilities.services.roles_sync``.
"""

STAFF = "填报员"  # department staff: enter their own department's figures
SUPERVISOR = "督查员"  # assessment office: review, approve, return, export
LEADER = "领导"  # leadership group: read everything, change nothing
ADMIN = "系统管理员"  # system administrator: users, departments, the plan and settings
SECURITY_ADMIN = "安全管理员"  # security administrator: accounts, roles, lockouts, 2FA devices, tokens
AUDITOR = "审计员"  # auditor: reads the audit log

SYSTEM_ADMIN = ADMIN
ALL_ROLES = (STAFF, SUPERVISOR, LEADER, ADMIN, SECURITY_ADMIN, AUDITOR)
ADMINISTRATOR_ROLES = frozenset({ADMIN, SECURITY_ADMIN, AUDITOR})
# Names a role had before; ``user_create`` and the group migration accept them.
LEGACY_NAMES = {"管理员": ADMIN}


def role_canonical(name: str) -> str:
    """The current name of a role (``管理员`` → ``系统管理员``); unknown names are returned unchanged."""
    return LEGACY_NAMES.get(name, name)


def user_roles(user) -> set[str]:
    """The role names (groups) of a user; cached on the user object for the request.

    A superuser (``createsuperuser``: the first administrator) counts as 系统管理员.
    """
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_role_names"):
        user._role_names = set(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            user._role_names.add(ADMIN)
    return user._role_names


def user_is_supervisor(user) -> bool:
    """督查员 or 系统管理员: review, approve, return, export."""
    return bool(user_roles(user) & {SUPERVISOR, ADMIN})


def user_is_leader(user) -> bool:
    return LEADER in user_roles(user)


def user_can_read_all(user) -> bool:
    """Supervisors, leadership and 系统管理员 read every department's data."""
    return bool(user_roles(user) & {SUPERVISOR, LEADER, ADMIN})


def user_is_read_only(user) -> bool:
    """Leadership (领导) read everything and change nothing."""
    return user_is_leader(user) and not user_is_supervisor(user)


def user_is_administrator(user) -> bool:
    """One of the three administrators (or a superuser): two-factor authentication is required of them
    where ``OTP_REQUIRED_FOR_ADMINISTRATORS`` is on (production)."""
    return user.is_authenticated and (user.is_superuser or bool(user_roles(user) & ADMINISTRATOR_ROLES))


def user_is_auditor(user) -> bool:
    return AUDITOR in user_roles(user)
