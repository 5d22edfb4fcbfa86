"""`review` sees each kind of reviewer's edit, and `review --apply` puts it into the inputs: the
next build prints the reviewed text, and the input files keep their comments."""
from __future__ import annotations

import copy
import shutil
import subprocess

import docx
import pytest
from typer.testing import CliRunner

from generator.cli import app
from generator.pipeline import generate, prepare
from generator.writers.docx.sources import paragraph_text
from tests.small_inputs import write_inputs

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
runner = CliRunner()

MUSEUM = """\
heading: Қорлар
figures:
  visitors: 1500          # people who came during the year
  holdings:               # objects held at the end of the year
    value: 300
    parts:
      - {id: main, label: Негізгі қор, value: 200}
      - {id: extra, label: Қосымша қор, value: 100}
lists:
  halls:
    items:
      - {text: Бірінші зал, date: 28.05.2021}   # opened in May
      - {text: "«**Екінші**» зал"}
      - {text: Үшінші зал}
tables:
  holdings:
    title: Қордағы заттар туралы мәлімет
    figure: holdings
    years: 1
    label_header: Қор
    row_numbers: "№"
    total_label: Барлығы
  gifts:                  # a free table
    title: Сыйға тартылған заттар
    columns:
      - {header: Атауы}
      - {header: Саны, type: number}
    rows:
      - [Кілем, 3]
      - [Домбыра, 2]
content:
  - text: "Музейге {visitors} адам келді, қорында **{holdings}** зат бар."
  - text: Залдар ашылды.
  - list: halls
  - table: holdings
  - table: gifts
"""


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """The small report's inputs and its DOCX, made once."""
    root = write_inputs(tmp_path_factory.mktemp("inputs") / "inputs", 2021, {"museum": MUSEUM})
    out = generate(root, 2021, tmp_path_factory.mktemp("out"), formats=("docx",)).written[0]
    return root, out


def texts(path) -> list[str]:
    """Every paragraph's text in the body, tables included, in reading order."""
    return [paragraph_text(p) for p in docx.Document(path).element.body.iter(f"{W}p")]


def paragraph(document, start: str):
    return next(p for p in document.paragraphs if p.text.startswith(start))


def set_text(p, text: str) -> None:
    p.runs[0].text = text
    for run in p.runs[1:]:
        run.text = ""


def unmarked_copy(p, text: str):
    """A new paragraph like ``p`` after it, without its source bookmark (as Enter in Word makes)."""
    new = copy.deepcopy(p._p)
    for el in new.findall(f"{W}bookmarkStart") + new.findall(f"{W}bookmarkEnd"):
        new.remove(el)
    p._p.addnext(new)
    made = docx.text.paragraph.Paragraph(new, p._parent)
    set_text(made, text)
    return made


def edit_figure_in_text(d):
    run = next(r for r in paragraph(d, "Музейге").runs if r.text.replace("\u00a0", " ") == "1 500")
    run.text = "1\u00a0550"


def edit_table_cell(d):
    set_text(d.tables[0].cell(1, 2).paragraphs[0], "210")


def edit_row_label(d):
    set_text(d.tables[0].cell(2, 1).paragraphs[0], "Қосымша ғылыми қор")


def edit_caption(d):
    caption = paragraph(d, "Кесте")
    run = next(r for r in caption.runs if "мәлімет" in r.text)
    run.text = run.text.replace("мәлімет", "толық мәлімет")


def edit_free_table(d):
    set_text(d.tables[1].cell(0, 1).paragraphs[0], "Саны, дана")
    set_text(d.tables[1].cell(1, 1).paragraphs[0], "4")


def edit_list_item(d):
    item = paragraph(d, "Үшінші")
    set_text(item, "Үшінші үлкен зал.")


def insert_list_item(d):
    unmarked_copy(paragraph(d, "Бірінші зал"), "Жаңа зал;")


def delete_list_item(d):
    item = paragraph(d, "«Екінші»")._p
    item.getparent().remove(item)


