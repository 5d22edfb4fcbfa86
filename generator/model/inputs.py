"""Typed classes for the input files. Unknown keys are mistakes (a typo must not vanish)."""
from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator, BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag, field_validator, model_validator,
)

from generator.fmt import date as date_text, parse_date, quoted

REF = re.compile(r"^\{[^{}]+\}$")
MAX_FIGURE = 10 ** 12        # no count of a museum's year comes near a million millions
MAX_YEARS = 20               # years side by side in one diagram
MAX_TABLE_YEARS = 8          # year columns of one table: more do not fit an A4 page's width
MAX_PLACES = 6               # digits after the decimal comma a figure or a column may show
Unit = Literal["count", "percent", "decimal", "money"]


def _to_date(value: object) -> object:
    """Accept 2021-02-11 (YAML date), '11.02.2021' or '2021-02-11'."""
    if isinstance(value, str):
        text = value.strip()
        for parse in (parse_date, dt.date.fromisoformat):
            try:
                return parse(text)
            except ValueError:
                continue
        raise ValueError(f"'{quoted(text)}' is not a real date; write it as DD.MM.YYYY, e.g. 11.02.2021")
    return value


Date = Annotated[dt.date, BeforeValidator(_to_date)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False, populate_by_name=True)


class Figure(Strict):
    """A stated figure: a number, a reference "{file.id}", or a total with its parts."""
    id: str | None = None
    label: str = ""
    value: int | float | str | None = None
    parts: list["Figure"] = Field(default_factory=list)
    counts: str | None = Field(default=None, description="the list in this file whose items this figure counts")
    unit: Unit | None = Field(default=None, description="what the figure counts: count (whole numbers, the default), "
                              "percent, decimal or money (tenge); its parts share it unless they say otherwise")
    places: int | None = Field(default=None, ge=0, le=MAX_PLACES,
                               description="digits after the decimal comma (a percent, a decimal, money)")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: object) -> object:
        if data is None or isinstance(data, (int, float, str)):
            return {"value": data}
        return data

    @model_validator(mode="after")
    def _reference_or_number(self) -> "Figure":
        if isinstance(self.value, str) and not REF.match(self.value.strip()):
            raise ValueError(f"'{quoted(self.value)}' is not a number: write it in digits, e.g. 670 "
                             "(a reference to another figure is written like {file.figure})")
        if isinstance(self.value, bool):
            raise ValueError("expected a number, not yes/no")
        if isinstance(self.value, float) and not math.isfinite(self.value):
            raise ValueError(f"'{self.value}' is not a number a report can print: write the figure in digits")
        if isinstance(self.value, (int, float)) and abs(self.value) >= MAX_FIGURE:
            raise ValueError(f"{quoted(self.value)} is larger than any figure of a report (the limit is "
                             "1 000 000 000 000): check the digits")
        return self

    def part(self, part_id: str) -> "Figure | None":
        """The part with this id, searched at any depth."""
        for part in self.parts:
            if part.id == part_id:
                return part
            found = part.part(part_id)
            if found is not None:
                return found
        return None

    def measure(self, names: list[str] | tuple = (), outer: tuple[str, int | None] = ("count", None)) -> tuple[str, int | None]:
        """(unit, places) of this figure or of its part ``names`` (ids at any depth): each figure
        says its own unit, or shares its whole's (and then the whole's places too)."""
        own = (self.unit, self.places) if self.unit and self.unit != outer[0] else \
            (outer[0], self.places if self.places is not None else outer[1])
        if not names:
            return own
        for part in self.parts:
            if part.id == names[0]:
                return part.measure(names[1:], own)
            if part.part(names[0]) is not None:
                return part.measure(names, own)
        return own

    def leaves(self) -> list["Figure"]:
        """The innermost parts, in order (the rows of a table by year)."""
        if not self.parts:
            return [self]
        return [leaf for part in self.parts for leaf in part.leaves()]


class Period(Strict):
    start: Date
    end: Date


