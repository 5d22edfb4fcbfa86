"""Document model → one self-contained HTML page (for WeasyPrint), through Jinja2 templates.

``report.html.j2`` lays out the page; ``blocks.html.j2`` holds one macro per block kind
(``BLOCK_MACROS`` maps each model class to its macro); ``report.css.j2`` turns the layout
profile into the stylesheet inlined in ``<style>``. Nothing here reads or writes files except
the templates and the bundled fonts' names and metrics.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from generator.check.glyphs import printable
from generator.config import TEMPLATES_DIR, Profile
from generator.doc.languages import segments, written_tag
from generator.doc.fill import leads_in
from generator.doc.model import (
    Block, Diagram, Document, Emphasis, Footnote, Heading, ListBlock, PageBreak, Paragraph, Photo,
    Signature, Strong, Table, TableOfContents, Text,
)
from generator.writers.geometry import (
    CELL_PADDING_MM, COVER_TITLE_TOP, RULE_PT, content_height_mm, group_cover, line_height_em, line_pt,
    photo_max_height_mm,
)
from generator.writers.fonts import FALLBACK_FAMILIES, font_files, single_line_em
from generator.writers.registry import writer

HTML_TEMPLATES_DIR = TEMPLATES_DIR / "html"

#: The macro of ``blocks.html.j2`` that writes each block kind.
BLOCK_MACROS: dict[type, str] = {
    Heading: "heading",
    Paragraph: "paragraph",
    ListBlock: "list_block",
    Table: "table",
    Diagram: "diagram",
    Photo: "photo",
    TableOfContents: "table_of_contents",
    PageBreak: "page_break",
    Signature: "signature",
}

#: The name the ``inlines`` macro of ``blocks.html.j2`` gives each inline kind.
INLINE_MACROS: dict[type, str] = {Text: "text", Strong: "strong", Emphasis: "emphasis", Footnote: "footnote"}

#: What the registry's exhaustiveness test reads: one macro per kind.
BLOCK_WRITERS, INLINE_WRITERS = BLOCK_MACROS, INLINE_MACROS

#: The image forms this writer takes, as the registry declares them.
IMAGE_FORMS = writer("pdf", "weasyprint").takes

# Drawing details the layout profile does not (yet) carry.
MM_PER_PT = 25.4 / 72

#: Added to the bundled family's name in @font-face so that no installed font of the same name
#: can stand in for it (letters and spaces only: WeasyPrint puts it into PDF font names).
FONT_ALIAS_SUFFIX = "Bundled"

#: Face file suffix (``LiberationSerif-Bold.ttf``) → CSS font-weight and font-style.
FONT_FACES = {
    "Regular": ("normal", "normal"),
    "Bold": ("bold", "normal"),
    "Italic": ("normal", "italic"),
    "BoldItalic": ("bold", "italic"),
}


@dataclass(frozen=True)
class FontFace:
    """One bundled font file as an ``@font-face`` rule sees it."""
    family: str
    url: str
    weight: str
    style: str


@dataclass(frozen=True)
class TocEntry:
    """One line of the table of contents."""
    level: int
    text: str
    anchor: str


def render_html(doc: Document, profile: Profile, templates: tuple[Path, ...] = (TEMPLATES_DIR,)) -> str:
    """The whole report as one HTML page, CSS inline, every text escaped; each template taken
    from the first of ``templates`` that has it (a project's own, then the packaged)."""
    env = _environment(tuple(Path(folder) / "html" for folder in templates))
    style = _style_values(profile)
    css = env.get_template("report.css.j2").render(style=style)
    return env.get_template("report.html.j2").render(
        doc=doc,
        profile=profile,
        style=style,
        lang=written_tag(doc.meta.language),
        css=Markup(css),
        cover=group_cover(doc.cover),
        toc_entries=_toc_entries(doc),
    )


# --- Jinja2 ---------------------------------------------------------------------------------

@lru_cache(maxsize=4)
def _environment(folders: tuple[Path, ...] = (HTML_TEMPLATES_DIR,)) -> Environment:
    env = Environment(
        loader=FileSystemLoader(folders),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=True),
        undefined=StrictUndefined,
        finalize=_bundled_letters,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(block_macro=block_macro, inline_macro=inline_macro, image_url=image_url,
                       diagram_svg=diagram_svg, leads_in=leads_in)
    env.filters["css_string"] = css_string
    env.filters["num"] = css_number
    env.filters["in_languages"] = in_languages
    return env


def _bundled_letters(value):
    """Every text printed: a letter no bundled font has becomes a stand-in, never a system font's
    glyph (a final build has stopped on such letters already; a draft shows the stand-in)."""
    if isinstance(value, Markup):       # markup made by a filter: only letters change, never < > &
        return Markup(printable(str(value)))
    return printable(value) if isinstance(value, str) else value


def block_macro(block: Block) -> str:
    """The name of the macro that writes ``block``; unknown kinds are a programming error."""
    try:
        return BLOCK_MACROS[type(block)]
    except KeyError:
        raise TypeError(f"the HTML writer has no macro for {type(block).__name__}") from None


def inline_macro(span) -> str:
    """The name of the macro that writes an inline span."""
    try:
        return INLINE_MACROS[type(span)]
    except KeyError:
        raise TypeError(f"the HTML writer has no macro for {type(span).__name__}") from None


def image_url(path: str | Path) -> str:
    """A ``file:`` URL for an absolute image path."""
    path = Path(path)
    if not path.is_absolute():
        raise ValueError(f"image paths must be absolute: {path}")
    return path.as_uri()


def diagram_svg(doc: Document, diagram: Diagram) -> str:
    """The SVG drawn for ``diagram``: charts are drawn before any writer runs."""
    try:
        return doc.images[diagram.anchor].form(*IMAGE_FORMS)
    except KeyError:
        raise KeyError(f"no drawn chart for diagram {diagram.anchor!r} in doc.images") from None


def in_languages(text: str, language: str, english: frozenset[str] = frozenset()) -> Markup:
    """``text`` escaped, each passage not in the report's ``language`` in a ``<span lang>``
    (``english``: the English words of a report in Latin letters, ``Meta.english``)."""
    return Markup("").join(
        escape(piece) if tag == language else Markup('<span lang="{}">{}</span>').format(written_tag(tag), piece)
        for piece, tag in segments(text, language, english))


def css_number(value: float) -> str:
    """A length's number as CSS wants it: ``210.0`` → ``210``, ``85.6667`` → ``85.667``."""
    return f"{round(float(value), 3):g}"


def css_string(value: str) -> Markup:
    """``value`` as a quoted CSS string, safe inside ``<style>`` (no quote, backslash, ``<``)."""
    escaped = "".join(
        f"\\{ord(ch):x} " if ch in '"\\<>&' or ord(ch) < 0x20 else ch for ch in str(value)
    )
    return Markup(f'"{escaped}"')


# --- what the templates need, computed from the model and the profile -----------------------

def _toc_entries(doc: Document) -> list[TocEntry]:
    """Every heading of the body, which must have its anchor by now (links and page numbers)."""
    entries = []
    for block in doc.body:
        if isinstance(block, Heading):
            if not block.anchor:
                raise ValueError(f"heading {block.full_text!r} has no anchor")
            entries.append(TocEntry(block.level, block.full_text, block.anchor))
    return entries


def _style_values(profile: Profile) -> dict:
    """Everything ``report.css.j2`` needs: the profile plus values derived from it."""
    page, fonts = profile.page, profile.fonts
    content_height = content_height_mm(profile)
    # Word's "single" spacing is the font's own line height: CSS gets it as a number.
    single = single_line_em(fonts.pdf_body)
    line_height = line_height_em(profile)
    caption_line_mm = fonts.caption_pt * line_height * MM_PER_PT
    families = (fonts.pdf_body, *FALLBACK_FAMILIES)
    return {
        "profile": profile,
        "font_stack": Markup(", ".join([*(css_string(_alias(f)) for f in families), "serif"])),
        "font_faces": [face for family in families for face in _font_faces(family)],
        "line_height": line_height,
        "line_pt": line_pt(profile),
        "table_line_height": round(single, 4),
        "content_height_mm": content_height,
        "cover_title_top_mm": round(content_height * COVER_TITLE_TOP, 2),
        "photo_max_width_mm": round(profile.photo_box_mm()[0], 2),
        "photo_max_height_mm": round(photo_max_height_mm(profile, caption_line_mm), 2),
        "rule_pt": RULE_PT,
        "cell_padding_mm": CELL_PADDING_MM,
        "page_number_box": "top-center" if page.number_position == "top" else "bottom-center",
        "numbered_marker": _marker_content(profile.lists.numbered_format),
        "bullet_marker": css_string(profile.lists.bullet + " "),
        "sub_numbered_marker": _marker_content(profile.lists.sub_numbered_format),
        "sub_bullet_marker": css_string(profile.lists.sub_bullet + " "),
    }


_COUNTERS = {"%1": "counter(item)", "%2": "counter(subitem)"}


def _marker_content(pattern: str) -> Markup:
    """A list-number pattern like ``%1)`` as CSS ``content``: ``counter(item) ") "`` (``%2``: a
    sub-item's number)."""
    parts = re.split(r"(%[12])", pattern + " ")
    out = [_COUNTERS.get(part) or css_string(part) for part in parts if part]
    return Markup(" ".join(out))


def _alias(family: str) -> str:
    return f"{family} {FONT_ALIAS_SUFFIX}"


def _font_faces(family: str) -> list[FontFace]:
    return [FontFace(_alias(family), path.resolve().as_uri(), *FONT_FACES[face])
            for face, path in font_files(family)]
