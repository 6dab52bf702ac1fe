"""Writes for departments, roles and accounts."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from responsibilities.models import Department, StaffProfile
from tasks.common import roles

# Model permissions each role holds in the admin (codename prefixes per app label and model).
# Supervisors maintain assignments, periods, indicator interpretations, scoring rules and vetoes;
# leadership reads everything; department staff work through the portal pages only.
SUPERVISOR_CHANGES = {
    "responsibilities": ["department", "taskassignment", "staffprofile"],
    "indicators": ["indicator", "reportingperiod", "scoringconfig", "assessmentveto"],
    "tasks": ["milestone"],
}
READ_APPS = ("tasks", "responsibilities", "indicators", "reports")


def roles_sync(**kwargs) -> None:
    """Create the four role groups and (re)grant their admin permissions; safe to run repeatedly."""
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in roles.ALL_ROLES}
    view = Permission.objects.filter(content_type__app_label__in=READ_APPS, codename__startswith="view_")
    groups[roles.LEADER].permissions.set(view)
    groups[roles.SUPERVISOR].permissions.set(list(view) + list(_change_permissions()))
    groups[roles.ADMIN].permissions.set(Permission.objects.all())
    groups[roles.STAFF].permissions.clear()


def _change_permissions():
    for app_label, models in SUPERVISOR_CHANGES.items():
        for model in models:
            yield from Permission.objects.filter(
                content_type__app_label=app_label,
                content_type__model=model,
                codename__regex=r"^(add|change|delete)_",
            )


@transaction.atomic
def user_create(*, username: str, password: str, role: str, department: Department | None = None, **fields):
    """Create or reset a user with one role (group) and, for 填报员, their department.

    Raises ValueError when a 填报员 has no department or the role is unknown.
    """
    if role not in roles.ALL_ROLES:
        raise ValueError(f"未知角色:{role}")
    if role == roles.STAFF and department is None:
        raise ValueError("填报员必须属于一个单位。")
    user, _ = get_user_model().objects.update_or_create(
        username=username,
        defaults={"is_staff": role != roles.STAFF, "is_superuser": role == roles.ADMIN, **fields},
    )
    user.set_password(password)
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    if department is not None:
        StaffProfile.objects.update_or_create(user=user, defaults={"department": department})
    return user


DEMO_PASSWORD = "lingqiu2025"
# (username, role, department code, display name) — one account per role, two departments for staff.
DEMO_ACCOUNTS = (
    ("guanliyuan", roles.ADMIN, None, "管理员"),
    ("duchayuan", roles.SUPERVISOR, None, "督查员(考核办)"),
    ("lingdao", roles.LEADER, None, "县领导"),
    ("tianbao_huanjing", roles.STAFF, "ecoenv", "生态环境分局填报员"),
    ("tianbao_shuili", roles.STAFF, "water", "水利局填报员"),
)


def demo_accounts_ensure() -> list[tuple[str, str, str]]:
    """Create the demo accounts (idempotent); returns (username, password, role) rows to print."""
    rows = []
    for username, role, department_code, name in DEMO_ACCOUNTS:
        department = Department.objects.get(code=department_code) if department_code else None
        user_create(username=username, password=DEMO_PASSWORD, role=role, department=department, first_name=name)
        rows.append((username, DEMO_PASSWORD, f"{role}{' · ' + str(department) if department else ''}"))
    return rows
