"""Checks of an uploaded .xlsx before anything parses it, and the time budget of reading it.

An .xlsx is a zip of XML parts. A file of a few kilobytes can declare a sheet of 30 million rows
(``<dimension ref="A1:J30000000"/>``: openpyxl then walks every empty row) or hold 20 MB of XML compressed
into 46 KB (a zip bomb); one cell with nothing but a format at A1048576 makes the sheet a million rows long.
Each of them once held a worker for 15 seconds to minutes. So, in order, each step cheap and bounded:

1. the zip's directory: at most ``MAX_PARTS`` parts; the XML parts (everything outside ``xl/media/``) at most
   ``MAX_XML_BYTES`` uncompressed together; no part inflating more than ``MAX_RATIO`` times;
2. each worksheet's declared ``<dimension>``: at most ``MAX_SHEET_ROWS`` rows and ``MAX_SHEET_COLUMNS`` columns;
3. each worksheet streamed once through the standard library's XML parser (memory flat): no value or formula in
   a row or column beyond those caps (a cell that only carries a format is ignored);
4. openpyxl then reads at most those rows and columns (``reading.workbook_read``), and every step checks the
   ``Deadline`` (``READ_SECONDS``).

Any file up to the upload limit is therefore answered — read, or refused with a Chinese ``UploadError`` that
says what to change — within about two seconds.
"""

import re
import time
import zipfile
from io import BytesIO
from xml.etree import ElementTree

from django.utils.translation import gettext as _
from openpyxl.utils import column_index_from_string, get_column_letter

from indicators.entry.upload.common import MAX_DATA_ROWS, UploadError

MAX_PARTS = 200
MAX_XML_BYTES = 4 * 1024 * 1024  # a 500-row template is about 0.3 MB of XML
MAX_RATIO = 100  # deflate rarely shrinks real XML more than 20 times; bombs shrink 400 times and more
MAX_SHEET_ROWS = MAX_DATA_ROWS + 100  # the header, the data rows and some blank rows
MAX_SHEET_COLUMNS = 30  # the template has 10
READ_SECONDS = 1.5

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?"')
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)")
_WORKSHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$")


class Deadline:
    """A time budget started now: ``check()`` raises UploadError once ``seconds`` have passed."""

    def __init__(self, seconds: float = READ_SECONDS):
        self.ends = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.ends:
            raise UploadError(_("文件内容过于复杂，无法在规定时间内读取：请使用本单位的模板，只填写模板中的行和列"))


def workbook_guard(data: bytes, deadline: Deadline) -> None:
    """Raise UploadError unless the .xlsx ``data`` passes steps 1–3 of the module docstring."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UploadError(_("文件已损坏或不是 .xlsx 格式,请重新下载模板填写后上传")) from None
    with archive:
        parts = archive.infolist()
        _parts_check(parts)
        for part in parts:
            if _WORKSHEET.match(part.filename):
                _sheet_check(archive, part, deadline)


def _parts_check(parts: list[zipfile.ZipInfo]) -> None:
    if len(parts) > MAX_PARTS:
        raise UploadError(_("文件包含的部件过多（%(n)d个），不是本系统的模板") % {"n": len(parts)})
    xml_bytes = sum(p.file_size for p in parts if not p.filename.startswith("xl/media/"))
    if xml_bytes > MAX_XML_BYTES:
        raise UploadError(
            _("文件解压后过大（%(mb).1f MB，最多%(max)d MB）：请使用本单位的模板，删除多余的行、列和工作表")
            % {"mb": xml_bytes / 1024 / 1024, "max": MAX_XML_BYTES // 1024 // 1024}
        )
    for part in parts:
        if part.file_size > 1024 * 1024 and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise UploadError(_("文件压缩比异常（可能是恶意构造的文件），已拒绝读取"))


def _sheet_check(archive: zipfile.ZipFile, part: zipfile.ZipInfo, deadline: Deadline) -> None:
    with archive.open(part) as stream:
        head = stream.read(16 * 1024)
    match = _DIMENSION.search(head)
    if match:
        rows = int(match.group(4) or match.group(2) or 1)
        columns = column_index_from_string((match.group(3) or match.group(1) or "A").decode())
        if rows > MAX_SHEET_ROWS or columns > MAX_SHEET_COLUMNS:
            raise _too_large(rows, columns)
    with archive.open(part) as stream:
        _content_scan(stream, deadline)


def _too_large(rows: int, columns: int) -> UploadError:
    return UploadError(
        _(
            "工作表范围过大（到第%(rows)d行、第%(col)s列；最多%(max_rows)d行、%(max_cols)d列）：请删除模板以外的行和列"
            "（包括只设置了格式的单元格）后重新上传"
        )
        % {
            "rows": rows,
            "col": get_column_letter(min(columns, 16384)),
            "max_rows": MAX_SHEET_ROWS,
            "max_cols": MAX_SHEET_COLUMNS,
        }
    )


def _content_scan(stream, deadline: Deadline) -> None:
    """Stream the sheet XML: refuse a value or formula beyond the caps. Memory stays flat (rows are cleared)."""
    row_no, column, seen = 0, 0, 0
    try:
        for event, element in ElementTree.iterparse(stream, events=("start", "end")):
            seen += 1
            if seen % 5000 == 0:
                deadline.check()
            tag = element.tag
            if event == "start":
                if tag == f"{_MAIN}row":
                    row_no = int(element.get("r") or row_no + 1)
                    column = 0
                continue
            if tag == f"{_MAIN}c":
                column = _cell_column(element.get("r"), column + 1)
                if (row_no > MAX_SHEET_ROWS or column > MAX_SHEET_COLUMNS) and _has_content(element):
                    raise _too_large(row_no, column)
            elif tag == f"{_MAIN}row":
                element.clear()
    except ElementTree.ParseError:
        raise UploadError(_("文件已损坏或不是 .xlsx 格式,请重新下载模板填写后上传")) from None


def _cell_column(ref: str | None, default: int) -> int:
    match = _CELL_REF.match(ref or "")
    return column_index_from_string(match.group(1)) if match else default


def _has_content(cell) -> bool:
    """A value (<v>), an inline string (<is>) or a formula (<f>); a style alone is not content."""
    return any(child.tag in (f"{_MAIN}v", f"{_MAIN}is", f"{_MAIN}f") for child in cell)
