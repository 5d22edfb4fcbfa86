"""Reading a tagged PDF as a screen reader does: its structure tree, the text of each element in
structure order, and the PDF/UA-1 checkpoints a machine can check (with pikepdf)."""
from __future__ import annotations

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


def _marked_texts(path: Path) -> dict[tuple[int, int], str]:
    """Each marked-content sequence's text by (page index, MCID), as pypdf decodes it."""
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