class Item(Strict):
    """One list item: text with optional date, period, or publication year."""
    text: str
    date: Date | None = None
    period: Period | None = None
    year: int | None = Field(default=None, ge=1, le=9999, description="publication year, for books and articles")
    anniversary: int | None = Field(default=None, ge=1, le=9999,
                                    description="the anniversary the text names ({anniversary}), e.g. 175")
    born: int | None = Field(default=None, ge=-9999, le=9999,
                             description="the year the person was born (or the thing began), to check the anniversary")
    items: list["Item"] = Field(default_factory=list,
                                description="sub-items, one level deeper (lists nest two levels)")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: object) -> object:
        return {"text": data} if isinstance(data, str) else data

    @model_validator(mode="after")
    def _text_given(self) -> "Item":
        if not self.text.strip():
            raise ValueError("the item's text is empty: write it, or delete the item")
        if any(sub.items for sub in self.items):
            raise ValueError("lists nest two levels: a sub-item cannot have items of its own; make them "
                             "sub-items of the item, or a list of their own")
        return self


class ItemList(Strict):
    style: Literal["numbered", "bulleted"] = "numbered"
    sub_style: Literal["numbered", "bulleted"] = Field(default="bulleted",
                                                       description="how the items' sub-items are marked")
    punctuation: bool = Field(default=True, description="';' after each item and '.' after the last; "
                                                        "false for a list like abbreviations")
    in_date_order: bool = True
    items: list[Item]


def _years(value: int | list[int]) -> int | list[int]:
    count = value if isinstance(value, int) else len(value)
    if not 1 <= count <= MAX_YEARS:
        raise ValueError(f"{quoted(value)} years: a table or diagram shows from 1 to {MAX_YEARS} years; "
                         "write how many (e.g. 3) or list them (e.g. [2019, 2020, 2021])")
    if isinstance(value, list) and len(set(value)) != len(value):
        twice = next(year for year in value if value.count(year) > 1)
        raise ValueError(f"lists {twice} twice: write each year once (e.g. [2019, 2020, 2021])")
    return value


Years = Annotated[int | list[int], AfterValidator(_years)]


class YearTable(Strict):
    """A table of one figure's parts (rows) by year (columns), with its stated totals."""
    title: str
    figure: str
    years: Years = 3
    label_header: str
    row_numbers: str | None = None
    group_header: str | None = None
    total_label: str | None = None     # not given: the language's word (templates/terms/)

    @field_validator("years")
    @classmethod
    def _fits_the_page(cls, years: int | list[int]) -> int | list[int]:
        count = years if isinstance(years, int) else len(years)
        if count > MAX_TABLE_YEARS:
            raise ValueError(f"{count} years: a table shows at most {MAX_TABLE_YEARS} years side by side (more do "
                             f"not fit the page's width); a diagram can show up to {MAX_YEARS}")
        return years


ColumnType = Literal["text", "number", "percent", "date"]


def _cell_value(value: object) -> object:
    """One value per cell; a date YAML read as one (2022-02-11) goes back to how dates are written."""
    if isinstance(value, (dict, list)):
        raise ValueError("a cell holds one value: text, a number, a date or a reference; put a text with "
                         "': ', ', ' or braces in quotes, e.g. \"{year} жылы, қыркүйек\"")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"'{value}' is not a number a report can print: write the figure in digits")
    return date_text(value) if isinstance(value, dt.date) else value


CellValue = Annotated[int | float | str | None, BeforeValidator(_cell_value)]
SUM = "sum"                  # a total row's value the generator adds up


class Column(Strict):
    """One column of a free table: its header, type and alignment."""
    id: str | None = Field(default=None, description="a short name, for the total row's values")
    header: str
    type: ColumnType = "text"
    align: Literal["left", "center", "right"] | None = Field(
        default=None, description="left, center or right; by default numbers right, dates centred, text left")
    places: int | None = Field(default=None, ge=0, le=MAX_PLACES, description="digits after the decimal comma")
    group: str | None = Field(default=None, description="a header over this and the next columns of the same group")

    @property
    def numeric(self) -> bool:
        return self.type in ("number", "percent")


