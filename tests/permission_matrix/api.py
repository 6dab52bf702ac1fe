"""Matrix entries of the REST API (/api/v1/, /api/schema/, /api/docs/).

API calls are never redirected to the login page: an anonymous call gets 401 (token authentication
answers first, with ``WWW-Authenticate: Token``). Staff aiming at another department's object get
404 (it does not exist for them); lists simply leave such rows out (200). Writes and reviews send the version
of the form they read (without it 428, after the permission checks: ``tests/api/test_versions.py``).
"""

from django.urls import reverse

from indicators.models import Score
from tests.factories import IndicatorValueFactory, ScoreFactory, SubmissionFactory
from tests.permission_matrix import Case

ANON = 401
EVERYONE = {"anonymous": 200, "staff_own": 200, "staff_other": 200, "supervisor": 200, "leader": 200}


def api_read(url_name, url, *, id=None, staff_other=200):
    """A read every logged-in actor may make (staff_other: 404 on another department's object)."""
    return Case(
        id=id or url_name,
        url_name=url_name,
        url=url,
        expect={"anonymous": ANON, "staff_own": 200, "staff_other": staff_other, "supervisor": 200, "leader": 200},
    )


def form_version(department, period) -> int:
    """The version of ``department``'s form for ``period`` as an API client reads it (1: not created yet)."""
    from indicators.models import Submission

    rows = Submission.objects.filter(department=department, period=period)
    return rows.values_list("version", flat=True).first() or 1


def submission(ctx, scope):
    return ctx.once(f"api_sub_{scope}", lambda: SubmissionFactory(department=ctx.dept(scope), period=ctx.period))


def value(ctx, scope):
    return ctx.once(f"api_value_{scope}", lambda: IndicatorValueFactory(submission=submission(ctx, scope)))


def department_score(ctx, scope):
    return ctx.once(
        f"api_score_{scope}", lambda: ScoreFactory(level=Score.Level.DEPARTMENT, department=ctx.dept(scope))
    )


def first_pk(model_path):
    """The first row of a structure model (the same for every scope: the plan is everyone's)."""
    from django.apps import apps

    return apps.get_model(model_path).objects.order_by("pk").values_list("pk", flat=True).first()


def detail(url_name, pk_of):
    return lambda ctx, scope: reverse(url_name, args=[pk_of(ctx, scope)])


STRUCTURE = {
    "plan": "tasks.Plan",
    "system": "tasks.EcoSystem",
    "task": "tasks.PlanTask",
    "milestone": "tasks.Milestone",
    "department": "responsibilities.Department",
    "assignment": "responsibilities.TaskAssignment",
    "indicator": "indicators.Indicator",
    "period": "indicators.ReportingPeriod",
}

CASES = [
    Case(
        id="api-token-bad-credentials",
        url_name="api-token",
        url=lambda ctx, scope: reverse("api-token"),
        method="post",
        data=lambda ctx, scope: {"username": "staff_a", "password": "wrong"},
        format="json",
        expect={"anonymous": 400, "staff_own": 400, "staff_other": 400, "supervisor": 400, "leader": 400},
    ),
    Case(id="api-schema", url_name="api-schema", url=lambda ctx, scope: reverse("api-schema"), expect=EVERYONE),
    Case(id="api-docs", url_name="api-docs", url=lambda ctx, scope: reverse("api-docs"), expect=EVERYONE),
]

for name, model_path in STRUCTURE.items():
    CASES += [
        api_read(f"api-{name}-list", lambda ctx, scope, name=name: reverse(f"api-{name}-list")),
        api_read(f"api-{name}-detail", detail(f"api-{name}-detail", lambda ctx, scope, m=model_path: first_pk(m))),
    ]

CASES += [
    api_read("api-submission-list", lambda ctx, scope: reverse("api-submission-list")),
    api_read(
        "api-submission-detail",
        detail("api-submission-detail", lambda ctx, scope: submission(ctx, scope).pk),
        staff_other=404,
    ),
    api_read("api-value-list", lambda ctx, scope: reverse("api-value-list")),
    api_read("api-value-detail", detail("api-value-detail", lambda ctx, scope: value(ctx, scope).pk), staff_other=404),
    api_read("api-score-list", lambda ctx, scope: reverse("api-score-list")),
    api_read(
        "api-score-detail",
        detail("api-score-detail", lambda ctx, scope: department_score(ctx, scope).pk),
        staff_other=404,
    ),
]


# ---------------------------------------------------------------- writes (through indicators.entry.services)

