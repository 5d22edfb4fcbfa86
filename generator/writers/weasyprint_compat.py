"""Every private part of WeasyPrint and pydyf the PDF writer relies on, in one place, fenced by version.

The PDF writer uses internals no release promises to keep: the laid-out box tree
(``Page._page_box``), an SVG image's base URL, fetcher and context, a raster image's bytes and
``id``, HarfBuzz through WeasyPrint's cffi handle, the ``DocumentMetadata`` hooks (WeasyPrint 68
and later) and pydyf's ``PDF.page_references`` property. They are reached only through the
names below; ``tests/test_weasyprint_compat.py`` exercises each one (the canary), and importing
this module with a WeasyPrint or pydyf outside ``TESTED`` stops with one plain sentence saying
what to install.
"""
from __future__ import annotations

import ctypes.util
import re
import sys
import threading
import warnings
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
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
from weasyprint import document as _document_module, layout as _layout_module  # noqa: E402
from weasyprint.layout import page as _page_module  # noqa: E402
from weasyprint.document import Page  # noqa: E402
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


# Laying the pages out again from one page on, after the body's top-level blocks were reordered.
#
# WeasyPrint lays pages out with a "page maker": for each page, where it starts in the box tree
# and the state (counters, page side) it starts with; a page whose start changed is made again,
# the others are kept (this is how it redoes pages when a page-based counter changes). The
# layout's box tree outlives the layout. So after top-level boxes of <main> are reordered past
# the start of page N, the pages before N are still right, and the same page maker makes N and
# the pages after it again, with WeasyPrint's own rules (target counters of the contents, footnotes).

_layouts = threading.local()
_hooks_lock = threading.RLock()
_make_all_pages = _layout_module.make_all_pages


@dataclass
class KeptLayout:
    """What a rendering's layout ran on, for ``lay_out_again``: the parsed HTML, the root box of
    its box tree, WeasyPrint's layout context, and the footnotes before the first page."""
    html: object
    root_box: object
    context: object
    footnotes: list


def _keeping_layout_document(html, root_box, context, max_loops=8):
    _layouts.kept = KeptLayout(html, root_box, context, context.footnotes.copy())
    reuse = getattr(_layouts, "reuse", None)
    if reuse is not None:                 # the pages of the last build, but those holding a changed block
        context.page_maker = [(*entry[:4], dict(entry[4])) for entry in reuse.before.entries]
        for number, (box, before_margins) in enumerate(reuse.before.pages):
            _without_margins(box, before_margins)
            if number in reuse.remake:
                context.page_maker[number][-1]["content_changed"] = True
            else:
                _as_if_made_here(box, number, html, context)
        _layouts.seed = [box for box, _ in reuse.before.pages]
    yield from _layout_module.layout_document(html, root_box, context, max_loops)


def _as_if_made_here(page, number: int, html, context) -> None:
    """What making a page in ``context`` records, for a page kept from an earlier layout: its page
    type's styles (its margin boxes are made from them) and its anchors' page counters (the
    contents' ``target-counter`` reads them)."""
    _page_module.set_page_type_computed_styles(page.page_type, html, context.style_for)
    counters = context.page_maker[number + 1][3][1]
    for child in page.descendants(placeholders=True):
        if child.style["anchor"]:
            context.target_collector.cache_target_page_counters(child.style["anchor"], counters, number,
                                                                context.page_maker)


def _without_margins(page, before_margins) -> None:
    """A laid-out page box back as ``make_all_pages`` gave it, before the margin boxes (and the
    fixed boxes in its root) were added: layout_document adds them to every page it returns."""
    page.children, page.children[0].children = before_margins


def _recording_make_all_pages(context, root_box, html, pages):
    """WeasyPrint's ``make_all_pages``, each page's children noted before margin boxes are added."""
    for page in _make_all_pages(context, root_box, html, pages or getattr(_layouts, "seed", [])):
        page.report_before_margins = (page.children, page.children[0].children)
        yield page


@contextmanager
def _layout_hooks(**extra):
    """WeasyPrint's layout functions swapped for the keeping and recording ones, and ``extra``."""
    swaps = {(_document_module, "layout_document"): _keeping_layout_document,
             (_layout_module, "make_all_pages"): _recording_make_all_pages,
             **{(_layout_module, name): value for name, value in extra.items()}}
    with _hooks_lock:
        saved = {key: getattr(*key) for key in swaps}
        for (module, name), value in swaps.items():
            setattr(module, name, value)
        try:
            yield
        finally:
            for (module, name), value in saved.items():
                setattr(module, name, value)
            _layouts.__dict__.clear()


