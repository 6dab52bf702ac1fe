"""Template helpers of the entry pages: figures without trailing zeros or exponents."""

from decimal import Decimal

from django import template

from indicators.catalogue.parsing import plain_number

register = template.Library()


@register.filter
def plain(value) -> str:
    """Decimal("97.500000") → "97.5", Decimal("1595.000000") → "1595", None → "—"."""
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        return plain_number(value)
    return str(value)


@register.filter
def get_item(mapping, key):
    """``mapping|get_item:key`` for dicts keyed by ids (warnings per indicator)."""
    return mapping.get(key) if mapping else None


@register.filter
def person(user) -> str:
    """A user's display name (first name, else username); "—" for none."""
    if user is None:
        return "—"
    return user.first_name or user.username
