"""The archival PDF's structure tree mended before it is written (WeasyPrint 70 leaves it incomplete).

Run by ``pdf._finish`` on pydyf's objects, nothing read again from disk:

- running content (page numbers in the page margins) becomes artifacts: WeasyPrint marks it as
  Span content whose structure elements hang outside the tree;
- the table of contents becomes TOC with one TOCI per entry, each holding one Link (WeasyPrint
  makes a link, a nested link for the leader and another for the page number, each with an
  annotation: one annotation is kept, covering the three);
- each figure's /BBox is given in page coordinates (points from the lower left), not CSS pixels;
- each data cell's /Headers points at the header cells above it, spans counted.
"""
from __future__ import annotations

import pydyf

PX_TO_PT = 0.75         # CSS pixels (WeasyPrint's layout unit) to PDF points
NULL = b"null"


def mend_structure(pdf: pydyf.PDF) -> None:
    """Every mend above, in place."""
    root = pdf.catalog["StructTreeRoot"]
    running_content_as_artifacts(pdf)
    for element in list(struct_elements(pdf, root)):
        if element.get("S") == "/Table":
            link_table_headers(pdf, element)
        elif element.get("S") == "/Figure":
            figure_box_on_page(pdf, element)
    toc = next((e for e in struct_elements(pdf, root) if is_contents(pdf, e)), None)
    if toc is not None:
        contents_as_toc(pdf, toc)


# --- walking the tree ----------------------------------------------------------------------------

def object_at(pdf: pydyf.PDF, reference: bytes):
    return pdf.objects[int(reference.split()[0])]


def kids(pdf: pydyf.PDF, element: pydyf.Dictionary) -> list[pydyf.Dictionary]:
    """The structure elements directly under ``element`` (marked-content numbers skipped)."""
    found = element.get("K", [])
    objects = (object_at(pdf, kid) for kid in (found if isinstance(found, list) else [found])
               if isinstance(kid, bytes))
    return [obj for obj in objects if isinstance(obj, dict) and obj.get("Type") == "/StructElem"]


def struct_elements(pdf: pydyf.PDF, start):
    """Every structure element under ``start`` (an element or a reference), depth first."""
    for kid in kids(pdf, object_at(pdf, start) if isinstance(start, bytes) else start):
        yield kid
        yield from struct_elements(pdf, kid)


def _parent_tree(pdf: pydyf.PDF) -> list:
    """The ParentTree's flat /Nums: page index → array of elements by MCID; annotation key → element."""
    return object_at(pdf, object_at(pdf, pdf.catalog["StructTreeRoot"])["ParentTree"])["Nums"]


# --- running content ------------------------------------------------------------------------------

def running_content_as_artifacts(pdf: pydyf.PDF) -> None:
    """Content whose structure elements are outside the tree (the margins' page numbers) marked as
    pagination artifacts; those elements emptied (nothing refers to them any more)."""
    in_tree = {id(e) for e in struct_elements(pdf, pdf.catalog["StructTreeRoot"])}
    orphans = {n for n, obj in enumerate(pdf.objects) if isinstance(obj, dict)
               and obj.get("Type") == "/StructElem" and id(obj) not in in_tree}
    nums = _parent_tree(pdf)
    everywhere = True
    for key, value in zip(nums[::2], nums[1::2]):
        if not isinstance(value, list):
            continue
        stale = {mcid for mcid, ref in enumerate(value) if isinstance(ref, bytes) and int(ref.split()[0]) in orphans}
        page = pdf.objects[pdf.pages["Kids"][3 * key]]     # pydyf keeps Kids as number, 0, "R"
        if stale and _mark_artifacts(object_at(pdf, page["Contents"]).stream, stale):
            for mcid in stale:
                value[mcid] = NULL
        elif stale:
            everywhere = False          # content drawn elsewhere than the page's stream: left tagged
    if everywhere:
        for number in orphans:
            pdf.objects[number].clear()


def _mark_artifacts(operations: list, mcids: set[int]) -> bool:
    """Turn ``/Span <</MCID n>> BDC`` into ``/Artifact <</Type /Pagination>> BDC`` for each n;
    False (nothing changed) unless every one of ``mcids`` is found in this stream."""
    places = [i for i, op in enumerate(operations)
              if isinstance(op, dict) and op.get("MCID") in mcids and i + 1 < len(operations)
              and operations[i + 1] == b"BDC" and i > 0]
    if {operations[i]["MCID"] for i in places} != mcids:
        return False
    for i in places:
        operations[i - 1] = "/Artifact"
        operations[i] = pydyf.Dictionary({"Type": "/Pagination"})
    return True


# --- figures -------------------------------------------------------------------------------------

def figure_box_on_page(pdf: pydyf.PDF, figure: pydyf.Dictionary) -> None:
    """A figure's /BBox from CSS pixels (from the page's top left) to points from its lower left."""
    attributes = figure.get("A")
    if not isinstance(attributes, dict) or "BBox" not in attributes or "Pg" not in figure:
        return
    x1, y1, x2, y2 = (float(v) for v in attributes["BBox"])
    top = float(object_at(pdf, figure["Pg"])["MediaBox"][3])
    attributes["BBox"] = pydyf.Array([round(x1 * PX_TO_PT, 2), round(top - y2 * PX_TO_PT, 2),
                                      round(x2 * PX_TO_PT, 2), round(top - y1 * PX_TO_PT, 2)])


