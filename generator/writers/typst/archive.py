"""The archival side of the Typst PDF: the standards asked of the compiler (PDF/A-3a and PDF/UA-1
at once), the inputs attached (Typst's ``pdf.attach``), the date from the inputs with its time
zone, and the XMP's additions (the period covered) made with pikepdf, keeping the same bytes."""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path

from generator.doc.model import Attachment, Meta

ACCESSIBLE = "ua-1"           # PDF/UA-1: claimed beside every archival part
ATTACHED_DIR = "typst-attached"


def standards(variant: str | None) -> list[str]:
    """The compiler's PDF standards for a variant like ``pdf/a-3a``: that part and level, and
    PDF/UA-1; none for a plain PDF."""
    found = re.match(r"pdf/(a-\d[abu]?)", (variant or "").lower())
    return [found.group(1), ACCESSIBLE] if found else []


def embeds_files(variant: str | None) -> bool:
    """PDF/A-1 and PDF/A-2 allow no attached files other than PDF/A files."""
    return not re.match(r"pdf/a-[12]", (variant or "").lower())


def attach(work: Path, attachments: Sequence[Attachment], variant: str | None,
           path: Callable[[Path], str]) -> str:
    """Markup attaching each input, in name order, as an associated file of the document (its
    bytes written under ``work`` for Typst to read); nothing where the variant allows no files."""
    if not embeds_files(variant) or not attachments:
        return ""
    folder = work / ATTACHED_DIR
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for n, attachment in enumerate(sorted(attachments, key=lambda a: a.name)):
        data = folder / f"{n:04d}"
        data.write_bytes(attachment.data)
        # the name is a path from the root ("/2021/funds.yaml" names "2021/funds.yaml"): never the work folder's
        lines.append(f"#pdf.attach({_q('/' + attachment.name)}, read({_q(path(data))}, encoding: none), "
                     f"relationship: {_q(attachment.relationship.lower())}, mime-type: {_q(attachment.mime_type)}, "
                     f"description: {_q(attachment.description)})")
    return "\n" + "\n".join(lines) + "\n"


def _q(text: str) -> str:
    from generator.writers.typst.markup import quote
    return quote(text)


def timestamp(meta: Meta) -> datetime:
    """The report's date (``meta.date``) at midnight UTC: the file's dates, never the clock."""
    return datetime.fromisoformat(meta.date).replace(tzinfo=timezone.utc)


#: How Typst describes a link to a heading (``/Contents``), in English whatever the language.
SECTION_LINK = "Section, page "


def finish(data: bytes, path: Path, meta: Meta, headings: Sequence[str] = ()) -> None:
    """Write ``data`` at ``path`` with the XMP saying what the other PDF engines' say beside
    Typst's own: the document's whole language tag, the year covered and the metadata's date (the
    report's, with its time zone), each attached file's checksum; the contents' links described by
    their headings (``headings``: the contents' lines in order); the structure tree completed (``tags``)."""
    import pikepdf
    from generator.writers.typst.tags import complete
    with pikepdf.open(BytesIO(data)) as pdf:
        _describe_links(pdf, headings)
        pdf.Root.Lang = meta.language           # with its script (kk-Latn-KZ), which Typst's lang and region drop
        complete(pdf)
        _checksums(pdf)
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            xmp["dc:language"] = [meta.language]
            xmp["dc:coverage"] = str(meta.year)
            xmp["dc:subject"] = list(meta.keywords)
            xmp["xmp:MetadataDate"] = timestamp(meta).isoformat()
        pdf.save(path, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.preserve)


def _checksums(pdf) -> None:
    """Each attached file's MD5 and creation date in its parameters (/CheckSum, /CreationDate: its
    /ModDate, the report's), as the other engines write them: a reader can tell it arrived whole."""
    import hashlib

    import pikepdf
    for spec in pdf.attachments.values():
        stream = spec.obj.EF.F
        params = stream.get("/Params") or pikepdf.Dictionary()
        params.CheckSum = pikepdf.String(hashlib.md5(stream.read_bytes()).digest())
        if "/ModDate" in params:
            params.CreationDate = params.ModDate
        stream.Params = params


def _describe_links(pdf, headings: Sequence[str]) -> None:
    """Each link of the contents described by its heading's text, where Typst wrote «Section,
    page N»: the links come in the contents' order; left as they are unless one per heading."""
    links = [annotation for page in pdf.pages for annotation in page.get("/Annots", [])
             if str(annotation.get("/Contents", "")).startswith(SECTION_LINK)]
    if len(links) == len(headings):
        for annotation, heading in zip(links, headings):
            annotation.Contents = heading
