"""Settings switch on the environment: SQLite + eager by default, PostgreSQL/Redis when set."""

import json
import os
import subprocess
import sys

from django.conf import settings

PROBE = (
    "import django, json; from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], 'name': str(s.DATABASES['default']['NAME']),"
    " 'eager': s.CELERY_TASK_ALWAYS_EAGER, 'broker': s.CELERY_BROKER_URL, 'debug': s.DEBUG,"
    " 'lang': s.LANGUAGE_CODE, 'tz': s.TIME_ZONE, 'use_tz': s.USE_TZ, 'demo': s.LOAD_DEMO_DATA}))"
)
SWITCH_VARS = ("DATABASE_URL", "CELERY_BROKER_URL", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "ALLOWED_HOSTS")


def probe(module="lingqiu_portal.settings", **env):
    clean = {k: v for k, v in os.environ.items() if k not in SWITCH_VARS}
    clean.update(env, DJANGO_SETTINGS_MODULE=module)
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=clean, cwd=settings.BASE_DIR, capture_output=True, text=True
    )
    return out.returncode, (json.loads(out.stdout) if out.returncode == 0 else out.stderr)


def test_defaults_need_nothing_installed():
    code, s = probe()
    assert code == 0, s
    assert s["engine"] == "django.db.backends.sqlite3" and s["name"].endswith("var/db.sqlite3")
    assert s["eager"] is True and s["broker"] == ""
    assert (s["lang"], s["tz"], s["use_tz"]) == ("zh-hans", "Asia/Shanghai", True)


def test_environment_switches_to_postgres_and_redis():
    code, s = probe(DATABASE_URL="postgres://u@127.0.0.1:5432/x", CELERY_BROKER_URL="redis://127.0.0.1:6379/0")
    assert code == 0, s
    assert s["engine"] == "django.db.backends.postgresql" and s["name"] == "x"
    assert s["eager"] is False and s["broker"] == "redis://127.0.0.1:6379/0"


def test_production_requires_secret_key():
    code, err = probe("lingqiu_portal.settings_production", ALLOWED_HOSTS="portal.example")
    assert code != 0 and "SECRET_KEY" in err


def test_production_turns_debug_and_demo_off():
    code, s = probe("lingqiu_portal.settings_production", SECRET_KEY="x" * 50, ALLOWED_HOSTS="portal.example")
    assert code == 0, s
    assert s["debug"] is False and s["demo"] is False
