"""Read a DOCX that came from outside (mail, a shared folder) within fixed bounds.

Every DOCX the program reads goes through ``open_docx``. Before anything is inflated, the zip's
directory is checked against the limits below (the file's size, the number of parts, each part's
and all parts' declared sizes, duplicated names, compression methods); each XML part is then
inflated through a counter that stops at its declared size and at the limit, whatever the
headers say, and parsed by lxml without a DTD, entities, network access or huge-tree mode.
Anything outside the bounds raises ``DocxRefused``: one plain line naming the file and the limit.
"""
from __future__ import annotations

import re
import struct
import zipfile
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from lxml import etree

MAX_FILE_BYTES = 256 * 2**20
"""The DOCX file on disk. The 2021 report is 0.3 MB with its diagrams; a reviewer's copy with a
hundred 2 MB photos pasted in is 200 MB. Nothing larger is a report."""

MAX_TOTAL_BYTES = 512 * 2**20
"""All parts together, as the zip's directory declares them inflated. The 2021 report is 0.8 MB;
photos are stored already compressed, so a real report is barely larger inflated than on disk."""

MAX_XML_BYTES = 4 * 2**20
"""One XML part, inflated (each is parsed whole). The 2021 report's largest XML part is 0.35 MB
(styles.xml) and its word/document.xml 0.1 MB; Word's rsid attributes and a round of tracked
changes make a part a few times larger, so 4 MB leaves a margin of ten over the largest part and
forty over the text, while the tree parsed from a part at the limit stays near 50 MB."""

MAX_PARTS = 2000
"""Parts in the package. The 2021 report has 26 (one per picture, plus about 20 fixed ones);
LibreOffice and Word add a handful; 2000 allows a report of well over a thousand pictures."""

MAX_DIRECTORY_BYTES = MAX_PARTS * 1024
"""The zip's directory, read whole by zipfile before anything else: a kilobyte per part allowed."""

CHUNK = 64 * 1024
_DOCTYPE = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?:<\?[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<!DOCTYPE", re.S)
END = struct.Struct("<4s4H2LH")          # the zip's end-of-directory record
WORD_TYPES = {f"application/vnd.{kind}.main+xml" for kind in (
    "openxmlformats-officedocument.wordprocessingml.document", "ms-word.document.macroEnabled",
    "openxmlformats-officedocument.wordprocessingml.template", "ms-word.template.macroEnabledTemplate")}
MAIN_PART = "word/document.xml"
CONTENT_TYPES = "[Content_Types].xml"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
KNOWN_FORMATS = ((b"%PDF", "it is a PDF, not a Word document: give the DOCX the PDF was made with"),
                 (b"\xd0\xcf\x11\xe0", "it is an old Word (.doc) or a password-protected file: "
                                       "save it in Word or LibreOffice as a .docx without a password"),
                 (b"{\\rtf", "it is an RTF file: save it in Word or LibreOffice as a .docx"))


class DocxRefused(Exception):
    """A DOCX that cannot or may not be read; its text is one plain line naming the file."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = path, reason


def mb(size: int) -> str:
    """A size in MB for a message."""
    return f"{size / 2**20:.1f} MB" if size < 10 * 2**20 else f"{size // 2**20} MB"


class Package:
    """An open DOCX whose directory passed the limits; parts are read one at a time, bounded."""

    def __init__(self, path: Path, archive: zipfile.ZipFile):
        self.path, self._zip = path, archive
        self.names = tuple(archive.namelist())

    def refuse(self, reason: str) -> DocxRefused:
        return DocxRefused(self.path, reason)

    def __contains__(self, name: str) -> bool:
        return name in self.names

    def xml(self, name: str):
        """The root element of XML part ``name``, parsed within the limits; DocxRefused otherwise."""
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                                 load_dtd=False, dtd_validation=False)
        try:
            for at, chunk in enumerate(self._chunks(name)):
                if at == 0 and _DOCTYPE.match(chunk):
                    raise self._dtd(name)
                parser.feed(chunk)
            root = parser.close()
        except etree.XMLSyntaxError:
            raise self.refuse(f"its part {name} is not well-formed XML: the file is damaged") from None
        if root.getroottree().docinfo.doctype:
            raise self._dtd(name)
        return root

    def _dtd(self, name: str) -> DocxRefused:
        return self.refuse(f"its part {name} has a document type declaration (DTD), which no Word "
                           "document has: it is not read")

    def _chunks(self, name: str) -> Iterator[bytes]:
        """The part's bytes, inflated a chunk at a time, stopped at MAX_XML_BYTES whatever the header says."""
        if name not in self.names:
            raise self.refuse(f"it has no part {name}")
        info = self._zip.getinfo(name)
        if info.file_size > MAX_XML_BYTES:
            raise self.refuse(_over_part(name, info.file_size))
        seen = 0
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(CHUNK):
                    seen += len(chunk)
                    if seen > MAX_XML_BYTES:
                        raise self.refuse(f"its part {name} inflates to more than the limit of "
                                          f"{mb(MAX_XML_BYTES)} for one part")
                    yield chunk
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, RuntimeError, zlib.error):
            raise self.refuse(f"its part {name} is damaged (the file was cut short or altered): "
                              "copy or save it again") from None


