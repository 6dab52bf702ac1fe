"""Locks of the entry form: submitted forms are read-only until withdrawn (撤回修改) or returned,
approved items are read-only, the submit service refuses when nothing is left to submit, and
Decimals are shown as plain numbers (never "1E+2")."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from indicators.entry import selectors, services
from indicators.entry.services import MilestoneEntry, ValueEntry
from indicators.models import IndicatorValue, MilestoneReport, ReportingPeriod, ReviewStatus, Submission


@pytest.fixture
def q3(plan):
    return ReportingPeriod.objects.get(year=2025, quarter=3)  # quarterly figures and milestones only


def form_url(department, period, name="entry:form"):
    return reverse(name, args=[department.code, period.year, period.quarter])


def due(department, period):
    return [
        i for i in selectors.indicators_of_department(department=department) if selectors.indicator_is_due(i, period)
    ]


def submitted_form(department, period, user, *, value=Decimal(1595), percent=Decimal(100), state="done"):
    """A saved and submitted form: every due figure ``value`` (正式), every led milestone ``state``/``percent``."""
    values = [ValueEntry(i.pk, value, True, "说明") for i in due(department, period)]
    milestones = [
        MilestoneEntry(m.pk, state, percent, "已完成") for m in selectors.milestones_led(department=department)
    ]
    return services.entry_form_save(
        department=department,
        period=period,
        user=user,
        values=values,
        milestones=milestones,
        expected_version=1,
        submit=True,
    )


def post_data(department, period, *, version, action="save", value="7"):
    data = {"version": str(version), "action": action}
    for indicator in due(department, period):
        data |= {f"v{indicator.pk}-value": value, f"v{indicator.pk}-is_final": "1", f"v{indicator.pk}-note": "说明"}
    for milestone in selectors.milestones_led(department=department):
        data |= {
            f"m{milestone.pk}-state": "done",
            f"m{milestone.pk}-percent_done": "100",
            f"m{milestone.pk}-description": "x",
        }
    return data


def statuses(submission):
    values = set(IndicatorValue.objects.filter(submission=submission).values_list("status", flat=True))
    reports = set(MilestoneReport.objects.filter(submission=submission).values_list("status", flat=True))
    return Submission.objects.get(pk=submission.pk).status, values, reports


# --- 1. Plain numbers ----------------------------------------------------------------------------------


def test_percent_and_values_render_as_plain_numbers_in_inputs_and_text(client_for, staff_a, dept_a, q3):
    values = [ValueEntry(i.pk, Decimal("1595.000000"), True, "") for i in due(dept_a, q3)]
    milestones = [
        MilestoneEntry(m.pk, "in_progress", Decimal("90.00"), "") for m in selectors.milestones_led(department=dept_a)
    ]
    services.entry_form_save(
        department=dept_a, period=q3, user=staff_a, values=values, milestones=milestones, expected_version=1
    )
    page = client_for(staff_a).get(form_url(dept_a, q3)).content.decode()
    milestone = selectors.milestones_led(department=dept_a)[0]
    indicator = due(dept_a, q3)[0]
    assert f'name="m{milestone.pk}-percent_done" value="90"' in page
    assert f'name="v{indicator.pk}-value" value="1595"' in page
    assert "E+" not in page


def test_a_new_quarter_starts_from_the_last_percentage_without_exponent(client_for, staff_a, dept_a, q3):
    submitted_form(dept_a, q3, staff_a, percent=Decimal(100))  # 100.00 normalises to 1E+2
    q4 = ReportingPeriod.objects.get(year=2025, quarter=4)
    page = client_for(staff_a).get(form_url(dept_a, q4)).content.decode()
    milestone = selectors.milestones_led(department=dept_a)[0]
    assert f'name="m{milestone.pk}-percent_done" value="100"' in page
    assert "1E+2" not in page and "E+" not in page


# --- 2. Submitted: read-only until withdrawn -----------------------------------------------------------


def test_a_submitted_form_is_read_only_with_a_withdraw_button(client_for, staff_a, dept_a, q3):
    submitted_form(dept_a, q3, staff_a)
    page = client_for(staff_a).get(form_url(dept_a, q3)).content.decode()
    assert 'name="action" value="save"' not in page and 'name="action" value="submit"' not in page
    assert "-value" not in page.split('id="form-lock"')[1]  # no figure inputs anywhere below the notice
    assert "正在等待督查员审核" in page and "撤回修改" in page
    assert form_url(dept_a, q3, "entry:form_withdraw") in page


def test_saving_a_submitted_form_is_refused_and_changes_nothing(client_for, staff_a, dept_a, q3):
    submission = submitted_form(dept_a, q3, staff_a)
    before = statuses(submission)
    response = client_for(staff_a).post(form_url(dept_a, q3), post_data(dept_a, q3, version=submission.version))
    assert response.status_code == 400
    assert "请先撤回提交" in response.content.decode() and "草稿已保存" not in response.content.decode()
    assert (
        statuses(submission) == before == (ReviewStatus.SUBMITTED, {ReviewStatus.SUBMITTED}, {ReviewStatus.SUBMITTED})
    )
    with pytest.raises(ValidationError, match="请先撤回提交"):
        services.values_save(
            submission=submission,
            user=staff_a,
            expected_version=None,
            entries=[ValueEntry(due(dept_a, q3)[0].pk, Decimal(2), True, "")],
        )


def test_withdraw_sets_every_submitted_item_back_to_draft_with_history(client_for, staff_a, supervisor, dept_a, q3):
    submission = submitted_form(dept_a, q3, staff_a)
    approved = submission.values.order_by("indicator__code").first()
    services.value_approve(value=approved, user=supervisor)
    submission.refresh_from_db()
    client = client_for(staff_a)
    response = client.post(form_url(dept_a, q3, "entry:form_withdraw"), {"version": submission.version}, follow=True)
    assert "已撤回提交,修改后请重新提交" in response.content.decode()
    status, values, reports = statuses(submission)
    assert status == ReviewStatus.DRAFT and reports == {ReviewStatus.DRAFT}
    assert values == {ReviewStatus.DRAFT, ReviewStatus.APPROVED}  # the approved figure stays approved
    approved.refresh_from_db()
    assert approved.status == ReviewStatus.APPROVED
    other = submission.values.exclude(pk=approved.pk).first()
    assert other.history.first().history_change_reason == "撤回提交" and other.history.first().history_user == staff_a
    assert Submission.history.filter(id=submission.pk).first().history_change_reason == "撤回提交"
    page = client.get(form_url(dept_a, q3)).content.decode()  # editable again
    assert 'name="action" value="save"' in page
    assert (
        client.post(form_url(dept_a, q3), post_data(dept_a, q3, version=Submission.objects.get().version)).status_code
        == 302
    )


def test_withdraw_is_refused_when_nothing_waits_for_review_or_the_page_is_stale(staff_a, staff_b, dept_a, q3):
    submission = services.submission_get_or_create(department=dept_a, period=q3)
    with pytest.raises(ValidationError, match="无需撤回"):
        services.submission_withdraw(submission=submission, user=staff_a)
    submission = submitted_form(dept_a, q3, staff_a)
    with pytest.raises(services.StaleVersionError):
        services.submission_withdraw(submission=submission, user=staff_a, expected_version=submission.version - 1)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.submission_withdraw(submission=submission, user=staff_b)
    assert statuses(submission)[0] == ReviewStatus.SUBMITTED


def test_get_on_the_withdraw_address_is_a_friendly_405(client_for, staff_a, dept_a, q3):
    response = client_for(staff_a).get(form_url(dept_a, q3, "entry:form_withdraw"))
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert "不能直接打开" in response.content.decode() and 'href="/"' in response.content.decode()


def test_a_returned_item_is_editable_while_the_still_submitted_ones_stay_read_only(
    client_for, staff_a, supervisor, dept_a, q3
):
    submission = submitted_form(dept_a, q3, staff_a)
    returned, kept = submission.values.order_by("indicator__code")[:2]
    services.value_return(value=returned, user=supervisor, reason="请核对")
    page = client_for(staff_a).get(form_url(dept_a, q3)).content.decode()
    assert f'name="v{returned.indicator_id}-value"' in page and f'name="v{kept.indicator_id}-value"' not in page
    assert "撤回修改" in page  # the rest may still be withdrawn
    submission.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.values_save(
            submission=submission,
            user=staff_a,
            expected_version=None,
            entries=[ValueEntry(kept.indicator_id, Decimal(3), True, "")],
        )
    assert "请先撤回提交" in exc.value.message_dict[kept.indicator.code][0]


# --- 3. Approved: locked, nothing to submit ------------------------------------------------------------


def test_an_approved_form_has_no_inputs_and_no_buttons(client_for, staff_a, supervisor, dept_a, q3):
    submission = submitted_form(dept_a, q3, staff_a)  # 正式 figures: nothing may follow them
    services.submission_approve(submission=submission, user=supervisor)
    page = client_for(staff_a).get(form_url(dept_a, q3)).content.decode()
    assert 'name="action" value="submit"' not in page and 'name="action" value="save"' not in page
    assert "<input" not in page.split('id="form-lock"')[1].split('id="language-form"')[0]
    assert "本表已审核通过" in page and "撤回修改" not in page


def test_submitting_an_approved_form_is_refused_with_a_clear_message(client_for, staff_a, supervisor, dept_a, q3):
    submission = submitted_form(dept_a, q3, staff_a)
    services.submission_approve(submission=submission, user=supervisor)
    submission.refresh_from_db()
    with pytest.raises(ValidationError, match="已审核通过并锁定,没有需要提交的内容"):
        services.submission_submit(submission=submission, user=staff_a)
    response = client_for(staff_a).post(form_url(dept_a, q3), {"version": submission.version, "action": "submit"})
    page = response.content.decode()
    assert response.status_code == 400 and "没有需要提交的内容" in page and "等待督查员审核。" not in page
    assert Submission.objects.get().status == ReviewStatus.APPROVED


def test_submitting_twice_is_refused(staff_a, dept_a, q3):
    submission = submitted_form(dept_a, q3, staff_a)
    with pytest.raises(ValidationError, match="无需重复提交"):
        services.submission_submit(submission=submission, user=staff_a)


def test_an_approved_provisional_figure_stays_and_a_final_one_may_be_added(client_for, staff_b, supervisor, dept_b, q3):
    values = [ValueEntry(i.pk, Decimal(2), False, "快报") for i in due(dept_b, q3)]
    services.entry_form_save(
        department=dept_b, period=q3, user=staff_b, values=values, milestones=[], expected_version=1, submit=True
    )
    services.submission_approve(submission=Submission.objects.get(), user=supervisor)
    page = client_for(staff_b).get(form_url(dept_b, q3)).content.decode()
    assert "补报正式数值" in page and "如有正式数据，可在下方补报后提交审核" in page
    assert 'name="action" value="submit"' in page
