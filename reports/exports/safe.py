"""Safe output of user-entered text into spreadsheets: no formula injection, valid sheet names.

Text that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is what Excel and LibreOffice
may read as a formula (OWASP "CSV injection"). In a workbook such text is written as a string cell
(``data_type 's'``, an inline string, never a ``<f>`` formula element) with the cell style's
``quotePrefix`` set, so Excel and LibreOffice show it unchanged, never evaluate it, and keep it text when
someone edits the cell. In CSV, where there are no types, it gets a leading apostrophe (OWASP advice).
Characters XML cannot hold (control characters other than tab, LF, CR) are removed; CR line ends become LF.
"""

import re

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31


def text_is_risky(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula: it starts with = + - @ tab or CR."""
    return isinstance(text, str) and text.startswith(FORMULA_PREFIXES)


def text_clean(text: str) -> str:
    """``text`` without the control characters an .xlsx file cannot hold (NUL, BEL, VT, FF, ESC …), and
    with CR/CRLF line ends as LF (XML reads a raw CR as LF anyway, so the file says what the cell shows)."""
    return ILLEGAL_CHARACTERS_RE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")


def cell_text_set(cell, text: str) -> None:
    """Put ``text`` into an openpyxl cell as literal text: a string cell, ``quotePrefix`` when risky.

    openpyxl itself turns a value starting with "=" into a formula; forcing ``data_type = "s"`` writes it
    as an inline string instead.
    """
    clean = text_clean(text)
    cell.value = clean
    cell.data_type = "s"
    if text_is_risky(text) or text_is_risky(clean):
        cell.quotePrefix = True


def csv_text(text: str) -> str:
    """A CSV field for ``text``: a leading apostrophe when it could be read as a formula (OWASP)."""
    clean = text_clean(text)
    return f"'{clean}" if text_is_risky(text) or text_is_risky(clean) else clean


def sheet_title_clean(name: str, taken=()) -> str:
    """A valid, unique worksheet name: forbidden ``[]:*?/\\`` replaced by "_", no leading or trailing
    apostrophe, at most 31 characters, "(2)", "(3)" … appended when ``taken`` (case-insensitive) has it.

    An empty result becomes "Sheet". Excel refuses the name "History" (reserved) — it gets "_".
    """
    base = SHEET_NAME_FORBIDDEN.sub("_", text_clean(name)).strip().strip("'") or "Sheet"
    if base.lower() == "history":
        base = f"{base}_"
    taken_lower = {t.lower() for t in taken}
    candidate, number = base[:SHEET_NAME_MAX], 1
    while candidate.lower() in taken_lower:
        number += 1
        suffix = f"({number})"
        candidate = base[: SHEET_NAME_MAX - len(suffix)] + suffix
    return candidate
