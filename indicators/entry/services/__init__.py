"""Writes of the data-entry and review workflow (填报与审核, issue 3).

Workflow of every figure (IndicatorValue) and milestone report (MilestoneReport):
draft → submitted → approved, or submitted → returned (with a reason) → submitted again.
Approved items are locked; a supervisor may reopen one with a reason (it becomes returned).
Submitted items are read-only for staff while they wait for review (已提交待审核): to change one, staff
first withdraw the form (``submission_withdraw``, 撤回修改: every submitted item goes back to draft);
while a form is submitted nothing in it can be changed or added. Editing a returned item keeps it
returned until it is submitted again. Staff of the department are notified (in-app ``Notification`` and,
after commit, an e-mail) when an item or the form is returned or reopened and when the whole form is approved.
A Submission (department × period) carries the status summarising its items,
a ``version`` bumped on every change (optimistic concurrency) and ``first_submitted_at`` (timeliness).

Every change is written with django-simple-history: who (``history_user``), when, the row's old and
new state, and why (``history_change_reason``: 保存草稿 / 提交 / 审核通过 / 退回:理由 / 重新打开:理由 …).
Bulk writes keep the number of queries independent of the number of indicators.
"""

from indicators.entry.services.common import (  # noqa: F401
    MilestoneEntry,
    StaleVersionError,
    ValueEntry,
    atomic,
    errors_raise,
    item_locked,
    period_open_or_fail,
    reason_required,
    submission_refresh,
    summary_status,
    version_claim,
    writer_or_deny,
)
from indicators.entry.services.evidence import (  # noqa: F401
    evidence_delete,
)
from indicators.entry.services.review import (  # noqa: F401
    milestone_report_approve,
    milestone_report_reopen,
    milestone_report_return,
    submission_approve,
    submission_return,
    value_approve,
    value_reopen,
    value_return,
)
from indicators.entry.services.saving import (  # noqa: F401
    entry_form_save,
    milestone_report_errors,
    milestone_report_fields,
    milestones_save,
    submission_get_or_create,
    values_save,
)
from indicators.entry.services.submitting import (  # noqa: F401
    submission_submit,
    submission_withdraw,
)