class TableTotal(Strict):
    """A free table's total row: its label and, by column id, a stated value or «sum»."""
    label: str | None = None          # not given: the language's word (templates/terms/: total)
    values: dict[str, int | float | str] = Field(default_factory=dict)

    @field_validator("values")
    @classmethod
    def _number_reference_or_sum(cls, values: dict) -> dict:
        for column, value in values.items():
            if isinstance(value, bool) or (isinstance(value, str) and value != SUM and not REF.match(value.strip())):
                raise ValueError(f"{column}: '{quoted(value)}' is not a total: write it in digits, as a reference "
                                 f"like {{file.figure}}, or «{SUM}» to have it added up")
        return values


class FreeTable(Strict):
    """A table with its own columns and rows of text, numbers, dates and references to figures."""
    title: str
    columns: list[Column] = Field(min_length=1)
    rows: list[list[CellValue]] = Field(min_length=1)
    row_numbers: str | None = None
    total: TableTotal | None = None

    @model_validator(mode="after")
    def _total_names_columns(self) -> "FreeTable":
        ids = [c.id for c in self.columns if c.id]
        unknown = [name for name in (self.total.values if self.total else {}) if name not in ids]
        if unknown:
            raise ValueError(f"the total names the column '{quoted(unknown[0])}', but no column has that id "
                             f"(ids: {', '.join(ids) or 'none'})")
        return self


#: The type names pydantic puts into an error's place for the kinds of table (left out when shown).
TABLE_TAGS = ("by-years", "free")


def _table_kind(data: object) -> str:
    """A table with ``columns`` is a free table; any other is a figure's parts by year."""
    has_columns = isinstance(data, dict) and "columns" in data or isinstance(data, FreeTable)
    return TABLE_TAGS[1] if has_columns else TABLE_TAGS[0]


AnyTable = Annotated[Annotated[YearTable, Tag(TABLE_TAGS[0])] | Annotated[FreeTable, Tag(TABLE_TAGS[1])],
                     Discriminator(_table_kind)]


ChartKind = Literal["bar", "barh", "stacked", "stackedh", "line", "pie"]


class YearDiagram(Strict):
    """A diagram of a figure by year (its total, or each part: ``by_parts``), or of a free table's
    number columns (``table`` and ``columns``), as ``kind`` draws it."""
    title: str
    figure: str | None = None
    table: str | None = None
    columns: list[str] = Field(default_factory=list)
    years: Years = 2
    kind: ChartKind = "bar"
    by_parts: bool = False
    alt: str | None = None

    @model_validator(mode="after")
    def _figure_or_table(self) -> "YearDiagram":
        if (self.figure is None) == (self.table is None):
            raise ValueError("a diagram draws a figure or a table: give one of figure (e.g. figure: visitors) "
                             "or table with its columns (e.g. table: halls, columns: [visitors])")
        if self.table is not None and not self.columns:
            raise ValueError("name the table's number columns to draw by their ids, e.g. columns: [visitors]")
        if self.figure is not None and self.columns:
            raise ValueError("columns belong to a table: write table: <its name>, or leave columns out")
        return self


class PhotoRef(Strict):
    file: str
    caption: str
    alt: str | None = None


class Content(Strict):
    """One piece of a section, in reading order: exactly one of these keys."""
    text: str | None = None
    subheading: str | None = None
    list: str | None = None
    table: str | None = None
    diagram: str | None = None
    photo: PhotoRef | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> "Content":
        given = [k for k, v in self.__dict__.items() if v is not None]
        if len(given) != 1:
            raise ValueError("each content entry has exactly one of text, subheading, list, table, diagram, photo")
        value = getattr(self, given[0])
        if isinstance(value, str) and not value.strip():
            raise ValueError(f"the {given[0]} is empty: write it, or delete the entry")
        return self

    @property
    def kind(self) -> str:
        return next(k for k, v in self.__dict__.items() if v is not None)