def split_list_item(d):
    item = paragraph(d, "Үшінші")
    set_text(item, "Үшінші зал;")
    unmarked_copy(item, "Төртінші зал.")


def merge_list_items(d):
    first, second = paragraph(d, "«Екінші»"), paragraph(d, "Үшінші")
    set_text(second, " және үшінші зал.")
    first.runs[-1].text = first.runs[-1].text.rstrip(";")
    for child in list(second._p):
        if child.tag != f"{W}pPr":
            first._p.append(child)
    second._p.getparent().remove(second._p)


def retype_paragraph(d):
    old = paragraph(d, "Залдар ашылды")
    unmarked_copy(old, "Жаңа залдар ашылды.")
    old._p.getparent().remove(old._p)


EDITS = {
    "a figure inside text": (edit_figure_in_text, "museum.yaml:3 figures.visitors: 1 500 → 1 550"),
    "a table cell": (edit_table_cell, "museum.yaml:7 figures.holdings.parts.0: 200 → 210"),
    "a row label": (edit_row_label, "museum.yaml:8 figures.holdings.parts.1.label: changed"),
    "a caption": (edit_caption, "museum.yaml:17 tables.holdings.title: changed"),
    "a free table's header and cell": (edit_free_table, "museum.yaml:29 tables.gifts.rows.0.1: 3 → 4"),
    "a list item changed": (edit_list_item, "museum.yaml:14 lists.halls.items.2.text: changed"),
    "a list item inserted": (insert_list_item, "museum.yaml:12 lists.halls.items.0.text:\n  now: Жаңа зал;"),
    "a list item deleted": (delete_list_item, "museum.yaml:13 lists.halls.items.1.text: removed"),
    "a list item split": (split_list_item, "museum.yaml:14 lists.halls.items.2.text:\n  now: Төртінші зал."),
    "list items merged": (merge_list_items, "museum.yaml:14 lists.halls.items.2.text: removed"),
    "a retyped paragraph": (retype_paragraph, "museum.yaml:33 content.1.text: retyped"),
}


TWO_CHANGES = {"a free table's header and cell", "a list item split", "list items merged"}


def edited(made, tmp_path, edit) -> tuple:
    """A copy of the inputs and of the DOCX with one edit made by python-docx."""
    root, out = made
    inputs = tmp_path / "inputs"
    shutil.copytree(root, inputs)
    path = tmp_path / "reviewed.docx"
    document = docx.Document(out)
    edit(document)
    document.save(path)
    return inputs, path


def rebuilt(inputs, tmp_path):
    return generate(inputs, 2021, tmp_path / "again", formats=("docx",)).written[0]


@pytest.mark.parametrize("kind", EDITS)
def test_each_kind_of_edit_is_seen_applied_and_built_again(made, tmp_path, kind):
    edit, seen = EDITS[kind]
    inputs, path = edited(made, tmp_path, edit)
    shown = runner.invoke(app, ["review", str(path), "--inputs", str(inputs)])
    assert shown.exit_code == 0, shown.output
    assert seen in shown.output.replace("\u00a0", " ")
    assert ("2 changes," if kind in TWO_CHANGES else "1 change,") in shown.output
    assert "for the secretary" not in shown.output
    assert "--- " in shown.output
    before = (inputs / "2021" / "museum.yaml").read_text(encoding="utf-8")
    applied = runner.invoke(app, ["review", str(path), "--inputs", str(inputs), "--apply"])
    assert applied.exit_code == 0, applied.output
    after = (inputs / "2021" / "museum.yaml").read_text(encoding="utf-8")
    assert after != before
    assert "# opened in May" in after and "# people who came during the year" in after
    assert texts(rebuilt(inputs, tmp_path)) == texts(path)


def test_review_without_apply_writes_nothing(made, tmp_path):
    inputs, path = edited(made, tmp_path, edit_caption)
    before = (inputs / "2021" / "museum.yaml").read_bytes()
    result = runner.invoke(app, ["review", str(path), "--inputs", str(inputs)])
    assert "+    title: Қордағы заттар туралы толық мәлімет" in result.output
    assert (inputs / "2021" / "museum.yaml").read_bytes() == before


