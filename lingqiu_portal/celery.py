"""Celery application. Eager (in-process) when CELERY_BROKER_URL is unset, see settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lingqiu_portal.settings.production")

app = Celery("lingqiu_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