class Comparison(Strict):
    """A statement comparing a figure with an earlier year's: as the text says it, or computed."""
    figure: str
    years_back: int = Field(default=1, ge=1, le=MAX_YEARS)
    says: str | None = None


class Section(Strict):
    """One input file: a section's heading, its figures, lists, tables, diagrams and text."""
    schema_: str | None = Field(default=None, alias="$schema")
    heading: str | None = None
    figures: dict[str, Figure] = Field(default_factory=dict)
    lists: dict[str, ItemList] = Field(default_factory=dict)
    tables: dict[str, AnyTable] = Field(default_factory=dict)
    diagrams: dict[str, YearDiagram] = Field(default_factory=dict)
    comparisons: dict[str, Comparison] = Field(default_factory=dict)
    content: list[Content] = Field(default_factory=list)

    @field_validator("heading")
    @classmethod
    def _heading_given(cls, heading: str | None) -> str | None:
        if heading is not None and not heading.strip():
            raise ValueError("the heading is empty: write it, or delete the line (a file without a heading "
                             "is shown without a number, like the summary)")
        return heading

    def measure(self, path: list[str]) -> tuple[str, int | None]:
        """(unit, places) of a figure or part by its names; a count for a name not found."""
        found = self.figures.get(path[0])
        return found.measure(path[1:]) if found else ("count", None)

    def figure(self, path: list[str]) -> Figure | None:
        """A figure by id, then part ids inside it: ['holdings', 'main']."""
        found = self.figures.get(path[0])
        for part_id in path[1:]:
            found = found.part(part_id) if found else None
        return found


class Cover(Strict):
    ministry: list[str]
    title: list[str]
    city: str


class Acknowledgement(Strict):
    """A finding that stays as it is, with the reason (an earlier year's report already published)."""
    file: str = Field(description="the file of the finding as the check names it, e.g. 2020/education.yaml")
    field: str = Field(description="the field the finding names, e.g. figures.visitors")
    reason: str

    @field_validator("reason")
    @classmethod
    def _reason_given(cls, reason: str) -> str:
        if not reason.strip():
            raise ValueError("the reason is empty: say why the finding stays, e.g. «the 2020 report is published»")
        return reason


class Marks(Strict):
    """Words the report prints where a figure is not there: not yet filled in, or no data for a year;
    not given: the language's (templates/terms/)."""
    not_filled: str | None = None
    no_data: str | None = None


class Approval(Strict):
    """Who approves the report (the date is ``approved``): a «БЕКІТЕМІН» block on the cover
    and/or a signature at the end."""
    position: str = Field(description="the director's position, as printed")
    name: str = Field(description="the director's name, as printed, e.g. А. Б. Мұхамедиұлы")
    on_cover: bool = Field(default=True, description="the «БЕКІТЕМІН» block at the cover's top right")
    at_end: bool = Field(default=False, description="a signature line after the last section and appendix")

    @field_validator("position", "name")
    @classmethod
    def _given(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("is empty: write it, or delete the approval")
        return text


class ReportInfo(Strict):
    """report.yaml: the year, who publishes, the cover and the order of the sections."""
    schema_: str | None = Field(default=None, alias="$schema")
    year: int = Field(ge=1, le=9999)
    organisation: str
    subject: str = ""
    approved: Date | None = None
    language: str = "kk-KZ"
    profile: str = "default"
    year_label: str = "{year}"
    marks: Marks = Field(default_factory=Marks)
    cover: Cover
    sections: list[str]
    acknowledged: list[Acknowledgement] = Field(default_factory=list)
    appendices: list[str] = Field(default_factory=list,
                                  description="section files printed after the sections as appendices, "
                                              "each on a new page, lettered (Қосымша А, Б, …)")
    approval: Approval | None = None
    editions: list[str] = Field(default_factory=list,
                                description="the editions --edition all makes beside this one: ru, en "
                                            "(translated, inputs/<year>/translations/), kk-Latn (Latin letters)")

    @property
    def section_files(self) -> list[str]:
        """The section files in reading order: the sections, then the appendices."""
        return [*self.sections, *self.appendices]
