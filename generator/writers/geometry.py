"""Geometry derived from the layout profile, for every writer that lays out pages: where the
cover's blocks sit, how tall a photo may be, the tables' rules and padding."""
from __future__ import annotations

from dataclasses import dataclass

from generator.config import Profile
from generator.doc.model import Block, PageBreak
from generator.writers.fonts import extent_em, single_line_em

COVER_TITLE_TOP = 1 / 3        # the cover title's top, as a fraction of the text area's height
PHOTO_CAPTION_LINES = 3        # lines kept free under the tallest photo for its caption
RULE_PT = 0.5                  # table borders
CELL_PADDING_MM = 1.0          # inside each table cell, on every side


@dataclass(frozen=True)
class Cover:
    """The cover's blocks grouped by where they sit on page 1."""
    top: list[Block]
    middle: list[Block]
    bottom: list[Block]


def group_cover(blocks: list[Block]) -> Cover:
    """Ministry lines at the top, the title in the upper middle, the city at the foot.

    The cover fills page 1 and ends it by itself, so its page breaks are dropped (another break
    would leave page 2 blank).
    """
    top, middle, bottom = [], [], []
    for block in blocks:
        role = getattr(block, "role", "")
        if isinstance(block, PageBreak):
            continue
        if role == "cover-city":
            bottom.append(block)
        elif role == "cover-title" or middle:
            middle.append(block)
        else:
            top.append(block)
    return Cover(top, middle, bottom)


def text_width_mm(profile: Profile) -> float:
    """The width between the left and right margins."""
    return profile.page.text_width_mm


def content_height_mm(profile: Profile) -> float:
    """The height between the top and bottom margins."""
    return profile.page.text_height_mm


def photo_max_height_mm(profile: Profile, caption_line_mm: float) -> float:
    """A photo's greatest height: the profile's photo box, and the page's less room for its caption."""
    return min(profile.photo_box_mm()[1], content_height_mm(profile) - PHOTO_CAPTION_LINES * caption_line_mm)


def line_height_em(profile: Profile) -> float:
    """A body line's height in em at the profile's spacing (Word's single = the font's own height)."""
    return round(profile.paragraph.line_spacing * single_line_em(profile.fonts.pdf_body), 4)


def line_pt(profile: Profile, size_pt: float | None = None) -> float:
    """One line in points at the profile's spacing, of body text unless ``size_pt`` is given: the
    PDF's line height, and the space both writers leave before headings, captions and figures."""
    return round((size_pt or profile.fonts.body_pt) * line_height_em(profile), 2)


def picture_foot_pt(profile: Profile) -> float:
    """What the PDF's line leaves under a picture standing on its baseline (the body font's
    descent and half its leading): the DOCX's picture paragraph leaves as much after it."""
    size, line = profile.fonts.body_pt, line_pt(profile)
    ascent, descent = extent_em(profile.fonts.pdf_body)
    return round((line - (ascent + descent) * size) / 2 + descent * size, 2)
