"""Production settings: DEBUG off, SECRET_KEY required from the environment, secure cookies."""

from .settings import *  # noqa: F401,F403
from .settings import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")  # no default: raises ImproperlyConfigured when missing
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "SAMEORIGIN"
# Demo data is never loaded in production unless explicitly asked for.
LOAD_DEMO_DATA = env.bool("LOAD_DEMO_DATA", default=False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
