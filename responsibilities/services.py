"""Writes for departments, roles and accounts."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q

from responsibilities.models import Department, StaffProfile
from tasks.common import roles

# Admin permissions of each role (least privilege, 三员分立). ``(app_label, model or None, actions)``:
# ``None`` = every model of the app; actions are Django's add / change / delete / view.
ALL_ACTIONS = ("add", "change", "delete", "view")
PLAN_APPS = ("tasks", "responsibilities", "indicators", "reports")
# The audit log (tasks.audit's AuditEvent, in the tasks app): read by the 审计员 only, whatever app-wide grants
# say (its admin offers add, change and delete to nobody); axes' login records belong to it too.
AUDIT_MODEL = ("tasks", "auditevent")
ROLE_PERMISSIONS = {
    # 督查员 review figures and maintain what the review rests on: assignments, periods, indicator
    # interpretations, scoring rules and vetoes. They read the plan, never people, accounts or roles.
    roles.SUPERVISOR: [
        *[(app, None, ("view",)) for app in ("tasks", "indicators", "reports")],
        ("responsibilities", "department", ("view",)),
        ("responsibilities", "taskassignment", ALL_ACTIONS),
        ("indicators", "indicator", ("add", "change", "delete")),
        ("indicators", "reportingperiod", ("add", "change", "delete")),
        ("indicators", "scoringconfig", ("add", "change", "delete")),
        ("indicators", "assessmentveto", ("add", "change", "delete")),
        ("tasks", "milestone", ("add", "change", "delete")),
    ],
    # 领导 read the plan and its data in the admin, change nothing; not people.
    roles.LEADER: [
        *[(app, None, ("view",)) for app in ("tasks", "indicators", "reports")],
        ("responsibilities", "department", ("view",)),
        ("responsibilities", "taskassignment", ("view",)),
    ],
    # 系统管理员: users (who they are, which department: StaffProfile), departments, the plan, settings
    # (scoring rules, periods, beat schedules). Not roles, lockouts, devices or tokens; never the audit log.
    roles.ADMIN: [
        *[(app, None, ALL_ACTIONS) for app in (*PLAN_APPS, "django_celery_beat")],
        ("auth", "user", ("add", "change", "view")),
        ("auth", "group", ("view",)),
    ],
    # 安全管理员: accounts (active or not, password reset), roles (group membership), lockouts (axes),
    # two-factor devices and API tokens. Not the plan, its data or departments.
    roles.SECURITY_ADMIN: [
        ("auth", "user", ("change", "view")),
        ("auth", "group", ("view",)),
        ("axes", None, ("view", "delete")),
        ("otp_totp", "totpdevice", ("view", "delete")),
        ("knox", "authtoken", ("view", "delete")),
    ],
    # 审计员: reads the audit log and the login records, nothing else.
    roles.AUDITOR: [
        (*AUDIT_MODEL, ("view",)),
        ("axes", None, ("view",)),
    ],
    # 填报员 work through the portal's pages only.
    roles.STAFF: [],
}


def role_permissions(role: str):
    """The Permission rows ``role`` holds in the admin (a queryset; empty for 填报员)."""
    query = Q(pk__in=[])
    for app_label, model, actions in ROLE_PERMISSIONS[role]:
        rule = Q(content_type__app_label=app_label, codename__regex=rf"^({'|'.join(actions)})_")
        if model is not None:
            rule &= Q(content_type__model=model)
        query |= rule
    permissions = Permission.objects.filter(query)
    if role != roles.AUDITOR:
        app_label, model = AUDIT_MODEL
        permissions = permissions.exclude(content_type__app_label=app_label, content_type__model=model)
    return permissions


def roles_sync(**kwargs) -> None:
    """Create the six role groups (renaming a legacy ``管理员`` group) and (re)grant their admin permissions;
    safe to run repeatedly (it runs after every ``migrate``)."""
    for legacy, current in roles.LEGACY_NAMES.items():
        if not Group.objects.filter(name=current).exists():
            Group.objects.filter(name=legacy).update(name=current)
    for name in roles.ALL_ROLES:
        group = Group.objects.get_or_create(name=name)[0]
        group.permissions.set(role_permissions(name))


@transaction.atomic
def user_create(*, username: str, password: str, role: str, department: Department | None = None, **fields):
    """Create or reset a user with one role (group) and, for 填报员, their department.

    Administrators (系统管理员, 安全管理员, 审计员), supervisors and leaders get into the admin (``is_staff``);
    nobody becomes a superuser here (least privilege: the admin permissions come from the role). The legacy
    role name 管理员 means 系统管理员. The password is stored as given (no validators: scripts and tests) and
    counts as the user's own; an administrator setting one in the admin makes it a first-login password.

    Raises ValueError when a 填报员 has no department or the role is unknown.
    """
    role = roles.role_canonical(role)
    if role not in roles.ALL_ROLES:
        raise ValueError(f"未知角色:{role}")
    if role == roles.STAFF and department is None:
        raise ValueError("填报员必须属于一个单位。")
    user, _ = get_user_model().objects.update_or_create(
        username=username,
        defaults={"is_staff": role != roles.STAFF, "is_superuser": False, **fields},
    )
    user.set_password(password)
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    if department is not None:
        StaffProfile.objects.update_or_create(user=user, defaults={"department": department})
    return user


@transaction.atomic
def user_role_assign(*, user, role: str, department: Department | None = None):
    """Give ``user`` exactly one role (group), admin access to match (``is_staff`` for every role but 填报员) and,
    for a 填报员, their department (``StaffProfile``; removed for the other roles).

    Used by the admin's one-page creation form. Raises ValueError for an unknown role, a 填报员 without a department
    or a department given to another role.
    """
    role = roles.role_canonical(role)
    if role not in roles.ALL_ROLES:
        raise ValueError(f"未知角色：{role}")
    if (role == roles.STAFF) != (department is not None):
        raise ValueError("填报员必须属于一个单位；其他角色不属于填报单位。")
    user.groups.set([Group.objects.get(name=role)])
    is_staff = role != roles.STAFF
    if user.is_staff != is_staff and not user.is_superuser:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])
    if department is None:
        StaffProfile.objects.filter(user=user).delete()
    else:
        StaffProfile.objects.update_or_create(user=user, defaults={"department": department})
    return user


DEMO_PASSWORD = "lingqiu2025"
# (username, role, department code, display name) — one account per role, two departments for staff.
DEMO_ACCOUNTS = (
    ("guanliyuan", roles.ADMIN, None, "系统管理员"),
    ("anquanyuan", roles.SECURITY_ADMIN, None, "安全管理员"),
    ("shenjiyuan", roles.AUDITOR, None, "审计员"),
    ("duchayuan", roles.SUPERVISOR, None, "督查员(考核办)"),
    ("lingdao", roles.LEADER, None, "县领导"),
    ("tianbao_huanjing", roles.STAFF, "ecoenv", "生态环境分局填报员"),
    ("tianbao_shuili", roles.STAFF, "water", "水利局填报员"),
)


def demo_accounts_ensure() -> list[tuple[str, str, str]]:
    """Create the demo accounts (idempotent); returns (username, password, role) rows to print.

    The demo password is published (README) and is itself refused by the password rules: these accounts
    exist only where ``LOAD_DEMO_DATA`` is on (``make run``; never production, where this raises
    ImproperlyConfigured). They are not sent to the password-change page: the README's walk-through and
    curl recipe log in with it, and a development database is nobody's real data.
    """
    if not settings.LOAD_DEMO_DATA:
        raise ImproperlyConfigured("生产配置下不创建演示账号(LOAD_DEMO_DATA 为假)。")
    rows = []
    for username, role, department_code, name in DEMO_ACCOUNTS:
        department = Department.objects.get(code=department_code) if department_code else None
        user_create(username=username, password=DEMO_PASSWORD, role=role, department=department, first_name=name)
        rows.append((username, DEMO_PASSWORD, f"{role}{' · ' + str(department) if department else ''}"))
    return rows
