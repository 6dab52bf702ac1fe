"""Error pages in Chinese inside the site layout (DEBUG off): 403 with the refusal's reason, 404, 405 on
POST-only addresses, 500; the favicon; the top bar's phone menu."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse
from django.views import defaults


@pytest.fixture(autouse=True)
def debug_off(settings):
    settings.DEBUG = False


def test_403_shows_the_reason_and_a_link_home(client_for, leader, dept_b, plan):
    # leadership may read a form but not withdraw it: PermissionDenied("您没有修改该单位填报数据的权限。")
    response = client_for(leader).post(reverse("entry:form_withdraw", args=[dept_b.code, 2025, 4]))
    page = response.content.decode()
    assert response.status_code == 403
    assert "403 · 无权访问" in page and "您没有修改该单位填报数据的权限" in page
    assert '<a class="button primary" href="/">返回首页</a>' in page and 'class="topbar"' in page


def test_403_without_a_message_has_a_general_reason(rf):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    response = defaults.permission_denied(request, PermissionDenied())
    assert "您没有访问该页面或执行该操作的权限" in response.content.decode()


def test_404_in_chinese_for_unknown_addresses_and_for_our_own_messages(client_for, staff_a, dept_b):
    response = client_for(staff_a).get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404 and "404 · 页面不存在" in page and "Resolver404" not in page
    assert "/no-such-page/" in page and "Page not found" not in page
    page = client_for(staff_a).get(reverse("entry:form", args=[dept_b.code, 2025, 4])).content.decode()
    assert "没有找到该单位的填报数据" in page  # another department's form: the view's own message
    page = client_for(staff_a).get(reverse("entry:form", args=["nope", 2025, 4])).content.decode()
    assert "matches the given query" not in page and "您访问的页面不存在" in page


def test_405_page_on_a_get_of_a_post_only_address(client_for, supervisor, dept_b, plan):
    response = client_for(supervisor).get(reverse("entry:form_review", args=[dept_b.code, 2025, 4]))
    assert response.status_code == 405 and response["Allow"] == "POST"
    page = response.content.decode()
    assert "405 · 不能直接打开该网址" in page and 'href="/"' in page
    assert "Content-Security-Policy" in response.headers  # rendered inside the CSP middleware


def test_500_page_renders_without_a_request_context(plan):
    response = defaults.server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500 and "500 · 系统出错" in page and 'href="/"' in page


def test_favicon_is_linked_and_served(client_for, staff_a, settings):
    from django.contrib.staticfiles import finders

    page = client_for(staff_a).get(reverse("entry:submissions")).content.decode()
    assert 'rel="icon"' in page and "favicon" in page and finders.find("favicon.svg")


def test_top_bar_menu_collapses_without_script(client_for, staff_a):
    page = client_for(staff_a).get(reverse("entry:submissions")).content.decode()
    bar = page.split('<header class="topbar">')[1].split("</header>")[0]
    assert '<details class="navmenu"><summary>' in bar and "<script" not in bar and "onclick" not in bar
