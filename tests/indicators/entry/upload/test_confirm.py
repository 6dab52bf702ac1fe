"""The Excel upload, step 2: confirm saves all or nothing, once, with the token of the preview; permissions
and fixed query counts."""

from decimal import Decimal
from unittest import mock

import pytest

from indicators.entry import services
from indicators.models import Indicator, IndicatorValue, ReviewStatus, Submission
from tests.indicators.entry.upload.workbooks import (
    period,
    row,
    snapshot,
    stored,
    urls,
    xlsx,
)

# ---------------------------------------------------------------------------- confirm


def test_confirm_detects_a_form_saved_after_the_preview_and_saves_nothing(upload, staff_a, dept_a):
    response = upload(xlsx([row("T06-SW-II", 97.5), row("T05-PM25", 28)]))
    token = response.context["token"]
    submission = services.submission_get_or_create(department=dept_a, period=period())
    services.values_save(
        submission=submission,
        user=staff_a,
        expected_version=submission.version,
        entries=[
            services.ValueEntry(
                indicator_id=Indicator.objects.get(code="T07-CONTAM-SITES").id,
                value=Decimal(1),
                is_final=False,
                note="",
            )
        ],
    )
    before = snapshot()
    response = upload.client.post(urls(dept_a)[1], {"token": token}, follow=True)
    assert "预览之后该填报表已被修改" in response.content.decode()
    assert snapshot() == before
    assert not IndicatorValue.objects.filter(indicator__code="T06-SW-II").exists()


def test_confirm_twice_saves_once(upload, dept_a):
    token = upload(xlsx([row("T06-SW-II", 97.5)])).context["token"]
    upload.client.post(urls(dept_a)[1], {"token": token})
    before = snapshot()
    response = upload.client.post(urls(dept_a)[1], {"token": token}, follow=True)
    assert "预览之后该填报表已被修改" in response.content.decode() and snapshot() == before


@pytest.mark.parametrize("token", ["", "garbage", "e30:1tAbcd:xyz"])
def test_confirm_with_a_bad_token_saves_nothing(upload, dept_a, token):
    before = snapshot()
    response = upload.client.post(urls(dept_a)[1], {"token": token}, follow=True)
    assert "预览数据无效,请重新上传文件" in response.content.decode() and snapshot() == before


def test_token_is_bound_to_user_department_and_period(upload, staff_a, dept_a, dept_b, client_for):
    from responsibilities.services import user_create
    from tasks.common import roles

    token = upload(xlsx([row("T06-SW-II", 97.5)])).context["token"]
    colleague = user_create(username="staff_a2", password="x-pass-123", role=roles.STAFF, department=dept_a)
    before = snapshot()
    response = client_for(colleague).post(urls(dept_a)[1], {"token": token}, follow=True)
    assert "预览数据与当前填报表不符" in response.content.decode()
    response = upload.client.post(urls(dept_a, 2025, 3)[1], {"token": token}, follow=True)
    assert "预览数据与当前填报表不符" in response.content.decode()
    assert snapshot() == before


def test_expired_token_is_refused(upload, dept_a):
    token = upload(xlsx([row("T06-SW-II", 97.5)])).context["token"]
    with mock.patch("indicators.entry.upload.confirm.TOKEN_MAX_AGE", -1):
        response = upload.client.post(urls(dept_a)[1], {"token": token}, follow=True)
    assert "预览已超过1小时" in response.content.decode()


def test_confirm_is_all_or_nothing_when_the_service_refuses(upload, dept_a):
    """values_save re-checks every figure: one refused (here the indicator's upper bound was lowered
    after the preview) and none of the others is saved either, nor the version bumped."""
    token = upload(xlsx([row("T06-SW-II", 97.5), row("T05-PM25", 28)])).context["token"]
    Submission.objects.create(department=dept_a, period=period())
    Indicator.objects.filter(code="T06-SW-II").update(max_value=Decimal(90))
    before = snapshot()
    response = upload.client.post(urls(dept_a)[1], {"token": token}, follow=True)
    assert "导入失败,没有保存任何数据:T06-SW-II:" in response.content.decode()
    assert "不能大于90%" in response.content.decode()
    assert snapshot() == before


# ---------------------------------------------------------------------------- permissions


def test_staff_cannot_upload_to_another_department(upload, dept_b):
    before = snapshot()
    assert upload(xlsx([row("T06-RIVERS", 3)]), dept=dept_b).status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("who", ["supervisor", "leader"])
def test_readers_cannot_upload(who, cast, dept_a, client_for):
    before = snapshot()
    client = client_for(cast[who])
    assert client.post(urls(dept_a)[0], {"file": xlsx([row("T06-SW-II", 97.5)])}).status_code == 403
    assert client.post(urls(dept_a)[1], {"token": "x"}).status_code == 403
    assert snapshot() == before


# ---------------------------------------------------------------------------- fixed queries


def _all_rows(dept, n):
    codes = list(Indicator.objects.filter(reporting_department=dept).order_by("code").values_list("code", flat=True))[
        :n
    ]
    return [row(code, 1) for code in codes]


@pytest.mark.parametrize("n_rows", [1, 11])
def test_preview_queries_do_not_grow_with_rows(upload, dept_a, django_assert_num_queries, n_rows):
    for code in ("T06-SW-II", "T05-PM25", "T08-HAZWASTE"):
        stored(dept_a, code, value="1", status=ReviewStatus.APPROVED, year=2024)
    file = xlsx(_all_rows(dept_a, n_rows))
    # 1 session, 2 user, 3 department by code, 4 period, 5 groups (user_roles), 6 staff profile with
    # its department, 7 indicators named in the file or reported by the department,
    # 8 this period's figures, 9 last approved figures (with periods), 10 submission version
    with django_assert_num_queries(10):
        assert upload(file).status_code == 200


@pytest.mark.parametrize("n_rows", [1, 11])
def test_confirm_queries_do_not_grow_with_rows(upload, dept_a, django_assert_num_queries, n_rows):
    Submission.objects.create(department=dept_a, period=period())
    token = upload(xlsx(_all_rows(dept_a, n_rows))).context["token"]
    with django_assert_num_queries(CONFIRM_QUERIES):
        assert upload.client.post(urls(dept_a)[1], {"token": token}).status_code == 302


# Confirm: 1 session, 2 user, 3 department by code, 4 period, 5 groups (user_roles), 6 staff profile
# with its department, 7 savepoint (upload_confirm), 8 submission (submission_get_or_create),
# then services.values_save: 9 savepoint, 10 the submission's period (period open?), 11 version UPDATE,
# 12 version SELECT, 13 indicators in_bulk, 14 this period's figures, 15 last approved figures,
# 16 bulk INSERT of the figures, 17 bulk INSERT of their history, 18 one INSERT of their audit records
# (tasks.audit), 19 figure statuses, 20 milestone report statuses (submission status unchanged: no UPDATE),
# 21–22 release the savepoints.
CONFIRM_QUERIES = 22
