"""Matrix entries of the assessment reports (/reports/): list, generate, page, CSV, job page, status, file.

"own" = department A's report, "other" = department B's. Staff see only their own department's reports:
another department's report, job or file is a 404; a county-wide report is a 403 for them.
"""

from django.core.files.base import ContentFile
from django.urls import reverse

from reports.models import ReportJob
from tests.permission_matrix import Case, read_only


def _job(ctx, scope: str) -> ReportJob:
    """A finished department report (with its file) of department A ("own") or B ("other")."""

    def build():
        job = ReportJob.objects.create(
            plan=ctx.plan,
            scope="department",
            department=ctx.dept(scope),
            period_kind="quarter",
            year=2025,
            quarter=4,
            status="done",
            progress=100,
            requested_by=ctx.users["supervisor"],
        )
        job.file.save("report.xlsx", ContentFile(b"PK\x03\x04 test"), save=True)
        return job

    return ctx.once(f"job_{scope}", build)


def _job_url(name: str):
    return lambda ctx, scope: reverse(f"assessment:{name}", args=[_job(ctx, scope).pk])


def _params(ctx, scope: str) -> dict:
    return {
        "scope": "department",
        "department": ctx.dept(scope).pk,
        "period_kind": "quarter",
        "year": 2025,
        "quarter": 4,
    }


def _query(ctx, scope: str) -> str:
    return "&".join(f"{k}={v}" for k, v in _params(ctx, scope).items())


def _jobs_of_b(ctx) -> int:
    return ReportJob.objects.filter(department=ctx.dept_b).count()


def _county(url_name: str):
    return lambda ctx, scope: f"{reverse(url_name)}?scope=county&period_kind=plan"


CASES = [
    read_only("assessment:index", lambda ctx, scope: reverse("assessment:index"), staff_other=200),
    read_only("assessment:page", lambda ctx, scope: f"{reverse('assessment:page')}?{_query(ctx, scope)}"),
    Case(
        id="assessment:page-county",
        url_name="assessment:page",
        url=_county("assessment:page"),
        expect={"anonymous": 302, "staff_own": 403, "staff_other": 403, "supervisor": 200, "leader": 200},
    ),
    read_only(
        "assessment:indicators_csv", lambda ctx, scope: f"{reverse('assessment:indicators_csv')}?{_query(ctx, scope)}"
    ),
    Case(
        id="assessment:indicators_csv-county",
        url_name="assessment:indicators_csv",
        url=_county("assessment:indicators_csv"),
        expect={"anonymous": 302, "staff_own": 403, "staff_other": 403, "supervisor": 200, "leader": 200},
    ),
    Case(
        id="assessment:job_create",
        url_name="assessment:job_create",
        method="post",
        url=lambda ctx, scope: reverse("assessment:job_create"),
        data=_params,
        unchanged=_jobs_of_b,
        # a small report is generated at once and redirected to its download
        expect={"anonymous": 302, "staff_own": 302, "staff_other": 404, "supervisor": 302, "leader": 302},
    ),
    Case(
        id="assessment:job_create-county",
        url_name="assessment:job_create",
        method="post",
        url=lambda ctx, scope: reverse("assessment:job_create"),
        data=lambda ctx, scope: {"scope": "county", "period_kind": "plan"},
        unchanged=lambda ctx: ReportJob.objects.filter(scope="county", requested_by=ctx.users["staff_a"]).count(),
        expect={"anonymous": 302, "staff_own": 403, "staff_other": 403, "supervisor": 302, "leader": 302},
    ),
    read_only("assessment:job_detail", _job_url("job_detail")),
    read_only("assessment:job_status", _job_url("job_status")),
    read_only("assessment:job_download", _job_url("job_download")),
]
