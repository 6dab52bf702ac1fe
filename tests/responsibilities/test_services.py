"""Roles as groups, accounts and the demo logins."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.http import HttpRequest

from responsibilities.selectors import user_department
from responsibilities.services import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_accounts_ensure, roles_sync, user_create
from tasks.common import roles
from tasks.common.roles import user_can_read_all, user_is_leader, user_is_supervisor


def test_the_four_roles_exist_with_their_admin_permissions(plan):
    roles_sync()
    groups = {g.name: g for g in Group.objects.prefetch_related("permissions")}
    assert set(roles.ALL_ROLES) <= set(groups)
    codenames = lambda name: {p.codename for p in groups[name].permissions.all()}  # noqa: E731
    assert {"change_taskassignment", "add_assessmentveto", "change_scoringconfig"} <= codenames(roles.SUPERVISOR)
    assert "view_indicator" in codenames(roles.LEADER)
    assert not any(c.startswith(("add_", "change_", "delete_")) for c in codenames(roles.LEADER))
    assert not codenames(roles.STAFF)


def test_roles_sync_is_idempotent(plan):
    roles_sync()
    before = {g.name: g.permissions.count() for g in Group.objects.all()}
    roles_sync()
    assert {g.name: g.permissions.count() for g in Group.objects.all()} == before


def test_staff_needs_a_department(plan):
    with pytest.raises(ValueError, match="填报员必须属于一个单位"):
        user_create(username="x", password="p", role=roles.STAFF)
    with pytest.raises(ValueError, match="未知角色"):
        user_create(username="x", password="p", role="访客")


def test_role_selectors(cast, dept_a):
    assert user_department(cast["staff_a"]) == dept_a and user_department(cast["supervisor"]) is None
    assert user_is_supervisor(cast["supervisor"]) and not user_is_supervisor(cast["leader"])
    assert user_is_leader(cast["leader"]) and not user_is_leader(cast["staff_a"])
    assert user_can_read_all(cast["leader"]) and not user_can_read_all(cast["staff_b"])
    assert not cast["staff_a"].is_staff and cast["supervisor"].is_staff  # 填报员 work in the portal, not the admin


def test_demo_accounts_command_prints_every_login_and_can_log_in(plan, client):
    out = io.StringIO()
    call_command("demo_accounts", stdout=out)
    call_command("demo_accounts", stdout=io.StringIO())  # twice: idempotent
    for username, _role, *_ in DEMO_ACCOUNTS:
        assert username in out.getvalue()
        assert client.login(request=HttpRequest(), username=username, password=DEMO_PASSWORD)  # axes needs a request


def test_demo_accounts_are_refused_in_production_with_no_way_around(plan, settings, django_user_model):
    settings.LOAD_DEMO_DATA = False
    with pytest.raises(CommandError, match="生产配置下不创建演示账号"):
        call_command("demo_accounts", stdout=io.StringIO())
    with pytest.raises(CommandError):  # issue 12: the old --force is gone
        call_command("demo_accounts", "--force", stdout=io.StringIO())
    with pytest.raises(ImproperlyConfigured):  # the service refuses too, whoever calls it
        demo_accounts_ensure()
    assert not django_user_model.objects.filter(username__in=[a[0] for a in DEMO_ACCOUNTS]).exists()
