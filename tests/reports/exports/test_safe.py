"""Safe spreadsheet output: formula-like text stays literal text; sheet names are valid and unique."""

import io

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

from reports.exports.safe import cell_text_set, csv_text, sheet_title_clean, text_clean, text_is_risky

RISKY = [
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    '=HYPERLINK("http://evil","点我")',
    "=cmd|' /C calc'!A0",
]
PLAIN = ["正常备注", "1+1", " =1+1", "—", "(=1)", "", "＝1+1"]


@pytest.mark.parametrize("text", RISKY)
def test_risky_text_is_recognised(text):
    assert text_is_risky(text)


@pytest.mark.parametrize("text", PLAIN)
def test_plain_text_is_not_risky(text):
    assert not text_is_risky(text)


def _roundtrip(write_only: bool, texts):
    """Write ``texts`` into column A through ``cell_text_set``; reload the saved file."""
    wb = Workbook(write_only=write_only)
    ws = wb.create_sheet("表") if write_only else wb.active
    for text in texts:
        cell = WriteOnlyCell(ws) if write_only else ws.cell(row=ws.max_row + (ws["A1"].value is not None), column=1)
        cell_text_set(cell, text)
        if write_only:
            ws.append([cell])
    buffer = io.BytesIO()
    wb.save(buffer)
    return load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0], buffer.getvalue()


@pytest.mark.parametrize("write_only", [True, False], ids=["write-only", "normal"])
def test_formula_text_is_written_as_a_string_cell_never_a_formula(write_only):
    ws, raw = _roundtrip(write_only, RISKY + PLAIN[:3])
    cells = [row[0] for row in ws.iter_rows(min_row=1, max_row=len(RISKY) + 3)]
    assert [c.value for c in cells] == [text.replace("\r", "\n") for text in RISKY + PLAIN[:3]]
    assert all(c.data_type == "s" for c in cells)
    assert [c.quotePrefix for c in cells] == [True] * len(RISKY) + [False] * 3
    assert b"<f>" not in raw and b"<f " not in raw  # no formula element anywhere in the file


def test_plain_openpyxl_would_have_written_a_formula():
    """Why ``cell_text_set`` exists: openpyxl turns a str starting with "=" into a formula."""
    ws = Workbook().active
    ws["A1"] = "=1+1"
    assert ws["A1"].data_type == "f"
    cell_text_set(ws["A2"], "=1+1")
    assert ws["A2"].data_type == "s"


def test_a_control_character_hiding_a_formula_is_removed_and_the_text_stays_literal():
    ws, raw = _roundtrip(True, ["\x00=1+1"])
    assert ws["A1"].value == "=1+1" and ws["A1"].data_type == "s" and ws["A1"].quotePrefix
    assert b"<f>" not in raw


def test_control_characters_are_removed_and_line_ends_become_lf():
    assert text_clean("a\x00b\x07c\x1bd\te\nf") == "abcd\te\nf"
    assert text_clean("一\r\n二\r三") == "一\n二\n三"
    ws, _ = _roundtrip(True, ["备注\x0b含控制字符"])
    assert ws["A1"].value == "备注含控制字符"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\n=1"),
        ("正常", "正常"),
        ("1-2", "1-2"),
        ("\x00=1+1", "'=1+1"),
    ],
)
def test_csv_text_prefixes_an_apostrophe(text, expected):
    assert csv_text(text) == expected


@pytest.mark.parametrize(
    ("name", "taken", "expected"),
    [
        ("汇总", [], "汇总"),
        ("a[b]c:d*e?f/g\\h", [], "a_b_c_d_e_f_g_h"),
        ("'引号'", [], "引号"),
        ("x" * 40, [], "x" * 31),
        ("汇总", ["汇总"], "汇总(2)"),
        ("汇总", ["汇总", "汇总(2)"], "汇总(3)"),
        ("Sheet", ["sheet"], "Sheet(2)"),
        ("y" * 31, ["y" * 31], "y" * 28 + "(2)"),
        ("", [], "Sheet"),
        ("[]", [], "__"),
        ("History", [], "History_"),
    ],
)
def test_sheet_title_clean(name, taken, expected):
    title = sheet_title_clean(name, taken)
    assert title == expected
    assert len(title) <= 31


def test_cleaned_sheet_titles_are_accepted_by_openpyxl_and_survive_a_save():
    wb = Workbook(write_only=True)
    names = []
    for name in ["部门考核", "部门考核", "a/b", "x" * 40, "x" * 40]:
        names.append(sheet_title_clean(name, names))
        wb.create_sheet(names[-1])
    buffer = io.BytesIO()
    wb.save(buffer)
    assert load_workbook(buffer).sheetnames == ["部门考核", "部门考核(2)", "a_b", "x" * 31, "x" * 28 + "(2)"]
