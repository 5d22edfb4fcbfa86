"""The bundled fonts registered with reportlab, and every paragraph style, from the layout profile."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import pyphen
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from generator.config import Profile
from generator.writers.geometry import text_width_mm
from generator.writers.fonts import (
    FACES,
    FALLBACK_FAMILIES,
    font_files,
    single_line_em,
)

ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "centre": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}


def face_name(family: str, face: str = "Regular") -> str:
    """reportlab's name of a bundled face: ``LiberationSerif-Bold``."""
    return f"{family.replace(' ', '')}-{face}"


@lru_cache(maxsize=8)
def register_family(family: str) -> str:
    """Register the bundled faces of ``family``, each file read once (a face the family lacks is
    its regular one); returns the regular face's name, which ``<b>`` and ``<i>`` map from."""
    files = dict(font_files(family))
    for face, path in files.items():
        pdfmetrics.registerFont(TTFont(face_name(family, face), path))
    name = {face: face_name(family, face if face in files else "Regular") for face in FACES}
    pdfmetrics.registerFontFamily(name["Regular"], normal=name["Regular"], bold=name["Bold"],
                                  italic=name["Italic"], boldItalic=name["BoldItalic"])
    return name["Regular"]


class Fallbacks:
    """The bundled families for letters the body font lacks, each registered when a letter first needs it."""

    def __init__(self, families=FALLBACK_FAMILIES):
        self.families = families

    def face_for(self, code: int) -> str | None:
        """The first fallback family that has the letter (each registered when first asked); None if none has it."""
        return next((face for face in map(register_family, self.families) if code in letters_of(face)), None)


def letters_of(face: str) -> Mapping[int, int]:
    """The code points a registered face has a glyph for: its cmap as reportlab read it when
    registering (reading it again with fontTools costs more than the registration)."""
    return pdfmetrics.getFont(face).face.charToGlyph


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of one profile, by the roles the blocks use."""
    profile: Profile
    font: str                   # the body's regular face
    letters: Mapping[int, int]  # the letters it has (``letters_of``)
    line: float                 # a body line's height in points
    fallbacks: Fallbacks        # faces for the letters it lacks
    by_role: dict[str, ParagraphStyle]

    def aligned(self, role: str, align: str) -> ParagraphStyle:
        """The role's style, aligned as a cell asks (``left``, ``center``, ``right``) if it asks."""
        style = self[role]
        return ParagraphStyle(f"{role}-{align}", parent=style, alignment=ALIGN[align]) if align else style

    def __getitem__(self, role: str) -> ParagraphStyle:
        return self.by_role.get(role) or self.by_role["cover" if role.startswith("cover") else "body"]


def make_styles(profile: Profile) -> Styles:
    """Every style the blocks use, sized as the HTML writer's stylesheet sizes them."""
    fonts, para = profile.fonts, profile.paragraph
    font = register_family(fonts.pdf_body)
    single = single_line_em(fonts.pdf_body)
    spacing = para.line_spacing * single
    line = fonts.body_pt * spacing
    body = ParagraphStyle("body", fontName=font, fontSize=fonts.body_pt, leading=line,
                          firstLineIndent=para.first_line_indent_mm * mm, spaceAfter=para.space_after_pt,
                          alignment=TA_JUSTIFY if para.justify else TA_LEFT)

    def like(name: str, parent=body, **values) -> ParagraphStyle:
        return ParagraphStyle(name, parent=parent, **values)
    plain = like("plain", firstLineIndent=0)
    centred = like("centred", plain, alignment=TA_CENTER)
    caption = like("caption", centred, fontSize=fonts.caption_pt, leading=fonts.caption_pt * spacing)
    cell = like("cell", plain, fontSize=fonts.table_pt, leading=fonts.table_pt * single, alignment=TA_LEFT,
                hyphenationLang=hyphenation(profile.numbers.locale))
    roles = {
        "body": body, "note": like("note", fontSize=fonts.table_pt, leading=fonts.table_pt * spacing),
        "cover-ministry": like("cover-ministry", centred, fontName=face_name(fonts.pdf_body, "Bold")),
        "cover-title": like("cover-title", centred, fontName=face_name(fonts.pdf_body, "Bold"),
                            fontSize=fonts.cover_title_pt, leading=fonts.cover_title_pt * spacing),
        "cover": centred, "heading": like("heading", plain, fontName=face_name(fonts.pdf_body, "Bold"),
                                          fontSize=fonts.heading_pt, leading=fonts.heading_pt * spacing,
                                          spaceBefore=line, keepWithNext=1),
        "table-caption": like("table-caption", caption, alignment=ALIGN[profile.captions.table_align], keepWithNext=1),
        "long-table-caption": like("long-table-caption", caption, alignment=ALIGN[profile.captions.table_align]),
        "diagram-caption": like("diagram-caption", caption, alignment=ALIGN[profile.captions.diagram_align]),
        "photo-caption": caption, "toc-title": like("toc-title", centred, fontName=face_name(fonts.pdf_body, "Bold"),
                                                    spaceAfter=line),
        "cell": cell, "cell-numeric": like("cell-numeric", cell, alignment=TA_RIGHT),
        "cell-header": like("cell-header", cell, alignment=TA_CENTER),
        "page-number": centred, "list": body, "toc": like("toc", plain, alignment=TA_LEFT),
        "sub-list": like("sub-list", leftIndent=profile.lists.sub_indent_mm * mm),
        "appendix": like("appendix", centred, fontName=face_name(fonts.pdf_body, "Bold"),
                         fontSize=fonts.heading_pt, leading=fonts.heading_pt * spacing, spaceBefore=0, keepWithNext=1),
        "approval": like("approval", plain, alignment=TA_LEFT, leftIndent=0.5 * text_width_mm(profile) * mm),
        "sign": like("sign", plain, alignment=TA_RIGHT), "plain": like("plain-left", plain, alignment=TA_LEFT),
        "table-continued": like("table-continued", caption, alignment=ALIGN[profile.captions.table_continued_align],
                                keepWithNext=1),
        "footnote": like("footnote", plain, alignment=TA_LEFT, fontSize=fonts.footnote_pt,
                         leading=fonts.footnote_pt * single),
    }
    return Styles(profile, font, letters_of(font), line, Fallbacks(), roles)


@lru_cache(maxsize=8)
def hyphenation(locale: str):
    """How a word of the report's language breaks in a narrow table cell (pyphen's dictionary, as
    WeasyPrint's ``hyphens: auto`` uses it), or '' when there is none (Kazakh): no hyphenation."""
    found = pyphen.language_fallback(locale.replace("-", "_")) if locale else None
    return pyphen.Pyphen(lang=found).iterate if found else ""
