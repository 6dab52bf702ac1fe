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
