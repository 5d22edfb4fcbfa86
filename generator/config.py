"""Paths and the layout profile: the one place where layout values are read from."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = PROJECT_ROOT / "templates"
ASSETS_DIR = PROJECT_ROOT / "assets"
FONTS_DIR = ASSETS_DIR / "fonts"
PROFILES_DIR = TEMPLATES_DIR / "profiles"
#: The name of a file the report reads by name: a section (summary) or a layout profile (gost).
FILE_NAME = re.compile(r"[^\W_][\w-]{0,63}")


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PageLayout(_Part):
    size: str
    width_mm: float
    height_mm: float
    margin_left_mm: float
    margin_right_mm: float
    margin_top_mm: float
    margin_bottom_mm: float
    number_position: str


class Fonts(_Part):
    docx_body: str
    pdf_body: str
    body_pt: float
    table_pt: float
    caption_pt: float
    cover_title_pt: float
    heading_pt: float


class ParagraphLayout(_Part):
    line_spacing: float
    first_line_indent_mm: float
    space_after_pt: float
    justify: bool


class Tables(_Part):
    keep_together_rows: int


class Captions(_Part):
    table: str
    diagram: str
    table_label: str
    diagram_label: str
    table_align: str
    diagram_align: str
    diagram_position: str

    def split(self, kind: str) -> tuple[str, str]:
        """The caption pattern of a kind cut around its number: ("Кесте №", ". {title}")."""
        before, after = getattr(self, kind).split("{n}", 1)
        return before, after

    def text(self, kind: str, number: int, title: str) -> str:
        return getattr(self, kind).format(n=number, title=title)


class Numbers(_Part):
    locale: str


class Dates(_Part):
    style: str


class Lists(_Part):
    numbered_format: str
    bullet: str


class Headings(_Part):
    number_format: str


class Toc(_Part):
    title: str


class Photos(_Part):
    max_width_mm: float
    max_height_mm: float


class Charts(_Part):
    width_mm: float
    height_mm: float
    png_dpi: int


#: Word's highlight colours (WD_COLOR_INDEX) and the same colour for the PDF.
HIGHLIGHTS = {"yellow": "#ffff00", "bright_green": "#00ff00", "turquoise": "#00ffff", "pink": "#ff00ff",
              "gray_25": "#c0c0c0"}


class Draft(_Part):
    highlight: Literal[tuple(HIGHLIGHTS)] = "yellow"        # Word's names, as in HIGHLIGHTS

    @property
    def css_colour(self) -> str:
        return HIGHLIGHTS[self.highlight]


class Profile(_Part):
    """Every layout value of the report (see templates/profiles/default.yaml)."""
    name: str
    page: PageLayout
    fonts: Fonts
    paragraph: ParagraphLayout
    tables: Tables
    captions: Captions
    numbers: Numbers
    dates: Dates
    lists: Lists
    headings: Headings
    toc: Toc
    photos: Photos
    charts: Charts
    draft: Draft = Draft()      # a profile written before drafts were highlighted has none


@lru_cache(maxsize=8)
def load_profile(name: str = "default") -> Profile:
    """Read a layout profile by name from templates/profiles/."""
    path = PROFILES_DIR / f"{name}.yaml"
    with path.open(encoding="utf-8") as fh:
        return Profile.model_validate(yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
