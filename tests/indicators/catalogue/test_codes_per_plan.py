"""Indicator codes are unique within a plan (issue 11, 6): the database constraint, the model's check with a
Chinese message naming the field, ``Indicator.plan`` kept equal to the task's plan, and the plan loader finding
an indicator by its code within the plan."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from indicators.models import Accumulation, Indicator
from tasks.models import PlanTask
from tests.factories import IndicatorFactory, other_plan_task


def test_every_indicator_carries_its_tasks_plan(plan):
    assert Indicator.objects.exclude(plan=plan).count() == 0
    assert Indicator.objects.count() > 30


def test_a_code_reused_in_another_task_of_the_same_plan_is_refused(plan, dept_a):
    existing = Indicator.objects.get(code="T05-PM25")
    other_task = PlanTask.objects.get(system__plan=plan, number=12)
    duplicate = IndicatorFactory.build(task=other_task, code="T05-PM25", reporting_department=dept_a)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "指标代码“T05-PM25”在本规划中已被" in error.value.message_dict["code"][0]
    assert existing.name in error.value.message_dict["code"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()  # the database holds the rule too (a path that skips the form)


def test_the_same_code_in_another_plan_is_accepted(plan, dept_a):
    task = other_plan_task()
    indicator = IndicatorFactory.build(task=task, code="T05-PM25", reporting_department=dept_a)
    indicator.full_clean()
    indicator.save()
    assert indicator.plan == task.system.plan
    assert Indicator.objects.filter(code="T05-PM25").count() == 2


def test_moving_an_indicator_to_another_plans_task_moves_its_plan(plan, dept_a):
    indicator = IndicatorFactory(reporting_department=dept_a)
    assert indicator.plan == plan
    task = other_plan_task()
    indicator.task = task
    indicator.save(update_fields=["task"])
    indicator.refresh_from_db()
    assert indicator.plan == task.system.plan


def test_a_percent_indicator_cannot_be_cumulative(plan):
    indicator = Indicator.objects.filter(unit="%").first()
    indicator.accumulation = Accumulation.SUM
    with pytest.raises(ValidationError) as error:
        indicator.full_clean()
    assert error.value.message_dict["accumulation"] == [
        "百分比指标不能设为“逐期累加”(各期百分比相加没有意义),请选择“取最新值”。"
    ]
    count = Indicator.objects.exclude(unit="%").first()
    count.accumulation = Accumulation.SUM
    count.full_clean()  # a count may be summed quarter by quarter


def test_the_loader_finds_an_indicator_by_its_code_within_the_plan(plan, plan_data_moved):
    """An indicator moved to another task in the file keeps its row (and its figures)."""
    path, code, number = plan_data_moved
    before = Indicator.objects.get(code=code)
    from tests.indicators.catalogue.test_plan_loader import load

    load(path)
    after = Indicator.objects.get(plan=plan, code=code)
    assert after.pk == before.pk and after.task.number == number


@pytest.fixture
def plan_data_moved(tmp_path):
    import yaml

    from tests.conftest import PLAN_FILE
    from tests.indicators.catalogue.test_plan_loader import write

    data = yaml.safe_load(PLAN_FILE.read_text(encoding="utf-8"))
    tasks = [t for s in data["systems"] for t in s["tasks"]]
    source = next(t for t in tasks if t["indicators"])
    target = next(t for t in tasks if t is not source)
    moved = source["indicators"].pop(0)
    target["indicators"].append(moved)
    return write(tmp_path, data), moved["code"], target["number"]


@pytest.fixture
def admin_client(client, plan):
    from responsibilities.services import user_create

    client.force_login(user_create(username="catalogue-admin", password="x-pass-123", role="管理员"))
    return client


def admin_post(client, indicator, **changes):
    from tests.indicators.recompute.test_admin_paths import form_data

    url = f"/admin/indicators/indicator/{indicator.pk}/change/"
    return client.post(url, form_data(client.get(url)) | changes)


def test_the_admin_refuses_a_cumulative_percent_and_a_reused_code_with_chinese_messages(admin_client):
    percent = Indicator.objects.filter(unit="%").order_by("code").first()
    response = admin_post(admin_client, percent, accumulation="sum")
    assert response.status_code == 200  # the form again, nothing saved
    assert "百分比指标不能设为“逐期累加”" in response.content.decode()
    other = Indicator.objects.exclude(task=percent.task).order_by("code").first()
    response = admin_post(admin_client, percent, code=other.code)
    assert response.status_code == 200 and f"指标代码“{other.code}”在本规划中已被" in response.content.decode()
    percent.refresh_from_db()
    assert percent.accumulation == Accumulation.LATEST and percent.code != other.code
