"""Hostile and odd DOCX files, made from a good one: zips written by hand so their headers can lie."""
from __future__ import annotations

import re
import struct
import zipfile
import zlib

LOCAL = struct.Struct("<4s5H3L2H")
CENTRAL = struct.Struct("<4s6H3L5H2L")
END = struct.Struct("<4s4H2LH")
MAIN = "word/document.xml"
WORD_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def parts(docx: bytes) -> list[tuple[str, bytes]]:
    """(name, bytes) of each part of a good DOCX, in order."""
    import io
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return [(info.filename, z.read(info)) for info in z.infolist()]


def zip_of(entries: list[tuple[str, bytes]], declared: dict[str, int] | None = None,
           streams: dict[str, bytes] | None = None) -> bytes:
    """A deflated zip of ``entries``; ``declared`` overrides a part's stated inflated size and
    ``streams`` its compressed bytes, so the headers can say what the data does not."""
    declared, streams = declared or {}, streams or {}
    body, directory = bytearray(), bytearray()
    for name, data in entries:
        raw = name.encode("utf-8")
        stream = streams.get(name) if name in streams else _deflate(data)
        size, crc = declared.get(name, len(data)), zlib.crc32(data)
        directory += CENTRAL.pack(b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc, len(stream), size,
                                  len(raw), 0, 0, 0, 0, 0, len(body)) + raw
        body += LOCAL.pack(b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(stream), size, len(raw), 0) + raw + stream
    count = len(entries)
    return bytes(body + directory + END.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), len(body), 0))


def _deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def deflated_spaces(megabytes: int, head: bytes = b"<a>") -> bytes:
    """A raw deflate stream of ``head`` and ``megabytes`` MB of spaces (about 1 KB per MB), made in
    milliseconds: after a full flush every identical megabyte compresses to the same bytes."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(b" " * 2**20) + packer.flush(zlib.Z_FULL_FLUSH)
    return start + block * megabytes + packer.flush()


def replaced(docx: bytes, name: str, data: bytes | None) -> bytes:
    """The DOCX with part ``name`` replaced by ``data``, or removed if None."""
    return zip_of([(n, data if n == name else d) for n, d in parts(docx) if n != name or data is not None])


def bomb(docx: bytes, megabytes: int, declared: int | None = None) -> bytes:
    """word/document.xml inflating to ``megabytes`` MB; its headers say so, or lie with ``declared``."""
    stream = deflated_spaces(megabytes)
    return zip_of(parts(docx), declared={MAIN: megabytes * 2**20 + 3 if declared is None else declared},
                  streams={MAIN: stream})


def duplicated(docx: bytes) -> bytes:
    """Two parts named word/document.xml: the second, a forged one, is what zipfile would read."""
    entries = parts(docx)
    return zip_of([*entries, (MAIN, b"<w:document xmlns:w='x'/>")])


def wrong_types(docx: bytes) -> bytes:
    """[Content_Types].xml saying word/document.xml is a spreadsheet."""
    types = dict(parts(docx))["[Content_Types].xml"].decode("utf-8")
    return replaced(docx, "[Content_Types].xml",
                    types.replace(WORD_TYPE, WORD_TYPE.replace("wordprocessingml.document", "spreadsheetml.sheet")).encode())


def another_year(docx: bytes, year: int) -> bytes:
    """The same report saying it is about ``year`` (its keywords)."""
    core = dict(parts(docx))["docProps/core.xml"].decode("utf-8")
    return replaced(docx, "docProps/core.xml", re.sub(r"<cp:keywords>\d+</cp:keywords>",
                                                       f"<cp:keywords>{year}</cp:keywords>", core).encode())


def entity_laughs(docx: bytes) -> bytes:
    """word/document.xml with a DTD defining nested entities (billion laughs)."""
    lines = ['<!ENTITY l0 "ha">', *(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))]
    xml = f'<?xml version="1.0"?><!DOCTYPE d [{"".join(lines)}]><d>&l9;</d>'
    return replaced(docx, MAIN, xml.encode())


def many_parts(docx: bytes, count: int) -> bytes:
    """The DOCX and ``count`` tiny extra parts."""
    return zip_of([*parts(docx), *((f"x/{i}.xml", b"<x/>") for i in range(count))])
