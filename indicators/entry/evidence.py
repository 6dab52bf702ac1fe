"""Evidence files (佐证材料): checked by content, stored under generated names (issue 3, item 8).

A file is accepted when its *content* (magic bytes, read by the ``filetype`` package) is a PDF, an
image, an office document (docx/xlsx/pptx, doc/xls/ppt, OpenDocument) or a zip archive, and its size
is at most ``settings.EVIDENCE_MAX_BYTES`` (default 20 MB). The name the uploader gave is kept only
as ``original_name`` for display and download; the stored name is ``evidence/<year>/<uuid>.<ext>``
with the extension of the detected type (``models.evidence_upload_to``), and it is served under the
uploader's name with that extension (``evidence_download_name``), its detected MIME type and ``nosniff``.
Files are never served as public media: ``views.evidence_download`` checks that the user may see the figure
first.
"""

from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.models import Evidence

# Detected extension → kind shown to people. Only these types are accepted.
_IMAGE = gettext_lazy("图片")
ALLOWED_KINDS = {
    "pdf": "PDF",
    "jpg": _IMAGE,
    "png": _IMAGE,
    "gif": _IMAGE,
    "webp": _IMAGE,
    "bmp": _IMAGE,
    "tif": _IMAGE,
    "heic": _IMAGE,
    "docx": "Word",
    "doc": "Word",
    "odt": gettext_lazy("文档"),
    "xlsx": "Excel",
    "xls": "Excel",
    "ods": gettext_lazy("表格"),
    "pptx": "PowerPoint",
    "ppt": "PowerPoint",
    "odp": gettext_lazy("演示文稿"),
    "zip": gettext_lazy("ZIP压缩包"),
}
ALLOWED_DESCRIPTION = gettext_lazy(
    "PDF、图片(JPG/PNG/GIF/WEBP/BMP/TIFF)、Office 文档(Word/Excel/PowerPoint)、ZIP 压缩包"
)


@dataclass(frozen=True)
class EvidenceType:
    """The detected type of an accepted file: extension (``pdf``) and MIME type (``application/pdf``)."""

    extension: str
    mime: str


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def evidence_check(file) -> EvidenceType:
    """Check an uploaded file's size and content type; return its detected type.

    ``file`` is a Django UploadedFile (``.name``, ``.size``, readable). Raises ValidationError with a
    Chinese message naming the file when it is empty, larger than EVIDENCE_MAX_BYTES, or of a type
    not in ALLOWED_KINDS (judged by content, never by the file name).
    """
    name = PurePath(file.name or "").name
    limit = settings.EVIDENCE_MAX_BYTES
    if not file.size:
        raise ValidationError(_("文件“%(name)s”是空文件。") % {"name": name}, code="empty")
    if file.size > limit:
        raise ValidationError(
            _("文件“%(name)s”大小 %(size)s,超过 %(limit)s 的上限。")
            % {"name": name, "size": _megabytes(file.size), "limit": _megabytes(limit)},
            code="too_large",
        )
    file.seek(0)
    kind = filetype.guess(file.read(8192))
    file.seek(0)
    if kind is None or kind.extension not in ALLOWED_KINDS:
        raise ValidationError(
            _("文件“%(name)s”的类型不允许(按文件内容判断)。允许:%(allowed)s。")
            % {"name": name, "allowed": ALLOWED_DESCRIPTION},
            code="type",
        )
    return EvidenceType(kind.extension, kind.mime)


def evidence_attach(*, file, user, value=None, milestone_report=None) -> Evidence:
    """Check ``file`` and store it as evidence of ``value`` (IndicatorValue) or ``milestone_report``.

    Exactly one owner must be given. Raises ValidationError (see ``evidence_check``). The caller
    runs inside its own transaction and has checked that ``user`` may change the owner.
    """
    detected = evidence_check(file)
    original = PurePath(file.name or "").name[:255] or f"evidence.{detected.extension}"
    evidence = Evidence(
        value=value,
        milestone_report=milestone_report,
        original_name=original,
        content_type=detected.mime,
        size=file.size,
        uploaded_by=user,
    )
    evidence.file.save(f"evidence.{detected.extension}", File(file), save=False)
    evidence.save()
    return evidence


def evidence_download_name(evidence: Evidence) -> str:
    """The name a file is served under: the uploader's name with the extension of the *detected* type (the
    stored file's), e.g. a GIF uploaded as ``invoice.html`` is served as ``invoice.gif`` — never as a page a
    browser would render."""
    extension = PurePath(evidence.file.name or "").suffix.lower()
    stem = PurePath(evidence.original_name or "").stem or _("佐证材料")
    return f"{stem}{extension}"


def evidence_department(evidence: Evidence):
    """The department whose figure the file supports (the one whose staff may see it)."""
    if evidence.value_id:
        value = evidence.value
        return value.submission.department if value.submission_id else value.indicator.reporting_department
    return evidence.milestone_report.submission.department


def evidence_file_remove(sender, instance, **kwargs):
    """post_delete of an Evidence row (the entry service, the admin, a cascade from its figure, report or form):
    its file is deleted too, once the deletion commits — never an orphaned file, never a file deleted for a
    deletion that rolled back."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