def test_a_text_keeps_its_references_and_bold_when_a_word_is_edited(made, tmp_path):
    def edit(d):
        p = paragraph(d, "Музейге")
        p.runs[0].text = p.runs[0].text.replace("Музейге", "Биыл музейге")
    inputs, path = edited(made, tmp_path, edit)
    runner.invoke(app, ["review", str(path), "--inputs", str(inputs), "--apply"])
    after = (inputs / "2021" / "museum.yaml").read_text(encoding="utf-8")
    assert '- text: "Биыл музейге {visitors} адам келді, қорында **{holdings}** зат бар."' in after


def test_a_reviewers_figure_that_breaks_a_sum_is_a_finding(made, tmp_path):
    inputs, path = edited(made, tmp_path, edit_table_cell)
    runner.invoke(app, ["review", str(path), "--inputs", str(inputs), "--apply"])
    findings = prepare(inputs, 2021).findings
    assert [(f.field, f.message) for f in findings] == [
        ("figures.holdings", "total stated 300, its parts add up to 310 (−10)")]


def test_what_maps_to_no_field_is_listed_and_nothing_is_guessed(made, tmp_path):
    def edit(d):
        set_text(d.tables[0].cell(1, 0).paragraphs[0], "7")           # a row number
        set_text(paragraph(d, "Кесте"), "Кесте 9. Басқа")               # the caption's number
    inputs, path = edited(made, tmp_path, edit)
    before = (inputs / "2021" / "museum.yaml").read_bytes()
    result = runner.invoke(app, ["review", str(path), "--inputs", str(inputs), "--apply"])
    assert result.exit_code == 0, result.output
    assert "museum.yaml:16 tables.holdings (row number, made by the generator)" in result.output
    assert "museum.yaml:17 tables.holdings.title: changed «Кесте 9. Басқа»: it edits what the generator adds" in result.output
    assert (inputs / "2021" / "museum.yaml").read_bytes() == before


def test_pending_tracked_changes_are_refused(made, tmp_path):
    def edit(d):
        run = paragraph(d, "Залдар ашылды").runs[0]._r
        ins = run.makeelement(f"{W}ins", {f"{W}id": "901", f"{W}author": "Айгүл", f"{W}date": "2022-01-10T00:00:00Z"})
        new_run = copy.deepcopy(run)
        new_run.find(f"{W}t").text = "Жаңа "
        ins.append(new_run)
        run.addprevious(ins)
    inputs, path = edited(made, tmp_path, edit)
    before = (inputs / "2021" / "museum.yaml").read_bytes()
    result = runner.invoke(app, ["review", str(path), "--inputs", str(inputs), "--apply"])
    assert result.exit_code == 1
    assert "accept or reject them in Word or LibreOffice first" in result.output
    assert (inputs / "2021" / "museum.yaml").read_bytes() == before


def test_every_piece_the_writer_made_is_in_the_map(made):
    from generator.review import read_reviewed
    pieces = read_reviewed(made[1]).names.values()
    sources = {p.source.dotted for p in pieces if p.source.field == p.source}
    assert {"cover.ministry.0", "cover.title.1", "cover.city", "tables.holdings.title",
            "tables.holdings.label_header", "tables.holdings.row_numbers",
            "figures.holdings.parts.0.label", "tables.holdings.total_label"} <= sources
    texts_in_body = [t for t in texts(made[1]) if t.strip()]
    assert {p.text for p in pieces} >= {t for t in texts_in_body if "Мазмұны" not in t and "\t" not in t} - {""}


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_edits_through_libreoffice_are_applied(made, tmp_path):
    def edit(d):
        edit_figure_in_text(d)
        edit_list_item(d)
        insert_list_item(d)
    inputs, path = edited(made, tmp_path, edit)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
                    "docx", "--outdir", str(tmp_path / "lo"), str(path)], check=True, capture_output=True, timeout=180)
    through = tmp_path / "lo" / "reviewed.docx"
    result = runner.invoke(app, ["review", str(through), "--inputs", str(inputs), "--apply"])
    assert result.exit_code == 0, result.output
    assert "3 changes," in result.output and "for the secretary" not in result.output
    assert texts(rebuilt(inputs, tmp_path)) == texts(path)


