"""The director's approval block (cover, top right) and signature line (end) in the DOCX."""
from __future__ import annotations

from generator.doc.model import Signature
from generator.writers.docx import styles as st
from generator.writers.docx.context import DocxContext


def write_signature(ctx: DocxContext, block: Signature) -> None:
    """«БЕКІТЕМІН», the position, the line and name, the date, each a line of the right half of
    the page; or, at the end, the position at the left and the line and name at the right margin."""
    if block.kind == "approval":
        lines = [block.title, block.position, f"{block.line} {block.name}", block.date]
        for i, text in enumerate(line for line in lines if line):
            p = ctx.add_paragraph(st.APPROVAL, text)
            p.paragraph_format.keep_with_next = True
            if i == 0:
                p.runs[0].bold = True
        return
    p = ctx.add_paragraph(st.SIGNATURE, block.position)
    p.add_run(f"\t{block.line} {block.name}")
    if block.date:
        p.runs[-1].add_break()
        p.add_run(block.date)
