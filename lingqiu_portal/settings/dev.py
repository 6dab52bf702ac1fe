"""Development settings (``make run``, ``make setup``): DEBUG on, a development secret key.

SQLite under ``var/`` and Celery in eager mode unless DATABASE_URL / CELERY_BROKER_URL are set.
Never for a server reachable by others: the key below is public.
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)  # the benchmarks turn it off (no query log)
SECRET_KEY = env("SECRET_KEY", default="dev-only-not-secret-lingqiu")