WRITE = {"anonymous": ANON, "staff_own": 201, "staff_other": 403, "supervisor": 403, "leader": 403}
EDIT = {"anonymous": ANON, "staff_own": 200, "staff_other": 404, "supervisor": 403, "leader": 403}
REVIEW = {"anonymous": ANON, "staff_own": 403, "staff_other": 404, "supervisor": 200, "leader": 403}


def first_indicator(ctx, scope):
    from indicators.models import Indicator

    return Indicator.objects.filter(reporting_department=ctx.dept(scope)).order_by("id").first()


def value_in(ctx, scope, status):
    """A figure of the scope's department in ``status``, its form in the matching status."""

    def build():
        sub = SubmissionFactory(department=ctx.dept(scope), period=ctx.period, status=status)
        return IndicatorValueFactory(submission=sub, value=1, status=status)

    return ctx.once(f"api_value_{status}_{scope}", build)


def complete_form(ctx, scope):
    """The scope's department's 2025Q4 form with every figure and milestone report filled (draft)."""
    from indicators.entry.selectors import indicators_of_department, milestones_led
    from indicators.models import MilestoneReport

    def build():
        sub = submission(ctx, scope)
        for indicator in indicators_of_department(department=sub.department):
            IndicatorValueFactory(submission=sub, indicator=indicator, value=1, note="矩阵测试")
        for milestone in milestones_led(department=sub.department):
            MilestoneReport.objects.create(submission=sub, milestone=milestone, period=sub.period)
        return sub

    return ctx.once(f"api_complete_{scope}", build)


def statuses(ctx):
    from indicators.models import IndicatorValue, Submission

    return (
        sorted(IndicatorValue.objects.values_list("pk", "status", "value", "note")),
        sorted(Submission.objects.values_list("pk", "status", "version")),
    )


def value_action(name, status, **data):
    return Case(
        id=f"api-value-{name}",
        url_name=f"api-value-{name}",
        url=lambda ctx, scope: reverse(f"api-value-{name}", args=[value_in(ctx, scope, status).pk]),
        method="post",
        data=lambda ctx, scope: {**data, "version": form_version(ctx.dept(scope), ctx.period)},
        format="json",
        expect=REVIEW,
        unchanged=statuses,
    )


def submission_action(name, expect, build, **data):
    return Case(
        id=f"api-submission-{name}",
        url_name=f"api-submission-{name}",
        url=lambda ctx, scope: reverse(f"api-submission-{name}", args=[build(ctx, scope).pk]),
        method="post",
        data=lambda ctx, scope: {**data, "version": form_version(build(ctx, scope).department, ctx.period)},
        format="json",
        expect=expect,
        unchanged=statuses,
    )


CASES += [
    Case(
        id="api-value-create",
        url_name="api-value-list",
        url=lambda ctx, scope: reverse("api-value-list"),
        method="post",
        data=lambda ctx, scope: {
            "indicator": first_indicator(ctx, scope).pk,
            "period": ctx.period.pk,
            "value": "1",
            "version": form_version(ctx.dept(scope), ctx.period),
        },
        format="json",
        expect=WRITE,
        unchanged=statuses,
    ),
    Case(
        id="api-value-update",
        url_name="api-value-detail",
        url=lambda ctx, scope: reverse("api-value-detail", args=[value(ctx, scope).pk]),
        method="patch",
        data=lambda ctx, scope: {"note": "接口修改", "version": value(ctx, scope).submission.version},
        format="json",
        expect=EDIT,
        unchanged=statuses,
    ),
    value_action("approve", "submitted"),
    value_action("return", "submitted", reason="请核实"),
    value_action("reopen", "approved", reason="数据更正"),
    submission_action(
        "submit",
        {"anonymous": ANON, "staff_own": 200, "staff_other": 404, "supervisor": 403, "leader": 403},
        complete_form,
    ),
    # 撤回修改 (services.submission_withdraw, as the web's entry:form_withdraw): the department's staff only;
    # supervisors see the form but the service refuses them (403), like the web page
    submission_action(
        "withdraw",
        {"anonymous": ANON, "staff_own": 200, "staff_other": 404, "supervisor": 403, "leader": 403},
        lambda ctx, scope: value_in(ctx, scope, "submitted").submission,
    ),
    submission_action("approve", REVIEW, lambda ctx, scope: value_in(ctx, scope, "submitted").submission),
    submission_action(
        "return", REVIEW, lambda ctx, scope: value_in(ctx, scope, "submitted").submission, reason="请核实"
    ),
]


