"""Numbers as people write them (issue 13, item 1): ``35``, ``97.5``, ``100%`` — never ``35.000000``,
``100.0000`` or ``1E+2``. The one home of this formatting: model ``__str__``, admin lists and read-only
fields, templates (``plain`` filter) and parsing all call it.

Values are stored as ``DecimalField(decimal_places=6)``; these helpers only drop trailing zeros and the
exponent, they never round (a stored 97.123456 reads 97.123456).
"""

from decimal import Decimal


def number_plain(value) -> str:
    """A number as people write it; "" for None or "".

    Decimal("100.00") → "100", Decimal("1595.000000") → "1595", Decimal("97.50") → "97.5",
    Decimal("-0") → "0", 35 → "35", "80.000" → "80"; text that is not a number comes back unchanged.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(value)
    if not isinstance(value, Decimal):
        try:
            value = Decimal(str(value))
        except ArithmeticError:
            return str(value)
    if not value.is_finite():
        return str(value)
    text = f"{value.normalize():f}"
    return "0" if text == "-0" else text


def number_with_unit(value, unit: str = "") -> str:
    """A number with its unit: "100%" (the percent sign attached), "35 µg/m³", "12 个"; "—" for None."""
    text = number_plain(value)
    if not text:
        return "—"
    if not unit:
        return text
    return f"{text}{unit}" if unit in ("%", "‰", "％") else f"{text} {unit}"
