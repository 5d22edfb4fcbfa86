"""reportlab's PDF made archival with pikepdf: PDF/A-3b (or -2b) declared in the XMP metadata, an
sRGB output intent, the inputs attached as associated files, links printable, dates the report's,
and a file identifier from the content: the same document gives the same bytes."""
from __future__ import annotations

import re
import struct
from collections.abc import Sequence
from datetime import datetime
from io import BytesIO
from pathlib import Path

import pikepdf
from PIL import ImageCms

from generator.doc.model import Attachment, Meta

PRINT_FLAG = 4                 # an annotation's /F: printed (PDF/A wants every one printable)


def archive(data: bytes, path: Path, meta: Meta, variant: str | None, attachments: Sequence[Attachment]) -> None:
    """Write ``data`` (a PDF) at ``path`` as PDF/A part 3 (or the part ``variant`` names), level B."""
    part = _part(variant)
    date = datetime.fromisoformat(meta.date)
    with pikepdf.open(BytesIO(data)) as pdf:
        _output_intent(pdf, date)
        if part >= 3:
            _attach(pdf, sorted(attachments, key=lambda a: a.name), date)
        for page in pdf.pages:
            for annotation in page.get("/Annots", []):
                annotation.F = PRINT_FLAG
        _properties(pdf, meta, date, part)
        pdf.save(path, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)


def _part(variant: str | None) -> int:
    """The PDF/A part of a variant like ``pdf/a-2u``; part 3 when none is named."""
    found = re.match(r"pdf/a-(\d)", (variant or "").lower())
    return int(found.group(1)) if found else 3


def _output_intent(pdf: pikepdf.Pdf, date: datetime) -> None:
    """An sRGB output intent; Pillow's littleCMS makes the profile, dated the report's day."""
    icc = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    icc[24:36] = struct.pack(">6H", date.year, date.month, date.day, 0, 0, 0)   # the header's date
    profile = pikepdf.Stream(pdf, bytes(icc))
    profile.N = 3
    pdf.Root.OutputIntents = pikepdf.Array([pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFA1, OutputConditionIdentifier="sRGB",
        Info="sRGB IEC61966-2.1", DestOutputProfile=profile)])


def _attach(pdf: pikepdf.Pdf, attachments: Sequence[Attachment], date: datetime) -> None:
    """Each input as an embedded file of the document, listed in the catalog's /AF."""
    associated = []
    for attachment in attachments:
        spec = pikepdf.AttachedFileSpec(pdf, attachment.data, description=attachment.description,
                                        filename=attachment.name, mime_type=attachment.mime_type,
                                        creation_date=_pdf_date(date), mod_date=_pdf_date(date),
                                        relationship=pikepdf.Name("/" + attachment.relationship))
        pdf.attachments[attachment.name] = spec
        associated.append(spec.obj)
    if associated:
        pdf.Root.AF = pikepdf.Array(associated)


def _properties(pdf: pikepdf.Pdf, meta: Meta, date: datetime, part: int) -> None:
    """The document information and the XMP packet, saying the same, with the report's date."""
    info = pdf.docinfo
    for key, value in (("/Title", meta.title), ("/Author", meta.author), ("/Subject", meta.subject),
                       ("/Keywords", ", ".join(meta.keywords)), ("/CreationDate", _pdf_date(date)),
                       ("/ModDate", _pdf_date(date))):
        info[key] = value
    if "/Trapped" in info:              # no XMP equivalent in pikepdf: left out of both
        del info["/Trapped"]
    pdf.Root.Lang = meta.language
    with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
        xmp.load_from_docinfo(info)
        xmp["pdfaid:part"] = str(part)
        xmp["pdfaid:conformance"] = "B"
        xmp["dc:language"] = [meta.language]
        xmp["dc:coverage"] = str(meta.year)
        xmp["xmp:MetadataDate"] = f"{date.isoformat()}+00:00"


def _pdf_date(date: datetime) -> str:
    return date.strftime("D:%Y%m%d%H%M%S+00'00'")
