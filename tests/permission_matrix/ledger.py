"""Matrix entries of the 台账 (/reports/ledger/): list, build, job page, status, ZIP.

The reports' rules: staff only their own department's ledger (another department's is a 404, the county's
a 403); supervisors and leaders any.
"""

from django.core.files.base import ContentFile
from django.urls import reverse

from reports.ledger.models import LedgerJob
from tests.permission_matrix import Case, read_only


def _job(ctx, scope: str) -> LedgerJob:
    """A finished ledger (with its file) of department A ("own") or B ("other")."""

    def build():
        job = LedgerJob.objects.create(
            plan=ctx.plan, department=ctx.dept(scope), status="done", progress=100, requested_by=ctx.users["supervisor"]
        )
        job.file.save("ledger.zip", ContentFile(b"PK\x05\x06" + bytes(18)), save=True)
        return job

    return ctx.once(f"ledger_{scope}", build)


def _job_url(name: str):
    return lambda ctx, scope: reverse(f"ledger:{name}", args=[_job(ctx, scope).pk])


def _of_b(ctx) -> int:
    return LedgerJob.objects.filter(department=ctx.dept_b).count()


CASES = [
    read_only("ledger:index", lambda ctx, scope: reverse("ledger:index"), staff_other=200),
    Case(
        id="ledger:job_create",
        url_name="ledger:job_create",
        method="post",
        url=lambda ctx, scope: reverse("ledger:job_create"),
        data=lambda ctx, scope: {"department": ctx.dept(scope).pk},
        unchanged=_of_b,
        expect={"anonymous": 302, "staff_own": 302, "staff_other": 404, "supervisor": 302, "leader": 302},
    ),
    Case(
        id="ledger:job_create-county",
        url_name="ledger:job_create",
        method="post",
        url=lambda ctx, scope: reverse("ledger:job_create"),
        data=lambda ctx, scope: {"department": ""},
        unchanged=lambda ctx: LedgerJob.objects.filter(requested_by=ctx.users["staff_a"]).count(),
        expect={"anonymous": 302, "staff_own": 403, "staff_other": 403, "supervisor": 302, "leader": 302},
    ),
    read_only("ledger:job_detail", _job_url("job_detail")),
    read_only("ledger:job_status", _job_url("job_status")),
    read_only("ledger:job_download", _job_url("job_download")),
]
