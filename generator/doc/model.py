"""The document model: the one structure every builder produces and every writer reads.

Inline content is a list of spans (Text, Strong, Emphasis). Blocks are the report's pieces in
reading order. Nothing here knows about DOCX, HTML or the inputs' files; ``source`` fields only
carry the input field a piece of text came from (a ``provenance.Field``), or, for a piece the
generator made itself, what it is and the field nearest to it (a ``provenance.Made``), for
tracing reviewers' edits.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from generator.doc.provenance import Field, Provenance


# --- inline ---------------------------------------------------------------------------------

@dataclass
class Text:
    """Plain text; ``source`` names the input figure it shows, when it shows one. ``gap``: the
    mark of a figure not filled in yet (a draft), which the writers highlight."""
    text: str
    source: Provenance | None = None
    gap: bool = False


@dataclass
class Strong:
    """Bold text (the seed's ``**…**``)."""
    children: list["Inline"]


@dataclass
class Emphasis:
    """Italic text."""
    children: list["Inline"]


@dataclass
class Footnote:
    """A footnote (the inputs' ``^[…]``): its call stands here, its text at the foot of the page;
    numbered through the report by the writers, in reading order."""
    children: list["Inline"]


Inline = Union[Text, Strong, Emphasis, Footnote]


def plain_text(inlines: list[Inline]) -> str:
    """The text of inline spans without their formatting; a footnote's text is not in the line."""
    out = []
    for span in inlines:
        if not isinstance(span, Footnote):
            out.append(span.text if isinstance(span, Text) else plain_text(span.children))
    return "".join(out)


# --- blocks ---------------------------------------------------------------------------------

@dataclass
class Heading:
    """A section heading; ``number`` like "1.1." is assigned by the assembler, not typed.

    An appendix's heading (``appendix``: its letter) starts a new page, centred, its ``number``
    («Қосымша А») on a line of its own above the title."""
    level: int
    text: str
    number: str = ""
    anchor: str = ""
    source: Provenance | None = None
    appendix: str = ""

    @property
    def full_text(self) -> str:
        if self.appendix:
            return f"{self.number}. {self.text}"
        return f"{self.number} {self.text}".strip()


@dataclass
class Paragraph:
    """A paragraph of body text. ``role`` picks a named style: body, cover-*, note."""
    inlines: list[Inline]
    role: str = "body"
    source: Provenance | None = None


@dataclass
class ListItem:
    """One item; ``sublist``: its own items, one level deeper (lists nest two levels)."""
    inlines: list[Inline]
    source: Provenance | None = None
    sublist: "ListBlock | None" = None


@dataclass
class ListBlock:
    """A list: ``numbered`` gives 1) 2) …, ``bulleted`` gives dashes."""
    kind: str
    items: list[ListItem]

    def all_items(self) -> list[ListItem]:
        """Every item in reading order, sub-items after their item."""
        return [each for item in self.items
                for each in (item, *(item.sublist.all_items() if item.sublist else ()))]


@dataclass
class Cell:
    """A table cell. Numbers are already formatted text; ``align`` (left, center, right) places
    the text, or when empty ``numeric`` aligns it right and any other cell left."""
    inlines: list[Inline]
    colspan: int = 1
    rowspan: int = 1
    numeric: bool = False
    bold: bool = False
    source: Provenance | None = None
    align: str = ""

    @property
    def alignment(self) -> str:
        return self.align or ("right" if self.numeric else "left")


@dataclass
class Table:
    """A numbered table with its caption above. ``header`` rows repeat on every page; in the PDF
    each continued page starts with the profile's continuation words («Кестенің жалғасы»). A
    table of few rows is kept on one page (``tables.keep_together_rows``) unless ``may_split``
    (set by the layout when keeping it whole would leave a page too empty)."""
    title: str
    header: list[list[Cell]]
    body: list[list[Cell]]
    number: int = 0
    anchor: str = ""
    source: Provenance | None = None
    prefix: str = ""           # an appendix's own numbering: "А." before the number
    title_source: Field | None = None
    may_split: bool = False

    @property
    def label(self) -> str:
        """The number as the caption shows it: 3, or А.1 in an appendix."""
        return f"{self.prefix}{self.number}"

    def kept_whole(self, keep_together_rows: int) -> bool:
        """Whether the table stays on one page."""
        return not self.may_split and len(self.header) + len(self.body) <= keep_together_rows

    @property
    def n_columns(self) -> int:
        return sum(c.colspan for c in self.header[0]) if self.header else len(self.body[0])


@dataclass
class ChartSeries:
    """One series: one colour of bars, one line, or (in a pie) the slices. ``marks``: what stands
    in a missing value's place (the "not filled" mark as a gap Text, "no data" as plain Text),
    one per value or none at all; ``sources``: the figure each value shows, for tracing edits of
    a chart's data (none, or one per value)."""
    name: str
    values: list[float | None]
    marks: list[Text | None] = field(default_factory=list)
    sources: list[Field | None] = field(default_factory=list)

    def mark(self, index: int) -> Text | None:
        return self.marks[index] if index < len(self.marks) else None


#: The kinds of chart, as ``ChartSpec.kind`` names them.
CHART_KINDS = ("bar", "barh", "stacked", "stackedh", "line", "pie")
#: ``ChartSpec.unit`` of a percentage: the value is printed the locale's percent way (12,5%).
PERCENT = "%"


@dataclass
class ChartSpec:
    """What to draw; each series has one value per category (None: missing, see its marks).

    ``kind``:
    - "bar" / "barh": vertical / horizontal bars, the series side by side in each category;
    - "stacked" / "stackedh": vertical / horizontal bars, the series stacked in each category
      (the categories are usually years, the series a figure's parts);
    - "line": one line per series, the categories (years) along the horizontal axis;
    - "pie": the first and only series; the categories are its slices, each labelled with its
      share of the series' sum in % (missing values give no slice).
    ``value_label``: the value axis' title (none for a pie). ``number_format``: a Babel/Excel
    number pattern for the values shown ("#,##0", "#,##0.0"; empty: the locale's default).
    ``unit``: what the values count, printed after each value shown ("теңге"; empty: none;
    ``PERCENT``: the values are per cent, printed the locale's percent way, 12,5%).
    ``totals``: a stacked chart's stated total per category (a figure's own value, which may
    differ from its parts' sum when the difference is acknowledged), shown at each stack's end;
    none (or None for a category): the parts' sum.
    """
    kind: str
    categories: list[str]
    series: list[ChartSeries]
    value_label: str = ""
    number_format: str = ""
    unit: str = ""
    totals: list[float | None] = field(default_factory=list)


@dataclass
class Diagram:
    """A numbered diagram drawn from data, its caption above."""
    title: str
    chart: ChartSpec
    alt: str
    number: int = 0
    anchor: str = ""
    source: Provenance | None = None
    prefix: str = ""
    title_source: Field | None = None           # an appendix's own numbering: "А." before the number

    @property
    def label(self) -> str:
        """The number as the caption shows it: 3, or А.1 in an appendix."""
        return f"{self.prefix}{self.number}"


@dataclass
class Photo:
    """A photo with its caption under it. ``path`` is absolute, resolved at load. ``number``: its
    place in the diagrams' sequence when the profile numbers photos (``photos.numbered``), else 0
    (unnumbered); ``anchor`` is given either way, by ``assign_numbers``. ``scale``: the share of
    the profile's photo box it is printed in (below 1 when the layout shrinks it to keep it on
    its page)."""
    path: str
    caption: str
    alt: str
    placeholder: bool = False
    source: Provenance | None = None
    number: int = 0
    anchor: str = ""
    scale: float = 1.0
    prefix: str = ""           # an appendix's own numbering: "А." before the number

    @property
    def label(self) -> str:
        """The number as the caption shows it: 3, or А.1 in an appendix."""
        return f"{self.prefix}{self.number}"

    @property
    def title(self) -> str:
        """What a numbered caption says after the number: the caption."""
        return self.caption

    @property
    def title_source(self) -> Provenance | None:
        """The caption's source: the photo's own."""
        return self.source


@dataclass
class TableOfContents:
    title: str


@dataclass
class PageBreak:
    pass


@dataclass
class Signature:
    """The director's signed lines: ``approval`` is the «БЕКІТЕМІН» block at the top right of
    the cover (``title`` above), ``signature`` the line at the end (position, line, name)."""
    kind: str                  # "approval" or "signature"
    position: str
    name: str
    line: str                  # the signature line, e.g. "__________"
    date: str = ""             # already formatted; empty when the report is not approved yet
    title: str = ""            # «БЕКІТЕМІН» (approval only)
    source: Provenance | None = None


Block = Union[Heading, Paragraph, ListBlock, Table, Diagram, Photo, TableOfContents, PageBreak, Signature]


@dataclass
class Meta:
    """Document properties shared by both writers."""
    title: str
    author: str
    subject: str
    language: str
    year: int
    date: str            # ISO date of approval: fixed, never the clock
    keywords: list[str] = field(default_factory=list)
    #: In a report in Latin letters (the Latin edition), the words in Latin letters that are English:
    #: the writers mark them so (``generator.doc.languages.segments``); empty in any other.
    english: frozenset[str] = frozenset()


#: The media types of the forms a drawn chart comes in; each writer says which it takes.
SVG = "image/svg+xml"
SVG_TEXT = "image/svg+xml;text"     # an SVG whose words are <text> in the bundled fonts, not outlines
PNG = "image/png"
FILE_SUFFIXES = {SVG: ".svg", SVG_TEXT: ".text.svg", PNG: ".png"}


@dataclass
class RenderedImage:
    """A drawn diagram: one file per form, keyed by media type (``SVG``, ``PNG``, …), and its size."""
    forms: dict[str, str]
    width_mm: float
    height_mm: float

    def form(self, *media_types: str) -> str:
        """The file of the first of ``media_types`` drawn (a writer's preference order)."""
        for media_type in media_types:
            if media_type in self.forms:
                return self.forms[media_type]
        raise KeyError(f"no drawn form among {', '.join(media_types)} (drawn: {', '.join(self.forms)})")


@dataclass(frozen=True)
class Attachment:
    """A file carried inside the document (in the PDF, a PDF/A-3 associated file of the whole document)."""
    name: str              # as shown in the PDF reader, e.g. "2021/funds.yaml"
    data: bytes
    mime_type: str         # given, not guessed: guesses differ between machines
    relationship: str = "Source"    # AFRelationship: Source, Data, Supplement, …
    description: str = ""


@dataclass
class Note:
    """A remark for reviewers about the text made from ``source`` (a finding of the checks)."""
    source: Field
    text: str
    author: str


@dataclass
class Document:
    """A whole report: metadata, the cover blocks, the body blocks, drawn charts by anchor, notes."""
    meta: Meta
    cover: list[Block]
    body: list[Block]
    images: dict[str, RenderedImage] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)

    def blocks(self) -> list[Block]:
        return [*self.cover, *self.body]
