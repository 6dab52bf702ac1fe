"""Settings common to every environment, read from the environment (django-environ).

Not a settings module by itself: choose one of

* ``lingqiu_portal.settings.dev`` — ``make run`` / ``make setup``: DEBUG on, a development secret key;
* ``lingqiu_portal.settings.test`` — pytest (``pytest.ini``, ``make test``);
* ``lingqiu_portal.settings.production`` — the default of ``manage.py``, WSGI/ASGI and Celery: refuses to
  start without SECRET_KEY, ALLOWED_HOSTS and CELERY_BROKER_URL, or with DEBUG on.

Defaults need nothing installed: SQLite under ``var/`` and Celery in eager mode when
``CELERY_BROKER_URL`` is unset (dev and test only). ``DATABASE_URL=postgres://…`` and
``CELERY_BROKER_URL=redis://…`` switch to the real services. Variables come from the process
environment first, then from the file ``ENV_FILE`` (default ``.env`` at the top of the checkout;
``ENV_FILE=`` with an empty value reads no file).
"""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()
ENV_FILE = env.str("ENV_FILE", default=str(BASE_DIR / ".env"))
if ENV_FILE:
    environ.Env.read_env(ENV_FILE, overwrite=False)

# DEBUG and SECRET_KEY are set by dev, test and production.
DEBUG = False
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "lingqiu_portal.apps.PortalAdminConfig",  # django.contrib.admin with the 2FA lock
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "import_export",
    "simple_history",
    "django_celery_beat",
    "tasks",
    "responsibilities",
    "indicators",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "tasks.audit.context.AuditContextMiddleware",  # who and from where, for the audit log
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before any view or process_view reads the body (CSRF reads POST in process_view); inside CSP: the 413 page
    # gets its headers.
    "lingqiu_portal.middleware.RequestBodyLimitMiddleware",
    # After the CSP middleware: its redirects and the idle-timeout page get the headers too.
    "responsibilities.accounts.policy.AccountPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "lingqiu_portal.middleware.MethodNotAllowedPageMiddleware",  # inside CSP: the 405 page gets its headers
    # Last: turns a login refused by django-axes (too many failures) into the Chinese lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lingqiu_portal.urls"
WSGI_APPLICATION = "lingqiu_portal.wsgi.application"
ASGI_APPLICATION = "lingqiu_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tasks.common.nav.nav_links",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# 身份鉴别 (GB/T 22239-2019 8.1.4.1). django-axes first: it refuses a locked-out account or address before the
# password is even checked, on every login that goes through django.contrib.auth.authenticate (web, admin, API).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Passwords: at least 10 characters from three of the four classes (lower, upper, digits, symbols), not like
# the username, not a common password (Django's list plus the portal's own: the demo password among them).
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "first_name", "last_name", "email")},
    },
    {"NAME": "responsibilities.accounts.passwords.PortalMinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "responsibilities.accounts.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "responsibilities.accounts.passwords.PortalCommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not a rule: records when a password was set and by whom (the 90-day clock, first-login change).
    {"NAME": "responsibilities.accounts.passwords.PasswordChangeRecorder"},
]
PASSWORD_MAX_AGE_DAYS = env.int("PASSWORD_MAX_AGE_DAYS", default=90)  # 0: passwords never expire
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout: 5 failures per account and, separately, per address → 30 minutes (django-axes). Failures, logins
# and logouts are kept in axes' tables (AccessFailureLog, AccessLog) and passed to the audit hook.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "responsibilities.accounts.lockout.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"
# The client's address: REMOTE_ADDR; behind a reverse proxy (TRUST_X_FORWARDED_FOR=true) the address that
# proxy appended last to X-Forwarded-For. The lockout and the login records use the same function.
TRUST_X_FORWARDED_FOR = env.bool("TRUST_X_FORWARDED_FOR", default=False)
AXES_CLIENT_IP_CALLABLE = "responsibilities.accounts.events.client_address"

# Login events (responsibilities/accounts/events.py) go to the "lingqiu.security" log and to this writer of the
# audit log: a dotted path to a callable taking kind, label, user, username, address, path, detail.
ACCOUNT_EVENT_AUDIT = "tasks.audit.record.account_event_audit"

# Sessions end after SESSION_IDLE_MINUTES without a request (AccountPolicyMiddleware) and when the browser closes.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Two-factor authentication (TOTP, django-otp): optional for everyone; required for the administrators
# (系统管理员, 安全管理员, 审计员, superusers) where OTP_REQUIRED_FOR_ADMINISTRATORS is on (production).
OTP_REQUIRED_FOR_ADMINISTRATORS = env.bool("OTP_REQUIRED_FOR_ADMINISTRATORS", default=False)
OTP_TOTP_ISSUER = "灵丘县规划管理平台"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a device's key or QR code