CHART = """<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart><c:plotArea>
<c:barChart><c:ser><c:idx val="0"/><c:val><c:numRef><c:numCache><c:ptCount val="2"/>
<c:pt idx="0"><c:v>200</c:v></c:pt><c:pt idx="1"><c:v>{extra}</c:v></c:pt></c:numCache></c:numRef></c:val></c:ser>
</c:barChart></c:plotArea></c:chart></c:chartSpace>"""


def with_chart(source_docx, path, extra: str) -> None:
    """The DOCX with a chart part whose cached values show two figures, traced in the map (the
    hook a native chart's writer calls: SourceMarks.chart)."""
    import zipfile
    with zipfile.ZipFile(source_docx) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "customXml/report-sources.xml":
                data = data.replace(b"</sources>", b'<c part="word/charts/chart1.xml" s="0" p="0" v="200">'
                                    b'museum:figures.holdings.parts.0</c><c part="word/charts/chart1.xml" s="0" '
                                    b'p="1" v="100">museum:figures.holdings.parts.1</c></sources>')
            dst.writestr(item, data)
        dst.writestr("word/charts/chart1.xml", CHART.format(extra=extra))


def test_chart_data_edited_in_word_is_the_figures_change(made, tmp_path):
    inputs, path = edited(made, tmp_path, lambda d: None)
    with_chart(path, tmp_path / "charted.docx", "120")
    result = runner.invoke(app, ["review", str(tmp_path / "charted.docx"), "--inputs", str(inputs), "--apply"])
    assert result.exit_code == 0, result.output
    assert "museum.yaml:8 figures.holdings.parts.1: 100 → 120" in result.output
    assert "1 change," in result.output
    assert "- {id: extra, label: Қосымша қор, value: 120}" in (inputs / "2021" / "museum.yaml").read_text(encoding="utf-8")


def test_a_figure_and_a_word_edited_in_one_paragraph_go_to_the_figure_and_the_text(made, tmp_path):
    def edit(d):
        edit_figure_in_text(d)
        p = paragraph(d, "Музейге")
        p.runs[0].text = p.runs[0].text.replace("Музейге", "Биыл музейге")
    inputs, path = edited(made, tmp_path, edit)
    result = runner.invoke(app, ["review", str(path), "--inputs", str(inputs), "--apply"])
    assert "museum.yaml:3 figures.visitors: 1 500 → 1 550" in result.output.replace("\u00a0", " ")
    after = (inputs / "2021" / "museum.yaml").read_text(encoding="utf-8")
    assert "visitors: 1550          # people who came during the year" in after
    assert '- text: "Биыл музейге {visitors} адам келді, қорында **{holdings}** зат бар."' in after
    assert texts(rebuilt(inputs, tmp_path)) == texts(path)


NESTED = """\
heading: Іс-шаралар
lists:
  events:
    items:
      - text: Көрмелер
        items:                   # sub-items written as bare texts
          - «Дала өнері» көрмесі
          - «Ежелгі қала» көрмесі
content:
  - list: events
"""


