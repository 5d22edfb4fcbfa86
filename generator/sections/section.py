"""One report section (one input file) → blocks, in the order its `content` gives."""
from __future__ import annotations

from generator.doc.inline import squash
from generator.doc.model import Block, Heading, Paragraph, Photo
from generator.model.inputs import Content, FreeTable, Section
from generator.sections.context import Context
from generator.sections.diagrams import build_diagram
from generator.sections.grid import build_free_table
from generator.sections.lists import build_list
from generator.sections.tables import build_table


def build_section(key: str, section: Section, number: str, ctx: Context) -> list[Block]:
    """The heading (numbered by its place), then each content entry in order."""
    blocks: list[Block] = []
    if section.heading:
        text = ctx.text(section.heading, key, ("heading",)).rstrip(". ")
        blocks.append(Heading(level=1, text=text, number=number, anchor=f"section-{key}", source=ctx.source(key, ("heading",))))
    for i, entry in enumerate(section.content):
        block = _entry(key, section, entry, ("content", i), ctx)
        if block is not None:
            blocks.append(block)
    return blocks


def build_appendix(key: str, section: Section, index: int, ctx: Context) -> list[Block]:
    """An appendix: its heading lettered by its place («Қосымша А»), then its content."""
    blocks = build_section(key, section, "", ctx)
    label = ctx.profile.appendices.label(index)
    if label is None:
        ctx.problem("report", ("appendices", index), f"the layout profile has letters for "
                    f"{len(ctx.profile.appendices.letters)} appendices: join some of them")
        return blocks
    if not section.heading:
        ctx.problem(key, ("heading",), "an appendix needs a heading: write one (heading: …)")
        return blocks
    heading = blocks[0]
    heading.appendix, heading.number = label
    heading.anchor = f"appendix-{key}"
    return blocks


def _entry(key: str, section: Section, entry: Content, path: tuple, ctx: Context) -> Block | None:
    kind = entry.kind
    if kind == "text":
        return Paragraph(ctx.inlines(entry.text, key, (*path, "text")), source=ctx.source(key, (*path, "text")))
    if kind == "subheading":
        text = ctx.text(entry.subheading, key, (*path, "subheading")).rstrip(". ")
        return Heading(level=2, text=text, anchor=f"section-{key}-{path[1]}", source=ctx.source(key, (*path, "subheading")))
    if kind == "photo":
        return _photo(key, entry, path, ctx)
    named = {"list": section.lists, "table": section.tables, "diagram": section.diagrams}[kind]
    name = getattr(entry, kind)
    if name not in named:
        known = ", ".join(named) or "none"
        ctx.problem(key, (*path, kind), f"there is no {kind} named '{name}' in this file (known: {known})")
        return None
    build = {"list": build_list, "table": _table, "diagram": build_diagram}[kind]
    return build(name, named[name], key, ctx)


def _table(name: str, spec, key: str, ctx: Context):
    """A free table (its own columns), or a table of a figure's parts by year."""
    return (build_free_table if isinstance(spec, FreeTable) else build_table)(name, spec, key, ctx)


def _photo(key: str, entry: Content, path: tuple, ctx: Context) -> Photo:
    photo = entry.photo
    caption = squash(ctx.text(photo.caption, key, (*path, "photo", "caption")))
    alt = ctx.text(photo.alt, key, (*path, "photo", "alt")) if photo.alt else caption
    found = ctx.report.photos.get(photo.file)
    return Photo(path=str(found or ""), caption=caption, alt=alt, placeholder=found is None,
                 source=ctx.source(key, (*path, "photo", "caption")))