# ---------------------------------------------------------------- report jobs (reports.assessment.services)


def report_job(ctx, scope):
    """A generated one-department, one-quarter report of the scope's department (made at once)."""
    from reports.assessment.report import ReportParams
    from reports.assessment.services import report_job_request

    def build():
        params = ReportParams(
            plan_id=ctx.plan.pk,
            scope="department",
            department_id=ctx.dept(scope).pk,
            period_kind="quarter",
            year=ctx.period.year,
            quarter=ctx.period.quarter,
        )
        return report_job_request(user=ctx.users["supervisor"], params=params)

    return ctx.once(f"api_report_{scope}", build)


def report_jobs(ctx):
    from reports.models import ReportJob

    return sorted(ReportJob.objects.values_list("pk", "status"))


CASES += [
    api_read("api-reportjob-list", lambda ctx, scope: reverse("api-reportjob-list")),
    api_read(
        "api-reportjob-detail",
        detail("api-reportjob-detail", lambda ctx, scope: report_job(ctx, scope).pk),
        staff_other=404,
    ),
    api_read(
        "api-reportjob-download",
        detail("api-reportjob-download", lambda ctx, scope: report_job(ctx, scope).pk),
        staff_other=404,
    ),
    Case(
        id="api-reportjob-create",
        url_name="api-reportjob-list",
        url=lambda ctx, scope: reverse("api-reportjob-list"),
        method="post",
        data=lambda ctx, scope: {
            "scope": "department",
            "department": ctx.dept(scope).pk,
            "period_kind": "quarter",
            "year": ctx.period.year,
            "quarter": ctx.period.quarter,
        },
        format="json",
        # leadership may generate reports (reports.assessment.access); staff only their own department's
        expect={"anonymous": ANON, "staff_own": 201, "staff_other": 404, "supervisor": 201, "leader": 201},
        unchanged=report_jobs,
    ),
]


# ---------------------------------------------------------------- milestone reports (节点进展)


def milestone_for(ctx, scope):
    """A milestone department A leads (own); one of a task A does not lead (other)."""
    from indicators.entry.selectors import milestones_led
    from tasks.models import Milestone

    led = milestones_led(department=ctx.dept_a)
    if scope == "own":
        return led[0]
    return Milestone.objects.exclude(pk__in=[m.pk for m in led]).order_by("pk").first()


def milestone_report_in(ctx, scope, status):
    """A milestone report on the scope's department's form in ``status``."""
    from indicators.models import MilestoneReport

    def build():
        sub = SubmissionFactory(department=ctx.dept(scope), period=ctx.period, status=status)
        return MilestoneReport.objects.create(
            submission=sub, milestone=milestone_for(ctx, scope), period=ctx.period, state="in_progress", status=status
        )

    return ctx.once(f"api_mr_{status}_{scope}", build)


def milestone_reports(ctx):
    from indicators.models import MilestoneReport

    return sorted(MilestoneReport.objects.values_list("pk", "status", "state"))


def milestone_report_action(name, status, **data):
    return Case(
        id=f"api-milestonereport-{name}",
        url_name=f"api-milestonereport-{name}",
        url=lambda ctx, scope: reverse(
            f"api-milestonereport-{name}", args=[milestone_report_in(ctx, scope, status).pk]
        ),
        method="post",
        data=lambda ctx, scope: {**data, "version": form_version(ctx.dept(scope), ctx.period)},
        format="json",
        expect=REVIEW,
        unchanged=milestone_reports,
    )


CASES += [
    api_read("api-milestonereport-list", lambda ctx, scope: reverse("api-milestonereport-list")),
    api_read(
        "api-milestonereport-detail",
        detail("api-milestonereport-detail", lambda ctx, scope: milestone_report_in(ctx, scope, "draft").pk),
        staff_other=404,
    ),
    Case(
        id="api-milestonereport-create",
        url_name="api-milestonereport-list",
        url=lambda ctx, scope: reverse("api-milestonereport-list"),
        method="post",
        data=lambda ctx, scope: {
            "milestone": milestone_for(ctx, scope).pk,
            "period": ctx.period.pk,
            "state": "in_progress",
            "version": form_version(ctx.dept(scope), ctx.period),
        },
        format="json",
        expect=WRITE,
        unchanged=milestone_reports,
    ),
    milestone_report_action("approve", "submitted"),
    milestone_report_action("return", "submitted", reason="请补充"),
    milestone_report_action("reopen", "approved", reason="进展有误"),
]
