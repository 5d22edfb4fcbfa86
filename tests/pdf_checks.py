"""Reading a tagged PDF as a screen reader does: its structure tree, the text of each element in
structure order, and the PDF/UA-1 checkpoints a machine can check (with pikepdf)."""
from __future__ import annotations

import functools
from pathlib import Path

import pikepdf
import pypdf


#: Structure types within a line of text: read on without a break.
INLINE = ("/Span", "/Strong", "/Em", "/Link", "/Reference", "/Quote", "/Code")


def elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every structure element, in structure (reading) order."""
    found: list[pikepdf.Dictionary] = []

    def walk(node):
        for kid in _kids(node):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                found.append(kid)
                walk(kid)
    walk(pdf.Root.StructTreeRoot)
    return found


def _kids(node) -> list:
    k = node.get("/K")
    return list(k) if isinstance(k, pikepdf.Array) else ([] if k is None else [k])


def structure_text(path: Path) -> str:
    """The text of the pages' marked content, read in the structure tree's order."""
    texts = _marked_texts(path)
    pages = {}
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
        out: list[str] = []

        def walk(node, page):
            page = pages.get(node.Pg.objgen, page) if "/Pg" in node else page
            for kid in _kids(node):
                if isinstance(kid, int):
                    out.append(texts.get((page, kid), ""))
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                    mcr_page = pages.get(kid.Pg.objgen, page) if "/Pg" in kid else page
                    out.append(texts.get((mcr_page, int(kid.MCID)), ""))
                elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    walk(kid, page)
                    if kid.S not in INLINE:
                        out.append(" ")        # block elements are read apart
        walk(pdf.Root.StructTreeRoot, None)
    return "".join(out)


def _read(path: Path, visit) -> None:
    """Walk the structure tree in reading order, calling ``visit(elements, page, mcid, language)``
    for each marked-content sequence it names (``elements``: its element and their ancestors,
    outermost first; ``language``: the nearest /Lang among them, else the document's)."""
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}

        def walk(node, chain, page, language):
            page = pages.get(node.Pg.objgen, page) if "/Pg" in node else page
            language = str(node.get("/Lang", language))
            for kid in _kids(node):
                if isinstance(kid, int):
                    visit(chain, page, kid, language)
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                    visit(chain, pages.get(kid.Pg.objgen, page) if "/Pg" in kid else page, int(kid.MCID), language)
                elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    walk(kid, [*chain, kid], page, language)
        walk(pdf.Root.StructTreeRoot, [], None, str(pdf.Root.get("/Lang", "")))


def element_texts(path: Path, kind: str) -> list[str]:
    """The text of each structure element of ``kind`` (e.g. "/Figure"), what is under it
    included, in reading order."""
    texts, found = _marked_texts(path), {}

    def visit(chain, page, mcid, language):
        owners = [element for element in chain if element.get("/S") == kind]
        if owners:
            found.setdefault(owners[-1].objgen, []).append(texts.get((page, mcid), ""))
    _read(path, visit)
    return ["".join(chunks) for chunks in found.values()]


def _without_script(tag: str) -> str:
    return "-".join(part for part in tag.split("-") if len(part) != 4)


def language_runs(path: Path) -> list[tuple[str, str]]:
    """The text in reading order cut where the structure's language changes: (language, text)."""
    texts, runs = _marked_texts(path), []

    def visit(chain, page, mcid, language):
        text = texts.get((page, mcid), "")
        if runs and runs[-1][0] == language:
            runs[-1] = (language, runs[-1][1] + text)
        elif text:
            runs.append((language, text))
    _read(path, visit)
    return runs


