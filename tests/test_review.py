"""Reviewers' DOCX: findings as comments on the figure, edits and comments traced to input fields."""
from __future__ import annotations

import copy
import re
import shutil
import subprocess
import zipfile

import docx
import pytest
from typer.testing import CliRunner

from generator.cli import app
from generator.config import load_terms
from generator.pipeline import generate, prepare
from generator.review import review
from tests.small_inputs import ONE_HALL, PROJECT, write_inputs

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
runner = CliRunner()


@pytest.fixture(scope="module")
def generated(report_2021):
    return report_2021[".docx"]


def comment_anchors(path) -> dict[str, str]:
    """Comment text → the document text between its range marks."""
    with zipfile.ZipFile(path) as z:
        body = z.read("word/document.xml").decode("utf-8")
    document = docx.Document(path)
    texts = {str(c.comment_id): c.text for c in document.comments}
    out = {}
    for match in re.finditer(r'<w:commentRangeStart w:id="(\d+)"/>(.*?)<w:commentRangeEnd w:id="\1"/>', body, re.S):
        out[texts[match.group(1)]] = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", match.group(2)))
    return out


def test_findings_become_comments_on_the_figure_they_concern(generated):
    anchors = comment_anchors(generated)
    holdings = next(text for text in anchors if "215\u00a0982" in text)
    assert anchors[holdings] == "215\u00a0534"
    assert "funds.yaml:5 figures.holdings" in holdings
    comparison = next(text for text in anchors if "1,63" in text)
    assert anchors[comparison] == "екі есеге жуық артқандығын"
    assert all(c.author == "generate-report" for c in docx.Document(generated).comments)
    assert len(anchors) == len(prepare(PROJECT / "inputs", 2021).findings)


def test_comments_are_in_the_reports_language_or_else_in_english(generated):
    texts = list(comment_anchors(generated))
    holdings = next(text for text in texts if "215 982" in text)
    assert holdings == ("жалпы саны 215 534 деп көрсетілген, ал бөліктерінің қосындысы 215 982 (−448) "
                        "(2021/funds.yaml:5 figures.holdings)")
    finding = next(p for p in prepare(PROJECT / "inputs", 2021).findings if p.term == "total")
    assert load_terms("kk-KZ").finding("no-such-term", {}, "as is") == "as is"
    assert load_terms("ru-RU").finding(finding.term, finding.values, finding.message).startswith("указан итог 215")


def test_every_language_words_every_finding_with_the_same_blanks():
    blanks = {language: {term: set(re.findall(r"{(\w+)}", words)) for term, words in load_terms(language).findings.items()}
              for language in ("kk-KZ", "ru-RU")}
    assert blanks["kk-KZ"] == blanks["ru-RU"] and len(blanks["kk-KZ"]) > 20
    terms = {p.term for p in prepare(PROJECT / "inputs", 2021).findings}
    assert terms <= set(blanks["kk-KZ"]) and "" not in terms


def test_no_findings_no_comments(tmp_path):
    root = write_inputs(tmp_path / "inputs", 2021, {"halls": ONE_HALL})
    path = generate(root, 2021, tmp_path / "out", formats=("docx",)).written[0]
    assert list(docx.Document(path).comments) == []


def edited_copy(generated, tmp_path):
    path = tmp_path / "reviewed.docx"
    shutil.copy(generated, path)
    document = docx.Document(path)
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Соңғы үш жылдағы"))
    paragraph.runs[0].text = "Соңғы үш жылдағы заттар кестеде."
    for run in paragraph.runs[1:]:
        run.text = ""
    document.tables[0].cell(1, 3).paragraphs[0].runs[0].text = "118\u00a0700"
    target = next(p for p in document.paragraphs if p.text.startswith("Сонымен қатар"))
    document.add_comment(target.runs[1], text="Бұл сан дұрыс па?", author="Айгүл", initials="А")
    document.save(path)
    return path


def test_review_lists_exactly_the_edits_with_their_fields(generated, tmp_path):
    path = edited_copy(generated, tmp_path)
    ready = prepare(PROJECT / "inputs", 2021)
    changes, remarks = review(path, ready.report, ready.doc)
    assert [(c.place, c.new) for c in changes] == [
        ("inputs/2021/funds.yaml:55 content.2.text", "Соңғы үш жылдағы заттар кестеде."),
        ("inputs/2021/funds.yaml:11 figures.holdings.parts.0.parts.0", "118\u00a0700"),
    ]
    assert changes[1].old == "118\u00a0648"
    assert [(r.author, r.anchored, r.text, r.place) for r in remarks] == [
        ("Айгүл", "4 925", "Бұл сан дұрыс па?", "inputs/2021/summary.yaml:46 content.2.text")]


