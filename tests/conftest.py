"""Fixtures shared by the test files."""
from __future__ import annotations

import socket

import pytest


@pytest.fixture()
def listener():
    """A local TCP port that records whether anything connected to it (see helpers.assert_no_connection)."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.setblocking(False)
    yield server
    server.close()
