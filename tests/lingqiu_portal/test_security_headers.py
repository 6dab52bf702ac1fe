"""Headers and pages every environment shares: X-Frame-Options DENY and a Content-Security-Policy on every
page, the admin included (no inline script anywhere, django-celery-beat's form too); ``make run`` (the dev
settings) shows the portal's own error pages and still serves its static files."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.lingqiu_portal.test_settings import KEEP


def script_policy(response) -> str:
    policy = response["Content-Security-Policy"]
    return next(part for part in policy.split(";") if part.strip().startswith("script-src"))


@pytest.fixture
def root(client, plan, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/dashboard/",
        "/admin/",
        "/admin/auth/user/",
        "/admin/django_celery_beat/periodictask/add/",
        "/admin/indicators/indicator/",
    ],
)
def test_every_page_and_the_admin_are_framed_by_nobody_and_under_the_policy(url, root):
    response = root.get(url, follow=True)
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert "'unsafe-inline'" not in script_policy(response) and "'self'" in script_policy(response)
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_the_login_page_is_not_framed_either(client):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY" and "Content-Security-Policy" in response


def test_the_periodic_task_form_has_no_inline_script(root):
    page = root.get("/admin/django_celery_beat/periodictask/add/").content.decode()
    assert 'src="/static/js/admin_periodic_task.js"' in page
    inline = [chunk for chunk in page.split("<script")[1:] if "src=" not in chunk.split(">")[0]]
    assert all('type="application/json"' in chunk.split(">")[0] for chunk in inline), inline
    assert finders.find("js/admin_periodic_task.js")


PROBE = """
import django, json
django.setup()
from django.conf import settings
from django.test import Client
client = Client()
missing = client.get('/no-such-page/')
static = client.get('/static/css/portal.css')
print(json.dumps({'debug': settings.DEBUG, 'status404': missing.status_code,
                  'own404': '404 · 页面不存在' in missing.content.decode(),
                  'static': static.status_code}))
"""


def test_make_run_shows_the_portals_own_error_pages_and_serves_static_files():
    env = {k: v for k, v in os.environ.items() if k in KEEP} | {
        "ENV_FILE": "",
        "DJANGO_SETTINGS_MODULE": "lingqiu_portal.settings.dev",
    }
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"debug": False, "status404": 404, "own404": True, "static": 200}


def test_the_export_page_binds_its_select_all_toggle_from_a_static_file(root):
    response = root.get("/admin/responsibilities/taskassignment/export/")
    assert response.status_code == 200
    assert 'src="/static/js/admin_export_toggle.js"' in response.content.decode()
    assert finders.find("js/admin_export_toggle.js")
