"""HTML → PDF with WeasyPrint: render once, read page numbers, then write.

Every outside resource goes through ``ReportURLFetcher``: it serves ``file:`` URLs under the
project's templates/ and assets/ folders and the caller's ``allowed_roots`` (symlinks resolved),
and ``data:`` URLs; it refuses everything else, never opening a network connection. A refused
or missing resource stops the rendering with ``PdfResourceError`` instead of a blank picture.
"""
from __future__ import annotations

import hashlib
import mimetypes
import warnings
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

with warnings.catch_warnings():
    # WeasyPrint warns on import where the HarfBuzz-Subset library is missing; write_pdf embeds
    # whole fonts (full_fonts=True), so nothing here needs that library.
    warnings.filterwarnings("ignore", "HarfBuzz-Subset will be required", DeprecationWarning)
    import weasyprint
from weasyprint.pdf.metadata import DocumentMetadata
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from generator.config import ASSETS_DIR, TEMPLATES_DIR
from generator.doc.model import Meta

HTML_BASE_DIR = TEMPLATES_DIR / "html"


class RefusedURLError(ValueError):
    """The fetcher will not serve this URL."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"refused URL {url!r}: {reason}")
        self.url = url


class PdfResourceError(RuntimeError):
    """A resource the HTML needs was refused or could not be read: the PDF is not made."""


class ReportURLFetcher(URLFetcher):
    """WeasyPrint's fetcher locked down to local files under the allowed folders."""

    def __init__(self, allowed_roots: Iterable[Path] = ()):
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False,
                         fail_on_errors=True)
        roots = (TEMPLATES_DIR, ASSETS_DIR, *allowed_roots)
        self.roots = tuple(Path(root).resolve() for root in roots)

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise RefusedURLError(url, "only data: URLs and files under the allowed folders")
        path = self.resolve(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(),
                                  headers={"Content-Type": content_type})

    def resolve(self, url: str) -> Path:
        """The real path a ``file:`` URL names, if it lies under an allowed folder."""
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise RefusedURLError(url, f"file URL on another host {parts.netloc!r}")
        path = Path(url2pathname(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise RefusedURLError(url, f"{path} is outside {', '.join(map(str, self.roots))}")
        return path


def render_pdf(html: str, allowed_roots: list[Path]) -> weasyprint.Document:
    """Lay out ``html`` into pages; the result feeds ``heading_pages`` and ``write_pdf``."""
    fetcher = ReportURLFetcher(allowed_roots)
    source = weasyprint.HTML(string=html, base_url=HTML_BASE_DIR.as_uri() + "/",
                             url_fetcher=fetcher)
    try:
        return source.render()
    except FatalURLFetchingError as error:
        raise PdfResourceError(f"{error}: {error.__cause__}") from error.__cause__


def heading_pages(rendered: weasyprint.Document) -> dict[str, int]:
    """Each anchor (element id: headings, tables, diagrams) → the 1-based page it starts on."""
    pages: dict[str, int] = {}
    for number, page in enumerate(rendered.pages, start=1):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    return pages


def write_pdf(rendered: weasyprint.Document, path: Path, meta: Meta,
              pdf_variant: str | None = None) -> None:
    """Write the rendered pages with ``meta`` as the PDF's properties; no clock is read."""
    document = rendered.copy()
    document.metadata = _metadata(meta, rendered.metadata)
    with warnings.catch_warnings():
        # PDF/A variants make WeasyPrint 70 open its sRGB profile and never close it.
        warnings.filterwarnings("ignore", r"unclosed file .*sRGB2014\.icc", ResourceWarning)
        # Whole font files: no subsetter warning where HarfBuzz-Subset is missing, and the same
        # bytes whichever subsetter a machine has.
        document.write_pdf(Path(path), pdf_variant=pdf_variant, pdf_identifier=_identifier(meta),
                           full_fonts=True)


def _metadata(meta: Meta, rendered: DocumentMetadata) -> DocumentMetadata:
    return DocumentMetadata(
        title=meta.title,
        authors=[meta.author],
        description=meta.subject,
        keywords=list(meta.keywords),
        generator=rendered.generator,
        created=meta.date,
        modified=meta.date,
        lang=meta.language.split("-")[0].lower(),
        attachments=rendered.attachments,
        custom=rendered.custom,
        xmp_metadata=rendered.xmp_metadata,
    )


def _identifier(meta: Meta) -> bytes:
    """A stable file identifier: same properties, same bytes."""
    key = "\n".join([meta.title, meta.author, meta.subject, meta.language, meta.date])
    return hashlib.md5(key.encode("utf-8"), usedforsecurity=False).hexdigest().encode("ascii")
