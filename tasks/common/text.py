"""Text as people type it on a Chinese keyboard: one table of full-width (IME) forms and one set of spaces,
and the control characters no text input accepts.

Only the characters listed are folded. Unicode NFKC would also turn ① or ½ into digits, which is guessing;
figures, codes and period labels all read through ``text_fold`` so that every input is read the same way.
"""

import re

from django.utils.translation import gettext as _

# Full-width digits and Latin letters, and the punctuation an IME produces in figures, codes and labels.
FULL_WIDTH = {ord("０") + i: ord("0") + i for i in range(10)}
FULL_WIDTH.update({ord("Ａ") + i: ord("A") + i for i in range(26)})
FULL_WIDTH.update({ord("ａ") + i: ord("a") + i for i in range(26)})
FULL_WIDTH.update({ord(a): b for a, b in zip("．，％－＋−：", ".,%-+-:", strict=True)})

# Spaces trimmed around an input: ASCII white space, the ideographic space, no-break and thin spaces.
SPACES = " \t\r\n\u3000\u00a0\u2002\u2003\u2009\u202f"


def text_fold(text: str) -> str:
    """``text`` with full-width forms folded to ASCII and surrounding spaces removed, e.g. "　９７．５％ " → "97.5%"."""
    return text.translate(FULL_WIDTH).strip(SPACES)


# Digits a figure may be typed in: ASCII and full-width (IME) only. Python's ``\d`` and ``Decimal`` also read the
# digits of other scripts (Arabic-Indic ٩, Devanagari ९, mathematical bold 𝟗 …) — a pasted ``٩٧.٥`` would be
# stored as 97.5 unseen; patterns use ``[0-9]`` after ``text_fold`` and inputs are refused with
# ``foreign_digit_message`` (issue 11).
DIGITS = "0123456789０１２３４５６７８９"


def foreign_digit_find(text) -> str | None:
    """The first digit of ``text`` that is neither ASCII nor full-width (``str.isdigit``: ٩, ९, 𝟗, ², ①), or None."""
    if not isinstance(text, str):
        return None
    return next((ch for ch in text if ch.isdigit() and ch not in DIGITS), None)


def foreign_digit_message(text) -> str | None:
    """A Chinese message (without the field name) when ``text`` holds a digit of another script, else None."""
    digit = foreign_digit_find(text)
    if digit is None:
        return None
    return _("“%(raw)s”含有非阿拉伯数字“%(digit)s”,请用数字0–9(或全角０–９)填写") % {"raw": text, "digit": digit}


# Control characters (Unicode category Cc) other than tab, LF and CR: invisible on screen, meaningless in a note,
# and most of them cannot be stored in an .xlsx (XML 1.0) file at all — a note holding \x01 once made the
# department's Excel template fail for everyone. Every text input refuses them (``text_printable_validate``);
# every export drops them from text already stored (``control_characters_strip``).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_character_find(text: str) -> tuple[int, str] | None:
    """(1-based position, the character) of the first control character of ``text``, or None."""
    match = CONTROL_CHARACTERS.search(text) if isinstance(text, str) else None
    return None if match is None else (match.start() + 1, match.group())


def control_characters_strip(text: str) -> str:
    """``text`` without control characters (tab, LF and CR stay)."""
    return CONTROL_CHARACTERS.sub("", text)


def control_character_name(char: str) -> str:
    """How a control character is named in a message: "U+001B"."""
    return f"U+{ord(char):04X}"
