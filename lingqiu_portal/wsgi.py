"""WSGI entry point (gunicorn lingqiu_portal.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lingqiu_portal.settings.production")
application = get_wsgi_application()
