"""Paths and the layout profile: the one place where layout values are read from."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

from generator.terms import Terms, language_key

from generator.resources import ASSETS_DIR, TEMPLATES_DIR  # noqa: F401 (re-exported)

FONTS_DIR = ASSETS_DIR / "fonts"
PROFILES_DIR = TEMPLATES_DIR / "profiles"
TERMS_DIR = TEMPLATES_DIR / "terms"
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
    max_empty_foot: float = 0.3     # share of a page's text height a figure moved to the next page may leave empty

    @property
    def text_width_mm(self) -> float:
        """Width between the left and right margins."""
        return self.width_mm - self.margin_left_mm - self.margin_right_mm

    @property
    def text_height_mm(self) -> float:
        """Height between the top and bottom margins."""
        return self.height_mm - self.margin_top_mm - self.margin_bottom_mm


class Fonts(_Part):
    docx_body: str
    pdf_body: str
    body_pt: float
    table_pt: float
    caption_pt: float
    cover_title_pt: float
    heading_pt: float
    footnote_pt: float = 12
    comment_pt: float = 10          # reviewers' comments in Word
    docx_east_asia: str = "Batang"  # the font Word uses for Korean (Hangul) text


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
    table_continued: str = "table_continued"     # over a table's continued page: a terms key ({n}: its number)
    table_continued_align: Literal["left", "right"] = "right"

    def split(self, kind: str) -> tuple[str, str]:
        """The caption pattern of a kind cut around its number: ("Кесте №", ". {title}")."""
        before, after = getattr(self, kind).split("{n}", 1)
        return before, after

    def text(self, kind: str, number: int, title: str) -> str:
        return getattr(self, kind).format(n=number, title=title)

    def continued(self, number: int) -> str:
        """The words over a table's continued page: «Кестенің жалғасы», «1-кестенің жалғасы»."""
        return self.table_continued.format(n=number)


class Numbers(_Part):
    locale: str = ""          # set from the report's language (its terms); a profile need not give it


class Dates(_Part):
    style: str


class Lists(_Part):
    numbered_format: str
    bullet: str
    sub_numbered_format: str = "%2)"     # a sub-item's number (%2; %1 is its item's)
    sub_bullet: str = "–"
    sub_indent_mm: float = 10            # sub-items start this much further in than their item


class Headings(_Part):
    number_format: str


class Toc(_Part):
    title: str = ""           # empty: the language's word (terms: contents)


class Appendices(_Part):
    heading: str = "appendix"                         # a terms word ("Қосымша {letter}"), or the pattern itself
    letters: str = "АБВГДЕЖИКЛМНПРСТУФХЦШЩЭЮЯ"      # in order, one per appendix
    number_prefix: str | None = None                  # "{letter}.": tables and diagrams numbered А.1 in each

    def label(self, index: int) -> tuple[str, str] | None:
        """The letter and heading of the appendix at ``index`` (from 0), None past the letters."""
        if index >= len(self.letters):
            return None
        letter = self.letters[index]
        return letter, self.heading.format(letter=letter)


class Approval(_Part):
    title: str = "approve"              # above the approval block on the cover: a terms word (БЕКІТЕМІН)
    line: str = "____________"           # where the director signs


class Photos(_Part):
    max_width_mm: float
    max_height_mm: float
    numbered: bool = False          # captions by ``captions.diagram``, one sequence with the diagrams
    max_dpi: int = 300              # pixels per inch at printed size, at most; larger photos are scaled down
    min_scale: float = 0.7          # a photo may shrink to this share of its box to stay on its page


#: Muted colours, in series (or slice) order: slate blue, ochre, sage, dusty rose, grey violet, stone.
CHART_COLOURS = ("#4F6D8F", "#C49A4E", "#7C9C7E", "#B07A78", "#8A80A3", "#9A9488")


class Charts(_Part):
    width_mm: float
    height_mm: float
    png_dpi: int
    font: str = "Liberation Serif"      # a family bundled in assets/fonts/
    text_pt: float = 11                 # ticks, legend, axis titles, at printed size
    label_pt: float = 10                # values on bars, points and slices, at printed size
    colours: tuple[str, ...] = CHART_COLOURS
    text_colour: str = "#333333"
    grid_colour: str = "#DDDDDD"
    axis_colour: str = "#888888"