@pytest.mark.slow
def test_sub_items_written_as_bare_texts_are_changed_and_inserted_as_such(tmp_path):
    root = write_inputs(tmp_path / "inputs", 2021, {"events": NESTED})
    out = generate(root, 2021, tmp_path / "out", formats=("docx",)).written[0]
    document = docx.Document(out)
    set_text(paragraph(document, "«Ежелгі"), "«Ежелгі Түркістан» көрмесі.")
    unmarked_copy(paragraph(document, "«Дала"), "«Жаңа» көрме;")
    document.save(tmp_path / "reviewed.docx")
    result = runner.invoke(app, ["review", str(tmp_path / "reviewed.docx"), "--inputs", str(root), "--apply"])
    assert result.exit_code == 0, result.output
    after = (root / "2021" / "events.yaml").read_text(encoding="utf-8")
    assert "          - «Дала өнері» көрмесі\n          - «Жаңа» көрме\n          - «Ежелгі Түркістан» көрмесі\n" in after
    assert "# sub-items written as bare texts" in after
    assert texts(rebuilt(root, tmp_path)) == texts(tmp_path / "reviewed.docx")


def test_applying_the_same_docx_twice_changes_nothing_the_second_time(made, tmp_path):
    inputs, path = edited(made, tmp_path, insert_list_item)
    runner.invoke(app, ["review", str(path), "--inputs", str(inputs), "--apply"])
    once = (inputs / "2021" / "museum.yaml").read_bytes()
    again = runner.invoke(app, ["review", str(path), "--inputs", str(inputs), "--apply"])
    assert "the inputs have changed here since this DOCX was made" in again.output
    assert (inputs / "2021" / "museum.yaml").read_bytes() == once


NOTED = """\
heading: Іс-шаралар
content:
  - text: Музей көрме өткізді^[Жылдық жоспар бойынша.], барлығы сәтті өтті.
"""


def test_an_edited_text_with_a_footnote_is_left_for_the_secretary_and_keeps_its_note(tmp_path):
    root = write_inputs(tmp_path / "inputs", 2021, {"events": NOTED})
    before = (root / "2021" / "events.yaml").read_text(encoding="utf-8")
    out = generate(root, 2021, tmp_path / "out", formats=("docx",)).written[0]
    document = docx.Document(out)
    p = paragraph(document, "Музей көрме")
    run = next(r for r in p.runs if "өткізді" in r.text)
    run.text = run.text.replace("көрме", "екі көрме")
    document.save(tmp_path / "reviewed.docx")
    result = runner.invoke(app, ["review", str(tmp_path / "reviewed.docx"), "--inputs", str(root), "--apply"])
    assert result.exit_code == 0, result.output
    assert "holds a footnote" in result.output and "by hand" in result.output
    assert (root / "2021" / "events.yaml").read_text(encoding="utf-8") == before     # the note is not lost


BOLD_NOTE = NOTED.replace("^[Жылдық жоспар бойынша.]", "^[**Жылдық** жоспар бойынша.]")


@pytest.mark.parametrize(("inputs", "written"), [(NOTED, "^[Бекітілген жоспар бойынша.]"),
                                                 (BOLD_NOTE, "^[**Бекітілген** жоспар бойынша.]")])
def test_an_edited_footnote_is_written_into_the_note_of_its_text(tmp_path, inputs, written):
    root = write_inputs(tmp_path / "inputs", 2021, {"events": inputs})
    out = generate(root, 2021, tmp_path / "out", formats=("docx",)).written[0]
    document = docx.Document(out)
    notes = next(p for p in document.part.package.parts if str(p.partname) == "/word/footnotes.xml")
    notes._blob = notes.blob.replace("Жылдық".encode(), "Бекітілген".encode())
    document.save(tmp_path / "reviewed.docx")
    result = runner.invoke(app, ["review", str(tmp_path / "reviewed.docx"), "--inputs", str(root), "--apply"])
    assert result.exit_code == 0, result.output
    assert "events.yaml:3 content.0.text (a footnote of the text" in result.output
    assert "for the secretary" not in result.output
    after = (root / "2021" / "events.yaml").read_text(encoding="utf-8")
    assert f"өткізді{written}, барлығы" in after
    rebuilt_notes = docx.Document(generate(root, 2021, tmp_path / "again", formats=("docx",)).written[0])
    blob = next(p for p in rebuilt_notes.part.package.parts if str(p.partname) == "/word/footnotes.xml").blob
    assert "Бекітілген".encode() in blob and "Жылдық".encode() not in blob
