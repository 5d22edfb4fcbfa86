"""The DOCX style names and their definitions from the layout profile: restyle here, in one place."""
from __future__ import annotations

from dataclasses import dataclass

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Mm, Pt
from docx.styles import BabelFish

from generator.config import Profile
from generator.writers.docx import oxml
from generator.writers.geometry import line_pt, picture_foot_pt

# Built-in names (Word's TOC, captions and outline pick these up) ------------------------------
NORMAL = "Normal"
BODY = "Body Text"
HEADING_1 = "Heading 1"
HEADING_2 = "Heading 2"
CAPTION = "Caption"
LIST_NUMBER = "List Number"
LIST_BULLET = "List Bullet"
TOC_HEADING = "TOC Heading"
TOC_1 = "toc 1"
TOC_2 = "toc 2"
HEADER = "Header"
FOOTER = "Footer"
TABLE_GRID = "Table Grid"
DEFAULT_FONT = "Default Paragraph Font"
COMMENT_TEXT = "annotation text"            # Word's comment styles, which python-docx's comments use
COMMENT_REFERENCE = "annotation reference"
# The report's own names ------------------------------------------------------------------------
NOTE = "Note"
COVER_MINISTRY = "Cover Ministry"
COVER_TITLE = "Cover Title"
COVER_CITY = "Cover City"
TABLE_CAPTION = "Table Caption"
DIAGRAM_CAPTION = "Diagram Caption"
FIGURE = "Figure"
PHOTO_CAPTION = "Photo Caption"
TABLE_TEXT = "Table Text"
TABLE_HEADING = "Table Heading"
TABLE_NUMBER = "Table Number"
APPENDIX_HEADING = "Appendix Heading"
APPROVAL = "Approval"
SIGNATURE = "Signature"
FOOTNOTE_TEXT = "footnote text"              # Word's built-in names: its footnote pane uses them
FOOTNOTE_REFERENCE = "footnote reference"

PARAGRAPH_STYLES = [
    NORMAL, BODY, NOTE, HEADING_1, HEADING_2, COVER_MINISTRY, COVER_TITLE, COVER_CITY, CAPTION,
    TABLE_CAPTION, DIAGRAM_CAPTION, FIGURE, PHOTO_CAPTION, LIST_NUMBER, LIST_BULLET, TABLE_TEXT,
    TABLE_HEADING, TABLE_NUMBER, TOC_HEADING, TOC_1, TOC_2, HEADER, FOOTER, APPENDIX_HEADING,
    APPROVAL, SIGNATURE, FOOTNOTE_TEXT, COMMENT_TEXT,
]
CHARACTER_STYLES = [FOOTNOTE_REFERENCE]
ALL_STYLES = [*PARAGRAPH_STYLES, *CHARACTER_STYLES, COMMENT_REFERENCE, TABLE_GRID]
#: The styles offered in Word's style gallery: those a reviewer types new text in.
QUICK_STYLES = {NORMAL, BODY, HEADING_1, HEADING_2, LIST_NUMBER, LIST_BULLET, TABLE_TEXT, NOTE}

FRAMED_STYLES = {COVER_CITY}   # paragraphs placed in a frame at the foot of the page
HEADING_STYLES = {1: HEADING_1, 2: HEADING_2}
TOC_STYLES = {1: TOC_1, 2: TOC_2}
STYLE_IDS = {TOC_1: "TOC1", TOC_2: "TOC2", FOOTNOTE_TEXT: "FootnoteText",   # built-in styles missing
             FOOTNOTE_REFERENCE: "FootnoteReference", COMMENT_TEXT: "CommentText",     # from the template
             COMMENT_REFERENCE: "CommentReference"}
ROLE_STYLES = {
    "body": BODY,
    "cover-ministry": COVER_MINISTRY,
    "cover-title": COVER_TITLE,
    "cover-city": COVER_CITY,
    "note": NOTE,
}

# Proportions the profile does not fix, derived from its values --------------------------------
COVER_TITLE_DROP = 0.3      # the cover title starts this share of the text height down the page
BORDER_EIGHTHS_PT = 4       # table grid lines: 4/8 pt
COMMENT_MARK_SHARE = 0.8    # a comment's mark in the text, against the comment's size (Word's 8 to 10 pt)
ALIGNMENTS = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
              "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
#: Where the table styles put their text (a cell that says otherwise is aligned itself).
TABLE_ALIGN = {TABLE_TEXT: "left", TABLE_HEADING: "center", TABLE_NUMBER: "right"}


def style_id(name: str) -> str:
    """The id a style of the report is written under (w:pStyle, w:rStyle)."""
    return STYLE_IDS.get(name, name.replace(" ", ""))


def style_for_role(role: str) -> str:
    """The paragraph style of a Paragraph.role; unknown roles are body text."""
    return ROLE_STYLES.get(role, BODY)


def text_width_mm(profile: Profile) -> float:
    """Width between the left and right margins."""
    return profile.page.text_width_mm


def text_height_mm(profile: Profile) -> float:
    """Height between the top and bottom margins."""
    return profile.page.text_height_mm


