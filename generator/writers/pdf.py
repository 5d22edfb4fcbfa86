"""HTML → PDF with WeasyPrint: render once, read page numbers, then write.

The archive's PDF (``DEFAULT_PDF_VARIANT``, the pipeline's choice) is PDF/A-3a: tagged, with the
inputs it was made from attached as associated files, an sRGB output intent, fonts embedded
(the glyphs used, where the HarfBuzz-Subset library is installed; whole fonts otherwise), and
XMP metadata. The same rendering and inputs give the same bytes: dates come from
``Meta``, images are named by their content (not their folder), and the file identifier is a
digest of the properties and the attached inputs.

Every outside resource goes through ``ReportURLFetcher``: it serves ``file:`` URLs under the
project's templates/ and assets/ folders and the caller's ``allowed_roots`` (symlinks resolved),
and ``data:`` URLs; it refuses everything else, never opening a network connection. A refused
or missing resource stops the rendering with ``PdfResourceError`` instead of a blank picture.
"""
from __future__ import annotations

import base64
import gc
import hashlib
import mimetypes
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname
from xml.etree import ElementTree


from generator.writers.weasyprint_compat import (  # noqa: E402  (WeasyPrint's private parts, fenced)
    NS, DocumentMetadata, ExtensibleMetadata, FatalURLFetchingError, RasterImage, SVGImage, URLFetcher, URLFetcherResponse,
    can_subset_fonts, draw_svg, name_raster, page_boxes, page_references_kept, pydyf, raster_bytes, svg_base_url, svg_like,
    weasyprint,
)
from generator.writers.relayout import anchor_pages, first_layout, lay_out_again, render_keeping_layout  # noqa: E402
from generator.config import ASSETS_DIR, TEMPLATES_DIR  # noqa: E402
from generator.doc.languages import written_tag  # noqa: E402
from generator.doc.model import Attachment, Meta  # noqa: E402
from generator.writers.pdf_structure import mend_structure  # noqa: E402
from generator.writers.roots import OutsideRoots, within  # noqa: E402
from generator.writers.pdf_variants import ARCHIVE_VARIANTS, DEFAULT_PDF_VARIANT  # noqa: E402, F401

HTML_BASE_DIR = TEMPLATES_DIR / "html"

#: PDF/A forbids image interpolation (WeasyPrint sets /Interpolate true for ``auto``).
ARCHIVE_CSS = "html { image-rendering: crisp-edges }"


