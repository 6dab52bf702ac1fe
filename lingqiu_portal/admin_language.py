"""The Chinese admin in Chinese, library strings included (issue 13, item 1).

Two kinds of English leak from the libraries into the admin:

* strings the libraries mark for translation but whose Chinese catalogue lacks them (Django admin's newer
  strings, django-axes, django-celery-beat's changed help texts, simple-history): translated in the portal's
  own catalogue, ``locale/zh_Hans/LC_MESSAGES/django.po`` (LOCALE_PATHS come before the apps' catalogues);
* strings the libraries never mark for translation (django-otp's fields and fieldsets, knox's model,
  simple-history's "historical …" names, permission names stored in English, axes' ``__str__``, celery-beat's
  "Task Name" and its cron descriptions): given Chinese labels here, once, by ``install()`` (called from the
  admin's AppConfig.ready after the model admins are registered). Labels only: no field, column or behaviour
  changes.
"""

from django.contrib import admin
from django.contrib.auth.models import Permission
from django.utils.text import format_lazy
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext_lazy as _

ACTIONS = {"add": _("可增加"), "change": _("可修改"), "delete": _("可删除"), "view": _("可查看")}

# The libraries' own English, now marked for translation; the Chinese is in locale/zh_Hans (the English catalogue
# needs nothing: an English page shows the msgid). Kept word for word: ``makemigrations`` compares field labels
# untranslated, so the same text means no migration of the library's app. ``library_string`` is gettext_lazy
# under a name ``makemessages`` does not collect into the English catalogue.
library_string = gettext_lazy
# (app label, model name): {field: (verbose name, help text or None)}
FIELD_LABELS = {
    ("otp_totp", "totpdevice"): {
        "user": ("user", "The user that this device belongs to."),
        "name": ("name", "The human-readable name of this device."),
        "confirmed": ("confirmed", "Is this device ready for use?"),
        "throttling_failure_timestamp": (
            "throttling failure timestamp",
            "A timestamp of the last failed verification attempt. Null if last attempt succeeded.",
        ),
        "throttling_failure_count": ("throttling failure count", "Number of successive failed attempts."),
        "created_at": ("created at", "The date and time when this device was initially created in the system."),
        "last_used_at": ("last used at", "The most recent date and time this device was used."),
        "key": ("key", "A hex-encoded secret key of up to 40 bytes."),
        "step": ("step", "The time step in seconds."),
        "t0": ("t0", "The Unix time at which to begin counting steps."),
        "digits": ("digits", "The number of digits to expect in a token."),
        "tolerance": ("tolerance", "The number of time steps in the past or future to allow."),
        "drift": ("drift", "The number of time steps the prover is known to deviate from our clock."),
        "last_t": ("last t", "The t value of the latest verified token. The next token must be at a higher time step."),
    },
    ("knox", "authtoken"): {
        "digest": ("digest", None),
        "token_key": ("token key", None),
        "user": ("user", None),
        "created": ("created", None),
        "expiry": ("expiry", None),
    },
    ("django_celery_beat", "periodictask"): {"task": ("Task Name", None)},
    ("django_celery_beat", "periodictasks"): {"ident": ("ident", None), "last_update": ("last update", None)},
    ("contenttypes", "contenttype"): {"app_label": ("app label", None)},
}
MODEL_NAMES = {
    ("otp_totp", "totpdevice"): ("TOTP device", "TOTP devices"),
    ("knox", "authtoken"): ("auth token", "auth tokens"),
}
APP_NAMES = {
    "axes": _("登录锁定"),
    "knox": _("API 令牌"),
    "otp_totp": _("双因素认证"),
    "django_otp": _("双因素认证"),
}
OTP_FIELDSETS = {
    "Identity": _("设备"),
    "Timestamps": _("时间"),
    "Configuration": _("配置"),
    "State": _("状态"),
    "Throttling": _("失败限制"),
}


def permission_label(permission) -> str:
    """ "指标与填报 | 指标 | 可修改" for the stored "Can change 指标" (names are stored in English at migrate time)."""
    action = ACTIONS.get(permission.codename.split("_", 1)[0])
    return f"{permission.content_type} | {action or permission.name}"


def _axes_labels() -> None:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    AccessLog.__str__ = lambda self: str(
        _("%(user)s 的登录记录（%(time)s）") % {"user": self.username, "time": self.attempt_time}
    )
    AccessAttempt.__str__ = lambda self: str(_("登录尝试（%(time)s）") % {"time": self.attempt_time})
    AccessFailureLog.__str__ = lambda self: str(
        _("%(user)s 登录失败（%(time)s，来自 %(ip)s）")
        % {"user": self.username, "time": self.attempt_time, "ip": self.ip_address}
    )


def _history_names() -> None:
    from django.apps import apps

    for model in apps.get_models():
        base = getattr(model, "instance_type", None)
        if base is not None and model.__name__.startswith("Historical"):
            model._meta.verbose_name = format_lazy("{}{}", base._meta.verbose_name, _("（历史记录）"))
            model._meta.verbose_name_plural = format_lazy("{}{}", base._meta.verbose_name_plural, _("（历史记录）"))


def _celery_beat_labels() -> None:
    from django_celery_beat import models as beat_models

    beat_models.PeriodicTask.scheduler.fget.short_description = _("调度")
    beat_models.CrontabSchedule.human_readable.fget.short_description = _("说明")
    describe = beat_models.get_description

    def get_description(expression, options=None):
        """cron-descriptor in Chinese while the interface is Chinese (it follows the OS locale otherwise)."""
        if options is None and (get_language() or "").startswith("zh"):
            from cron_descriptor import Options

            options = Options()
            options.locale_code = "zh_CN"
            options.use_24hour_time_format = True
        return describe(expression, options)

    beat_models.get_description = get_description
    periodic = admin.site._registry.get(beat_models.PeriodicTask)
    if periodic is not None:
        type(periodic).crontab_translation.short_description = _("Cron 表达式说明")


def _otp_admin() -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device_admin = admin.site._registry.get(TOTPDevice)
    if device_admin is None:
        return
    original = device_admin.get_fieldsets
    device_admin.get_fieldsets = lambda request, obj=None: [
        (OTP_FIELDSETS.get(name, name), options) for name, options in original(request, obj)
    ]
    device_admin.search_help_text = _("按用户的用户名或电子邮件地址搜索")


def install() -> None:
    """Give the libraries' untranslatable strings Chinese labels (idempotent)."""
    from django.apps import apps

    for (app_label, model_name), fields in FIELD_LABELS.items():
        model = apps.get_model(app_label, model_name)
        for name, (verbose, help_text) in fields.items():
            field = model._meta.get_field(name)
            if str(field.verbose_name) == verbose:
                field.verbose_name = library_string(verbose)
            if help_text is not None and str(field.help_text) == help_text:
                field.help_text = library_string(help_text)
    for (app_label, model_name), (singular, plural) in MODEL_NAMES.items():
        meta = apps.get_model(app_label, model_name)._meta
        meta.verbose_name, meta.verbose_name_plural = library_string(singular), library_string(plural)
    for app_label, name in APP_NAMES.items():
        if apps.is_installed(f"django_otp.plugins.{app_label}") or app_label in {
            c.label for c in apps.get_app_configs()
        }:
            apps.get_app_config(app_label).verbose_name = name
    Permission.__str__ = permission_label
    _axes_labels()
    _history_names()
    _celery_beat_labels()
    _otp_admin()