def languages_only_in_content(path: Path) -> list[str]:
    """Each marked-content sequence whose /Lang its structure element does not say (the element's
    or an ancestor's /Lang, else the document's): «page N MCID M: ru-RU in kk-KZ»."""
    marked = {}
    with pikepdf.open(path) as pdf:
        for number, page in enumerate(pdf.pages):
            for operands, _ in pikepdf.parse_content_stream(page, "BDC"):
                properties = operands[1] if len(operands) > 1 else None
                if isinstance(properties, pikepdf.Dictionary) and "/Lang" in properties and "/MCID" in properties:
                    marked[(number, int(properties.MCID))] = str(properties.Lang)
    off = []

    def visit(chain, page, mcid, language):       # Typst writes no script: kk-KZ is kk-Latn-KZ's
        if _without_script(marked.get((page, mcid), language)) != _without_script(language):
            off.append(f"page {page + 1} MCID {mcid}: {marked[(page, mcid)]} in {language}")
    _read(path, visit)
    return off


def _marked_texts(path: Path) -> dict[tuple[int, int], str]:
    """Each marked-content sequence's text by (page index, MCID), as pypdf decodes it (read once
    per file as it is: several tests read the same session-wide PDF)."""
    stat = Path(path).stat()
    return _read_marked_texts(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=16)
def _read_marked_texts(path: str, mtime: int, size: int) -> dict[tuple[int, int], str]:
    texts: dict[tuple[int, int], list[str]] = {}
    for number, page in enumerate(pypdf.PdfReader(path).pages):
        stack: list[int | None] = []

        def before(op, args, cm, tm):
            if op == b"BDC":
                properties = args[1]
                stack.append(properties.get("/MCID") if hasattr(properties, "get") else None)
            elif op == b"BMC":
                stack.append(None)
            elif op == b"EMC" and stack:
                stack.pop()

        def text(chunk, cm, tm, font, size):
            current = next((m for m in reversed(stack) if m is not None), None)
            if chunk and current is not None:
                texts.setdefault((number, int(current)), []).append(chunk.replace("\n", ""))
        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return {key: "".join(chunks) for key, chunks in texts.items()}


def words(text: str) -> str:
    """Every run of white space (no-break spaces too) as one space."""
    return " ".join(text.split())


# --- PDF/UA-1: the checkpoints a machine can check (the Matterhorn Protocol's numbers) -------------

#: ISO 32000-1's standard structure types (14.8.4).
STANDARD_TYPES = frozenset(f"/{name}" for name in (
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 "
    "L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot "
    "Ruby RB RT RP Warichu WT WP Figure Formula Form").split())
#: A standard type → the types its parent may be (a few of PDF/UA's nesting rules). A Lbl may
#: label more than a list item (Typst's footnote numbers are one, in the Note and at the call: the
#: PDF/UA validators, veraPDF and PAC, take it; Acrobat's own check does not).
PARENTS = {"/LI": {"/L"}, "/LBody": {"/LI"}, "/TR": {"/Table", "/THead", "/TBody", "/TFoot"},
           "/TH": {"/TR"}, "/TD": {"/TR"}, "/TOCI": {"/TOC"}, "/THead": {"/Table"}, "/TBody": {"/Table"},
           "/TFoot": {"/Table"}}
PAINTING = {"Tj", "TJ", "'", '"', "Do", "sh", "f", "F", "f*", "B", "B*", "b", "b*", "S", "s"}
LANGUAGE_TAG = r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*"


def pdf_ua_failures(path: Path) -> list[str]:
    """Each machine-checkable PDF/UA-1 checkpoint the file fails, as «number: what» (none: it holds)."""
    with pikepdf.open(path) as pdf:
        found = _catalog_failures(pdf)
        if "/StructTreeRoot" not in pdf.Root:
            return found + ["01-006: no structure tree"]
        tree = _tree(pdf)
        return found + _element_failures(pdf, tree) + _content_failures(pdf, tree) + _annotation_failures(pdf) + \
            _font_failures(pdf) + _file_failures(pdf)


