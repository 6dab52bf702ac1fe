"""Hostile uploads are answered within 2 seconds with a clear Chinese refusal, never a 5xx and never by
holding the worker (indicators/entry/upload/guard.py)."""

import time
import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from indicators.entry.upload.guard import MAX_SHEET_ROWS
from tests.indicators.entry.upload.hostile import far_formatted, far_value, zip_bomb
from tests.indicators.entry.upload.workbooks import errors, outcomes, row, snapshot, workbook_bytes

pytestmark = pytest.mark.django_db
BUDGET = 2.0  # seconds, the whole request


def timed_upload(upload, name: str, data: bytes):
    started = time.monotonic()
    response = upload(SimpleUploadedFile(name, data))
    return response, time.monotonic() - started


def test_the_46_kb_zip_bomb_is_refused_within_2_seconds(upload):
    data = zip_bomb()
    assert len(data) < 60 * 1024
    with zipfile.ZipFile(BytesIO(data)) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size > 20 * 1024 * 1024
    before = snapshot()
    response, seconds = timed_upload(upload, "bomb.xlsx", data)
    assert response.status_code == 200 and seconds < BUDGET, seconds
    assert len(errors(response)) == 1 and "解压后过大" in errors(response)[0]
    assert snapshot() == before


def test_a_declared_dimension_of_30_million_rows_is_refused_within_2_seconds(upload):
    response, seconds = timed_upload(upload, "dimension.xlsx", zip_bomb(padding=0))
    assert response.status_code == 200 and seconds < BUDGET, seconds
    assert "工作表范围过大（到第30000000行、第J列" in errors(response)[0]


def test_the_far_formatted_cell_file_is_refused_within_2_seconds(upload):
    data = far_formatted()
    assert len(data) < 10 * 1024
    response, seconds = timed_upload(upload, "far.xlsx", data)
    assert response.status_code == 200 and seconds < BUDGET, seconds
    message = errors(response)[0]
    assert "到第1048576行" in message and "只设置了格式的单元格" in message


def test_without_its_dimension_the_far_formatted_cell_is_ignored_and_the_file_read(upload):
    """A cell that only carries a format is no content: the rows up to the cap are read, the rest never is."""
    response, seconds = timed_upload(upload, "far.xlsx", far_formatted(dimension=False))
    assert response.status_code == 200 and seconds < BUDGET, seconds
    assert errors(response) == [] and outcomes(response)["T06-SW-II"].value == 97.5


def test_a_value_beyond_the_row_cap_is_refused_not_dropped(upload):
    response, seconds = timed_upload(upload, "hidden.xlsx", far_value(MAX_SHEET_ROWS + 1))
    assert seconds < BUDGET
    assert f"到第{MAX_SHEET_ROWS + 1}行" in errors(response)[0]


def test_a_full_template_of_500_rows_is_read_within_the_budget(upload):
    rows = [row("T06-SW-II", 97.5)] + [row(f"X{n:04d}", n) for n in range(499)]
    response, seconds = timed_upload(upload, "full.xlsx", workbook_bytes(rows))
    assert response.status_code == 200 and seconds < BUDGET, seconds
    assert outcomes(response)["T06-SW-II"].value == 97.5  # the unknown codes are row errors, the file is read
