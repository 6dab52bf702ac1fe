"""Writing a 台账 (evidence ledger) ZIP, streamed: memory stays flat whatever the evidence size.

Layout (every name readable Chinese, made safe for Windows and ZIP tools)::

    台账_<范围>_<期间>/
      台账索引.xlsx                                     (the index workbook, written last)
      01 生态安全体系/任务01 <任务名称>/指标 <代码> <名称>/2025年第4季度 正式/<原文件名>
      01 生态安全体系/任务01 <任务名称>/节点 <代码> <名称>/2025年第4季度/<原文件名>

Each evidence file is copied into the ZIP in 1 MiB chunks (``zipfile`` writing to a file as it goes, no
whole file in memory), hashed (SHA-256) on the way; the index lists every figure and milestone report
(value, unit, period, 初步/正式, entered by and at, submitted, approved by and at, review history in one
cell) and every evidence file with its path in the ZIP, size and SHA-256. A file missing from storage is
listed with "文件缺失" and no hash. The document is Chinese (it goes to the inspection team), its texts
are not translated.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from reports.exports.safe import cell_text_set
from reports.ledger import selectors as sel
from reports.ledger.selectors import EMPTY, LedgerScope, user_name, when

CHUNK = 1024 * 1024
INDEX_NAME = "台账索引.xlsx"
MISSING = "文件缺失"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


@dataclass
class LedgerSummary:
    """What was written: ``file_count`` evidence files, ``size`` bytes of evidence, ``missing`` files."""

    file_count: int = 0
    size: int = 0
    missing: int = 0
    paths: list[str] = field(default_factory=list)


def safe_name(text: str, limit: int = 60) -> str:
    """A path component: no separators or characters Windows refuses, trimmed, at most ``limit`` chars."""
    cleaned = _UNSAFE.sub("_", str(text)).strip(" .") or "_"
    return cleaned[:limit].rstrip(" .")


def root_name(scope_label: str, period_label: str) -> str:
    return safe_name(f"台账_{scope_label}_{period_label}", 80)


def task_folder(task) -> str:
    system = task.system
    return f"{system.order:02d} {safe_name(system.name)}/任务{task.number:02d} {safe_name(task.title, 40)}"


def figure_folder(value) -> str:
    indicator = value.indicator
    kind = "正式" if value.is_final else "初步"
    return (
        f"{task_folder(indicator.task)}/指标 {safe_name(indicator.code, 32)} {safe_name(indicator.name, 40)}"
        f"/{value.period} {kind}"
    )


def report_folder(report) -> str:
    milestone = report.milestone
    return (
        f"{task_folder(milestone.task)}/节点 {safe_name(milestone.code, 32)} {safe_name(milestone.title, 40)}"
        f"/{report.period}"
    )


def ledger_write(
    target, *, scope: LedgerScope, root: str, progress: Callable[[int], None] | None = None
) -> LedgerSummary:
    """Write the ledger of ``scope`` to ``target`` (a path or a writable binary file) under folder ``root``.

    ``progress(pct)`` is called with 0–99 as the evidence bytes are copied. Raises ``OSError`` when the
    target cannot be written.
    """
    step = progress or (lambda pct: None)
    evidence = list(sel.evidence_of(scope).iterator(chunk_size=500))
    total = sum(item.size for item in evidence) or 1
    summary, taken, files = LedgerSummary(), set(), []
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        copied = 0
        for item in evidence:
            owner = item.value if item.value_id else item.milestone_report
            folder = figure_folder(owner) if item.value_id else report_folder(owner)
            path = _unique(f"{root}/{folder}/{safe_name(item.original_name, 80)}", taken)
            digest, size = _copy(archive, item, path)
            if digest is None:
                summary.missing += 1
            else:
                summary.file_count += 1
                summary.size += size
                summary.paths.append(path)
            files.append((item, path if digest else EMPTY, size, digest))
            copied += item.size
            step(copied * 95 // total)
        with tempfile.TemporaryDirectory() as tmp:
            index = os.path.join(tmp, "index.xlsx")
            index_write(index, scope=scope, files=files)
            archive.write(index, f"{root}/{INDEX_NAME}")
    step(99)
    return summary


def _unique(path: str, taken: set[str]) -> str:
    """``path`` or, when a file of that name is already in the folder, "name（2）.ext", "name（3）.ext" …"""
    candidate, number = path, 1
    stem, dot, ext = path.rpartition(".")
    if not dot or "/" in ext:
        stem, ext = path, ""
    while candidate in taken:
        number += 1
        candidate = f"{stem}（{number}）{'.' + ext if ext else ''}"
    taken.add(candidate)
    return candidate


def _copy(archive: zipfile.ZipFile, item, path: str) -> tuple[str | None, int]:
    """Copy one evidence file in chunks into ``archive`` at ``path``: (SHA-256 hex, bytes), (None, 0) if
    the stored file is missing."""
    try:
        source = item.file.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        return None, 0
    digest, size = hashlib.sha256(), 0
    with source, archive.open(path, "w", force_zip64=True) as sink:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            sink.write(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


FIGURE_HEADERS = [
    "体系", "任务", "指标代码", "指标名称", "单位", "报告期", "初步/正式", "数值", "计量单位", "状态",
    "填报人", "填报时间", "提交人", "提交时间", "审核人", "审核通过时间", "审核记录", "佐证材料数",
]  # fmt: skip
REPORT_HEADERS = [
    "体系", "任务", "节点代码", "节点目标", "单位", "报告期", "进展", "完成比例（%）", "进展说明", "状态",
    "填报人", "填报时间", "提交人", "提交时间", "审核人", "审核通过时间", "审核记录", "佐证材料数",
]  # fmt: skip
EVIDENCE_HEADERS = [
    "台账中的路径", "原文件名", "所属", "代码", "报告期", "大小（字节）", "SHA-256", "上传人", "上传时间",
]  # fmt: skip


def index_write(path: str, *, scope: LedgerScope, files: list) -> None:
    """The index workbook (openpyxl write-only: rows go to disk as they are added)."""
    book = Workbook(write_only=True)
    counts: dict[tuple[str, int], int] = {}
    for item, *_rest in files:
        key = ("value", item.value_id) if item.value_id else ("report", item.milestone_report_id)
        counts[key] = counts.get(key, 0) + 1
    sheet = book.create_sheet("指标数据")
    sheet.append(FIGURE_HEADERS)
    figures = sel.figures_of(scope)
    trails = sel.trails_of(figures.model, figures)
    for value in figures.iterator(chunk_size=500):
        indicator = value.indicator
        row = [indicator.task.system.name, f"{indicator.task.number} {indicator.task.title}", indicator.code]
        row += [indicator.name, _department(value), str(value.period), "正式" if value.is_final else "初步"]
        row += [value.value, indicator.unit, value.get_status_display()]
        row += _people(value, trails.get(value.pk)) + [counts.get(("value", value.pk), 0)]
        sheet.append(_cells(sheet, row))
    sheet = book.create_sheet("节点进展")
    sheet.append(REPORT_HEADERS)
    reports = sel.reports_of(scope)
    trails = sel.trails_of(reports.model, reports)
    for report in reports.iterator(chunk_size=500):
        milestone = report.milestone
        row = [milestone.task.system.name, f"{milestone.task.number} {milestone.task.title}", milestone.code]
        row += [milestone.title, _department(report), str(report.period), report.get_state_display()]
        row += [report.percent_done, report.description, report.get_status_display()]
        row += _people(report, trails.get(report.pk)) + [counts.get(("report", report.pk), 0)]
        sheet.append(_cells(sheet, row))
    sheet = book.create_sheet("佐证材料")
    sheet.append(EVIDENCE_HEADERS)
    for item, zip_path, size, digest in files:
        owner = item.value if item.value_id else item.milestone_report
        code = owner.indicator.code if item.value_id else owner.milestone.code
        kind = "指标数据" if item.value_id else "节点进展"
        row = [zip_path, item.original_name, kind, code, str(owner.period), size if digest else item.size]
        row += [digest or MISSING, user_name(item.uploaded_by), when(item.uploaded_at)]
        sheet.append(_cells(sheet, row))
    book.save(path)


def _cells(sheet, row: list) -> list:
    """Text as literal string cells (no formula injection: ``reports.exports.safe``), numbers as numbers."""
    cells = []
    for value in row:
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet)
            cell_text_set(cell, value)
            value = cell
        cells.append(value)
    return cells


def _department(row) -> str:
    return row.submission.department.name if row.submission_id else "公开数据"


def _people(row, trail) -> list:
    """填报人, 填报时间, 提交人, 提交时间, 审核人, 审核通过时间, 审核记录."""
    submission = row.submission
    approved = row.status == "approved"
    return [
        trail.entered_by if trail else EMPTY,
        trail.entered_at if trail else EMPTY,
        user_name(submission.submitted_by) if submission and submission.submitted_at else EMPTY,
        when(submission.submitted_at) if submission else EMPTY,
        user_name(row.reviewed_by) if approved else EMPTY,
        when(row.reviewed_at) if approved else EMPTY,
        trail.history if trail else EMPTY,
    ]
