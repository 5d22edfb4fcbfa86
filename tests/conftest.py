"""Fixtures shared by the test files."""
from __future__ import annotations

import socket

import pytest

from tests.small_inputs import PROJECT


@pytest.fixture()
def listener():
    """A local TCP port that records whether anything connected to it (see helpers.assert_no_connection)."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.setblocking(False)
    yield server
    server.close()


@pytest.fixture(scope="session")
def report_2021(tmp_path_factory):
    """The 2021 report made once per test run, for the tests that only read it: suffix → path."""
    from generator.pipeline import generate
    result = generate(PROJECT / "inputs", 2021, tmp_path_factory.mktemp("report-2021"))
    return {p.suffix: p for p in result.written}
