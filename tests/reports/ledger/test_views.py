"""台账 pages: built by the Celery job (eager here) with progress, kept and downloadable again with the
reports' permissions (staff: their own department only); ``manage.py ledger_export``."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from reports.ledger.build import INDEX_NAME
from reports.ledger.models import LedgerJob
from tests.reports.ledger.seed import seed_ledger

pytestmark = pytest.mark.django_db


def _zip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_staff_build_their_own_department_ledger_and_nobody_else_sees_it(
    plan, cast, client_for, dept_a, django_capture_on_commit_callbacks
):
    seeded = seed_ledger()
    staff = client_for(cast["staff_a"])
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(reverse("ledger:job_create"), {"department": dept_a.pk})
    job = LedgerJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("ledger:job_detail", args=[job.pk])
    status = staff.get(reverse("ledger:job_status", args=[job.pk])).json()
    assert status["status"] == "done" and status["progress"] == 100 and status["download_url"]
    archive = _zip(staff.get(status["download_url"]))
    own = sorted(data for code, data in seeded.files.values() if code == "ecoenv")
    assert sorted(archive.read(n) for n in archive.namelist() if not n.endswith(INDEX_NAME)) == own
    assert job.file_count == len(own)
    for name in ("staff_b", "anonymous"):
        other = client_for(cast[name]).get(status["download_url"])
        assert other.status_code in (404, 302), name
    for name in ("supervisor", "leader"):
        assert client_for(cast[name]).get(status["download_url"]).status_code == 200, name


def test_staff_may_not_build_the_county_or_another_department_ledger(plan, cast, client_for, dept_b):
    staff = client_for(cast["staff_a"])
    assert staff.post(reverse("ledger:job_create"), {"department": ""}).status_code == 403
    assert staff.post(reverse("ledger:job_create"), {"department": dept_b.pk}).status_code == 404
    assert not LedgerJob.objects.exists()


def test_supervisor_builds_the_county_ledger_listed_for_download_again(
    plan, cast, client_for, django_capture_on_commit_callbacks
):
    seeded = seed_ledger(per_department=1)
    boss = client_for(cast["supervisor"])
    with django_capture_on_commit_callbacks(execute=True):
        boss.post(reverse("ledger:job_create"), {"department": "", "year": ""})
    job = LedgerJob.objects.get()
    assert job.department is None and job.status == "done" and job.file_count == len(seeded.files)
    page = boss.get(reverse("ledger:index")).content.decode()
    assert reverse("ledger:job_download", args=[job.pk]) in page
    assert (
        reverse("ledger:job_download", args=[job.pk])
        not in client_for(cast["staff_a"]).get(reverse("ledger:index")).content.decode()
    )


def test_ledger_export_command_writes_the_zip(plan, tmp_path):
    seeded = seed_ledger(per_department=1)
    out = tmp_path / "ledger.zip"
    call_command("ledger_export", "--plan", plan.code, "--department", "water", "--out", str(out), stdout=io.StringIO())
    archive = zipfile.ZipFile(out)
    own = sorted(data for code, data in seeded.files.values() if code == "water")
    assert sorted(archive.read(n) for n in archive.namelist() if not n.endswith(INDEX_NAME)) == own
