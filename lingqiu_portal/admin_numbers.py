"""Numbers in the admin as people write them (issue 13, item 1): 35, 97.5, 100 — not 35.000000 or 100.0000.

Django's admin shows a DecimalField with all its decimal places (``display_for_field`` formats it with
``field.decimal_places``) in change lists, read-only fields and inlines, and its inputs show ``0.000000``. Every
admin page of every app (the history and import/export pages included) goes through these two places, so the
portal replaces them once, here, with ``tasks.common.numbers.number_plain`` — the one home of the formatting,
also used by the models' ``__str__`` and the pages' ``plain`` filter. The stored value is never rounded.
"""

from decimal import Decimal

from django import forms
from django.contrib.admin import helpers, options, utils
from django.contrib.admin.templatetags import admin_list
from django.db import models

from tasks.common.numbers import number_plain

_django_display_for_field = utils.display_for_field


def display_for_field(value, field, empty_value_display, *args, **kwargs):
    """Django's ``display_for_field``, except a Decimal of a DecimalField without choices reads as people write it."""
    if isinstance(field, models.DecimalField) and not field.choices and isinstance(value, Decimal):
        return number_plain(value)
    return _django_display_for_field(value, field, empty_value_display, *args, **kwargs)


class PlainDecimalField(forms.DecimalField):
    """The admin's input for a DecimalField: shows 35 where Django shows 35.000000; reads input as before."""

    def prepare_value(self, value):
        return number_plain(value) if isinstance(value, Decimal) else super().prepare_value(value)


def install() -> None:
    """Use ``display_for_field`` and ``PlainDecimalField`` on every admin page (called once from the admin's
    AppConfig.ready, before any ModelAdmin is instantiated)."""
    for module in (utils, helpers, admin_list):
        module.display_for_field = display_for_field
    options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.DecimalField] = {"form_class": PlainDecimalField}
