"""Reading a figure as people in China type it (issue 3, item 3).

``value_parse`` accepts what staff commonly type or paste — ASCII digits, full-width digits and punctuation
from a Chinese IME (``９７．５``), thousands separators (``1,595``), a trailing ``%``/``％`` on percent
indicators, surrounding spaces — and refuses everything it cannot read without guessing, among it the digits
of other scripts (``٩٧.٥``, ``९७.५``, ``𝟗𝟕.𝟓``, which Python's ``\\d`` and ``Decimal`` would read).
The rule: a magnitude is never changed (no ÷100, no 万 multiplier, no rounding), and anything that could be read
two ways (``97,5``: 97.5 in European notation or a mistyped 975?) is an error with a Chinese message.

Numbers coming from Excel cells (int/float) are read via ``Decimal(str(x))``; the percent-format
handling of a cell (0.975 shown as 97.5 %) belongs to the upload layer (``indicators.entry.upload.preview``), which
knows the cell's number format.
"""

import re
from decimal import Decimal

from django.utils.translation import gettext as _

from tasks.common.numbers import number_plain
from tasks.common.text import SPACES, foreign_digit_message, text_fold

MAX_DECIMALS = 6  # IndicatorValue.value is DecimalField(decimal_places=6)
MAX_INTEGER_DIGITS = 14  # max_digits=20 − decimal_places=6

# After ``text_fold`` only ASCII digits are figures: ``[0-9]``, never ``\d`` (which matches ٩, ९, 𝟗 …).
_PLAIN = re.compile(r"[0-9]+(\.[0-9]*)?|\.[0-9]+")
_GROUPED = re.compile(r"[1-9][0-9]{0,2}(,[0-9]{3})+(\.[0-9]+)?")
_PLACEHOLDERS = {"-", "--", "—", "——", "–", "/", "\\", "无", "暂无", "空", "null", "none", "n/a", "na", "#n/a"}


class ValueParseError(ValueError):
    """A figure that cannot be read unambiguously; ``message`` is Chinese, without the field name."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def value_parse(raw, *, indicator) -> Decimal | None:
    """Read ``raw`` (str, int, float, Decimal or None) as a figure in the indicator's unit.

    Returns a Decimal (unchanged magnitude, at most 6 decimals) or None for a blank.
    ``indicator`` needs ``.unit`` ("%" marks a percent indicator, where a trailing %/％ is allowed).
    Raises ValueParseError for ambiguous or non-numeric input.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueParseError(_("“%(raw)s”不是数值") % {"raw": raw})
    if isinstance(raw, (int, float, Decimal)):
        return _checked(_number_to_decimal(raw), raw)
    text = text_fold(str(raw))
    if not text:
        return None
    foreign = foreign_digit_message(str(raw))
    if foreign:
        raise ValueParseError(foreign)
    return _checked(_text_to_decimal(text, raw, indicator), raw)


def _number_to_decimal(raw) -> Decimal:
    """An Excel/Python number → Decimal; floats through ``str`` so 97.5 stays 97.5 (not 97.4999…)."""
    value = Decimal(str(raw)) if isinstance(raw, float) else Decimal(raw)
    if not value.is_finite():
        raise ValueParseError(_("“%(raw)s”不是有效数值") % {"raw": raw})
    return value


def _text_to_decimal(text: str, raw, indicator) -> Decimal:
    """Sign, optional trailing percent sign, then a plain or thousands-grouped number."""
    if text.lower() in _PLACEHOLDERS:
        raise ValueParseError(_("“%(raw)s”不是数值;没有数据请留空") % {"raw": raw})
    body = _strip_percent(text, raw, indicator)
    sign = ""
    if body[:1] in "+-":
        sign, body = body[0], body[1:].strip(SPACES)
    if _PLAIN.fullmatch(body):
        return Decimal(sign + body)
    if _GROUPED.fullmatch(body):
        return Decimal(sign + body.replace(",", ""))
    raise ValueParseError(_explain(body, raw))


def _strip_percent(text: str, raw, indicator) -> str:
    if not text.endswith("%"):
        return text
    if getattr(indicator, "unit", "") != "%":
        unit = getattr(indicator, "unit", "") or _("无单位")
        raise ValueParseError(_("“%(raw)s”带有“%%”,但该指标单位是“%(unit)s”,请只填写数字") % {"raw": raw, "unit": unit})
    return text[:-1].rstrip(SPACES)


def _explain(body: str, raw) -> str:
    """The Chinese reason why ``body`` (sign and % already removed) is not a number we accept."""
    if "," in body and "." in body and body.rfind(",") > body.rfind("."):
        return _("无法识别“%(raw)s”:小数点请用“.”,千位分隔符用“,”(如 1,595.5)") % {"raw": raw}
    if "," in body and re.fullmatch(r"[0-9,.]+", body):
        return _("无法识别“%(raw)s”,小数点请用“.”;千位分隔符“,”后须为三位数字(如 1,595)") % {"raw": raw}
    if body.count(".") > 1 and re.fullmatch(r"[0-9.]+", body):
        return _("无法识别“%(raw)s”:有多个小数点") % {"raw": raw}
    if "。" in body and re.fullmatch(r"[0-9。]+", body):
        return _("无法识别“%(raw)s”,小数点请用“.”,不要用句号“。”") % {"raw": raw}
    if "%" in body:
        return _("无法识别“%(raw)s”:“%%”只能放在数字末尾") % {"raw": raw}
    return _("无法识别“%(raw)s”:只能填写数字,不要包含文字、单位或其他符号") % {"raw": raw}


def _checked(value: Decimal, raw) -> Decimal:
    """Refuse more than 6 decimals or more than 14 integer digits (the column's capacity)."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_DECIMALS:
        raise ValueParseError(_("“%(raw)s”的小数位数超过%(n)d位,请先四舍五入") % {"raw": raw, "n": MAX_DECIMALS})
    if value != 0 and value.adjusted() >= MAX_INTEGER_DIGITS:
        raise ValueParseError(_("“%(raw)s”数值过大") % {"raw": raw})
    return value


def plain_number(value: Decimal) -> str:
    """A Decimal as people write it: Decimal("100.00") → "100" (never "1E+2", which ``normalize`` alone
    gives), Decimal("1595.000000") → "1595", Decimal("97.50") → "97.5", Decimal("-0") → "0".
    The one home of this formatting is ``tasks.common.numbers.number_plain``."""
    return number_plain(value)