# Chinese first; English through the translation files in locale/.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# collectstatic writes here (the Docker image builds it); STATIC_ROOT in the environment moves it.
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
# Evidence files are never served as public media: a view checks permission first.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=20 * 1024 * 1024)

# Supervision orders (督办单, indicators.supervision): the number's format ({year}, {sequence}), working days
# to acknowledge, and the days before the deadline from which an open order shows a yellow card (黄牌).
SUPERVISION_NUMBER_FORMAT = env.str("SUPERVISION_NUMBER_FORMAT", default="灵生态督〔{year}〕{sequence}号")
SUPERVISION_ACKNOWLEDGE_WORKING_DAYS = env.int("SUPERVISION_ACKNOWLEDGE_WORKING_DAYS", default=3)
SUPERVISION_YELLOW_DAYS = env.int("SUPERVISION_YELLOW_DAYS", default=7)
# manage.py backup writes its dated archives here unless told --out (copy them off the machine: README).
BACKUP_DIR = env.path("BACKUP_DIR", default=VAR_DIR / "backups")
# The largest request body any view accepts (a form with its evidence files), refused (413) before it is read;
# views may accept less (the Excel upload: 6 MB). Put the same limit in front: nginx `client_max_body_size`.
REQUEST_BODY_MAX_BYTES = env.int("REQUEST_BODY_MAX_BYTES", default=100 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Celery: eager (in-process, no broker) unless CELERY_BROKER_URL is set; production requires a broker.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
# Redis redelivers a message whose worker died (no ack) after the visibility timeout (Redis's default 1 h).
# 35 minutes: longer than the longest job's hard time limit (the nightly full recompute, 31 min), so a job
# still running is never delivered twice. Scores do not wait for it: a killed recompute leaves its marks and
# the sweep (every 2 minutes, indicators.scores_marks_sweep) recomputes them.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=35 * 60)}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
DJANGO_CELERY_BEAT_TZ_AWARE = True

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="lingqiu-portal@localhost")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "responsibilities.accounts.tokens.PortalTokenAuthentication",
    ],
    # Per client address (anonymous: the token endpoint) and per account; 429 with a Chinese message.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="30/minute"),
        "user": env.str("API_THROTTLE_USER", default="600/minute"),
    },
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# API tokens (django-rest-knox): only a SHA-512 digest is stored; each token expires API_TOKEN_TTL_HOURS after
# it was issued; its owner revokes it (logout) or all of theirs (logout-all); a password change or
# deactivation revokes every token of the account. The header stays ``Authorization: Token <token>``.
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env.int("API_TOKEN_TTL_HOURS", default=10)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "灵丘县生态文明建设规划管理平台 API",
    "DESCRIPTION": "规划结构、填报数据、审核流程、进度得分与考核报表。",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    # Two models have a "status" with different choices; name their enums instead of a hash suffix.
    "ENUM_NAME_OVERRIDES": {
        "ReviewStatusEnum": "indicators.models.ReviewStatus",
        "ScoreStatusEnum": "indicators.models.ScoreStatus",
        "TargetKindEnum": "indicators.models.TargetKind",
        "DepartmentKindEnum": "responsibilities.models.Department.Kind",
        "OrderStatusEnum": "indicators.models.OrderStatus",
    },
}

# Content-Security-Policy on every page, the admin included: scripts, styles and everything else only from
# this site (intranet, no CDN). django-celery-beat's periodic-task form had the admin's only inline script;
# templates/admin/djcelery/ replaces it with static/js/admin_periodic_task.js.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],  # plotly sets inline style attributes on SVG
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# No page of the portal is ever shown in a frame (clickjacking), in any environment.
X_FRAME_OPTIONS = "DENY"

# GET /health/ (lingqiu_portal/health.py): 503 when the disk holding MEDIA_ROOT is this full, or no Celery
# worker answers a ping within this many seconds.
HEALTH_DISK_MAX_PERCENT = env.float("HEALTH_DISK_MAX_PERCENT", default=90.0)
HEALTH_CELERY_TIMEOUT = env.float("HEALTH_CELERY_TIMEOUT", default=2.0)
# Monitors probe over plain HTTP from inside the host: no HTTPS redirect for the health endpoint.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

# The audit log (tasks.audit): kept at least this many days (manage.py audit_purge refuses younger rows; the
# level-3 requirement is 180, which the database trigger enforces on PostgreSQL whatever this says).
AUDIT_RETENTION_DAYS = max(180, env.int("AUDIT_RETENTION_DAYS", default=180))

# load_demo / demo_accounts refuse to run when this is false (always false in production).
LOAD_DEMO_DATA = env.bool("LOAD_DEMO_DATA", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # Django's own "django" logger has a console handler in DEBUG; let it go through root only, once.
    # django-axes reports every login at INFO; its warnings (failures, lockouts) stay, like lingqiu.security's.
    "loggers": {"django": {"handlers": [], "propagate": True}, "axes": {"level": "WARNING"}},
}
