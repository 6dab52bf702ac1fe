"""Test settings (``pytest.ini``, ``make test``).

Like today's CI: DATABASE_URL and CELERY_BROKER_URL from the environment when set (PostgreSQL, Redis);
without them SQLite under ``var/`` and Celery in eager mode. The real-worker tests start
``celery -A lingqiu_portal worker`` with these settings and a broker.
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = False  # what pytest-django runs tests with anyway
SECRET_KEY = env("SECRET_KEY", default="test-only-not-secret-lingqiu")
# Fast hashing: the default PBKDF2 makes every login in the permission matrix cost ~0.3 s.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The suite makes thousands of API calls from one address and one account; the throttle tests set their own.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "user": "100000/minute"},
}
