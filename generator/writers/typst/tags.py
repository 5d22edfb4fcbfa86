"""The Typst PDF's structure tree completed where Typst 0.15 cannot say it (done with pikepdf on
the compiled file, before it is saved; the pages' content is never touched):

- a passage in another language is a ``Span`` structure element carrying its ``/Lang``. Typst
  puts that language only on the passage's marked content (ISO 32000-1 14.9.2 allows it there,
  but screen readers take a language change from the structure tree); the marked content keeps it;
- the contents' title (the paragraph the template puts just before the contents) is the
  ``Caption`` of the ``TOC``, its first child, not a paragraph beside it;
- ``/MarkInfo`` says only ``/Marked true``: ``/Suspects false`` is the default, and poppler's tools
  warn «Suspects object is wrong type (boolean)» on any ``/Suspects`` but ``true``.
"""
from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name

from generator.doc.languages import subtags


def complete(pdf: pikepdf.Pdf) -> None:
    """Every change above, in place."""
    if "/StructTreeRoot" not in pdf.Root:
        return
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    languages_on_elements(pdf)
    contents_captions(pdf.Root.StructTreeRoot)


# --- other languages ---------------------------------------------------------------------------

def languages_on_elements(pdf: pikepdf.Pdf) -> None:
    """Each run of marked content whose ``/Lang`` differs from its structure element's language
    (inherited, else the document's) wrapped in a ``Span`` with that ``/Lang``; the parent tree
    points the run's MCIDs at the new ``Span``."""
    root = pdf.Root.StructTreeRoot
    parents = _number_tree(root.ParentTree)
    default = str(pdf.Root.get("/Lang", ""))
    typst_default = _without_script(default)
    pages = {page.obj.objgen: (page.obj, _marked_languages(page, default),
                               parents.get(int(page.obj.get("/StructParents", -1)))) for page in pdf.pages}

    def walk(element, language: str):
        if str(element.get("/Lang", "")) == typst_default != default:
            element.Lang = pikepdf.String(default)          # Typst's form of the document's tag: the whole tag
        language = str(element.get("/Lang", language))
        kids = _kids(element)
        for kid in kids:
            if isinstance(kid, Dictionary) and "/S" in kid:
                walk(kid, language)
        wrapped = _wrapped(pdf, element, kids, language, pages)
        if wrapped is not None:
            element.K = Array(wrapped)
    for top in _kids(root):
        if isinstance(top, Dictionary) and "/S" in top:
            walk(top, default)


def _wrapped(pdf, element, kids: list, language: str, pages: dict) -> list | None:
    """``kids`` with each run of marked content in another language than ``language`` in a new
    ``Span``; None when there is none."""
    out, run, changed = [], None, False
    for kid in kids:
        page, mcid = _content_of(element, kid)
        marked = pages.get(page)
        tag = marked[1].get(mcid) if marked and mcid is not None else None
        if tag is None or tag == language:
            out.append(kid)
            run = None
            continue
        if run is None or str(run.Lang) != tag or run.Pg.objgen != page:
            run = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Span, P=element, Pg=marked[0],
                                               Lang=pikepdf.String(tag), K=Array()))
            out.append(run)
            changed = True
        run.K.append(kid)
        if marked[2] is not None and mcid < len(marked[2]):
            marked[2][mcid] = run
    return out if changed else None


def _content_of(element, kid) -> tuple[tuple | None, int | None]:
    """The page (its object number) and MCID a kid names, if it names marked content."""
    if isinstance(kid, int):
        page = element.get("/Pg")
        return (page.objgen if page is not None else None), int(kid)
    if isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
        page = kid.get("/Pg", element.get("/Pg"))
        return (page.objgen if page is not None else None), int(kid.MCID)
    return None, None


def _marked_languages(page: pikepdf.Page, default: str) -> dict[int, str]:
    """The ``/Lang`` of each marked-content sequence of the page that has one, by MCID; Typst's
    form of the document's tag (without its script: kk-KZ for kk-Latn-KZ) read as the whole tag."""
    found, typst_default = {}, _without_script(default)
    for operands, _ in pikepdf.parse_content_stream(page, "BDC"):
        properties = operands[1] if len(operands) > 1 else None
        if isinstance(properties, Dictionary) and "/Lang" in properties and "/MCID" in properties:
            tag = str(properties.Lang)
            found[int(properties.MCID)] = default if tag == typst_default else tag
    return found


def _without_script(tag: str) -> str:
    """A language tag as Typst writes it, which takes no script: ``kk-Latn-KZ`` → ``kk-KZ``."""
    language, _, region = subtags(tag)
    return f"{language}-{region}" if region else language


def _number_tree(node) -> dict[int, Array]:
    """A number tree's values by key (the parent tree: each page's array of MCID parents)."""
    found = {}
    if "/Nums" in node:
        nums = node.Nums
        for at in range(0, len(nums), 2):
            found[int(nums[at])] = nums[at + 1]
    for kid in node.get("/Kids", []):
        found.update(_number_tree(kid))
    return found


def _kids(node) -> list:
    k = node.get("/K")
    return list(k) if isinstance(k, Array) else ([] if k is None else [k])


# --- the contents' caption -----------------------------------------------------------------------

#: The structure types that group others, where a contents may stand.
GROUPS = frozenset(Name(kind) for kind in ("/Document", "/Part", "/Art", "/Sect", "/Div", "/NonStruct"))


def contents_captions(root) -> None:
    """Each ``TOC`` right after a paragraph on its first page takes that paragraph as its
    ``Caption`` (first child); a contents without a title leaves the paragraph before it alone.
    A contents is looked for among the grouping elements only (``GROUPS``)."""
    for parent in _elements(root, GROUPS):
        kids = _kids(parent)
        keep = []
        for at, kid in enumerate(kids):
            following = kids[at + 1] if at + 1 < len(kids) else None
            if _is(kid, "/P") and _is(following, "/TOC") and _page(kid) == _page(following):
                kid.S, kid.P = Name.Caption, following
                following.K = Array([kid, *_kids(following)])
            else:
                keep.append(kid)
        if len(keep) != len(kids):
            parent.K = Array(keep)


def _elements(node, kinds: frozenset | None = None) -> list:
    """``node`` and every structure element under it (only through elements of ``kinds``, if given)."""
    found = [node]
    for kid in _kids(node):
        if isinstance(kid, Dictionary) and "/S" in kid and (kinds is None or kid.S in kinds):
            found += _elements(kid, kinds)
    return found


def _page(element):
    """The page (its object number) of the element's first marked content."""
    for node in _elements(element):
        if "/Pg" in node:
            return node.Pg.objgen
    return None


def _is(kid, kind: str) -> bool:
    return isinstance(kid, Dictionary) and kid.get("/S") == Name(kind)
