"""The 台账 ZIP of the demo plan: every evidence file once, with the index's SHA-256; the folders follow
the plan; a department's ledger holds only its own files; drafts and other plans' rows stay out."""

import hashlib
import io
import zipfile

import pytest
from openpyxl import load_workbook

from indicators.models import Evidence
from reports.ledger.build import INDEX_NAME, ledger_write
from reports.ledger.selectors import LedgerScope
from responsibilities.models import Department
from tests.reports.ledger.seed import seed_ledger

pytestmark = pytest.mark.django_db


def _build(scope) -> tuple[zipfile.ZipFile, dict]:
    buffer = io.BytesIO()
    ledger_write(buffer, scope=scope, root="台账_测试")
    archive = zipfile.ZipFile(buffer)
    book = load_workbook(io.BytesIO(archive.read(f"台账_测试/{INDEX_NAME}")), read_only=True)
    return archive, {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}


def test_every_evidence_file_is_in_the_zip_once_with_the_index_sha256(plan):
    seeded = seed_ledger()
    archive, sheets = _build(LedgerScope(plan.pk))
    evidence_rows = sheets["佐证材料"][1:]
    files = [n for n in archive.namelist() if not n.endswith(INDEX_NAME)]
    assert len(files) == len(set(files)) == len(seeded.files) == len(evidence_rows)
    contents = sorted(data for _code, data in seeded.files.values())
    assert sorted(archive.read(name) for name in files) == contents
    for path, _name, _kind, _code, _period, size, digest, *_ in evidence_rows:
        data = archive.read(path)
        assert hashlib.sha256(data).hexdigest() == digest
        assert len(data) == size


def test_folders_follow_the_plan_system_task_indicator_or_milestone_period(plan):
    seed_ledger()
    archive, _sheets = _build(LedgerScope(plan.pk))
    for item in Evidence.objects.select_related(
        "value__indicator__task__system", "value__period", "milestone_report__milestone__task__system"
    ):
        owner = item.value or item.milestone_report
        task = owner.indicator.task if item.value_id else owner.milestone.task
        stem = item.original_name.rsplit(".", 1)[0]
        matches = [n for n in archive.namelist() if f"/{stem}" in n and str(owner.period) in n]
        parts = [
            n.split("/") for n in matches if (owner.indicator.code if item.value_id else owner.milestone.code) in n
        ]
        assert parts, item.original_name
        root, system, task_dir, leaf, period = parts[0][:5]
        assert root == "台账_测试"
        assert system == f"{task.system.order:02d} {task.system.name}"
        assert task_dir.startswith(f"任务{task.number:02d} ")
        assert leaf.startswith("指标 " if item.value_id else "节点 ")
        assert period.startswith(str(owner.period))
    same_folder = [n for n in archive.namelist() if n.endswith("监测报告.pdf") or n.endswith("监测报告（2）.pdf")]
    assert len(same_folder) == 4  # two per department, the second renamed, none overwritten


def test_a_department_ledger_holds_only_its_own_files(plan):
    seeded = seed_ledger()
    water = Department.objects.get(code="water")
    archive, sheets = _build(LedgerScope(plan.pk, department_id=water.pk))
    own = sorted(data for code, data in seeded.files.values() if code == "water")
    files = [n for n in archive.namelist() if not n.endswith(INDEX_NAME)]
    assert own and sorted(archive.read(n) for n in files) == own
    departments = {row[4] for name in ("指标数据", "节点进展") for row in sheets[name][1:]}
    assert departments == {water.name}


def test_index_rows_say_who_entered_submitted_and_approved(plan):
    seed_ledger()
    _archive, sheets = _build(LedgerScope(plan.pk, year=2025))
    header, *rows = sheets["指标数据"]
    assert rows and {row[header.index("报告期")][:4] for row in rows} == {"2025"}
    approved = [row for row in rows if row[header.index("状态")] == "已通过"]
    assert approved
    for row in approved:
        assert row[header.index("审核通过时间")] != "—"
        assert "已通过" in row[header.index("审核记录")]
    assert all(row[header.index("状态")] != "草稿" for row in rows)


def test_a_missing_file_is_listed_not_fatal(plan):
    seeded = seed_ledger(per_department=1, departments=("water",))
    first = Evidence.objects.get(pk=min(seeded.files))
    first.file.storage.delete(first.file.name)
    archive, sheets = _build(LedgerScope(plan.pk))
    assert "文件缺失" in [row[6] for row in sheets["佐证材料"][1:]]
    assert len([n for n in archive.namelist() if not n.endswith(INDEX_NAME)]) == len(seeded.files) - 1
