"""Every private part of WeasyPrint and pydyf the PDF writer relies on, in one place, fenced by version.

The PDF writer uses internals no release promises to keep: the laid-out box tree
(``Page._page_box``), the layout modules whose page maker ``generator.writers.relayout`` drives
(``layout_module``, ``page_module``, ``document_module``), an SVG image's base URL, fetcher and
context, a raster image's bytes and ``id``, HarfBuzz through WeasyPrint's cffi handle, the ``DocumentMetadata`` hooks (WeasyPrint 68
and later) and pydyf's ``PDF.page_references`` property. They are reached only through the
names below; ``tests/test_weasyprint_compat.py`` exercises each one (the canary), and importing
this module with a WeasyPrint or pydyf outside ``TESTED`` stops with one plain sentence saying
what to install.
"""
from __future__ import annotations

import ctypes.util
import sys
import warnings
from contextlib import contextmanager
from pathlib import Path
from importlib.metadata import PackageNotFoundError, version
from xml.etree import ElementTree

#: The versions the private parts were tested with: (first, first not tested), as in pyproject.toml.
TESTED = {"weasyprint": ((70,), (71,)), "pydyf": ((0, 13), (0, 14))}


class LibraryMismatch(ImportError):
    """WeasyPrint or pydyf is missing or of a version whose internals were not tested."""


def _release(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split("."):
        digits = "".join(c for c in piece if c.isdigit()) if piece[:1].isdigit() else ""
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)


def check_versions(installed=version) -> None:
    """Raise LibraryMismatch, saying what to install, unless every package of TESTED is in range."""
    for package, (low, high) in TESTED.items():
        wanted = f"{package}>={'.'.join(map(str, low))},<{'.'.join(map(str, high))}"
        try:
            found = installed(package)
        except PackageNotFoundError:
            raise LibraryMismatch(f"{package} is not installed: install it with `pip install '{wanted}'` "
                                  "(or reinstall this program, which asks for it).") from None
        if not low <= _release(found)[:len(low)] < high:
            raise LibraryMismatch(f"{package} {found} is installed, but the PDF writer was tested with "
                                  f"{wanted} only and uses its internals: install that version with "
                                  f"`pip install '{wanted}'`, or make the DOCX alone with --format docx.")


@contextmanager
def _libraries_by_soname():
    """While WeasyPrint is imported on Linux, a library name that does not load is simply missing.

    WeasyPrint tries several names for each system library (``libpango-1.0-0``, …, ``.dylib``,
    ``.dll``) before the one that loads here (``libpango-1.0.so.0``), and for each miss cffi asks
    ``ctypes.util.find_library``, which runs ldconfig, gcc and ld: 0.4 s of a 1 s import. The
    names that load are sonames the dynamic loader finds by itself, so the search adds nothing.
    """
    if not sys.platform.startswith("linux"):
        yield
        return
    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = search


def _import_weasyprint():
    """WeasyPrint, loaded without the library search where the loader finds the libraries itself."""
    with warnings.catch_warnings():
        # WeasyPrint warns on import where the HarfBuzz-Subset library is missing; write_pdf then
        # embeds whole fonts, so nothing here needs that library.
        warnings.filterwarnings("ignore", "HarfBuzz-Subset will be required", DeprecationWarning)
        try:
            with _libraries_by_soname():
                import weasyprint
        except OSError:             # a system where a library loads only by search: search
            import weasyprint
    return weasyprint


check_versions()
weasyprint = _import_weasyprint()
import pydyf  # noqa: E402  (after WeasyPrint, whose import is tuned above)
from weasyprint import document as document_module, layout as layout_module  # noqa: E402, F401
from weasyprint.layout import page as page_module  # noqa: E402, F401  (the page maker: generator.writers.relayout)
from weasyprint.document import Page  # noqa: E402, F401
from weasyprint.formatting_structure import boxes  # noqa: E402, F401  (the laid-out box classes)
from weasyprint.images import RasterImage, SVGImage  # noqa: E402, F401
from weasyprint.pdf.metadata import NS, DocumentMetadata  # noqa: E402, F401
from weasyprint.text import ffi as _text_ffi  # noqa: E402
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse  # noqa: E402, F401