class RefusedURLError(ValueError):
    """The fetcher will not serve this URL."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"refused URL {url!r}: {reason}")
        self.url = url


class PdfResourceError(RuntimeError):
    """A resource the HTML needs was refused or could not be read: the PDF is not made."""


class PdfIncomplete(RuntimeError):
    """The written PDF lacks a part the layout holds (a chart not painted): it must replace nothing."""


class ReportURLFetcher(URLFetcher):
    """WeasyPrint's fetcher locked down to local files under the allowed folders.

    ``stand_ins`` maps SVG files still being drawn to their ``StandIn``, whose empty SVG of the
    same size is served in their place for the layout (see ``render_pdf``).
    """

    def __init__(self, allowed_roots: Iterable[Path] = (), stand_ins: Mapping[Path, object] | None = None):
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False,
                         fail_on_errors=True)
        roots = (TEMPLATES_DIR, ASSETS_DIR, *allowed_roots)
        self.roots = tuple(Path(root).resolve() for root in roots)
        self.stand_ins = {Path(path).resolve(): stand_in for path, stand_in in (stand_ins or {}).items()}

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise RefusedURLError(url, "only data: URLs and files under the allowed folders")
        path = self.resolve(url)
        if path in self.stand_ins:
            return URLFetcherResponse(path.as_uri(), self.stand_ins[path].svg,
                                      headers={"Content-Type": "image/svg+xml"})
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(),
                                  headers={"Content-Type": content_type})

    def resolve(self, url: str) -> Path:
        """The real path a ``file:`` URL names, if it lies under an allowed folder."""
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise RefusedURLError(url, f"file URL on another host {parts.netloc!r}")
        try:
            return within(url2pathname(parts.path), self.roots)
        except OutsideRoots as error:
            raise RefusedURLError(url, str(error)) from None


def font_configuration():
    """Fonts for ``render_pdf(font_config=…)``: registered by the first rendering, reused by the next."""
    from weasyprint.text.fonts import FontConfiguration
    return FontConfiguration()


def render_pdf(html: str, allowed_roots: list[Path],
               stand_ins: Mapping[Path, object] | None = None, font_config=None,
               image_cache: dict | None = None, before=None) -> weasyprint.Document:
    """Lay out ``html`` into pages; the result feeds ``heading_pages`` and ``write_pdf``.

    ``stand_ins``: SVG files not drawn yet, each with its ``generator.charts.canvas.StandIn``:
    an SVG of the same size to lay the pages out with, and the wait for the real file, which
    ``write_pdf`` reads when it paints that page. The layout only needs an image's size, so the
    charts are drawn while the pages are laid out and the first ones painted.

    A process that lays pages out again and again (the live preview) passes its own
    ``font_config`` (``font_configuration()``: the fonts loaded once) and
    ``image_cache`` (a dict, images decoded once per URL), and the first layout of its last
    build (``before``, from ``first_layout_of``): its pages are kept where their blocks did not
    change.
    """
    fetcher = ReportURLFetcher(allowed_roots, stand_ins)
    source = weasyprint.HTML(string=html, base_url=HTML_BASE_DIR.as_uri() + "/",
                             url_fetcher=fetcher)
    try:
        with _rare_collections():
            rendered, layout = render_keeping_layout(source, before, html, font_config=font_config,
                                                     stylesheets=[weasyprint.CSS(string=ARCHIVE_CSS)],
                                                     cache=image_cache)
    except FatalURLFetchingError as error:
        raise PdfResourceError(f"{error}: {error.__cause__}") from error.__cause__
    return _finish_rendering(rendered, layout, fetcher)


def first_layout_of(rendered: weasyprint.Document, html: str):
    """What the next rendering of a changed ``html`` may keep of this one (``render_pdf(before=…)``);
    take it before ``render_again`` changes the pages."""
    return first_layout(rendered, rendered.report_layout[0], html)


def render_again(rendered: weasyprint.Document, first: int) -> weasyprint.Document:
    """``rendered``'s pages from index ``first`` on laid out again, after ``reorder_blocks``
    (``generator.writers.relayout``) changed its body past the start of that page; the pages
    before are kept as they are."""
    layout, fetcher = rendered.report_layout
    with _rare_collections():
        again = lay_out_again(rendered, layout, first)
    return _finish_rendering(again, layout, fetcher)


def _finish_rendering(rendered: weasyprint.Document, layout, fetcher: ReportURLFetcher) -> weasyprint.Document:
    """Images named by content, charts drawn later, and the layout kept for ``render_again``."""
    _name_images_by_content(rendered)
    rendered.report_charts = _draw_real_svgs_later(rendered, fetcher) if fetcher.stand_ins else []
    rendered.report_layout = (layout, fetcher)
    return rendered


class _DrawnLater:
    """A chart laid out at its stand-in's size, painted from the real SVG, read when first painted.

    WeasyPrint lays an image out by ``get_intrinsic_size`` and paints it with ``draw``, both on
    its box's ``replacement``; the stand-in answers the first, the real SVG (an image made the
    way WeasyPrint makes it) does the second, once ``ready`` says the file is drawn.
    """

    def __init__(self, stand_in: SVGImage, path: Path, ready):
        self._stand_in, self.path, self._ready = stand_in, path, ready
        self._real: SVGImage | None = None
        self.painted = False

    def get_intrinsic_size(self, image_resolution, font_size):
        return self._stand_in.get_intrinsic_size(image_resolution, font_size)

    def draw(self, stream, concrete_width, concrete_height, style):
        if self._real is None:
            self._ready()                       # a chart that failed to draw stops the PDF here
            try:
                tree = ElementTree.fromstring(self.path.read_bytes())
            except (OSError, ElementTree.ParseError) as error:
                raise PdfResourceError(f"the drawn chart {self.path} cannot be read: {error}") from error
            stand_in = self._stand_in
            self._real = svg_like(stand_in, tree)
        draw_svg(self._real, stream, concrete_width, concrete_height)    # a chart half painted stops the PDF
        self.painted = True


def _draw_real_svgs_later(rendered: weasyprint.Document, fetcher: ReportURLFetcher) -> list[_DrawnLater]:
    """Give each box laid out with a stand-in the real chart, to be read when it is painted; the
    charts of all pages (those of pages kept from an earlier layout have theirs already)."""
    later: dict[int, _DrawnLater] = {}
    for page in rendered.pages:
        for box in page_boxes(page):
            image = getattr(box, "replacement", None)
            if isinstance(image, _DrawnLater):
                later.setdefault(id(image), image)
            if not isinstance(image, SVGImage) or not svg_base_url(image).startswith("file:"):
                continue
            path = fetcher.resolve(svg_base_url(image))
            if path in fetcher.stand_ins:
                if id(image) not in later:
                    later[id(image)] = _DrawnLater(image, path, fetcher.stand_ins[path].ready)
                box.replacement = later[id(image)]
    return list(later.values())


def _name_images_by_content(rendered: weasyprint.Document) -> None:
    """Name each photo by a digest of its bytes instead of its URL.

    WeasyPrint names an image (its PDF resource name, and so the file's object order) after
    an MD5 of its URL, which holds the run's work folder or the inputs' folder: the same report
    made in another folder would differ. Same bytes, same name.
    """
    for page in rendered.pages:
        for box in page_boxes(page):
            image = getattr(box, "replacement", None)
            if isinstance(image, RasterImage):
                name_raster(image, hashlib.sha256(raster_bytes(image)).hexdigest()[:32])


def heading_pages(rendered: weasyprint.Document) -> dict[str, int]:
    """Each anchor (element id: headings, tables, diagrams) → the 1-based page it starts on."""
    return {anchor: index + 1 for anchor, index in anchor_pages(rendered).items()}


def write_pdf(rendered: weasyprint.Document, path: Path, meta: Meta,
              pdf_variant: str | None = None,
              attachments: Sequence[Attachment] = ()) -> None:
    """Write the rendered pages with ``meta`` as the PDF's properties; no clock is read.

    ``pdf_variant`` is a WeasyPrint variant name, e.g. ``DEFAULT_PDF_VARIANT`` (the pipeline's
    choice); a variant's PDF is tagged. None gives a plain, untagged PDF. ``attachments`` are
    embedded in name order where the variant allows files (not PDF/A-1/2); they count in the
    file identifier either way.

    Raises PdfIncomplete, the file written but not to be used, if a chart of the layout was
    not painted.
    """
    charts = getattr(rendered, "report_charts", [])
    for chart in charts:
        chart.painted = False
    attachments = sorted(attachments, key=lambda a: a.name)
    embedded = attachments if _embeds_files(pdf_variant) else []
    document = rendered.copy()
    document.metadata = _metadata(meta, rendered.metadata, embedded)
    with warnings.catch_warnings(), _rare_collections(), page_references_kept():
        # PDF/A variants make WeasyPrint 70 open its sRGB profile and never close it.
        warnings.filterwarnings("ignore", r"unclosed file .*sRGB2014\.icc", ResourceWarning)
        document.write_pdf(Path(path), pdf_variant=pdf_variant, pdf_tags=pdf_variant is not None,
                           pdf_identifier=_identifier(meta, attachments),
                           full_fonts=not can_subset_fonts(), finisher=_finish)
    if unpainted := [str(chart.path) for chart in charts if not chart.painted]:
        raise PdfIncomplete(f"{path}: the charts {', '.join(unpainted)} were not painted; the PDF is incomplete")


@contextmanager
def _rare_collections(threshold: int = 20_000):
    """Python's cycle collector run 30 times less often while WeasyPrint works.

    Layout makes millions of small objects (boxes, styles, text layouts) that all live until
    the PDF is written; the collector's default, a pass after every 700 new objects, scans them
    over and over and frees almost nothing: a quarter of the layout time of a 600-page report,
    a tenth of the writing. Memory is the same within 5 %.
    """
    before = gc.get_threshold()
    gc.set_threshold(max(threshold, before[0]), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _finish(document: weasyprint.Document, pdf: pydyf.PDF) -> None:
    """Mend WeasyPrint 70's slips before the file is written: the catalog's /AF, and the
    structure tree (``pdf_structure``)."""
    if "AF" in pdf.catalog:          # each attached file is listed twice in the catalog's /AF
        pdf.catalog["AF"] = pydyf.Array(dict.fromkeys(pdf.catalog["AF"]))
    if "StructTreeRoot" in pdf.catalog:
        mend_structure(pdf)


def _embeds_files(pdf_variant: str | None) -> bool:
    """PDF/A-1 and PDF/A-2 allow no attached files other than PDF/A files."""
    return not re.match(r"pdf/a-[12]", (pdf_variant or "").lower())


class ArchiveMetadata(ExtensibleMetadata):
    """WeasyPrint's metadata plus what an archive reads from the XMP: language and period."""

    def __init__(self, *, language: str, coverage: str, **properties):
        super().__init__(**properties)
        self.language = language
        self.coverage = coverage

    def extend_rdf(self, rdf: ElementTree.Element) -> None:
        description = _element(rdf, "rdf", "Description", {_q("rdf", "about"): ""})
        languages = _element(_element(description, "dc", "language"), "rdf", "Bag")
        _element(languages, "rdf", "li").text = self.language
        if self.keywords:
            subjects = _element(_element(description, "dc", "subject"), "rdf", "Bag")
            for keyword in self.keywords:
                _element(subjects, "rdf", "li").text = keyword
        _element(description, "dc", "coverage").text = self.coverage


def _element(parent: ElementTree.Element, prefix: str, name: str,
             attributes: dict[str, str] | None = None) -> ElementTree.Element:
    return ElementTree.SubElement(parent, _q(prefix, name), attributes or {})


def _q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


def _metadata(meta: Meta, rendered: DocumentMetadata,
              attachments: Sequence[Attachment] = ()) -> DocumentMetadata:
    return ArchiveMetadata(
        title=meta.title,
        authors=[meta.author],
        description=meta.subject,
        keywords=list(meta.keywords),
        generator=rendered.generator,
        created=meta.date,
        modified=meta.date,
        lang=written_tag(meta.language),
        attachments=[*rendered.attachments,
                     *(_weasyprint_attachment(attachment, meta) for attachment in attachments)],
        custom=rendered.custom,
        xmp_metadata=rendered.xmp_metadata,
        language=meta.language,
        coverage=str(meta.year),
    )


def _weasyprint_attachment(attachment: Attachment, meta: Meta) -> weasyprint.Attachment:
    """A data: URL carries the bytes and the MIME type; the dates are the report's."""
    url = f"data:{attachment.mime_type};base64,{base64.b64encode(attachment.data).decode('ascii')}"
    date = datetime.fromisoformat(meta.date)
    return weasyprint.Attachment(url=url, url_fetcher=ReportURLFetcher(), name=attachment.name,
                                 description=attachment.description, created=date,
                                 modified=date, relationship=attachment.relationship)


def _identifier(meta: Meta, attachments: Sequence[Attachment] = ()) -> bytes:
    """A stable file identifier: the same properties and inputs give the same bytes."""
    key = "\n".join([meta.title, meta.author, meta.subject, meta.language, meta.date,
                     *(f"{hashlib.sha256(a.data).hexdigest()}  {a.name}" for a in attachments)])
    return hashlib.md5(key.encode("utf-8"), usedforsecurity=False).hexdigest().encode("ascii")
