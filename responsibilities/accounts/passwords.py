"""Password rules (GB/T 22239-2019 8.1.4.1 a: 口令具有复杂度要求并定期更换) and the record of each change.

Configured in ``AUTH_PASSWORD_VALIDATORS`` next to Django's own (length ≥ 10, not like the username, not only
digits). Django runs ``validate`` on every password a person chooses (password change page, the admin's
forms, ``changepassword``) and ``password_changed`` whenever a password is saved, whoever saved it.
"""

import re

from django.contrib.auth.password_validation import CommonPasswordValidator, MinimumLengthValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from responsibilities.accounts.tokens import tokens_revoke_all
from responsibilities.models import AccountState

# Character classes of 身份鉴别: lower case, upper case, digits, everything else (symbols, CJK …).
CLASSES = (re.compile(r"[a-z]"), re.compile(r"[A-Z]"), re.compile(r"[0-9]"), re.compile(r"[^a-zA-Z0-9]"))

# The portal's own additions to Django's 20,000 common passwords: the published demo password and the
# obvious variations of the county's and the portal's names. Compared after lower-casing and dropping
# everything but letters and digits, so "Lingqiu@2025" counts as "lingqiu2025".
PORTAL_COMMON = {
    "lingqiu2025",
    "lingqiu2024",
    "lingqiu2026",
    "lingqiu123",
    "lingqiu1234",
    "lingqiu12345",
    "lingqiu123456",
    "lingqiuxian",
    "lingqiuxian2025",
    "datong2025",
    "datonglingqiu",
    "shengtai2025",
    "admin123456",
    "password123",
    "1qaz2wsx3edc",
    "qwerty123456",
    "abc123456789",
}


def character_classes(password: str) -> int:
    """How many of the four classes (lower, upper, digit, other) ``password`` uses: 0–4."""
    return sum(1 for pattern in CLASSES if pattern.search(password))


class CharacterClassesValidator:
    """At least ``min_classes`` of the four character classes (default 3)."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(self.get_error_message(), code="password_too_simple")

    def get_error_message(self):
        return _("密码须包含大写字母、小写字母、数字、符号中的至少 %(n)d 类。") % {"n": self.min_classes}

    def get_help_text(self):
        return self.get_error_message()


class PortalMinimumLengthValidator(MinimumLengthValidator):
    """Django's length rule with the message in the portal's words (Django's Chinese catalogue lacks it)."""

    def get_error_message(self):
        return _("密码太短,至少需要 %(min_length)d 个字符。") % {"min_length": self.min_length}

    def get_help_text(self):
        return _("至少 %(min_length)d 个字符。") % {"min_length": self.min_length}


class PortalCommonPasswordValidator(CommonPasswordValidator):
    """Django's list of common passwords plus ``PORTAL_COMMON`` (the demo password among them)."""

    def validate(self, password, user=None):
        super().validate(password, user)
        if re.sub(r"[^a-z0-9]", "", password.lower()) in PORTAL_COMMON:
            raise ValidationError(_("该密码是常见密码或演示密码,请换一个。"), code="password_too_common")

    def get_help_text(self):
        return _("不能是常见密码或演示密码。")


class PasswordChangeRecorder:
    """Not a rule: records when a password was set (the 90-day clock) and whether an administrator set it.

    ``password_changed`` runs whenever Django saves a new password. An administrator's form in the admin sets
    ``user._password_set_by_admin = True`` first: such a password must be changed at the next login. Every
    change also revokes the account's API tokens (a token must not outlive the password it was issued for).
    """

    def validate(self, password, user=None):
        return None

    def get_help_text(self):
        return ""

    def password_changed(self, password, user=None):
        if user is None or user.pk is None:
            return
        with transaction.atomic():
            AccountState.objects.update_or_create(
                user=user,
                defaults={
                    "password_changed_at": timezone.now(),
                    "must_change_password": bool(getattr(user, "_password_set_by_admin", False)),
                },
            )
            tokens_revoke_all(user=user)