class ExtensibleMetadata(DocumentMetadata):
    """WeasyPrint's metadata whose XMP a subclass extends in ``extend_rdf`` (hooks of WeasyPrint 68+).

    The XMP packet is left uncompressed (required by PDF/A-1, good practice for all: tools
    that scan files for XMP packets can read it).
    """

    def include_in_pdf(self, pdf, variant, version, conformance, compress):
        super().include_in_pdf(pdf, variant, version, conformance, compress=False)

    def generate_rdf_metadata(self, variant, version, conformance):
        rdf = ElementTree.fromstring(super().generate_rdf_metadata(variant, version, conformance))
        self.extend_rdf(rdf)
        return ElementTree.tostring(rdf, encoding="utf-8")

    def extend_rdf(self, rdf: ElementTree.Element) -> None:
        """Add to the XMP's RDF element in place."""


def page_box(page):
    """The root box of a rendered page (``Page._page_box``), its margins included."""
    return page._page_box


def page_boxes(page):
    """Every box laid out on a rendered page (``Page._page_box`` and its descendants)."""
    return page_box(page).descendants()


def svg_base_url(image: SVGImage) -> str:
    """The URL an SVG image was read from."""
    return image._base_url


def svg_like(model: SVGImage, tree) -> SVGImage:
    """An SVG image of ``tree`` made the way WeasyPrint made ``model`` (same base URL, fetcher, context)."""
    return SVGImage(tree, model._base_url, model._url_fetcher, model._context)


def draw_svg(image: SVGImage, stream, width: float, height: float) -> None:
    """Paint ``image`` as ``SVGImage.draw`` does, its errors let through: WeasyPrint catches
    BaseException there (Ctrl-C too), logs it and leaves the picture half painted."""
    image._svg.draw(stream, width, height, image._base_url, image._context)


def name_raster(image: RasterImage, name: str) -> None:
    """Set a raster image's PDF resource name (WeasyPrint derives it from the URL)."""
    image.id = name


def raster_bytes(image: RasterImage) -> bytes:
    """The encoded bytes of a raster image, as embedded."""
    return image.image_data.data


def can_subset_fonts() -> bool:
    """Whether HarfBuzz-Subset (4.1 or later) is here to embed only the glyphs used.

    With it, the fonts take 0.3 MB of the 2021 report instead of 2.3 MB (the Korean fallback font
    alone is 3.8 MB whole) and the PDF is written in half the time. Without it the fonts are
    embedded whole: WeasyPrint's other subsetter (fontTools) is slower and warns.
    """
    return (_text_ffi.harfbuzz_subset is not None
            and bool(_text_ffi.harfbuzz.hb_version_atleast(4, 1, 0)))


@contextmanager
def page_references_kept():
    """pydyf's list of page references built once per page added, not once per use.

    ``pydyf.PDF.page_references`` (pydyf 0.13) rebuilds the references of every page each time
    it is read, and WeasyPrint reads it for each tagged element and each link: time grows with
    pages × elements, 15 s of a 600-page report. The list only ever grows by ``add_page``, so it
    is kept while the number of pages is unchanged. The bytes written are the same.
    """
    original = pydyf.PDF.page_references

    def page_references(pdf):
        kids = pdf.pages["Kids"]
        kept = pdf.__dict__.get("_report_page_references")
        if kept is None or kept[0] != len(kids):
            kept = (len(kids), original.fget(pdf))
            pdf.__dict__["_report_page_references"] = kept
        return kept[1]

    pydyf.PDF.page_references = property(page_references)
    try:
        yield
    finally:
        pydyf.PDF.page_references = original


def font_configuration_in(folder: Path):
    """A WeasyPrint ``FontConfiguration`` that writes the font files it hands to Fontconfig (5 MB
    for the bundled fonts) in a new folder inside ``folder``, not in the system's temporary
    folder, from which only its finalizer would remove them."""
    from tempfile import mkdtemp
    from weasyprint.text.fonts import FontConfiguration
    config = FontConfiguration()
    config._folder = Path(mkdtemp(prefix="fonts-", dir=folder))
    return config
