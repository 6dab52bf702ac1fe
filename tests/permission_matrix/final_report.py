"""Matrix entry of the 终期评估报告 (Word): county-wide, so staff get a 403 as for a county report."""

from django.urls import reverse

from tests.permission_matrix import Case

CASES = [
    Case(
        id="final_report:download",
        url_name="final_report:download",
        url=lambda ctx, scope: reverse("final_report:download"),
        expect={"anonymous": 302, "staff_own": 403, "staff_other": 403, "supervisor": 200, "leader": 200},
    )
]
