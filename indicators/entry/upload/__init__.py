"""The department's Excel template and its upload (issue 3, item 7).

Download: ``template_workbook`` — one row per indicator the department reports, reference columns in
grey, 本期数值 / 数据类型 (drop-down 初步/正式) / 备注 to fill in; header in row 1 (frozen), a 说明 sheet
with the rules and the department and period the file belongs to; a 节点进展 sheet with the milestones of
the tasks the department leads (进展 drop-down 未启动/推进中/已完成, 完成比例(%), 进展说明; issue 13). Columns,
drop-down choices and 说明 labels are recognised in every language of the portal, so a template downloaded
in English uploads in a Chinese session and vice versa; 报告期 reads as 2026Q3 or 2026年第3季度.

Upload, two steps, nothing saved before the second:
1. ``upload_preview`` reads the file (openpyxl, twice: cached values and formulas), checks the header
   row against ``DepartmentTemplateResource``, parses each row (``value_parse``/``value_check``) and
   compares it with what is stored: 新增 / 修改 / 无变化 / 未填写 / 错误, every error by row and column.
   It only reads — no row written, no job enqueued. Its changes travel to the confirm step in a signed
   token (``preview_token``), not in the database.
2. ``upload_confirm`` verifies the token and saves everything through ``indicators.entry.services.values_save``
   and ``milestones_save`` (the web form's writers) in one transaction, with the submission version seen
   at preview time (a form saved in between is detected as a conflict).

Queries are fixed in number whatever the number of rows or indicators (see the tests).
"""

from indicators.entry.upload.common import (  # noqa: F401
    INFO_TITLE,
    MAX_DATA_ROWS,
    MAX_NOTE_CHARS,
    MAX_UPLOAD_BYTES,
    SHEET_TITLE,
    TOKEN_MAX_AGE,
    TOKEN_SALT,
    UploadError,
    due_indicators,
    period_values,
    template_rows,
)
from indicators.entry.upload.confirm import preview_token, token_read, upload_confirm  # noqa: F401
from indicators.entry.upload.preview import RowOutcome, UploadPreview, cell_percent_formatted, upload_preview  # noqa: F401
from indicators.entry.upload.reading import CellRead, workbook_read  # noqa: F401
from indicators.entry.upload.template import template_workbook  # noqa: F401
