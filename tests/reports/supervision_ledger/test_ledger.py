"""The 整改台账: the page and the workbook (问题清单, 任务清单, 责任清单, 整改进展) list the same orders, an overdue
order is red on both, staff see their department's only, and the workbook prints whole on A4 in LibreOffice."""

import datetime as dt
import io
import re
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from indicators.models import SupervisionOrder
from reports.exports.xlsx import FONT_SIZE, print_scale, tone_colours
from tests.factories import order_issue_for
from tests.reports.exports.test_print import ARTIFACTS, PDFTOTEXT, SOFFICE, _columns

pytestmark = pytest.mark.django_db
SHEETS = ["问题清单", "任务清单", "责任清单", "整改进展"]


@pytest.fixture
def orders(dept_a, dept_b, supervisor, staff_a):
    late = order_issue_for(
        dept_a,
        supervisor=supervisor,
        title="唐河灵丘段河道垃圾清理不及时且长期未建立长效保洁机制",
        support_departments=(dept_b,),
        source="inspection",
        source_reference="晋环督反馈〔2026〕1号",
    )
    SupervisionOrder.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - dt.timedelta(days=3))
    other = order_issue_for(dept_b, supervisor=supervisor, title="农村生活污水处理设施运行不正常")
    return late, other


def _book(client, query=""):
    response = client.get(reverse("supervision_ledger:xlsx") + query)
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def test_page_and_workbook_match(orders, supervisor, client_for):
    late, other = orders
    client = client_for(supervisor)
    html = client.get(reverse("supervision_ledger:index")).content.decode()
    page_ids = [int(pk) for pk in re.findall(r'data-order="(\d+)"', html)]
    book = _book(client)
    assert book.sheetnames == SHEETS
    progress = book["整改进展"]
    numbers = [row[0] for row in progress.iter_rows(min_row=4, values_only=True) if row[0]]
    assert numbers == [SupervisionOrder.objects.get(pk=pk).number for pk in page_ids] == [late.number, other.number]
    for name in SHEETS:  # every sheet lists the same orders in the same order
        column = 1 if name == "问题清单" else 0
        assert [r[column] for r in book[name].iter_rows(min_row=4, values_only=True) if r[column]] == numbers
    red_cell = next(r for r in progress.iter_rows(min_row=4) if r[0].value == late.number)[7]
    assert red_cell.value == "红牌" and red_cell.fill.fgColor.rgb.endswith(tone_colours("seriously_lagging")[1])
    assert 'class="status status-seriously_lagging">红牌' in html


def test_staff_see_their_departments_orders_only(orders, staff_b, client_for):
    late, other = orders
    client = client_for(staff_b)  # department B supports ``late`` and leads ``other``
    html = client.get(reverse("supervision_ledger:index")).content.decode()
    assert {int(pk) for pk in re.findall(r'data-order="(\d+)"', html)} == {late.pk, other.pk}
    filtered = _book(client, "?overdue=1")
    assert [r[0] for r in filtered["整改进展"].iter_rows(min_row=4, values_only=True) if r[0]] == [late.number]


def test_every_sheet_is_set_up_for_a4_landscape(orders, supervisor, client_for):
    book = _book(client_for(supervisor))
    for ws in book.worksheets:
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.print_title_rows == "$1:$3" and "督办事项整改台账" in ws.oddHeader.left.text
        widths = {i: d.width for i, d in _columns(ws).items()}
        assert FONT_SIZE * print_scale(widths) >= 9, ws.title


@pytest.mark.skipif(SOFFICE is None or PDFTOTEXT is None, reason="LibreOffice and poppler-utils are needed")
def test_the_workbook_prints_every_title_and_department_whole(orders, supervisor, client_for, tmp_path):
    late, other = orders
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(client_for(supervisor).get(reverse("supervision_ledger:xlsx")).content)
    profile = f"-env:UserInstallation=file://{tmp_path}/lo-profile"
    command = [SOFFICE, profile, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path)]
    result = subprocess.run([*command, str(path)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(tmp_path / "ledger.pdf", ARTIFACTS / "supervision-ledger.pdf")
    text = subprocess.run(
        [PDFTOTEXT, "-raw", str(tmp_path / "ledger.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = re.sub(r"\s+", "", text)
    for name in (late.title, other.title, late.number, "大同市生态环境局灵丘分局", "晋环督反馈〔2026〕1号", *SHEETS):
        assert re.sub(r"\s+", "", name) in flat, name
