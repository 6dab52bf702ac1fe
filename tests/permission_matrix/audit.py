"""Matrix entries of the audit log's pages (/audit/): the 审计员 only — everyone in the matrix's cast is refused
(403), anonymous visitors are sent to the login page. The 审计员's own access: tests/reports/audit/."""

from django.urls import reverse

from tests.permission_matrix import LOGIN, Case

REFUSED = {"anonymous": LOGIN, "staff_own": 403, "staff_other": 403, "supervisor": 403, "leader": 403}

CASES = [
    Case(id="audit:index", url_name="audit:index", url=lambda ctx, scope: reverse("audit:index"), expect=REFUSED),
    Case(id="audit:export", url_name="audit:export", url=lambda ctx, scope: reverse("audit:export"), expect=REFUSED),
]