# --- table of contents ---------------------------------------------------------------------------

def _only(pdf, element, kind: str):
    found = kids(pdf, element)
    return found[0] if len(found) == 1 and found[0].get("S") == kind else None


def is_contents(pdf: pydyf.PDF, element: pydyf.Dictionary) -> bool:
    """The contents as WeasyPrint tags them: a NonStruct (``<nav>``) holding a list whose every item
    is one body holding one link."""
    lists = [k for k in kids(pdf, element) if k.get("S") == "/L"]
    if element.get("S") != "/NonStruct" or len(lists) != 1 or not kids(pdf, lists[0]):
        return False
    return all(li.get("S") == "/LI" and (body := _only(pdf, li, "/LBody")) is not None
               and _only(pdf, body, "/Link") is not None for li in kids(pdf, lists[0]))


def contents_as_toc(pdf: pydyf.PDF, nav: pydyf.Dictionary) -> None:
    """TOC (its title a Caption) of TOCI, each holding one Link with one annotation."""
    entries = []
    for kid in kids(pdf, nav):
        if kid.get("S") == "/P":
            kid["S"] = "/Caption"
            entries.append(kid.reference)
        elif kid.get("S") == "/L":
            for item in kids(pdf, kid):
                body = kids(pdf, item)[0]
                link = kids(pdf, body)[0]
                _one_link(pdf, link)
                item["S"], item["P"], item["K"] = "/TOCI", nav.reference, pydyf.Array([link.reference])
                link["P"] = item.reference
                body.clear()
                entries.append(item.reference)
            kid.clear()
    nav["S"], nav["K"] = "/TOC", pydyf.Array(entries)


def _one_link(pdf: pydyf.PDF, link: pydyf.Dictionary) -> None:
    """Fold the links nested in ``link`` into it: their content and one annotation covering all."""
    contents, annotations, nested = [], [], []
    _gather(pdf, link, contents, annotations, nested)
    nums = _parent_tree(pdf)
    moved = {element.reference for element in nested}
    for value in nums[1::2]:
        if isinstance(value, list):
            value[:] = [link.reference if ref in moved else ref for ref in value]
    kept, *dropped = annotations
    annotation = object_at(pdf, kept["Obj"])
    rects = [[float(v) for v in object_at(pdf, objr["Obj"])["Rect"]] for objr in annotations]
    annotation["Rect"] = pydyf.Array([min(r[0] for r in rects), min(r[1] for r in rects),
                                      max(r[2] for r in rects), max(r[3] for r in rects)])
    gone = {objr["Obj"] for objr in dropped}
    for objr in dropped:
        page = object_at(pdf, objr["Pg"])
        page["Annots"] = pydyf.Array([a for a in page["Annots"] if a not in gone])
        key = object_at(pdf, objr["Obj"])["StructParent"]
        at = next(i for i in range(0, len(nums), 2) if nums[i] == key)
        del nums[at:at + 2]
    for element in nested:
        element.clear()
    for obj in (*(object_at(pdf, ref) for ref in gone), *dropped):
        obj.clear()
    link["K"] = pydyf.Array([kept.reference, *contents])


def _gather(pdf, link, contents: list, annotations: list, nested: list) -> None:
    """The MCIDs and OBJRs under ``link`` and its nested links, in reading order."""
    for kid in link.get("K", []):
        if isinstance(kid, int):
            contents.append(kid)
            continue
        obj = object_at(pdf, kid)
        if obj.get("Type") == "/OBJR":
            annotations.append(obj)
        elif obj.get("S") == "/Link":
            nested.append(obj)
            _gather(pdf, obj, contents, annotations, nested)


# --- tables --------------------------------------------------------------------------------------

def link_table_headers(pdf: pydyf.PDF, table: pydyf.Dictionary) -> None:
    """Point each data cell's /Headers at the header cells above it, spans counted.

    WeasyPrint 70 puts header cells that follow a row-spanning one in the wrong columns, so
    under a two-row header the data cells named the wrong headers, or none. The report's
    header cells are column headers (``<th>`` in ``<thead>``).
    """
    rows = [e for e in struct_elements(pdf, table) if e.get("S") == "/TR"]
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, row in enumerate(rows):
        c = 0
        for cell in kids(pdf, row):
            if cell.get("S") not in ("/TH", "/TD"):
                continue
            while (r, c) in taken:
                c += 1
            spans = cell.get("A") or {}
            rowspan, colspan = spans.get("RowSpan", 1), spans.get("ColSpan", 1)
            taken.update((r + i, c + j) for i in range(rowspan) for j in range(colspan))
            placed.append((range(c, c + colspan), cell))
            c += colspan
    headers: dict[int, list] = {}
    for columns, cell in placed:
        if cell["S"] == "/TH" and "ID" in cell:
            for column in columns:
                headers.setdefault(column, []).append(cell["ID"])
    for columns, cell in placed:
        if cell["S"] == "/TD" and "A" in cell:
            cell["A"]["Headers"] = pydyf.Array(
                [key for column in columns for key in headers.get(column, [])])
