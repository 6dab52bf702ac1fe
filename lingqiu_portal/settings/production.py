"""Production settings: the default of ``manage.py``, ``wsgi.py``, ``asgi.py`` and ``celery.py``.

Refuses to start (ImproperlyConfigured) rather than run half-configured:

* without ``SECRET_KEY`` (or with the public development / test key);
* without ``ALLOWED_HOSTS``;
* without ``CELERY_BROKER_URL``: no silent in-process (eager) jobs in production;
* with ``DEBUG`` set on: DEBUG is always off here.

Administrators (系统管理员, 安全管理员, 审计员, superusers) must use two-factor authentication (TOTP) here.

Secure by default (``manage.py check --deploy`` passes): secure session and CSRF cookies, HSTS, HTTP → HTTPS
redirect. An intranet served over plain HTTP turns them off one by one in the environment:
``SESSION_COOKIE_SECURE=false``, ``CSRF_COOKIE_SECURE=false``, ``SECURE_SSL_REDIRECT=false``,
``SECURE_HSTS_SECONDS=0`` (docker-compose.yml does so for its plain-HTTP port 8000). Behind a reverse proxy
that terminates TLS, ``USE_X_FORWARDED_PROTO=true`` trusts its ``X-Forwarded-Proto`` header.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CONTENT_SECURITY_POLICY, env

_DEV_HINT = "For development use DJANGO_SETTINGS_MODULE=lingqiu_portal.settings.dev (as `make run` does)."
_PUBLIC_KEYS = {"dev-only-not-secret-lingqiu", "test-only-not-secret-lingqiu"}

if env.bool("DEBUG", default=False):
    raise ImproperlyConfigured(
        "DEBUG is set on in the environment, but lingqiu_portal.settings.production never runs with DEBUG "
        "(it shows source code and settings to anyone). Remove DEBUG from the environment. " + _DEV_HINT
    )
DEBUG = False

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set: lingqiu_portal.settings.production needs a secret key from the environment "
        "or .env, e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(50))'. " + _DEV_HINT
    )
if SECRET_KEY in _PUBLIC_KEYS:
    raise ImproperlyConfigured("SECRET_KEY is the public development/test key; set a secret one for production.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set: lingqiu_portal.settings.production needs the host names the portal is "
        "served under, comma-separated (e.g. ALLOWED_HOSTS=portal.lingqiu.gov.cn,127.0.0.1). " + _DEV_HINT
    )

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
if not CELERY_BROKER_URL:
    raise ImproperlyConfigured(
        "CELERY_BROKER_URL is not set: in production score recomputes, reminders and reports run on a Celery "
        "worker (e.g. CELERY_BROKER_URL=redis://127.0.0.1:6379/0), never in-process. " + _DEV_HINT
    )
CELERY_TASK_ALWAYS_EAGER = False
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL)

# HTTPS. Each one can be switched off for an intranet served over plain HTTP.
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# The same in the Content-Security-Policy (browsers prefer frame-ancestors to X-Frame-Options).
CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY,
    "DIRECTIVES": {**CONTENT_SECURITY_POLICY["DIRECTIVES"], "frame-ancestors": ["'none'"]},
}

# Two-factor authentication is not optional for administrators in production.
OTP_REQUIRED_FOR_ADMINISTRATORS = True

# API throttles (and the dashboard's cache) count in Redis, shared by every gunicorn worker: CACHE_URL, by
# default the broker when it is Redis; otherwise each worker process keeps its own counts.
_CACHE_URL = env.str("CACHE_URL", default=CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else "")
if _CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _CACHE_URL,
            "KEY_PREFIX": "lingqiu",
        }
    }

# Demo data and demo accounts are never loaded in production.
LOAD_DEMO_DATA = False

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
