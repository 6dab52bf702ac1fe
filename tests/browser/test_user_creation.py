"""A new 填报员 created in one form by the 系统管理员 and able to log in (issue 13, item 1): account, name, role and
department on one admin page; at the first login the clerk must choose a new password (the security rules), then
lands on the department's forms."""

import pytest

from responsibilities.models import StaffProfile
from tests.browser.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FIRST = "Chushi-Mima-2026"
OWN = "Ziji-de-Mima-77"


def test_a_clerk_created_in_one_form_logs_in(browser_page, live_server, administrator, dept_a):
    page = browser_page
    login(page, live_server, administrator.username)
    page.goto(f"{live_server.url}/admin/auth/user/add/")
    page.fill("input[name=username]", "wang.tianbao")
    page.fill("input[name=first_name]", "王填报")
    page.select_option("select[name=role]", "填报员")
    page.select_option("select[name=department]", str(dept_a.pk))
    page.fill("input[name=password1]", FIRST)
    page.fill("input[name=password2]", FIRST)
    screenshot(page, "admin_person_create")
    page.click("input[name=_save]")
    page.wait_for_load_state("networkidle")
    assert page.locator(".errornote, .errorlist").count() == 0, page.content()[:3000]
    assert StaffProfile.objects.get(user__username="wang.tianbao").department == dept_a

    login(page, live_server, "wang.tianbao", FIRST)
    assert "/accounts/password/" in page.url or "password" in page.url, page.url
    page.fill("input[name=old_password]", FIRST)
    page.fill("input[name=new_password1]", OWN)
    page.fill("input[name=new_password2]", OWN)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/")
    page.wait_for_load_state("networkidle")
    assert "/entry/" in page.url, page.url
    assert dept_a.name in page.content() or dept_a.short_name in page.content()
    screenshot(page, "new_clerk_first_page")
    assert page.console_errors == []
