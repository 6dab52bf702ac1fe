"""Fixtures of the upload tests: staff A's upload client, and a guard that no recompute is asked for."""

from unittest import mock

import pytest

from tests.indicators.entry.upload.workbooks import urls


@pytest.fixture
def upload(staff_a, dept_a, client_for):
    """``upload(file)`` → the preview response of staff A uploading to 生态环境分局 2025Q4."""
    client = client_for(staff_a)

    def post(file, *, dept=dept_a, year=2025, quarter=4):
        return client.post(urls(dept, year, quarter)[0], {"file": file})

    post.client = client
    return post


@pytest.fixture
def no_jobs():
    """Fails the test if anything asks for a score recompute (the only background job of this flow).

    Yields the patched triggers: a test that stores an approved figure first (which marks the scores, as
    every approved figure does) calls ``reset_mock()`` on them before the upload."""
    with (
        mock.patch("indicators.recompute.triggers.scores_recompute_on_commit") as a,
        mock.patch("indicators.entry.services.common.scores_recompute_on_commit") as b,
    ):
        yield a, b
        assert not a.called and not b.called
