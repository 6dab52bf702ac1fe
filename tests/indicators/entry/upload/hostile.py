"""Hostile .xlsx files for the upload's guard (indicators/entry/upload/guard.py), built in memory.

* ``zip_bomb()`` — 25 KB (the file measured on main was 46 KB): a real template whose sheet declares
  ``<dimension ref="A1:J30000000"/>`` and carries 20 MB of padding compressed away (openpyxl spent 30 s on it);
* ``far_formatted()`` — about 7 KB: the template with one formatted, empty cell at A1048576 (15–21 s), with its
  dimension as openpyxl writes it, or with the dimension element removed (then only the row scan can tell).
"""

import re
import zipfile
from io import BytesIO

from openpyxl.styles import Font

from tests.indicators.entry.upload.workbooks import row, workbook_bytes

SHEET = "xl/worksheets/sheet1.xml"


def rewrite(data: bytes, change) -> bytes:
    """``data`` with the first sheet's XML replaced by ``change(xml)``, every part deflated at level 9."""
    target = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(data)) as zin,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout,
    ):
        for item in zin.infolist():
            content = zin.read(item.filename)
            zout.writestr(item.filename, change(content) if item.filename == SHEET else content)
    return target.getvalue()


def zip_bomb(padding: int = 20 * 1024 * 1024) -> bytes:
    def change(xml: bytes) -> bytes:
        xml = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:J30000000"/>', xml)
        return xml.replace(b"</sheetData>", b" " * padding + b"</sheetData>")

    return rewrite(workbook_bytes([row("T06-SW-II", 97.5)]), change)


def far_formatted(*, dimension: bool = True) -> bytes:
    def far(sheet):
        sheet["A1048576"].font = Font(bold=True)

    data = workbook_bytes([row("T06-SW-II", 97.5)], after=far)
    return data if dimension else rewrite(data, lambda xml: re.sub(rb"<dimension [^>]*/>", b"", xml))


def far_value(row_no: int) -> bytes:
    """A value (not only a format) far below the data, the dimension removed: found by the row scan."""

    def far(sheet):
        sheet[f"J{row_no}"] = "藏在下面的备注"

    return rewrite(
        workbook_bytes([row("T06-SW-II", 97.5)], after=far), lambda xml: re.sub(rb"<dimension [^>]*/>", b"", xml)
    )
