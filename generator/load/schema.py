"""JSON Schemas of the input files, made from the typed classes, for editors that check YAML as you type.

An editor with the YAML language server reads the first line of an input file,
``# yaml-language-server: $schema=../../schemas/section.schema.json``, and then underlines unknown
keys, offers the known ones and shows the descriptions below. The loader stays the judge: the
schema only helps while typing.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path

from pydantic.json_schema import models_json_schema

from generator.model.inputs import ReportInfo, Section

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FILES = {"report.schema.json": ReportInfo, "section.schema.json": Section}

_REFERENCE = {"type": "string", "pattern": r"^\s*\{[^{}]+\}\s*$",
              "description": "A reference to a figure stated elsewhere, in braces: {summary.events}, {exhibitions.halls}."}
_NUMBER = {"type": "number", "description": "A number, written without spaces: 215534."}
_NONE = {"type": "null", "description": "No figure (shown as «-»): left empty or written null."}
_DATE = {"type": "string", "pattern": r"^(\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})$",
         "description": "A date written DD.MM.YYYY, e.g. 11.02.2021."}

# Titles and descriptions for the person who fills in the files, by class and field ("" = the class).
_TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "ReportInfo": {
        "": ("Report (report.yaml)", "The year, who publishes the report, its cover and the order of its sections."),
        "$schema": ("Schema", "The schema editors use to check this file; it does not change the report."),
        "year": ("Year", "The year the report is about, e.g. 2021; the same as the folder's name."),
        "organisation": ("Organisation", "The museum's full name, as in the document's properties."),
        "subject": ("Subject", "One line about the report, for the document's properties."),
        "approved": ("Approved on", "The date the report is approved (DD.MM.YYYY); empty until then."),
        "language": ("Language", "The language of the text, e.g. kk-KZ."),
        "profile": ("Layout profile", "The layout to use: a file in templates/profiles/, e.g. default or gost."),
        "year_label": ("Year label", "How a year is written in tables and diagrams; {year} is the year: \"{year} жыл\"."),
        "marks": ("Marks", "Words printed where a figure is missing."),
        "cover": ("Cover", "The lines of the cover page."),
        "sections": ("Sections", "The section files of this folder (without .yaml), in reading order."),
        "acknowledged": ("Acknowledged findings", "Findings that stay as they are (an earlier year's published "
                         "figures), each with its reason: still listed, but no longer errors under --strict."),
        "appendices": ("Appendices", "Section files printed after the sections as appendices, each on a new page, "
                       "lettered by the layout profile (Қосымша А, Б, …; GOST: А қосымшасы)."),
        "approval": ("Approval", "Who approves the report: a «БЕКІТЕМІН» block on the cover and/or a signature at "
                     "the end, dated by `approved`."),
    },
    "Acknowledgement": {
        "": ("Acknowledged finding", "One finding of the checks that stays, named by its file and field, with the reason."),
        "file": ("File", "The finding's file as the check names it: 2020/education.yaml (a file of this year: education)."),
        "field": ("Field", "The field the finding names, e.g. figures.visitors."),
        "reason": ("Reason", "Why the finding stays, e.g. «the 2020 report is published»."),
    },
    "Approval": {
        "": ("Approval", "The director's position and name, printed with a signature line and the approval date."),
        "position": ("Position", "The director's position as printed, e.g. Ұлттық музейдің директоры."),
        "name": ("Name", "The director's name as printed, e.g. А. Б. Мұхамедиұлы."),
        "on_cover": ("On the cover", "true to print the «БЕКІТЕМІН» block at the cover's top right (the default)."),
        "at_end": ("At the end", "true to print a signature line after the last section and appendix."),
    },
    "Marks": {
        "": ("Marks", "Words the report prints where a figure is not there."),
        "not_filled": ("Not filled in", "Printed in a draft where a figure of the year is not filled in yet."),
        "no_data": ("No data", "Printed where an earlier year's figure is missing from the inputs."),
    },
    "Cover": {
        "": ("Cover", "The cover page: ministry lines at the top, the title in the middle, the city at the foot."),
        "ministry": ("Ministry lines", "Each line of the ministry and committee names, in capitals."),
        "title": ("Title lines", "Each line of the title; {year} is the report's year."),
        "city": ("City", "The city at the foot of the cover, e.g. Нұр-Сұлтан қ."),
    },
    "Section": {
        "": ("Section file", "One section of the report: its heading, figures, lists, tables, diagrams and text."),
        "$schema": ("Schema", "The schema editors use to check this file; it does not change the report."),
        "heading": ("Heading", "The section's heading; numbered in the report (1.1., 1.2. …). None for the opening summary."),
        "figures": ("Figures", "The numbers of this section, each under a short name used in the text as {name}."),
        "lists": ("Lists", "Numbered or bulleted lists, each under a short name used in the content as `list: name`."),
        "tables": ("Tables", "Tables, each under a short name used as `table: name`: a figure's parts by year, or a "
                   "free table with its own columns."),
        "diagrams": ("Diagrams", "Diagrams of a figure by year, each under a short name used as `diagram: name`."),
        "comparisons": ("Comparisons", "Statements comparing a figure with an earlier year's, used in the text as {name}."),
        "content": ("Content", "The section in reading order: text, subheadings, lists, tables, diagrams and photos."),
    },
    "FigureDetails": {
        "": ("Figure", "A figure with its details: a total and its parts, or a number that counts a list."),
        "id": ("Id", "A short name for a part, used in references: {holdings.main}."),
        "label": ("Label", "The words printed with the number: «көрме», «Негізгі қор»."),
        "value": ("Value", "The number as stated, a reference to another figure, or empty when there is none."),
        "parts": ("Parts", "The parts of the figure; when a value is stated, the check adds the parts up against it."),
        "counts": ("Counts", "The list in this file whose items this figure counts; the check compares the two."),
        "unit": ("Unit", "What the figure counts: count (whole numbers, the default), percent (12.5 prints 12,5%), "
                 "decimal, or money (prints «теңге»). Its parts share it unless they say otherwise."),
        "places": ("Decimal places", "How many digits after the decimal comma are printed, e.g. 1."),
    },
    "Figure": {"": ("Figure", "A number (215534), a reference ({exhibitions.halls}), empty, or a figure with details.")},
    "ItemDetails": {
        "": ("List item", "One list item with its date, period or publication year."),
        "text": ("Text", "The item's text; **bold** and *italic* are allowed, {period} is its period."),
        "date": ("Date", "The day of the event (DD.MM.YYYY); it must fall in the report's year."),
        "period": ("Period", "The first and last day of the event, when it lasts several days."),
        "year": ("Publication year", "For books and articles: the year published; it must be the report's year."),
        "anniversary": ("Anniversary", "Which anniversary the text names, e.g. 175; the text shows it as {anniversary}."),
        "born": ("Born", "The year the person was born (or the thing began); the check compares it with the anniversary."),
        "items": ("Sub-items", "The item's own items, one level deeper (lists nest two levels); each like an item."),
    },
    "Item": {"": ("List item", "The item's text alone, or the text with its date, period or publication year.")},
    "ItemList": {
        "": ("List", "A list of items, printed 1) 2) … or with dashes."),
        "style": ("Style", "numbered (1), 2) …) or bulleted (–)."),
        "sub_style": ("Sub-items' style", "How the items' sub-items are marked: bulleted (the default) or numbered."),
        "punctuation": ("End punctuation", "true (the default): ';' after each item, ':' before sub-items, '.' after "
                        "the last; false for a list like abbreviations."),
        "in_date_order": ("In date order", "Whether the dated items must follow each other in time (true unless said)."),
        "items": ("Items", "The items, one per line starting with '-'."),
    },
    "Period": {
        "": ("Period", "From one day to another."),
        "start": ("Start", "The first day (DD.MM.YYYY)."),
        "end": ("End", "The last day (DD.MM.YYYY)."),
    },
    "YearTable": {
        "": ("Table", "A table of a figure's parts (rows) by year (columns), with the stated totals as its last row."),
        "title": ("Title", "The table's caption, after «Кесте №N.»; {year} and {year-2} may be used."),
        "figure": ("Figure", "The figure whose parts are the rows: its name in this file's figures."),
        "years": ("Years", "How many years up to the report's (3 = two earlier years and this one), or a list of years."),
        "label_header": ("Row header", "The header above the rows' names, e.g. Санаттар."),
        "row_numbers": ("Row numbers header", "The header of a first column numbering the rows, e.g. Р / с; none if empty."),
        "group_header": ("Years header", "A header spanning the year columns, e.g. Келушілер саны."),
        "total_label": ("Total label", "The name of the totals row, e.g. Барлығы or Жалпы:."),
    },
    "FreeTable": {
        "": ("Free table", "A table with its own columns; rows of text, numbers, dates and references to figures."),
        "title": ("Title", "The table's caption, after «Кесте №N.»; {year} may be used."),
        "columns": ("Columns", "The columns in order, each with its header and type."),
        "rows": ("Rows", "One line per row: [cell, cell, …], one value per column; null for an empty cell."),
        "row_numbers": ("Row numbers header", "The header of a first column numbering the rows, e.g. №; none if empty."),
        "total": ("Total row", "A last row with a label and, by column id, a stated total or «sum»."),
    },
    "Column": {
        "": ("Column", "A column of a free table."),
        "id": ("Id", "A short name, used by the total row's values."),
        "header": ("Header", "The text in the column's header cell."),
        "type": ("Type", "text, number, percent (12.5 prints 12,5%) or date (DD.MM.YYYY)."),
        "align": ("Alignment", "left, center or right; by default numbers right, dates centred, text left."),
        "places": ("Decimal places", "How many digits after the decimal comma numbers of this column show."),
        "group": ("Group header", "A header over this column and its neighbours with the same group, e.g. Саны."),
    },
    "TableTotal": {
        "": ("Total row", "The last row of a free table."),
        "label": ("Label", "The words in the first column without a total, e.g. Барлығы."),
        "values": ("Values", "By column id: the total as stated (a number or a reference; the check adds the column "
                   "up against it), or «sum» to have it added up."),
    },
    "YearDiagram": {
        "": ("Diagram", "A diagram of a figure by year (its total, or each of its parts), or of a free table's columns."),
        "title": ("Title", "The diagram's caption, after «Диаграмма №N.»."),
        "figure": ("Figure", "The figure to draw: its name in this file's figures (or give table)."),
        "table": ("Table", "A free table of this file to draw instead of a figure: its rows along the axis "
                  "(named by its first text column), a series per column in columns."),
        "columns": ("Columns", "The ids of the table's number columns to draw; a pie draws one."),
        "years": ("Years", "How many years up to the report's, or a list of years; a pie shows one year "
                  "(the report's unless a list of one year is given)."),
        "kind": ("Kind", "bar (upright bars) or barh (bars lying down), side by side; stacked or stackedh: each "
                 "year's parts stacked into its total; line: a line over the years; pie: the parts of one year "
                 "with their shares in %."),
        "by_parts": ("By parts", "bar, barh, line: true to draw each part of the figure, false to draw its total "
                     "(stacked and pie always draw the parts)."),
        "alt": ("Text for screen readers", "What the diagram shows, in words."),
    },
    "Comparison": {
        "": ("Comparison", "A sentence piece comparing a figure with an earlier year's."),
        "figure": ("Figure", "The figure compared: its name in this file's figures."),
        "years_back": ("Years back", "How many years back to compare with; 1 is the year before."),
        "says": ("Says", "The words as the text gives them, e.g. «екі есеге жуық артқандығын»; the check compares them "
                 "with the figures. Leave empty to have the words computed."),
    },
    "Content": {
        "": ("Content entry", "One piece of the section: exactly one of text, subheading, list, table, diagram, photo."),
        "text": ("Text", "A paragraph; {name} inserts a figure, **bold** and *italic* mark words."),
        "subheading": ("Subheading", "A subheading inside the section."),
        "list": ("List", "The name of a list of this file."),
        "table": ("Table", "The name of a table of this file."),
        "diagram": ("Diagram", "The name of a diagram of this file."),
        "photo": ("Photo", "A photo from the photos/ folder with its caption."),
    },
    "PhotoRef": {
        "": ("Photo", "A photo and its caption."),
        "file": ("File", "The photo's file inside this year's folder, e.g. photos/award.jpg."),
        "caption": ("Caption", "The caption printed under the photo."),
        "alt": ("Text for screen readers", "What the photo shows, if the caption does not say it."),
    },
}


def input_schema() -> dict:
    """One JSON Schema for any input file: report.yaml or a section file."""
    _, top = models_json_schema([(ReportInfo, "validation"), (Section, "validation")])
    schema = {"$schema": DRAFT, "title": "Input file of the museum's annual report",
              "description": "report.yaml, or one section file of the year's folder.",
              "anyOf": [{"$ref": "#/$defs/ReportInfo"}, {"$ref": "#/$defs/Section"}], **top}
    return _improve(schema)


def model_schema(model: type[ReportInfo] | type[Section]) -> dict:
    """The JSON Schema of one kind of input file."""
    return _improve({"$schema": DRAFT, **model.model_json_schema()})


def write_schemas(folder: Path) -> list[Path]:
    """Write report.schema.json and section.schema.json into folder; the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMA_FILES.items():
        path = folder / name
        path.write_text(json.dumps(model_schema(model), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


def _improve(schema: dict) -> dict:
    """The shorthand forms the loader accepts, dates as they are written, and plain descriptions."""
    schema = copy.deepcopy(schema)
    defs = schema.setdefault("$defs", {})
    if "Figure" in defs:
        details = defs.pop("Figure")
        details["properties"]["value"] = {"anyOf": [_NUMBER, _REFERENCE, _NONE]}
        defs["FigureDetails"] = details
        defs["Figure"] = {"anyOf": [_NUMBER, _REFERENCE, _NONE, {"$ref": "#/$defs/FigureDetails"}]}
    if "Item" in defs:
        defs["ItemDetails"] = defs.pop("Item")
        defs["Item"] = {"anyOf": [{"type": "string", "description": "The item's text alone."},
                                  {"$ref": "#/$defs/ItemDetails"}]}
    if "Content" in defs:
        defs["Content"].update(minProperties=1, maxProperties=1)
    for name, node in [*defs.items(), (schema.get("title"), schema)]:
        _describe(node, name)
    _dates(schema)
    return schema


def _describe(node: dict, name: str | None) -> None:
    texts = _TEXTS.get(name or "", {})
    if "" in texts:
        node["title"], node["description"] = texts[""]
    for field, prop in node.get("properties", {}).items():
        if field in texts:
            prop["title"], prop["description"] = texts[field]


def _dates(node: object) -> None:
    """pydantic says format: date (2021-02-11); the files say 11.02.2021."""
    if isinstance(node, dict):
        if node.get("format") == "date":
            node.pop("format")
            node.update(copy.deepcopy(_DATE))
        for value in node.values():
            _dates(value)
    elif isinstance(node, list):
        for value in node:
            _dates(value)