@dataclass(frozen=True)
class ParaSpec:
    """What one paragraph style looks like; None leaves a value to the base style."""
    name: str
    base: str | None = NORMAL
    next: str | None = None
    size_pt: float | None = None
    bold: bool = False
    caps: bool = False
    align: str | None = None
    first_line_mm: float | None = None
    before_pt: float | None = None
    after_pt: float | None = None
    line: float | None = None         # a multiple of single spacing (pictures, tables, notes)
    line_pt: float | None = None      # or exactly this height: the PDF's lines, so pages break alike
    keep_next: bool = False
    keep_lines: bool = False
    outline: int | None = None
    contextual: bool = False
    right_tab: str | None = None      # a tab stop at the right margin: "dots" (a leader) or "plain"
    left_mm: float | None = None
    page_break_before: bool = False
    hyphenate: bool | None = None     # Word breaks words by their language: only in table cells, as the PDF does


def paragraph_specs(profile: Profile) -> list[ParaSpec]:
    """Every paragraph style of the report, from the profile's values."""
    fonts, para, cap = profile.fonts, profile.paragraph, profile.captions
    gap = line_pt(profile)                    # one line of body text: the PDF's space between blocks
    body_align = "justify" if para.justify else "left"
    indent = para.first_line_indent_mm
    below = cap.diagram_position == "below"
    heading = dict(base=NORMAL, next=BODY, size_pt=fonts.heading_pt, line_pt=line_pt(profile, fonts.heading_pt),
                   bold=True, align="left",
                   first_line_mm=0, left_mm=0, before_pt=gap, after_pt=para.space_after_pt,
                   keep_next=True, keep_lines=True)
    caption = dict(base=CAPTION, keep_next=True, before_pt=gap, after_pt=0)
    return [
        ParaSpec(NORMAL, base=None, size_pt=fonts.body_pt, line_pt=gap, align="left",
                 before_pt=0, after_pt=0, hyphenate=False),
        ParaSpec(BODY, next=BODY, align=body_align, first_line_mm=indent, after_pt=para.space_after_pt),
        ParaSpec(NOTE, base=BODY, next=BODY, size_pt=fonts.table_pt, line_pt=line_pt(profile, fonts.table_pt)),
        ParaSpec(HEADING_1, outline=0, **heading),
        ParaSpec(HEADING_2, outline=1, **heading),
        ParaSpec(COVER_MINISTRY, size_pt=fonts.body_pt, bold=True, caps=True, align="center",
                 first_line_mm=0, contextual=True),
        ParaSpec(COVER_TITLE, size_pt=fonts.cover_title_pt, line_pt=line_pt(profile, fonts.cover_title_pt),
                 bold=True, align="center",
                 first_line_mm=0, contextual=True, keep_lines=True,
                 before_pt=Mm(text_height_mm(profile) * COVER_TITLE_DROP).pt),
        ParaSpec(COVER_CITY, size_pt=fonts.body_pt, align="center", first_line_mm=0),
        ParaSpec(CAPTION, next=BODY, size_pt=fonts.caption_pt, line_pt=line_pt(profile, fonts.caption_pt),
                 align="center", first_line_mm=0),
        ParaSpec(TABLE_CAPTION, align=cap.table_align, **caption),
        ParaSpec(DIAGRAM_CAPTION, align=cap.diagram_align,
                 **(dict(caption, keep_next=False, before_pt=0, after_pt=gap) if below else caption)),
        ParaSpec(FIGURE, align="center", first_line_mm=0, keep_next=True, line=1.0,
                 before_pt=gap, after_pt=picture_foot_pt(profile)),
        ParaSpec(PHOTO_CAPTION, base=CAPTION, align="center", before_pt=0, after_pt=gap),
        ParaSpec(LIST_NUMBER, base=BODY),
        ParaSpec(LIST_BULLET, base=BODY),
        ParaSpec(TABLE_TEXT, size_pt=fonts.table_pt, line=1.0, align="left", first_line_mm=0, hyphenate=True),
        ParaSpec(TABLE_HEADING, base=TABLE_TEXT, align="center"),
        ParaSpec(TABLE_NUMBER, base=TABLE_TEXT, align="right"),
        ParaSpec(TOC_HEADING, next=BODY, size_pt=fonts.heading_pt, line_pt=line_pt(profile, fonts.heading_pt),
                 bold=True, align="center",
                 first_line_mm=0, after_pt=gap, keep_next=True, outline=9),
        ParaSpec(TOC_1, next=BODY, align="left", first_line_mm=0, left_mm=0, right_tab="dots"),
        ParaSpec(TOC_2, base=TOC_1, next=BODY, left_mm=indent),
        ParaSpec(HEADER, align="center", first_line_mm=0, line=1.0),
        ParaSpec(FOOTER, align="center", first_line_mm=0, line=1.0),
        ParaSpec(APPENDIX_HEADING, outline=0, page_break_before=True, **dict(heading, align="center")),
        ParaSpec(APPROVAL, align="left", first_line_mm=0, left_mm=text_width_mm(profile) / 2,
                 before_pt=gap, after_pt=0, contextual=True, keep_lines=True),
        ParaSpec(SIGNATURE, align="left", first_line_mm=0, before_pt=gap * 2, right_tab="plain",
                 keep_lines=True),
        ParaSpec(FOOTNOTE_TEXT, size_pt=fonts.footnote_pt, line=1.0, align=body_align, first_line_mm=0),
        ParaSpec(COMMENT_TEXT, size_pt=fonts.comment_pt, align="left", first_line_mm=0, line=1.0),
    ]