@contextmanager
def open_docx(path: Path) -> Iterator[Package]:
    """A DOCX whose directory passed every limit and which says it is a Word document."""
    path = Path(path)
    _check_file(path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise DocxRefused(path, "it is not a Word document (DOCX): the file is not a complete ZIP "
                                "package (cut short, or another kind of file)") from None
    with archive:
        package = Package(path, archive)
        _check_directory(package, archive.infolist())
        _check_word(package)
        yield package


def check_docx(path: Path) -> None:
    """DocxRefused unless ``path`` passes the checks of ``open_docx`` (no part but the content types is read)."""
    with open_docx(path):
        pass


def _check_file(path: Path) -> None:
    """The file's size and, for files that are not ZIP packages at all, what they are."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise DocxRefused(path, f"cannot be read ({exc.strerror or exc})") from None
    if size > MAX_FILE_BYTES:
        raise DocxRefused(path, f"it is {mb(size)}, over the limit of {mb(MAX_FILE_BYTES)} for a DOCX")
    for magic, reason in KNOWN_FORMATS:
        if head.startswith(magic):
            raise DocxRefused(path, reason)
    _check_end_record(path, size)


def _check_end_record(path: Path, size: int) -> None:
    """The part count and directory size the zip's last record declares, before zipfile reads them."""
    with path.open("rb") as fh:
        fh.seek(max(0, size - END.size - 0xFFFF))
        tail = fh.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < END.size:
        return                                    # not a zip at all: zipfile says so
    _, _, _, _, parts, directory, _, _ = END.unpack_from(tail, at)
    if parts > MAX_PARTS:
        raise DocxRefused(path, f"it has {parts} parts, over the limit of {MAX_PARTS}")
    if directory > MAX_DIRECTORY_BYTES:
        raise DocxRefused(path, f"its zip directory is {mb(directory)}, over the limit of {mb(MAX_DIRECTORY_BYTES)}")


def _check_directory(package: Package, infos: list[zipfile.ZipInfo]) -> None:
    """The limits and sanity of the zip's directory, before any part is inflated."""
    if len(infos) > MAX_PARTS:
        raise package.refuse(f"it has {len(infos)} parts, over the limit of {MAX_PARTS}")
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL_BYTES:
        raise package.refuse(f"its parts inflate to {mb(total)}, over the limit of {mb(MAX_TOTAL_BYTES)}")
    seen: set[str] = set()
    for info in infos:
        if info.filename.lower() in seen:
            raise package.refuse(f"it has two parts named {info.filename}: the file is damaged or forged")
        seen.add(info.filename.lower())
        if info.filename.endswith((".xml", ".rels")) and info.file_size > MAX_XML_BYTES:
            raise package.refuse(_over_part(info.filename, info.file_size))
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise package.refuse(f"its part {info.filename} is compressed in a way Word never uses")
        if info.flag_bits & 0x1:
            raise package.refuse("it is encrypted: save it in Word or LibreOffice without a password")


def _over_part(name: str, size: int) -> str:
    return f"its part {name} is {mb(size)} inflated, over the limit of {mb(MAX_XML_BYTES)} for one part"


def _check_word(package: Package) -> None:
    """[Content_Types].xml declares word/document.xml as a Word document's main part."""
    if MAIN_PART not in package:
        raise package.refuse(f"it is not a Word document (DOCX): it has no {MAIN_PART}")
    if CONTENT_TYPES not in package:
        raise package.refuse(f"it is not a Word document (DOCX): it has no {CONTENT_TYPES}")
    types = package.xml(CONTENT_TYPES)
    declared = next((el.get("ContentType") for el in types.iter(f"{CT}Override")
                     if (el.get("PartName") or "").lower() == f"/{MAIN_PART}"), None)
    if declared not in WORD_TYPES:
        raise package.refuse(f"it is not a Word document (DOCX): {CONTENT_TYPES} declares {MAIN_PART} "
                             f"as {declared or 'nothing'}, not as a Word document")


def docx_language(path: Path) -> str:
    """The language a DOCX's core properties name (dc:language, e.g. ru-RU for an edition of the
    report), '' when none; read within the bounds of ``open_docx``."""
    with open_docx(path) as package:
        if "docProps/core.xml" not in package:
            return ""
        return "".join(el.text or "" for el in package.xml("docProps/core.xml").iter("{*}language")).strip()[:40]

