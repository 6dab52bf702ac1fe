"""The entry and review pages: what each role sees, saving through the form, and pinned query counts."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.entry import selectors, services
from indicators.entry.services import MilestoneEntry, ValueEntry
from indicators.models import IndicatorValue, MilestoneReport, ReportingPeriod, ReviewStatus, Submission
from tests.factories import EvidenceFactory, IndicatorFactory


@pytest.fixture
def q4(plan):
    return ReportingPeriod.objects.get(year=2025, quarter=4)


def form_url(department, period):
    return reverse("entry:form", args=[department.code, period.year, period.quarter])


def due(department, period):
    return [
        i for i in selectors.indicators_of_department(department=department) if selectors.indicator_is_due(i, period)
    ]


def post_data(department, period, *, values=None, action="save", version=1, notes=None):
    """The POST a browser sends: version, action, and value/is_final/note of every due indicator."""
    data = {"version": str(version), "action": action}
    for indicator in due(department, period):
        data[f"v{indicator.pk}-value"] = (values or {}).get(indicator.code, "1")
        data[f"v{indicator.pk}-is_final"] = "1"
        data[f"v{indicator.pk}-note"] = (notes or {}).get(indicator.code, "")
    for milestone in selectors.milestones_led(department=department):
        data[f"m{milestone.pk}-state"] = "in_progress"
        data[f"m{milestone.pk}-percent_done"] = "40"
        data[f"m{milestone.pk}-description"] = "按计划推进"
    return data


def test_staff_sees_every_due_indicator_with_target_and_last_approved(client_for, staff_b, dept_b, q4):
    indicator = due(dept_b, q4)[0]
    IndicatorValue.objects.create(
        indicator=indicator,
        period=ReportingPeriod.objects.get(year=2025, quarter=3),
        value=Decimal(2),
        status=ReviewStatus.APPROVED,
    )
    page = client_for(staff_b).get(form_url(dept_b, q4)).content.decode()
    for row in due(dept_b, q4):
        assert row.name in page and row.target_display() in page
    assert "2025Q3" in page and 'name="version"' in page
    assert "保存草稿" in page and "提交" in page


def test_save_draft_then_submit_through_the_form(client_for, staff_b, dept_b, q4):
    client = client_for(staff_b)
    values = {due(dept_b, q4)[0].code: "３", due(dept_b, q4)[1].code: "1,0"}  # full width; "1,0" is ambiguous
    response = client.post(form_url(dept_b, q4), post_data(dept_b, q4, values=values))
    assert response.status_code == 400
    page = response.content.decode()
    assert due(dept_b, q4)[1].name in page and "1,0" in page  # the error names the field, the input is kept
    assert not IndicatorValue.objects.filter(submission__isnull=False).exists()
    values[due(dept_b, q4)[1].code] = "1"
    response = client.post(form_url(dept_b, q4), post_data(dept_b, q4, values=values))
    assert response.status_code == 302
    assert IndicatorValue.objects.get(indicator=due(dept_b, q4)[0]).value == Decimal(3)
    assert "草稿已保存" in client.get(form_url(dept_b, q4)).content.decode()
    response = client.post(form_url(dept_b, q4), post_data(dept_b, q4, values=values, action="submit", version=2))
    assert response.status_code == 302
    assert Submission.objects.get().status == ReviewStatus.SUBMITTED


def test_a_refused_submit_saves_nothing_and_keeps_the_input(client_for, staff_a, dept_a, q4):
    data = post_data(dept_a, q4, action="submit")
    first = due(dept_a, q4)[0]
    data[f"v{first.pk}-value"] = ""
    data[f"v{first.pk}-note"] = "尚待统计局发布"
    response = client_for(staff_a).post(form_url(dept_a, q4), data)
    assert response.status_code == 400
    assert "请填写数值" in response.content.decode() and "尚待统计局发布" in response.content.decode()
    assert not IndicatorValue.objects.filter(submission__department=dept_a).exists()
    assert not Submission.objects.filter(department=dept_a).exists()  # not even the empty form was kept


def test_warnings_are_shown_next_to_the_field(client_for, staff_b, dept_b, q4):
    indicator = due(dept_b, q4)[0]
    IndicatorValue.objects.create(
        indicator=indicator,
        period=ReportingPeriod.objects.get(year=2025, quarter=3),
        value=Decimal(3),
        status=ReviewStatus.APPROVED,
    )
    response = client_for(staff_b).post(
        form_url(dept_b, q4), post_data(dept_b, q4, values={indicator.code: "1"}, action="submit")
    )
    page = response.content.decode()
    assert response.status_code == 400 and "⚠" in page and "低于上期审核值3" in page and "备注为空" in page


def test_leader_reads_without_inputs_and_supervisor_gets_review_buttons(
    client_for, staff_b, leader, supervisor, dept_b, q4
):
    submission = services.submission_get_or_create(department=dept_b, period=q4)
    entries = [ValueEntry(i.pk, Decimal(1), True, "") for i in due(dept_b, q4)]
    services.values_save(submission=submission, user=staff_b, entries=entries, expected_version=1)
    services.submission_submit(submission=submission, user=staff_b)
    leader_page = client_for(leader).get(form_url(dept_b, q4)).content.decode()
    assert 'name="action" value="save"' not in leader_page and "value_review" not in leader_page
    assert reverse("entry:form_review", args=[dept_b.code, q4.year, q4.quarter]) not in leader_page
    page = client_for(supervisor).get(form_url(dept_b, q4)).content.decode()
    value = submission.values.first()
    assert reverse("entry:value_review", args=[value.pk]) in page and "全部通过" in page
    assert 'name="action" value="save"' not in page


def test_review_through_the_pages(client_for, staff_b, supervisor, dept_b, q4):
    submission = services.submission_get_or_create(department=dept_b, period=q4)
    entries = [ValueEntry(i.pk, Decimal(1), True, "") for i in due(dept_b, q4)]
    services.values_save(submission=submission, user=staff_b, entries=entries, expected_version=1)
    services.submission_submit(submission=submission, user=staff_b)
    value = submission.values.first()
    client = client_for(supervisor)
    url = reverse("entry:value_review", args=[value.pk])
    response = client.post(url, {"action": "return", "reason": ""}, follow=True)
    assert "必须填写理由" in response.content.decode()
    value.refresh_from_db()
    assert value.status == ReviewStatus.SUBMITTED
    client.post(url, {"action": "return", "reason": "请附监测报告"})
    value.refresh_from_db()
    assert value.status == ReviewStatus.RETURNED and value.review_reason == "请附监测报告"
    staff_page = client_for(staff_b).get(form_url(dept_b, q4)).content.decode()
    assert "请附监测报告" in staff_page
    services.submission_submit(submission=submission, user=staff_b)
    review = reverse("entry:form_review", args=[dept_b.code, q4.year, q4.quarter])
    client.post(review, {"action": "approve"})
    assert set(submission.values.values_list("status", flat=True)) == {ReviewStatus.APPROVED}


def test_indicator_page_shows_values_and_full_history(client_for, staff_b, supervisor, dept_b, q4):
    indicator = due(dept_b, q4)[0]
    submission = services.submission_get_or_create(department=dept_b, period=q4)
    entries = [ValueEntry(i.pk, Decimal(1), True, "") for i in due(dept_b, q4)]
    services.values_save(submission=submission, user=staff_b, entries=entries, expected_version=1)
    services.submission_submit(submission=submission, user=staff_b)
    value = submission.values.get(indicator=indicator)
    services.value_return(value=value, user=supervisor, reason="数据偏低,请核实")
    fixed = [ValueEntry(indicator.pk, Decimal(2), True, "已核实")]
    services.values_save(
        submission=submission, user=staff_b, entries=fixed, expected_version=Submission.objects.get().version
    )
    page = client_for(staff_b).get(reverse("entry:indicator", args=[indicator.pk])).content.decode()
    assert "1 → 2" in page and "退回:数据偏低,请核实" in page and "已提交 → 已退回" in page
    assert "staff_b" in page and "supervisor" in page


def test_staff_list_and_supervisor_queue(client_for, staff_b, supervisor, dept_b, q4):
    page = client_for(staff_b).get(reverse("entry:submissions")).content.decode()
    assert "2025年第4季度" in page and "2022年第1季度" in page and "未报送" in page
    assert client_for(supervisor).get(reverse("entry:submissions")).url == reverse("entry:review_queue")
    submission = services.submission_get_or_create(department=dept_b, period=q4)
    entries = [ValueEntry(i.pk, Decimal(1), True, "") for i in due(dept_b, q4)]
    services.values_save(submission=submission, user=staff_b, entries=entries, expected_version=1)
    services.submission_submit(submission=submission, user=staff_b)
    page = client_for(supervisor).get(reverse("entry:review_queue") + "?period=2025Q4").content.decode()
    waiting = page.split('id="review-waiting"')[1].split("</table>")[0]
    assert dept_b.name in waiting
    assert "按时" in page or "逾期" in page


# --- Query counts: fixed, whatever the number of indicators ------------------------------------------


def populate(department, period, user, *, evidence=True):
    """A saved and submitted form of ``department`` with a milestone report and evidence on every figure."""
    submission = services.submission_get_or_create(department=department, period=period)
    entries = [ValueEntry(i.pk, Decimal(1), True, "说明") for i in due(department, period)]
    milestones = [
        MilestoneEntry(m.pk, "in_progress", Decimal(30), "推进中")
        for m in selectors.milestones_led(department=department)
    ]
    services.entry_form_save(
        department=department,
        period=period,
        user=user,
        values=entries,
        milestones=milestones,
        expected_version=submission.version,
        submit=True,
    )
    if evidence:
        for value in IndicatorValue.objects.filter(submission__department=department):
            EvidenceFactory(value=value)
        for report in MilestoneReport.objects.filter(submission__department=department):
            EvidenceFactory(milestone_report=report)


def add_indicators(department, period, user, count=5):
    """More indicators for the department, each with a submitted figure and evidence."""
    extra = IndicatorFactory.create_batch(count, reporting_department=department)
    submission = Submission.objects.get(department=department, period=period)
    services.submission_withdraw(submission=submission, user=user)  # a submitted form is read-only
    services.values_save(
        submission=submission,
        user=user,
        entries=[ValueEntry(i.pk, Decimal(1), True, "") for i in extra],
        expected_version=submission.version,
    )
    services.submission_submit(submission=submission, user=user)
    for value in IndicatorValue.objects.filter(indicator__in=extra):
        EvidenceFactory(value=value)
    return extra


# Entry form (GET) as staff of the department, with figures, reports and evidence:
#  1 session  2 user  3 department by code  4 the user's groups (role)  5 staff profile with its department
#  6 period  7 submission (+ submitted_by)  8 indicators (+ task)  9 figures of the period (+ reviewer)
# 10 their evidence  11 last approved figures  12 milestones led (+ task)  13 this form's reports (+ reviewer)
# 14 their evidence  15 earlier reports (+ period)  16 report history  17 form history
FORM_QUERIES = 17


def test_form_page_queries_do_not_grow_with_indicators(client_for, staff_a, dept_a, q4, django_assert_num_queries):
    populate(dept_a, q4, staff_a)
    client = client_for(staff_a)
    with django_assert_num_queries(FORM_QUERIES):
        assert client.get(form_url(dept_a, q4)).status_code == 200
    add_indicators(dept_a, q4, staff_a)
    with django_assert_num_queries(FORM_QUERIES):
        page = client.get(form_url(dept_a, q4))
    assert "测试指标" in page.content.decode()


# Supervisor's view of the same form: the same reads, no staff profile (supervisors have none):
#  1 session  2 user  3 department  4 groups  5 staff profile (none)  then 6–17 as the 5–16 above
SUPERVISOR_FORM_QUERIES = 17


def test_form_page_queries_for_a_supervisor(client_for, staff_a, supervisor, dept_a, q4, django_assert_num_queries):
    populate(dept_a, q4, staff_a)
    add_indicators(dept_a, q4, staff_a, count=3)
    client = client_for(supervisor)
    with django_assert_num_queries(SUPERVISOR_FORM_QUERIES):
        assert client.get(form_url(dept_a, q4)).status_code == 200


# Staff list: 1 session 2 user 3 groups 4 staff profile with its department 5 periods
# 6 indicator frequencies 7 departments leading tasks with milestones 8 submissions
LIST_QUERIES = 8


def test_list_queries_do_not_grow_with_indicators(client_for, staff_a, dept_a, q4, django_assert_num_queries):
    populate(dept_a, q4, staff_a, evidence=False)
    client = client_for(staff_a)
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(reverse("entry:submissions")).status_code == 200
    add_indicators(dept_a, q4, staff_a)
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(reverse("entry:submissions")).status_code == 200


# Review queue: 1 session 2 user 3 groups 4 plans (switcher) 5 period 6 forms awaiting review (+ department, period,
# submitter) 7 reporting departments 8 indicator frequencies 9 leading departments 10 submissions of the period
# 11 periods
QUEUE_QUERIES = 11


def test_review_queue_queries_do_not_grow(client_for, staff_a, supervisor, dept_a, q4, django_assert_num_queries):
    populate(dept_a, q4, staff_a, evidence=False)
    client = client_for(supervisor)
    with django_assert_num_queries(QUEUE_QUERIES):
        assert client.get(reverse("entry:review_queue") + "?period=2025Q4").status_code == 200
    add_indicators(dept_a, q4, staff_a)
    with django_assert_num_queries(QUEUE_QUERIES):
        assert client.get(reverse("entry:review_queue") + "?period=2025Q4").status_code == 200


# Indicator page: 1 session 2 user 3 indicator (+ task, department) 4 groups 5 staff profile with its department
# 6 figures (+ period, submission, department, submitter, reviewer) 7 their evidence 8 history (+ user, period)
INDICATOR_QUERIES = 8


def test_indicator_page_queries_do_not_grow_with_periods(
    client_for, staff_a, supervisor, dept_a, q4, django_assert_num_queries
):
    populate(dept_a, q4, staff_a)
    indicator = due(dept_a, q4)[0]
    client = client_for(staff_a)
    with django_assert_num_queries(INDICATOR_QUERIES):
        assert client.get(reverse("entry:indicator", args=[indicator.pk])).status_code == 200
    for period in ReportingPeriod.objects.filter(year=2024):
        IndicatorValue.objects.create(
            indicator=indicator, period=period, value=Decimal(1), status=ReviewStatus.APPROVED
        )
    with django_assert_num_queries(INDICATOR_QUERIES):
        assert client.get(reverse("entry:indicator", args=[indicator.pk])).status_code == 200


# Saving the form (POST, staff): the writes are bulk, so the count does not grow with indicators either.
def test_save_queries_do_not_grow_with_indicators(client_for, staff_b, dept_b, q4):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(staff_b)
    q3, q2 = (ReportingPeriod.objects.get(year=2025, quarter=q) for q in (3, 2))
    with CaptureQueriesContext(connection) as before:  # first save of a quarter: every figure is new
        assert client.post(form_url(dept_b, q3), post_data(dept_b, q3)).status_code == 302
    IndicatorFactory.create_batch(6, reporting_department=dept_b)
    with CaptureQueriesContext(connection) as after:
        assert client.post(form_url(dept_b, q2), post_data(dept_b, q2)).status_code == 302
    assert IndicatorValue.objects.filter(period=q2).count() == IndicatorValue.objects.filter(period=q3).count() + 6
    assert len(after) == len(before)


def test_after_an_approved_provisional_figure_the_form_takes_the_final_one(client_for, staff_b, supervisor, dept_b, q4):
    indicator = due(dept_b, q4)[0]
    submission = services.submission_get_or_create(department=dept_b, period=q4)
    entries = [ValueEntry(i.pk, Decimal(2), False, "快报") for i in due(dept_b, q4)]
    services.values_save(submission=submission, user=staff_b, entries=entries, expected_version=1)
    services.submission_submit(submission=submission, user=staff_b)
    services.submission_approve(submission=submission, user=supervisor)
    client = client_for(staff_b)
    page = client.get(form_url(dept_b, q4)).content.decode()
    row = page.split(f'id="ind-{indicator.code}"')[1].split("</tr>")[0]
    assert "初步：<strong>2</strong>" in row and f'name="v{indicator.pk}-value"' in row and "disabled" in row
    version = Submission.objects.get().version
    data = {
        "version": str(version),
        "action": "save",
        f"v{indicator.pk}-value": "3",
        f"v{indicator.pk}-note": "统计年报",
    }
    assert client.post(form_url(dept_b, q4), data).status_code == 302
    rows = IndicatorValue.objects.filter(indicator=indicator, period=q4).order_by("is_final")
    assert [(r.is_final, r.value, r.status) for r in rows] == [
        (False, Decimal(2), ReviewStatus.APPROVED),
        (True, Decimal(3), ReviewStatus.DRAFT),
    ]
