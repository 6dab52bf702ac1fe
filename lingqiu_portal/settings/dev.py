"""Development settings (``make run``, ``make setup``): a development secret key, the portal's own error pages.

SQLite under ``var/`` and Celery in eager mode unless DATABASE_URL / CELERY_BROKER_URL are set.
Never for a server reachable by others: the key below is public.

DEBUG is off by default, so that ``make run`` shows the portal's own 404/500 pages (as production does), not
Django's debug page with settings and source; ``DEBUG=true`` in the environment turns it on for a developer.
With DEBUG off ``runserver`` serves no static files: WhiteNoise serves them straight from the source folders
(``WHITENOISE_USE_FINDERS``), re-reading edited files (``WHITENOISE_AUTOREFRESH``), with no ``collectstatic``.
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="dev-only-not-secret-lingqiu")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
