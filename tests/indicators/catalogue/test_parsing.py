"""The number-parsing table (issue 3, item 3): values as people in China type them."""

from decimal import Decimal

import pytest

from indicators.catalogue.parsing import ValueParseError, value_parse
from indicators.models import Indicator

PERCENT = Indicator(code="P", unit="%")
COUNT = Indicator(code="C", unit="个")
MW = Indicator(code="M", unit="MW")


@pytest.mark.parametrize(
    "raw, indicator, expected",
    [
        ("97.5", PERCENT, "97.5"),
        ("９７．５", PERCENT, "97.5"),  # full-width digits and point (Chinese IME)
        ("１，５９５", MW, "1595"),  # full-width thousands separator
        ("1,595", MW, "1595"),
        ("1,595.5", MW, "1595.5"),
        ("1,234,567.25", MW, "1234567.25"),
        ("  97.5  ", PERCENT, "97.5"),
        ("\u300097.5\u3000", PERCENT, "97.5"),  # ideographic spaces
        ("97.5%", PERCENT, "97.5"),  # never divided by 100
        ("97.5 ％", PERCENT, "97.5"),
        ("９７．５％", PERCENT, "97.5"),
        ("-1.2", Indicator(unit="%"), "-1.2"),
        ("－１．２", PERCENT, "-1.2"),  # full-width minus
        ("+3", COUNT, "3"),
        ("0", COUNT, "0"),
        (".5", PERCENT, "0.5"),
        ("97.", PERCENT, "97"),
        ("0.123456", PERCENT, "0.123456"),  # six decimals: the column's capacity
        (97.5, PERCENT, "97.5"),  # a float from Excel: via str, not binary
        (0.1, PERCENT, "0.1"),
        (1595, MW, "1595"),
        (Decimal("12.30"), PERCENT, "12.30"),
        (None, PERCENT, None),
        ("", PERCENT, None),
        ("   ", PERCENT, None),
    ],
)
def test_value_parse_reads(raw, indicator, expected):
    result = value_parse(raw, indicator=indicator)
    assert result == (None if expected is None else Decimal(expected))


@pytest.mark.parametrize(
    "raw, indicator, fragment",
    [
        ("97,5", PERCENT, "小数点请用“.”"),  # European decimal comma: ambiguous
        ("٩٧.٥", PERCENT, "含有非阿拉伯数字“٩”"),  # Arabic-Indic digits (Python's \d and Decimal read them)
        ("९७.५", PERCENT, "含有非阿拉伯数字“९”"),  # Devanagari
        ("𝟗𝟕.𝟓", PERCENT, "含有非阿拉伯数字“𝟗”"),  # mathematical bold
        ("9٧.5", PERCENT, "含有非阿拉伯数字“٧”"),  # one foreign digit among ASCII ones
        ("1,٥95", MW, "含有非阿拉伯数字“٥”"),
        ("12,34", MW, "小数点请用“.”"),
        ("1,59", MW, "三位数字"),
        ("0,975", PERCENT, "小数点请用“.”"),  # not a thousands grouping
        ("1,5955", MW, "三位数字"),
        ("1.595,5", MW, "小数点请用“.”"),
        ("97.5.1", PERCENT, "多个小数点"),
        ("97。5", PERCENT, "句号"),
        ("约97", PERCENT, "只能填写数字"),
        ("97左右", PERCENT, "只能填写数字"),
        ("1.2万", MW, "只能填写数字"),  # a magnitude word is never applied
        ("≥97", PERCENT, "只能填写数字"),
        ("1e3", MW, "只能填写数字"),
        ("—", PERCENT, "留空"),
        ("-", PERCENT, "留空"),
        ("/", PERCENT, "留空"),
        ("无", PERCENT, "留空"),
        ("97.5%", COUNT, "单位是“个”"),  # % only on percent indicators
        ("97.5%", MW, "单位是“MW”"),
        ("%97.5", PERCENT, "末尾"),
        ("9 7.5", PERCENT, "只能填写数字"),
        ("0.1234567", PERCENT, "超过6位"),
        (0.1234567, PERCENT, "超过6位"),
        (float("nan"), PERCENT, "不是有效数值"),
        (True, COUNT, "不是数值"),
        ("123456789012345", MW, "过大"),
    ],
)
def test_value_parse_refuses(raw, indicator, fragment):
    with pytest.raises(ValueParseError) as caught:
        value_parse(raw, indicator=indicator)
    assert fragment in caught.value.message
    assert isinstance(caught.value, ValueError)


def test_value_parse_message_quotes_the_raw_text():
    with pytest.raises(ValueParseError) as caught:
        value_parse("97,5", indicator=PERCENT)
    assert caught.value.message == "无法识别“97,5”,小数点请用“.”;千位分隔符“,”后须为三位数字(如 1,595)"
