"""The Word report download: supervisors and leaders get the .docx; staff 403 (county-wide report)."""

import io

import pytest
from django.urls import reverse
from docx import Document

pytestmark = pytest.mark.django_db


def test_supervisor_downloads_the_docx(plan, cast, client_for):
    response = client_for(cast["supervisor"]).get(reverse("final_report:download"))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert ".docx" in response["Content-Disposition"]
    assert any("终期评估报告" in p.text for p in Document(io.BytesIO(response.content)).paragraphs)


def test_staff_may_not_download_it(plan, cast, client_for):
    assert client_for(cast["staff_a"]).get(reverse("final_report:download")).status_code == 403


def test_a_control_character_stored_in_the_plan_never_breaks_the_docx(plan, cast, client_for):
    """Word's XML cannot hold \\x01: text stored before control characters were refused is written without it."""
    from tasks.models import PlanTask

    PlanTask.objects.filter(number=1).update(title="改善\x01大气环境质量")
    response = client_for(cast["supervisor"]).get(reverse("final_report:download"))
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "改善大气环境质量" in text and "\x01" not in text