#: At most this share of the text height for a photo, whatever the profile's box.
PHOTO_PAGE_SHARE = 2 / 3

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
    numbers: Numbers = Numbers()
    dates: Dates
    lists: Lists
    headings: Headings
    toc: Toc = Toc()
    photos: Photos
    charts: Charts
    draft: Draft = Draft()      # a profile written before drafts were highlighted has none
    terms: Terms | None = None  # the report language's words, set by load_profile (never typed in a profile)
    appendices: Appendices = Appendices()
    approval: Approval = Approval()

    def localised(self, terms: Terms) -> "Profile":
        """This profile in a language: caption labels, number signs and patterns, the contents' title,
        the locale, the appendices' heading (and letters, when the language has its own) and the
        approval's word."""
        captions = self.captions
        labels = {kind: terms.word(getattr(captions, f"{kind}_label")) for kind in ("table", "diagram")}
        captions = captions.model_copy(update={
            "table_continued": terms.word(captions.table_continued),
            **{f"{kind}_label": label for kind, label in labels.items()},
            **{kind: getattr(captions, kind).replace("{label}", label).replace("{sign}", terms.number_sign)
               for kind, label in labels.items()}})
        appendices = {"heading": terms.word(self.appendices.heading),
                      "letters": terms.appendix_letters or self.appendices.letters}
        return self.model_copy(update={
            "captions": captions, "terms": terms,
            "appendices": self.appendices.model_copy(update=appendices),
            "approval": self.approval.model_copy(update={"title": terms.word(self.approval.title)}),
            "toc": self.toc.model_copy(update={"title": self.toc.title or terms.contents}),
            "numbers": self.numbers.model_copy(update={"locale": terms.locale})})

    def photo_box_mm(self, scale: float = 1.0) -> tuple[float, float]:
        """The box a photo is shrunk to fit (keeping its shape): the profile's, within the text
        width and ``PHOTO_PAGE_SHARE`` of the text height (its caption needs room too); ``scale``
        of that for a photo the layout shrinks."""
        page = self.page
        return (min(page.text_width_mm, self.photos.max_width_mm) * scale,
                min(page.text_height_mm * PHOTO_PAGE_SHARE, self.photos.max_height_mm) * scale)


@lru_cache(maxsize=16)
def load_profile(name: str = "default", language: str = "kk-KZ", project: Path | None = None) -> Profile:
    """Read a layout profile by name from templates/profiles/, in the words of ``language``
    (templates/terms/), each the ``project`` folder's own copy if it has one; FileNotFoundError
    names the file that is missing."""
    path = _own_or(PROFILES_DIR / f"{name}.yaml", project)
    with path.open(encoding="utf-8") as fh:
        profile = Profile.model_validate(yaml.load(fh, Loader=_LOADER))
    return profile.localised(load_terms(language, project))


@lru_cache(maxsize=8)
def load_terms(language: str, project: Path | None = None) -> Terms:
    """The words of ``language`` (a tag like kk-KZ; kk-Latn: the Kazakh ones in Latin letters);
    FileNotFoundError when there are none."""
    key = language_key(language)
    path = _own_or(TERMS_DIR / f"{key if key.isalpha() else '-'}.yaml", project)
    with path.open(encoding="utf-8") as fh:
        words = Terms.model_validate(yaml.load(fh, Loader=_LOADER))
    from generator.doc import latin
    return latin.terms(words) if latin.is_latin(language) else words


def _own_or(packaged: Path, project: Path | None) -> Path:
    """The project folder's own copy of a packaged template file (its templates/<folder>/<name>), else the packaged."""
    if project is not None:
        own = Path(project) / "templates" / packaged.parent.name / packaged.name
        if own.is_file():
            return own
    return packaged


def known_languages() -> list[str]:
    """The languages with a terms file: kk, ru, …"""
    return sorted(path.stem for path in TERMS_DIR.glob("*.yaml"))


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