def _catalog_failures(pdf: pikepdf.Pdf) -> list[str]:
    import re
    meta = pdf.open_metadata()
    marks = pdf.Root.get("/MarkInfo", {})
    checks = {
        "06-001: no XMP metadata": "/Metadata" in pdf.Root,
        "06-002: no pdfuaid:part 1": meta.get("pdfuaid:part") == "1",
        "06-003: no dc:title": bool(str(meta.get("dc:title", "")).strip()),
        "07-001: ViewerPreferences without DisplayDocTitle true":
            pdf.Root.get("/ViewerPreferences", {}).get("/DisplayDocTitle") is True,
        "01-001: MarkInfo without Marked true": marks.get("/Marked") is True,
        "01-002: MarkInfo Suspects true": marks.get("/Suspects") is not True,
        "11-006: no document language": bool(re.fullmatch(LANGUAGE_TAG, str(pdf.Root.get("/Lang", "")))),
        "26-001: encrypted": not pdf.is_encrypted,
    }
    return [failure for failure, holds in checks.items() if not holds]


def _tree(pdf: pikepdf.Pdf) -> list[tuple[pikepdf.Dictionary, pikepdf.Object]]:
    """Every structure element with its parent (the root for the top ones)."""
    found = []

    def walk(node):
        for kid in _kids(node):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                found.append((kid, node))
                walk(kid)
    walk(pdf.Root.StructTreeRoot)
    return found


def _standard(pdf: pikepdf.Pdf, kind: str) -> str | None:
    """The standard type ``kind`` is, or maps to through the role map; None if none."""
    roles = pdf.Root.StructTreeRoot.get("/RoleMap", {})
    seen = set()
    while kind not in STANDARD_TYPES and kind in roles and kind not in seen:
        seen.add(kind)
        kind = str(roles[kind])
    return kind if kind in STANDARD_TYPES else None


def _element_failures(pdf: pikepdf.Pdf, tree) -> list[str]:
    import re
    failures, level, ids = [], 0, []
    roles = pdf.Root.StructTreeRoot.get("/RoleMap", {})
    failures += [f"02-004: standard type {k} mapped to {v}" for k, v in roles.items() if k in STANDARD_TYPES]
    for element, parent in tree:
        kind = _standard(pdf, str(element.S))
        parent_kind = _standard(pdf, str(parent.S)) if "/S" in parent else None
        if kind is None:
            failures.append(f"02-001: {element.S} is neither standard nor mapped to a standard type")
        elif kind in PARENTS and parent_kind not in PARENTS[kind]:
            failures.append(f"09-004: {kind} inside {parent_kind}")
        if kind in ("/Figure", "/Formula") and not str(element.get("/Alt", element.get("/ActualText", ""))).strip():
            failures.append(f"13-004: a {kind} without alternative text")
        if kind == "/TH" and _attribute(element, "/Scope") is None:
            failures.append("15-003: a TH without Scope")
        if kind == "/Note":
            ids.append(str(element.get("/ID", "")))
        if kind and re.fullmatch(r"/H[1-6]", kind):
            if int(kind[2]) > level + 1:
                failures.append(f"14-003: {kind} after H{level}")
            level = int(kind[2])
        if "/Lang" in element and not re.fullmatch(LANGUAGE_TAG, str(element.Lang)):
            failures.append(f"11-001: structure language {element.Lang}")
    failures += ["19-003: a Note without ID" for i in ids if not i]
    failures += ["19-004: Note IDs repeat"] if len(set(ids)) != len(ids) else []
    return failures


def _attribute(element, name: str):
    attributes = element.get("/A")
    listed = list(attributes) if isinstance(attributes, pikepdf.Array) else [attributes] if attributes else []
    return next((a[name] for a in listed if isinstance(a, pikepdf.Dictionary) and name in a), None)


