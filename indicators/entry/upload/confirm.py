"""Upload step 2: the preview's changes travel in a signed token (not in the database); confirming
verifies it and saves everything through the entry services in one transaction, with the form version
seen at preview time (a form saved in between is a conflict)."""

from decimal import Decimal

from django.core import signing
from django.db import transaction
from django.utils.translation import gettext as _

from indicators.entry import services
from indicators.entry.upload.common import TOKEN_MAX_AGE, TOKEN_SALT, UploadError
from indicators.entry.upload.preview import UploadPreview
from indicators.models import Submission


def preview_token(*, preview: UploadPreview, user, department, period) -> str:
    """The preview's changes, signed and bound to user, department, period and the version seen."""
    entries = [[r.indicator.id, str(r.value), r.is_final, r.note] for r in preview.changes]
    reports = [r.entry() for r in preview.milestone_changes]
    payload = {"u": user.pk, "d": department.pk, "p": period.pk, "v": preview.version, "e": entries, "m": reports}
    return signing.dumps(payload, salt=TOKEN_SALT, compress=True)


def token_read(*, token: str, user, department, period) -> dict:
    """The payload of a token made for this user, department and period, at most an hour old."""
    try:
        payload = signing.loads(token or "", salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise UploadError(_("预览已超过1小时,请重新上传文件")) from None
    except signing.BadSignature:
        raise UploadError(_("预览数据无效,请重新上传文件")) from None
    if (payload.get("u"), payload.get("d"), payload.get("p")) != (user.pk, department.pk, period.pk):
        raise UploadError(_("预览数据与当前填报表不符,请重新上传文件"))
    return payload


@transaction.atomic
def upload_confirm(*, token: str, user, department, period) -> tuple[int, int]:
    """Save the previewed changes, all or nothing: figures through ``services.values_save`` (origin
    "upload"), then milestone reports through ``services.milestones_save`` — the web form's writers.

    Returns (figures saved, milestone reports saved). Raises UploadError for a bad or stale token; whatever
    the services raise (version conflict, locked value …) propagates and rolls everything back.
    """
    payload = token_read(token=token, user=user, department=department, period=period)
    reports = payload.get("m", [])  # tokens made before milestones were in the template have none
    if not payload["e"] and not reports:
        raise UploadError(_("没有需要导入的变化"))
    submission = services.submission_get_or_create(department=department, period=period)
    expected = payload["v"] if payload["v"] is not None else Submission._meta.get_field("version").default
    entries = [services.ValueEntry(indicator_id=i, value=Decimal(v), is_final=f, note=n) for i, v, f, n in payload["e"]]
    if entries:
        services.values_save(
            submission=submission, user=user, entries=entries, expected_version=expected, origin="upload"
        )
        expected = submission.version
    milestones = [
        services.MilestoneEntry(
            milestone_id=m, state=state, percent_done=None if p is None else Decimal(p), description=text
        )
        for m, state, p, text in reports
    ]
    if milestones:
        services.milestones_save(submission=submission, user=user, entries=milestones, expected_version=expected)
    return len(entries), len(milestones)
