"""Removing evidence files (佐证材料) of figures and reports that are not locked."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from indicators.entry.services.common import (
    atomic,
    item_locked,
    version_claim,
    writer_or_deny,
)
from indicators.models import (
    Evidence,
    ReviewStatus,
)


@atomic("evidence")
def evidence_delete(*, evidence: Evidence, user) -> None:
    """Remove an evidence file of a figure or report that is not approved; staff of the department only.

    Raises PermissionDenied for other users and ValidationError when the owner is approved (locked).
    """
    owner = evidence.value or evidence.milestone_report
    if owner.submission is None:
        raise ValidationError(_("公开数据不在填报审核流程中。"))
    writer_or_deny(user, owner.submission)
    version_claim(owner.submission, None)  # lock the form, then read the owner's status as committed
    item_locked(owner)
    if owner.status == ReviewStatus.APPROVED:
        raise ValidationError(_("该数据已审核通过并锁定,不能删除佐证材料。"))
    if owner.status == ReviewStatus.SUBMITTED:
        raise ValidationError(_("该数据已提交,正在等待督查员审核,不能删除佐证材料;如需修改,请先撤回提交。"))
    evidence.delete()  # its file goes after the commit (``indicators.entry.evidence.evidence_file_remove``)