def _content_failures(pdf: pikepdf.Pdf, tree) -> list[str]:
    """Every painting operator inside tagged or artifact content (01-003/01-004), and every MCID
    of a page's content the child of the element the parent tree names (01-005), both ways."""
    import re
    failures = []
    parents = _parent_tree(pdf.Root.StructTreeRoot.ParentTree)
    claimed = {}
    for element, _ in tree:
        for kid in _kids(element):
            page = element.get("/Pg")
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                page, kid = kid.get("/Pg", page), int(kid.MCID)
            if isinstance(kid, int) and page is not None:
                claimed[(page.objgen, kid)] = element.objgen
    seen = set()
    for number, page in enumerate(pdf.pages, start=1):
        frames, parent_array = [], parents.get(int(page.obj.get("/StructParents", -1)))
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op in ("BDC", "BMC"):
                properties = operands[1] if op == "BDC" and isinstance(operands[1], pikepdf.Dictionary) else {}
                mcid = int(properties["/MCID"]) if "/MCID" in properties else None
                frames.append((str(operands[0]), mcid))
                if mcid is not None:
                    seen.add((page.obj.objgen, mcid))
                    owner = parent_array[mcid] if parent_array is not None and mcid < len(parent_array) else None
                    if owner is None or claimed.get((page.obj.objgen, mcid)) != owner.objgen:
                        failures.append(f"01-005: page {number} MCID {mcid} not the child its parent tree names")
                if "/Lang" in properties and not re.fullmatch(LANGUAGE_TAG, str(properties["/Lang"])):
                    failures.append(f"11-001: marked-content language {properties['/Lang']}")
            elif op == "EMC" and frames:
                frames.pop()
            elif op in PAINTING and not any(tag == "/Artifact" or mcid is not None for tag, mcid in frames):
                failures.append(f"01-003: page {number}: {op} neither tagged nor an artifact")
    failures += [f"01-005: an element names MCID {mcid} its page does not mark" for (_, mcid) in set(claimed) - seen]
    return sorted(set(failures))


def _parent_tree(node) -> dict[int, pikepdf.Array]:
    found = {}
    if "/Nums" in node:
        for at in range(0, len(node.Nums), 2):
            found[int(node.Nums[at])] = node.Nums[at + 1]
    for kid in node.get("/Kids", []):
        found.update(_parent_tree(kid))
    return found


def _annotation_failures(pdf: pikepdf.Pdf) -> list[str]:
    """Each annotation tagged (a Link inside a Link element); a page with any orders them by structure."""
    failures, objects = [], {}
    for element, _ in _tree(pdf):
        for kid in _kids(element):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                objects[kid.Obj.objgen] = _standard(pdf, str(element.S))
    for number, page in enumerate(pdf.pages, start=1):
        annotations = [a for a in page.obj.get("/Annots", []) if a.get("/Subtype") != "/Popup"]
        if annotations and page.obj.get("/Tabs") != "/S":
            failures.append(f"28-008: page {number} has annotations and no /Tabs /S")
        for annotation in annotations:
            tag = objects.get(annotation.objgen)
            if tag is None:
                failures.append(f"28-002: page {number}: an annotation not in the structure tree")
            elif annotation.get("/Subtype") == "/Link" and tag != "/Link":
                failures.append(f"28-011: page {number}: a link inside {tag}")
    return failures


def _font_failures(pdf: pikepdf.Pdf) -> list[str]:
    failures = []
    for page in pdf.pages:
        for name, font in page.obj.get("/Resources", {}).get("/Font", {}).items():
            described = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = described.get("/FontDescriptor", {})
            if font.get("/Subtype") != "/Type3" and not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                failures.append(f"31-001: font {font.get('/BaseFont')} not embedded")
            if "/ToUnicode" not in font:
                failures.append(f"31-027: font {font.get('/BaseFont')} without a ToUnicode map")
    return sorted(set(failures))


def _file_failures(pdf: pikepdf.Pdf) -> list[str]:
    return [f"21-001: embedded file {name} without F and UF" for name, spec in pdf.attachments.items()
            if not {"/F", "/UF"} <= set(spec.obj.keys())]