def render_keeping_layout(source, before: "FirstLayout | None" = None, html: str = "", **options):
    """``source.render(**options)`` and the ``KeptLayout`` it ran on.

    ``before``: the first layout of an earlier HTML (``first_layout``), ``html`` the text of
    ``source``'s. Where the two differ only in some top-level blocks of <main>, and the document
    has no footnotes (numbered by the box tree's order) and no changed block shares a page with
    an anchor a link points to (the contents' targets), the earlier pages are kept but those
    holding a changed block, which are laid out again, each with the pages after it until one
    starts where it started before (WeasyPrint's page maker, as for page-based counters). Where
    an anchor then lies on another page than before (the contents' numbers of the pages kept
    would be stale), the whole document is laid out anew."""
    reuse = _reuse(source, html, before) if before is not None else None
    if reuse is not None:
        with _layout_hooks(initialize_page_maker=lambda context, root_box: None):
            _layouts.reuse = reuse
            rendered, kept = source.render(**options), _layouts.kept
        if anchor_pages(rendered) == before.anchors:
            return rendered, kept
    with _layout_hooks():
        rendered = source.render(**options)
        return rendered, _layouts.kept


@dataclass
class FirstLayout:
    """A layout as its first pass left it, before the page fill changed it, for the next build of
    a changed HTML: <main>'s top-level blocks as text, the HTML around <main>, the page maker's
    entries, each page's box with its children before margins, which blocks each page holds,
    and each anchor's page."""
    blocks: list[bytes]
    around: tuple[str, str]
    entries: list
    pages: list
    page_blocks: list[set[int]]
    anchors: dict[str, int]


@dataclass
class _Reuse:
    before: FirstLayout
    remake: set[int]            # the pages laid out again (with those after them, where they moved)


def first_layout(rendered, layout: KeptLayout, html: str) -> "FirstLayout | None":
    """What ``render_keeping_layout(before=…)`` reuses of ``rendered`` (laid out from ``html``)."""
    children = _main_children(layout.html)
    if children is None:
        return None
    index = {id(element): i for i, element in enumerate(children)}
    page_blocks = []
    for page in rendered.pages:
        flow = page_main(page._page_box)
        page_blocks.append({index[id(box.element)] for box in flow if id(box.element) in index})
    return FirstLayout([ElementTree.tostring(child) for child in children], _around_main(html),
                       [(*entry[:4], dict(entry[4])) for entry in layout.context.page_maker],
                       [(page._page_box, page._page_box.report_before_margins) for page in rendered.pages],
                       page_blocks, anchor_pages(rendered))


def anchor_pages(rendered) -> dict[str, int]:
    """Each anchor's first page (from 0)."""
    pages: dict[str, int] = {}
    for number, page in enumerate(rendered.pages):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    return pages


def _reuse(source, html: str, before: FirstLayout) -> "_Reuse | None":
    """Which pages of ``before`` to lay out again for ``source``; None: the whole document."""
    children = _main_children(source)
    if children is None or len(children) != len(before.blocks) or _around_main(html) != before.around \
            or 'class="footnote"' in html:
        return None
    changed = {i for i, child in enumerate(children) if ElementTree.tostring(child) != before.blocks[i]}
    dirty = {number for number, held in enumerate(before.page_blocks) if held & changed}
    linked = {before.anchors.get(target) for target in re.findall(r'href="#([^"]+)"', html)}
    if not dirty or dirty & linked:     # a page a link points to (the contents' numbers): lay out anew
        return None
    return _Reuse(before, dirty)


def _main_children(source) -> "list | None":
    main = next(source.etree_element.iter("main"), None)
    return list(main) if main is not None else None


def _around_main(html: str) -> tuple[str, str]:
    head, _, rest = html.partition("<main>")
    return head, rest.rpartition("</main>")[2]


def page_main(page_box) -> list:
    """The top-level blocks of <main> laid out on a page (its root box)."""
    main = _find_main([child for child in page_box.children if not isinstance(child, boxes.MarginBox)])
    return list(main.children) if main is not None else []


def _find_main(todo: list):
    """The first <main> box in and under the boxes ``todo``, or None."""
    while todo:
        box = todo.pop(0)
        if box.element_tag == "main":
            return box
        todo[:0] = getattr(box, "children", [])
    return None


def main_box(layout: KeptLayout):
    """The <main> box of the kept box tree, or None."""
    return _find_main([layout.root_box])


def has_footnote_call(box) -> bool:
    """Whether a box holds the call of a footnote (its number comes from the box tree's order)."""
    return any(getattr(child, "footnote", None) is not None for child in box.descendants())


def lay_out_again(rendered, layout: KeptLayout, first: int):
    """The pages of ``rendered`` from index ``first`` on laid out again from ``layout``'s box tree,
    the pages before kept: a new Document (``rendered`` is used up), and its layout kept."""
    context = layout.context
    kept = [page._page_box for page in rendered.pages]
    for page in kept:                             # the margin boxes are added again, to every page
        _without_margins(page, page.report_before_margins)
    for *_, remake in context.page_maker[first:len(kept)]:
        remake["content_changed"] = True
    context.string_set = defaultdict(lambda: defaultdict(list))
    context.footnotes = layout.footnotes.copy()
    with _layout_hooks(initialize_page_maker=lambda context, root_box: None):
        _layouts.seed = kept
        pages = list(_keeping_layout_document(layout.html, layout.root_box, context))
    return rendered.copy([Page(page) for page in pages])