def define_styles(document, profile: Profile, language: str) -> None:
    """Set the document defaults (``language``: the report's) and (re)define every style the
    writer uses; remove the template's others."""
    styles = document.styles
    oxml.set_doc_defaults(styles.element, profile.fonts.docx_body, profile.fonts.body_pt,
                          language, profile.fonts.docx_east_asia)
    oxml.prune_styles(styles.element, {BabelFish.ui2internal(name) for name in ALL_STYLES})
    specs = paragraph_specs(profile)
    existing = {s.name for s in styles}
    for spec in specs:
        if spec.name not in existing:
            style = styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
            style.style_id = style_id(spec.name)
            if spec.name in STYLE_IDS:
                oxml.mark_builtin(style.element)
    for spec in specs:
        _apply(styles, spec, profile)
    for name in CHARACTER_STYLES:
        _superscript_style(styles, name, existing)
    _define_comment_reference(styles, profile)
    oxml.set_style_fonts(styles[NORMAL].element, profile.fonts.docx_body, profile.fonts.docx_east_asia)
    oxml.set_grid_borders(styles[TABLE_GRID].element, BORDER_EIGHTHS_PT)


def _define_comment_reference(styles, profile: Profile) -> None:
    """The character style of a comment's mark in the text, smaller than the comment's text."""
    style = styles.add_style(COMMENT_REFERENCE, WD_STYLE_TYPE.CHARACTER)
    style.style_id = STYLE_IDS[COMMENT_REFERENCE]
    oxml.mark_builtin(style.element)
    style.base_style = styles[DEFAULT_FONT]
    style.font.size = Pt(profile.fonts.comment_pt * COMMENT_MARK_SHARE)
    style.unhide_when_used = True


def _superscript_style(styles, name: str, existing: set[str]) -> None:
    """A built-in character style of raised small figures (a footnote's mark)."""
    if name not in existing:
        style = styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
        style.style_id = style_id(name)
        oxml.mark_builtin(style.element)
    styles[name].font.superscript = True
    styles[name].hidden = False


def _apply(styles, spec: ParaSpec, profile: Profile) -> None:
    """Replace a paragraph style's formatting by ``spec``."""
    style = styles[spec.name]
    oxml.clear_style(style.element)
    if spec.base is not None:
        style.base_style = styles[spec.base]
    if spec.next is not None:
        style.next_paragraph_style = styles[spec.next]
    style.hidden = False
    style.unhide_when_used = False
    style.quick_style = spec.name in QUICK_STYLES
    _apply_font(style.font, spec)
    _apply_paragraph(style.paragraph_format, spec, profile)
    element = style.element
    if spec.outline is not None:
        oxml.set_outline_level(element, spec.outline)
    if spec.contextual:
        oxml.set_contextual_spacing(element)
    if spec.hyphenate is not None:
        oxml.set_hyphenation(element, spec.hyphenate)
    if spec.name in FRAMED_STYLES:
        oxml.set_bottom_frame(element, Mm(text_width_mm(profile)).twips)


def _apply_font(font, spec: ParaSpec) -> None:
    """Size, weight and capitals of a style."""
    if spec.size_pt is not None:
        font.size = Pt(spec.size_pt)
    if spec.bold:
        font.bold = True
    if spec.caps:
        font.all_caps = True


def _apply_paragraph(fmt, spec: ParaSpec, profile: Profile) -> None:
    """Alignment, indents, spacing and pagination of a style."""
    if spec.align is not None:
        fmt.alignment = ALIGNMENTS[spec.align]
    if spec.first_line_mm is not None:
        fmt.first_line_indent = Mm(spec.first_line_mm)
    if spec.left_mm is not None:
        fmt.left_indent = Mm(spec.left_mm)
    if spec.before_pt is not None:
        fmt.space_before = Pt(spec.before_pt)
    if spec.after_pt is not None:
        fmt.space_after = Pt(spec.after_pt)
    if spec.line is not None:
        fmt.line_spacing = spec.line
    if spec.line_pt is not None:
        fmt.line_spacing, fmt.line_spacing_rule = Pt(spec.line_pt), WD_LINE_SPACING.EXACTLY
    if spec.keep_next:
        fmt.keep_with_next = True
    if spec.keep_lines:
        fmt.keep_together = True
    if spec.page_break_before:
        fmt.page_break_before = True
    if spec.right_tab:
        leader = WD_TAB_LEADER.DOTS if spec.right_tab == "dots" else WD_TAB_LEADER.SPACES
        fmt.tab_stops.add_tab_stop(Mm(text_width_mm(profile)), WD_TAB_ALIGNMENT.RIGHT, leader)
