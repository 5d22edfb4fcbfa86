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


def unembedded_fonts(pdf) -> list[str]:
    """The fonts a PDF (a path) uses or lists without embedding them, by page: '3: Helvetica'.
    Fonts of form XObjects and of fonts' own resources (Type 3) are looked at too."""
    import pikepdf
    found: list[str] = []
    with pikepdf.open(pdf) as doc:
        for number, page in enumerate(doc.pages, start=1):
            for font in _fonts(page.obj.get("/Resources"), set()):
                descriptor = font.get("/FontDescriptor")
                if font.get("/Subtype") == "/Type0":
                    descriptor = font.DescendantFonts[0].get("/FontDescriptor")
                if font.get("/Subtype") == "/Type3":
                    continue
                if descriptor is None or not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    found.append(f"{number}: {font.get('/BaseFont')}")
    return sorted(set(found))


def _fonts(resources, seen: set):
    if resources is None or resources.objgen in seen and resources.objgen != (0, 0):
        return
    seen.add(resources.objgen)
    yield from (resources.get("/Font") or {}).values()
    for xobject in (resources.get("/XObject") or {}).values():
        yield from _fonts(xobject.get("/Resources"), seen)


def assert_fonts_embedded(pdf) -> None:
    """Every font of the PDF embedded (an archival PDF needs them all; a reader's own fonts differ)."""
    missing = unembedded_fonts(pdf)
    assert not missing, f"{pdf}: fonts not embedded: {', '.join(missing)}"
