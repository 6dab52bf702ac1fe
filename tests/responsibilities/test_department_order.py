"""Department lists in the county's order (issue 13, item 2): party organs, then government departments,
then the development zone and the townships — the ``order`` key of the plan file."""

from reports.assessment.forms import ReportParamsForm
from responsibilities.models import Department

COUNTY_ORDER = ["party_organ", "county_department", "park", "township"]


def _kinds_in_order(departments) -> list[str]:
    kinds = []
    for department in departments:
        if not kinds or kinds[-1] != department.kind:
            kinds.append(department.kind)
    return kinds


def test_the_plan_file_orders_departments_as_the_county_does(plan):
    departments = list(Department.objects.all())
    assert _kinds_in_order(departments) == COUNTY_ORDER
    assert departments[0].code == "org" and departments[-1].code == "xiaguan"


def test_the_report_page_lists_departments_in_that_order(plan):
    form = ReportParamsForm()
    assert _kinds_in_order(form.fields["department"].queryset) == COUNTY_ORDER
