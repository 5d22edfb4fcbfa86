"""Small checks shared by the test files."""
from __future__ import annotations

import contextlib
import logging
import socket

import pytest


@contextlib.contextmanager
def no_weasyprint_warnings():
    """Fail if WeasyPrint logs anything at WARNING or above inside the block."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append
    logger = logging.getLogger("weasyprint")
    old_level = logger.level
    logger.setLevel(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    assert not records, [record.getMessage() for record in records]


def assert_no_connection(server: socket.socket) -> None:
    """Nothing connected to the listener's port."""
    with pytest.raises(BlockingIOError):
        connection, _ = server.accept()
        connection.close()
