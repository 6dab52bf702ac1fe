"""The settings package: dev and test switch on the environment (SQLite + eager by default, PostgreSQL/Redis
when set); production refuses to start half-configured and passes ``check --deploy``.

Each case runs a fresh interpreter with a controlled environment (nothing from this process's environment
but PATH/HOME/locale, and ``ENV_FILE=`` so that a developer's ``.env`` does not count).
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

PROBE = (
    "import django, json; from django.conf import settings as s; django.setup(); "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], 'name': str(s.DATABASES['default']['NAME']),"
    " 'eager': s.CELERY_TASK_ALWAYS_EAGER, 'broker': s.CELERY_BROKER_URL, 'debug': s.DEBUG,"
    " 'lang': s.LANGUAGE_CODE, 'tz': s.TIME_ZONE, 'use_tz': s.USE_TZ, 'demo': s.LOAD_DEMO_DATA,"
    " 'hashers': s.PASSWORD_HASHERS, 'hosts': s.ALLOWED_HOSTS, 'session_secure': s.SESSION_COOKIE_SECURE,"
    " 'csrf_secure': s.CSRF_COOKIE_SECURE, 'ssl_redirect': s.SECURE_SSL_REDIRECT, 'hsts': s.SECURE_HSTS_SECONDS,"
    " 'nosniff': s.SECURE_CONTENT_TYPE_NOSNIFF, 'xframe': s.X_FRAME_OPTIONS,"
    " 'frame_ancestors': s.CONTENT_SECURITY_POLICY['DIRECTIVES']['frame-ancestors']}))"
)
SETUP = "import django; django.setup()"
KEEP = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")
PRODUCTION = "lingqiu_portal.settings.production"
# What the production settings need to start (a strong key: check --deploy rejects short or repetitive ones).
READY = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "portal.example",
    "CELERY_BROKER_URL": "redis://r:6379/0",
}


def run(args, module, **env):
    clean = {k: v for k, v in os.environ.items() if k in KEEP} | {"ENV_FILE": ""} | env
    if module:
        clean["DJANGO_SETTINGS_MODULE"] = module
    return subprocess.run(args, env=clean, cwd=settings.BASE_DIR, capture_output=True, text=True)


def probe(module="lingqiu_portal.settings.dev", **env):
    out = run([sys.executable, "-c", PROBE], module, **env)
    return out.returncode, (json.loads(out.stdout) if out.returncode == 0 else out.stderr)


def refusal(module=PRODUCTION, **env) -> str:
    """stderr of ``django.setup()`` under these settings, which must fail with ImproperlyConfigured."""
    out = run([sys.executable, "-c", SETUP], module, **env)
    assert out.returncode != 0, "started although it should have refused"
    assert "ImproperlyConfigured" in out.stderr, out.stderr
    return out.stderr.strip().splitlines()[-1]


def test_dev_defaults_need_nothing_installed():
    code, s = probe()
    assert code == 0, s
    assert s["engine"] == "django.db.backends.sqlite3" and s["name"].endswith("var/db.sqlite3")
    assert s["eager"] is True and s["broker"] == ""
    assert s["debug"] is False and s["demo"] is True  # issue 12: make run shows the portal's own error pages
    assert (s["lang"], s["tz"], s["use_tz"]) == ("zh-hans", "Asia/Shanghai", True)


def test_test_settings_default_to_sqlite_and_eager_with_a_fast_hasher():
    code, s = probe("lingqiu_portal.settings.test")
    assert code == 0, s
    assert s["engine"] == "django.db.backends.sqlite3" and s["eager"] is True and s["debug"] is False
    assert s["hashers"] == ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.parametrize("module", ["lingqiu_portal.settings.dev", "lingqiu_portal.settings.test"])
def test_environment_switches_to_postgres_and_redis(module):
    code, s = probe(module, DATABASE_URL="postgres://u@127.0.0.1:5432/x", CELERY_BROKER_URL="redis://127.0.0.1:6379/0")
    assert code == 0, s
    assert s["engine"] == "django.db.backends.postgresql" and s["name"] == "x"
    assert s["eager"] is False and s["broker"] == "redis://127.0.0.1:6379/0"


def test_the_package_itself_is_not_a_settings_module():
    message = refusal("lingqiu_portal.settings")
    assert all(f"lingqiu_portal.settings.{name}" in message for name in ("dev", "test", "production"))


def test_manage_wsgi_asgi_and_celery_default_to_production():
    base = Path(settings.BASE_DIR)
    for path in ("manage.py", "lingqiu_portal/wsgi.py", "lingqiu_portal/asgi.py", "lingqiu_portal/celery.py"):
        assert f'setdefault("DJANGO_SETTINGS_MODULE", "{PRODUCTION}")' in (base / path).read_text(), path
    out = run([sys.executable, "manage.py", "check"], None)  # no DJANGO_SETTINGS_MODULE, nothing configured
    assert out.returncode != 0 and "SECRET_KEY is not set" in out.stderr, out.stderr


def test_production_refuses_to_start_without_a_secret_key():
    message = refusal(**(READY | {"SECRET_KEY": ""}))
    assert "SECRET_KEY is not set" in message and "lingqiu_portal.settings.dev" in message


def test_production_refuses_the_public_development_key():
    assert "SECRET_KEY" in refusal(**(READY | {"SECRET_KEY": "dev-only-not-secret-lingqiu"}))


@pytest.mark.parametrize("value", ["true", "1", "on"])
def test_production_refuses_to_start_with_debug_on(value):
    assert "DEBUG" in refusal(**READY, DEBUG=value)


def test_production_refuses_to_start_without_a_broker():
    assert "CELERY_BROKER_URL is not set" in refusal(**{k: v for k, v in READY.items() if k != "CELERY_BROKER_URL"})


def test_production_refuses_to_start_without_allowed_hosts():
    assert "ALLOWED_HOSTS is not set" in refusal(**{k: v for k, v in READY.items() if k != "ALLOWED_HOSTS"})


def test_production_is_secure_by_default_and_never_loads_demo_data():
    code, s = probe(PRODUCTION, **READY, LOAD_DEMO_DATA="true")
    assert code == 0, s
    assert s["debug"] is False and s["demo"] is False and s["eager"] is False
    assert s["hosts"] == ["portal.example"]
    assert s["session_secure"] and s["csrf_secure"] and s["ssl_redirect"] and s["hsts"] >= 365 * 24 * 3600
    assert s["nosniff"] is True and s["xframe"] == "DENY" and s["frame_ancestors"] == ["'none'"]


def test_production_over_plain_http_switches_each_https_setting_off():
    code, s = probe(
        PRODUCTION,
        **READY,
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
    )
    assert code == 0, s
    assert (s["session_secure"], s["csrf_secure"], s["ssl_redirect"], s["hsts"]) == (False, False, False, 0)
    assert s["debug"] is False and s["xframe"] == "DENY"


def test_production_passes_check_deploy():
    out = run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION, **READY)
    assert out.returncode == 0, out.stdout + out.stderr


IDENTITY = (
    "import django, json; from django.conf import settings as s; django.setup(); "
    "print(json.dumps({'otp': s.OTP_REQUIRED_FOR_ADMINISTRATORS, 'idle': s.SESSION_IDLE_MINUTES,"
    " 'browser_close': s.SESSION_EXPIRE_AT_BROWSER_CLOSE, 'max_age': s.PASSWORD_MAX_AGE_DAYS,"
    " 'lockout': [s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.total_seconds(), s.AXES_LOCKOUT_PARAMETERS],"
    " 'xframe': s.X_FRAME_OPTIONS, 'csp_exclude': s.CONTENT_SECURITY_POLICY.get('EXCLUDE_URL_PREFIXES')}))"
)


@pytest.mark.parametrize(
    ("module", "env", "otp"),
    [
        (PRODUCTION, READY, True),
        (PRODUCTION, READY | {"OTP_REQUIRED_FOR_ADMINISTRATORS": "false"}, True),  # not switchable off
        ("lingqiu_portal.settings.dev", {}, False),
        ("lingqiu_portal.settings.test", {}, False),
    ],
)
def test_identity_settings_two_factor_for_administrators_only_in_production(module, env, otp):
    out = run([sys.executable, "-c", IDENTITY], module, **env)
    assert out.returncode == 0, out.stderr
    s = json.loads(out.stdout.strip().splitlines()[-1])
    assert s["otp"] is otp
    assert (s["idle"], s["browser_close"], s["max_age"]) == (30, True, 90)
    assert s["lockout"] == [5, 1800.0, ["username", "ip_address"]]
    assert s["xframe"] == "DENY" and not s["csp_exclude"]  # the admin is under the policy too
