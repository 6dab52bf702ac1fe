"""The upload refuses digits of other scripts by row and column (issue 11, 6); full-width digits still read."""

import pytest

from tests.indicators.entry.upload.workbooks import errors, row, xlsx

FOREIGN = ["٩٧.٥", "९७.५", "𝟗𝟕.𝟓"]


@pytest.mark.parametrize("typed", FOREIGN)
def test_the_upload_refuses_them_by_row_and_column(upload, typed):
    response = upload(xlsx([row("T06-SW-II", typed)]))
    assert errors(response) == [f"第2行〔本期数值〕:“{typed}”含有非阿拉伯数字“{typed[0]}”,请用数字0–9(或全角０–９)填写"]


def test_ascii_and_full_width_digits_still_read(upload):
    assert errors(upload(xlsx([row("T06-SW-II", "９７．５"), row("T05-PM25", "28.4")]))) == []
