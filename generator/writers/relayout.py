"""Laying the pages out again from one page on, after the body's top-level blocks were reordered
(the page fill), and keeping the pages of the last build where their blocks did not change (the
preview).

WeasyPrint lays pages out with a "page maker": for each page, where it starts in the box tree
and the state (counters, page side) it starts with; a page whose start changed is made again,
the others are kept (this is how it redoes pages when a page-based counter changes). The
layout's box tree outlives the layout. So after top-level boxes of <main> are reordered past
the start of page N, the pages before N are still right, and the same page maker makes N and
the pages after it again, with WeasyPrint's own rules (target counters of the contents, footnotes).

WeasyPrint's layout is reached through the version fence (``weasyprint_compat``); the page
maker's entries are read here, by position, and ``tests/test_relayout.py`` is their canary: each
way of laying out again is compared with the whole layout made anew.
"""
from __future__ import annotations

import re
import threading
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from xml.etree import ElementTree

from generator.doc.fill import figure_run
from generator.writers.weasyprint_compat import Page, boxes, document_module, layout_module, page_box, page_module

#: What Paragraph, ListBlock and Table are written as (the blocks ``Fill`` may move).
MOVABLE_TAGS = ("p", "ol", "ul", "table")
#: What Diagram and Photo are written as (the figures text moves ahead of).
FIGURE_TAG = "figure"

_layouts = threading.local()
_hooks_lock = threading.RLock()
_make_all_pages = layout_module.make_all_pages


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
    yield from layout_module.layout_document(html, root_box, context, max_loops)


def _as_if_made_here(page, number: int, html, context) -> None:
    """What making a page in ``context`` records, for a page kept from an earlier layout: its page
    type's styles (its margin boxes are made from them) and its anchors' page counters (the
    contents' ``target-counter`` reads them)."""
    page_module.set_page_type_computed_styles(page.page_type, html, context.style_for)
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
    swaps = {(document_module, "layout_document"): _keeping_layout_document,
             (layout_module, "make_all_pages"): _recording_make_all_pages,
             **{(layout_module, name): value for name, value in extra.items()}}
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
    children = main_children(layout.html)
    if children is None:
        return None
    index = {id(element): i for i, element in enumerate(children)}
    page_blocks = []
    for page in rendered.pages:
        flow = page_main(page_box(page))
        page_blocks.append({index[id(box.element)] for box in flow if id(box.element) in index})
    return FirstLayout([ElementTree.tostring(child) for child in children], _around_main(html),
                       [(*entry[:4], dict(entry[4])) for entry in layout.context.page_maker],
                       [(page_box(page), page_box(page).report_before_margins) for page in rendered.pages],
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
    children = main_children(source)
    if children is None or len(children) != len(before.blocks) or _around_main(html) != before.around \
            or 'class="footnote"' in html:
        return None
    changed = {i for i, child in enumerate(children) if ElementTree.tostring(child) != before.blocks[i]}
    dirty = {number for number, held in enumerate(before.page_blocks) if held & changed}
    linked = {before.anchors.get(target) for target in re.findall(r'href="#([^"]+)"', html)}
    if not dirty or dirty & linked:     # a page a link points to (the contents' numbers): lay out anew
        return None
    return _Reuse(before, dirty)


def main_children(source) -> "list | None":
    """The top-level elements of <main> in a parsed HTML (``weasyprint.HTML``), or None."""
    main = next(source.etree_element.iter("main"), None)
    return list(main) if main is not None else None


def _around_main(html: str) -> tuple[str, str]:
    head, _, rest = html.partition("<main>")
    return head, rest.rpartition("</main>")[2]


def page_main(root) -> list:
    """The top-level blocks of <main> laid out on a page (its root box)."""
    main = _find_main([child for child in root.children if not isinstance(child, boxes.MarginBox)])
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
    kept = [page_box(page) for page in rendered.pages]
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


def is_figure_box(box) -> bool:
    """Whether a top-level box of <main> is a figure (a diagram or photo)."""
    return box.element_tag == FIGURE_TAG


def reorder_blocks(rendered, moves: dict[str, int]) -> bool:
    """Move, in ``rendered``'s box tree, the ``count`` top-level blocks after each figure (by
    anchor) ahead of it (and of the figures that follow it at once), as ``Fill.moved_ahead``
    orders them; whether that could be done the same way (the blocks are text: no footnote call
    in the figures, footnotes are numbered in the tree's order). ``render_again`` then lays the
    pages out."""
    main = main_box(rendered.report_layout[0])
    if main is None:
        return False
    children = list(main.children)
    for anchor, count in moves.items():
        at = next((i for i, box in enumerate(children) if box.element is not None and
                   box.element.get("id") == anchor), None)
        run = figure_run(children[at:], is_figure_box) if at is not None else 0
        figures, following = children[at:at + run], children[at + run:at + run + count] if run else []
        if len(following) != count or any(map(has_footnote_call, figures)) or \
                any(box.element_tag not in MOVABLE_TAGS for box in following):
            return False
        children[at:at + run + count] = [*following, *figures]
    main.children = children
    return True
