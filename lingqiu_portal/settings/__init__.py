"""Settings of the Lingqiu plan portal, one module per environment.

* ``lingqiu_portal.settings.dev`` — development (``make run``, ``make setup``): DEBUG on, a development key.
* ``lingqiu_portal.settings.test`` — the test suite (``pytest.ini``).
* ``lingqiu_portal.settings.production`` — the default of ``manage.py``, ``wsgi.py``, ``asgi.py`` and
  ``celery.py``: DEBUG off, refuses to start without SECRET_KEY, ALLOWED_HOSTS and CELERY_BROKER_URL.

``base`` holds what they share. This package itself is not a settings module.
"""

import os

from django.core.exceptions import ImproperlyConfigured

if os.environ.get("DJANGO_SETTINGS_MODULE") == __name__:
    raise ImproperlyConfigured(
        f"DJANGO_SETTINGS_MODULE={__name__} is a package, not a settings module: use "
        f"{__name__}.dev (development), {__name__}.test (tests) or {__name__}.production."
    )