def test_tracked_changes_are_shown_accepted_and_rejected(generated, tmp_path):
    path = tmp_path / "tracked.docx"
    shutil.copy(generated, path)
    document = docx.Document(path)
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Соңғы үш жылдағы"))
    run = paragraph.runs[0]._r
    ins = run.makeelement(f"{W}ins", {f"{W}id": "901", f"{W}author": "Айгүл", f"{W}date": "2022-01-10T00:00:00Z"})
    new_run = copy.deepcopy(run)
    new_run.find(f"{W}t").text = "ЖАҢА "
    ins.append(new_run)
    run.addprevious(ins)
    document.save(path)
    ready = prepare(PROJECT / "inputs", 2021)
    changes, _ = review(path, ready.report, ready.doc)
    assert len(changes) == 1
    assert changes[0].new.startswith("ЖАҢА Соңғы үш жылдағы")
    assert changes[0].rejected == changes[0].old


def test_review_command_prints_plain_lines(generated, tmp_path):
    path = edited_copy(generated, tmp_path)
    result = runner.invoke(app, ["review", str(path), "--inputs", str(PROJECT / "inputs")])
    assert result.exit_code == 0, result.output
    assert "inputs/2021/funds.yaml:11 figures.holdings.parts.0.parts.0: 118\u00a0648 → 118\u00a0700" in result.output
    assert "comment by Айгүл on «4 925»" in result.output
    assert "2 changes, 1 comment by reviewers." in result.output


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_libreoffice_round_trip_still_maps_changes(generated, tmp_path):
    path = edited_copy(generated, tmp_path)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "lo-out"), str(path)],
                   check=True, capture_output=True, timeout=180)
    ready = prepare(PROJECT / "inputs", 2021)
    changes, remarks = review(tmp_path / "lo-out" / "reviewed.docx", ready.report, ready.doc)
    assert [c.place for c in changes] == ["inputs/2021/funds.yaml:55 content.2.text",
                                         "inputs/2021/funds.yaml:11 figures.holdings.parts.0.parts.0"]
    assert [r.text for r in remarks] == ["Бұл сан дұрыс па?"]


def test_a_lost_map_is_rebuilt_in_the_writers_order(generated):
    from generator.docxread import open_docx
    from generator.review import _read_map
    from generator.writers.docx.writer import source_pieces
    with open_docx(generated) as package:
        stored = _read_map(package)
    ready = prepare(PROJECT / "inputs", 2021)
    rebuilt = source_pieces(ready.doc, ready.profile)
    assert [(name, stored[name].source, stored[name].text) for name, *_ in rebuilt] == [
        (name, source, text) for name, source, text, _ in rebuilt]
    assert len(rebuilt) > 100


def test_a_docx_in_the_page_fills_order_reviews_clean_from_its_map_or_from_one_made_again(generated):
    """The page fill printed text ahead of a figure in both files (the DOCX's map, in reading
    order, lists a piece numbered lower after a higher one: numbered in the order built); the
    DOCX unedited, review finds no change, whether it reads the DOCX's map or, where a word
    processor dropped it, makes it again from the document as built."""
    from generator.review import read_reviewed
    numbers = [int(name.removeprefix("_src_")) for name in read_reviewed(generated).names]
    assert numbers != sorted(numbers)
    ready = prepare(PROJECT / "inputs", 2021)
    assert review(generated, ready.report, ready.doc) == ([], [])
    dropped = read_reviewed(generated)
    dropped.names = {}
    assert review(dropped, ready.report, ready.doc, ready.profile) == ([], [])


def test_source_bookmarks_are_hidden_and_the_old_visible_names_still_reviewed(generated, tmp_path):
    with zipfile.ZipFile(generated) as package:
        body = package.read("word/document.xml").decode("utf-8")
    assert 'w:name="_src_1"' in body and 'w:name="src_' not in body
    edited = edited_copy(generated, tmp_path)
    old = tmp_path / "old-names.docx"
    with zipfile.ZipFile(edited) as src, zipfile.ZipFile(old, "w") as dst:
        for item in src.infolist():       # a DOCX as written before: src_N, in the text and the map
            data = src.read(item)
            dst.writestr(item, data.replace(b'"_src_', b'"src_') if item.filename.endswith(".xml") else data)
    ready = prepare(PROJECT / "inputs", 2021)
    assert [c.place for c in review(old, ready.report, ready.doc)[0]] == [
        c.place for c in review(edited, ready.report, ready.doc)[0]] != []


def test_a_native_charts_value_edited_in_its_data_is_the_figures_change(generated, tmp_path):
    path = tmp_path / "chart-edited.docx"
    with zipfile.ZipFile(generated) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():      # what Word's «Edit Data» leaves: the chart's cached value
            data = src.read(item)
            dst.writestr(item, data.replace(b"<c:v>436</c:v>", b"<c:v>440</c:v>")
                         if item.filename == "word/charts/chart1.xml" else data)
    ready = prepare(PROJECT / "inputs", 2021)
    changes, _ = review(path, ready.report, ready.doc)
    assert [(c.kind, c.place.split(" ")[-1], c.old, c.new) for c in changes] == [("figure", "figures.events", "436", "440")]
