"""Evidence files (佐证材料): checked by content and size, stored under generated names, served with permission."""

import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.entry import selectors, services
from indicators.entry.evidence import evidence_attach, evidence_check
from indicators.entry.services import ValueEntry
from indicators.models import Evidence, IndicatorValue, ReportingPeriod, ReviewStatus
from tests.factories import PDF_BYTES

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100


def upload(name, content):
    return SimpleUploadedFile(name, content)


def xlsx_bytes():
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.append(["监测点", "数值"])
    book.save(buffer)
    return buffer.getvalue()


def zip_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("照片说明.txt", "现场照片")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "extension"),
    [
        ("报告.pdf", PDF_BYTES, "pdf"),
        ("现场.png", PNG, "png"),
        ("台账.xlsx", xlsx_bytes(), "xlsx"),
        ("材料.zip", zip_bytes(), "zip"),
    ],
)
def test_allowed_types_are_recognised_by_content(name, content, extension):
    assert evidence_check(upload(name, content)).extension == extension


def test_a_file_is_judged_by_content_not_by_its_name():
    with pytest.raises(ValidationError) as exc:
        evidence_check(upload("监测报告.pdf", EXE))
    assert "监测报告.pdf" in exc.value.messages[0] and "类型不允许" in exc.value.messages[0]
    assert evidence_check(upload("scan.exe", PDF_BYTES)).extension == "pdf"  # a PDF with a wrong name is a PDF


def test_size_limit_and_empty_files(settings):
    settings.EVIDENCE_MAX_BYTES = 40
    with pytest.raises(ValidationError) as exc:
        evidence_check(upload("大文件.pdf", PDF_BYTES + b"0" * 10))
    assert "超过" in exc.value.messages[0] and "大文件.pdf" in exc.value.messages[0]
    with pytest.raises(ValidationError, match="空文件"):
        evidence_check(upload("空.pdf", b""))


@pytest.fixture
def value_b(plan, dept_b, staff_b):
    period = ReportingPeriod.objects.get(year=2025, quarter=4)
    submission = services.submission_get_or_create(department=dept_b, period=period)
    indicator = selectors.indicators_of_department(department=dept_b)[0]
    services.values_save(
        submission=submission,
        user=staff_b,
        entries=[ValueEntry(indicator.pk, Decimal(1), True, "")],
        expected_version=1,
    )
    return submission.values.get()


def test_stored_under_a_generated_name_with_the_detected_extension(value_b, staff_b):
    evidence = evidence_attach(file=upload("../../etc/灌区验收报告.exe", PDF_BYTES), user=staff_b, value=value_b)
    assert evidence.original_name == "灌区验收报告.exe"
    assert evidence.file.name.startswith("evidence/") and evidence.file.name.endswith(".pdf")
    assert "灌区" not in evidence.file.name and evidence.content_type == "application/pdf"
    assert evidence.size == len(PDF_BYTES) and evidence.uploaded_by == staff_b


def test_upload_through_the_entry_form_all_or_nothing(client_for, staff_b, dept_b, plan):
    period = ReportingPeriod.objects.get(year=2025, quarter=3)
    indicators = [i for i in selectors.indicators_of_department(department=dept_b)]
    url = reverse("entry:form", args=[dept_b.code, period.year, period.quarter])
    data = {"version": "1", "action": "save"}
    for indicator in indicators:
        data |= {f"v{indicator.pk}-value": "1", f"v{indicator.pk}-is_final": "1"}
    first, second = indicators[0], indicators[1]
    bad = data | {
        f"v{first.pk}-evidence": [upload("验收.pdf", PDF_BYTES)],
        f"v{second.pk}-evidence": [upload("病毒.pdf", EXE)],
    }
    response = client_for(staff_b).post(url, bad)
    assert response.status_code == 400 and "病毒.pdf" in response.content.decode()
    assert not Evidence.objects.exists() and not IndicatorValue.objects.filter(period=period).exists()
    good = data | {f"v{first.pk}-evidence": [upload("验收.pdf", PDF_BYTES), upload("现场.png", PNG)]}
    assert client_for(staff_b).post(url, good).status_code == 302
    value = IndicatorValue.objects.get(indicator=first, period=period)
    assert sorted(value.evidence.values_list("original_name", flat=True)) == ["现场.png", "验收.pdf"]


def test_download_only_for_those_who_may_see_the_figure(client_for, value_b, staff_a, staff_b, supervisor, leader):
    evidence = evidence_attach(file=upload("验收报告.pdf", PDF_BYTES), user=staff_b, value=value_b)
    url = reverse("entry:evidence", args=[evidence.pk])
    response = client_for(staff_b).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    assert "attachment" in response["Content-Disposition"] and response["Content-Type"] == "application/pdf"
    assert client_for(staff_a).get(url).status_code == 404
    assert client_for(supervisor).get(url).status_code == 200 and client_for(leader).get(url).status_code == 200
    assert client_for(None).get(url).status_code == 302
    assert client_for(staff_b).get("/media/" + evidence.file.name).status_code == 404  # never public media


def test_delete_only_while_not_approved(client_for, value_b, staff_b, supervisor, django_capture_on_commit_callbacks):
    evidence = evidence_attach(file=upload("错传.pdf", PDF_BYTES), user=staff_b, value=value_b)
    storage, name = evidence.file.storage, evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for(staff_b).post(reverse("entry:evidence_delete", args=[evidence.pk])).status_code == 302
    assert not Evidence.objects.exists() and not storage.exists(name)
    kept = evidence_attach(file=upload("监测报告.pdf", PDF_BYTES), user=staff_b, value=value_b)
    IndicatorValue.objects.filter(pk=value_b.pk).update(status=ReviewStatus.APPROVED)
    response = client_for(staff_b).post(reverse("entry:evidence_delete", args=[kept.pk]), follow=True)
    assert "锁定" in response.content.decode() and Evidence.objects.filter(pk=kept.pk).exists()


# A GIF that is also an HTML page (a polyglot): the bytes start with GIF89a and carry a script a browser would run
# if the file were served as text/html under its uploaded name.
GIF_HTML_POLYGLOT = b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00*/=0;<html><script>alert(document.cookie)</script></html>"


def test_a_gif_html_polyglot_named_invoice_html_is_stored_and_served_as_a_gif(client_for, value_b, staff_b):
    evidence = evidence_attach(file=upload("invoice.html", GIF_HTML_POLYGLOT), user=staff_b, value=value_b)
    assert evidence.file.name.endswith(".gif") and evidence.content_type == "image/gif"
    response = client_for(staff_b).get(reverse("entry:evidence", args=[evidence.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/gif"
    disposition = response["Content-Disposition"]
    assert (
        disposition.startswith("attachment") and 'filename="invoice.gif"' in disposition and ".html" not in disposition
    )
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_file_is_served_with_the_detected_extension_whatever_its_uploaded_name(client_for, value_b, staff_b):
    evidence = evidence_attach(file=upload("../../etc/灌区验收报告.exe", PDF_BYTES), user=staff_b, value=value_b)
    response = client_for(staff_b).get(reverse("entry:evidence", args=[evidence.pk]))
    assert "%E7%81%8C%E5%8C%BA%E9%AA%8C%E6%94%B6%E6%8A%A5%E5%91%8A.pdf" in response["Content-Disposition"]
