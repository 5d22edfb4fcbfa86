"""Whatever a word processor does to the source bookmarks (renames, copies, moves or drops them), a
piece is identified from its own mark and text, never from a neighbour's; an edit is applied only
where its piece is identified beyond doubt, else listed for the secretary.

Each DOCX here is the generated one with its XML edited as LibreOffice leaves it (issue 21: a
copied paragraph's mark renamed ``_src_N_Copy_1``, a footnote's mark dropped on saving, a deleted
paragraph's mark left covering nothing in the next one).
"""
from __future__ import annotations

import copy
import shutil
import zipfile

import pytest
from lxml import etree
from typer.testing import CliRunner

from generator.cli import app
from generator.pipeline import generate
from generator.writers.docx.sources import paragraph_text
from tests.conftest import TOUR
from tests.small_inputs import write_inputs

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
runner = CliRunner()

EVENTS = """\
heading: Іс-шаралар
lists:
  events:
    items:
      - text: Көрмелер
        date: 15.03.2021
        items:
          - «Дала өнері» көрмесі
          - «Ежелгі қала» көрмесі
      - {text: Ғылыми конференция, date: 20.05.2021}
      - text: Білім беру бағдарламалары
content:
  - text: Жыл ішінде музей іс-шаралар өткізді^[Іс-шаралар жылдық жоспар бойынша есептелді.].
  - list: events
  - text: Есеп бекітілді^[Жоспар музейдің сайтында жарияланған.].
"""


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """The inputs and their DOCX, made once."""
    root = write_inputs(tmp_path_factory.mktemp("inputs") / "inputs", 2021, {"events": EVENTS})
    return root, generate(root, 2021, tmp_path_factory.mktemp("out"), formats=("docx",)).written[0]


class Edited:
    """The DOCX's body and footnotes as XML trees, edited as a word processor leaves them."""

    def __init__(self, path):
        with zipfile.ZipFile(path) as package:
            self.files = {item.filename: package.read(item) for item in package.infolist()}
        self.body = etree.fromstring(self.files["word/document.xml"])
        self.notes = etree.fromstring(self.files.get("word/footnotes.xml", b"<none/>"))

    def paragraph(self, start: str, notes: bool = False):
        root = self.notes if notes else self.body
        return next(p for p in root.iter(f"{W}p") if paragraph_text(p).strip().startswith(start))

    def save(self, path) -> None:
        self.files["word/document.xml"] = etree.tostring(self.body, xml_declaration=True, encoding="UTF-8")
        if "word/footnotes.xml" in self.files:
            self.files["word/footnotes.xml"] = etree.tostring(self.notes, xml_declaration=True, encoding="UTF-8")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
            for name, data in self.files.items():
                package.writestr(name, data)


def marks(p) -> list:
    return p.findall(f"{W}bookmarkStart") + p.findall(f"{W}bookmarkEnd")


def rename(p) -> None:
    start = p.find(f"{W}bookmarkStart")
    start.set(f"{W}name", start.get(f"{W}name") + "_Copy_1")


def set_text(p, text: str) -> None:
    texts = list(p.iter(f"{W}t"))
    texts[0].text = text
    for t in texts[1:]:
        t.text = ""


def duplicate(p):
    twin = copy.deepcopy(p)
    p.addnext(twin)
    return twin


def delete(p) -> None:
    p.getparent().remove(p)


def drop_mark(p) -> None:
    for el in marks(p):
        p.remove(el)


def leave_mark_in(deleted, kept) -> None:
    """``deleted`` removed, its mark left covering nothing at the start of ``kept``."""
    at = kept.find(f"{W}pPr")
    for el in marks(deleted):
        at.addnext(el)
        at = el
    delete(deleted)


def reviewed(made, tmp_path, edit) -> tuple:
    """A copy of the inputs, and the DOCX edited by ``edit`` (given an ``Edited``)."""
    root, out = made
    inputs = tmp_path / "inputs"
    shutil.copytree(root, inputs)
    document = Edited(out)
    edit(document)
    document.save(tmp_path / "reviewed.docx")
    return inputs, tmp_path / "reviewed.docx"


def applied(inputs, path) -> str:
    result = runner.invoke(app, ["review", str(path), "--inputs", str(inputs), "--apply"])
    assert result.exit_code == 0, result.output
    return result.output


def body_texts(path) -> list[str]:
    return [t for t in map(paragraph_text, Edited(path).body.iter(f"{W}p")) if t.strip()]


def rebuilt_as_reviewed(inputs, path, tmp_path) -> None:
    """The report built from the inputs now reads as the reviewed DOCX."""
    again = generate(inputs, 2021, tmp_path / "again", formats=("docx",)).written[0]
    assert body_texts(again) == body_texts(path)


def events_yaml(inputs) -> str:
    return (inputs / "2021" / "events.yaml").read_text(encoding="utf-8")


def test_a_deleted_item_is_deleted_though_a_footnotes_mark_was_dropped(made, tmp_path):
    """The issue's case: LibreOffice drops the second footnote's mark on saving, the reviewer
    deletes a list item. The footnote is matched only inside the footnotes, by its text."""
    def edit(d):
        drop_mark(d.paragraph("Жоспар музейдің", notes=True))
        delete(d.paragraph("«Дала өнері»"))
    inputs, path = reviewed(made, tmp_path, edit)
    output = applied(inputs, path)
    assert "lists.events.items.0.items.0.text: removed" in output and "1 change," in output
    assert "Жоспар музейдің" not in output and "for the secretary" not in output
    assert "«Дала өнері»" not in events_yaml(inputs) and "Жоспар музейдің сайтында" in events_yaml(inputs)
    rebuilt_as_reviewed(inputs, path, tmp_path)


def test_a_renamed_mark_still_names_its_piece(made, tmp_path):
    def edit(d):
        item = d.paragraph("«Ежелгі қала»")
        rename(item)
        set_text(item, "«Ежелгі Түркістан» көрмесі;")
    inputs, path = reviewed(made, tmp_path, edit)
    output = applied(inputs, path)
    assert "lists.events.items.0.items.1.text: changed" in output and "1 change," in output
    assert "- «Ежелгі Түркістан» көрмесі\n" in events_yaml(inputs)
    rebuilt_as_reviewed(inputs, path, tmp_path)


def test_a_copied_paragraph_is_added_and_the_original_keeps_its_piece(made, tmp_path):
    def edit(d):
        copied = duplicate(d.paragraph("Ғылыми конференция"))
        rename(copied)
        set_text(copied, "Дөңгелек үстел;")
    inputs, path = reviewed(made, tmp_path, edit)
    output = applied(inputs, path)
    assert "added after" in output and "lists.events.items.1.text:\n  now: Дөңгелек үстел;" in output
    assert "1 change," in output and "for the secretary" not in output
    assert "date: 20.05.2021}\n      - text: Дөңгелек үстел\n" in events_yaml(inputs)
    rebuilt_as_reviewed(inputs, path, tmp_path)


def test_of_two_paragraphs_with_one_mark_the_one_with_its_text_is_the_piece(made, tmp_path):
    """The copy is left as it was, the original edited (both keep the same name): the edited one
    is the reviewer's paragraph, added before the piece."""
    def edit(d):
        original = d.paragraph("Білім беру")
        duplicate(original)
        set_text(original, "Дөңгелек үстел;")
    inputs, path = reviewed(made, tmp_path, edit)
    output = applied(inputs, path)
    assert "lists.events.items.1.text:\n  now: Дөңгелек үстел;" in output and "1 change," in output
    assert "- text: Дөңгелек үстел\n      - text: Білім беру бағдарламалары\n" in events_yaml(inputs)
    rebuilt_as_reviewed(inputs, path, tmp_path)


def test_copies_edited_alike_are_listed_not_guessed(made, tmp_path):
    def edit(d):
        original = d.paragraph("Ғылыми конференция")
        set_text(duplicate(original), "Дөңгелек үстел;")
        set_text(original, "Дөңгелек үстел;")
    inputs, path = reviewed(made, tmp_path, edit)
    before = events_yaml(inputs)
    output = applied(inputs, path)
    assert output.count("for the secretary") == 2 and "its mark is in 2 paragraphs" in output
    assert events_yaml(inputs) == before


def test_a_mark_left_covering_nothing_in_the_next_paragraph_is_the_deleted_piece(made, tmp_path):
    def edit(d):
        leave_mark_in(d.paragraph("«Дала өнері»"), d.paragraph("«Ежелгі қала»"))
    inputs, path = reviewed(made, tmp_path, edit)
    output = applied(inputs, path)
    assert "lists.events.items.0.items.0.text: removed" in output and "1 change," in output
    assert "items:\n          - «Ежелгі қала» көрмесі\n" in events_yaml(inputs)
    rebuilt_as_reviewed(inputs, path, tmp_path)


def test_a_paragraph_whose_mark_was_dropped_is_known_by_its_text(made, tmp_path):
    def edit(d):
        drop_mark(d.paragraph("Жыл ішінде"))
        item = d.paragraph("Білім беру")
        drop_mark(item)
        set_text(item, "Білім беру бағдарламасы.")
    inputs, path = reviewed(made, tmp_path, edit)
    output = applied(inputs, path)
    assert "lists.events.items.2.text: retyped" in output and "1 change," in output
    assert "- text: Білім беру бағдарламасы\n" in events_yaml(inputs)
    rebuilt_as_reviewed(inputs, path, tmp_path)


def test_a_new_text_where_a_mark_was_lost_is_listed_not_guessed(made, tmp_path):
    """Rewritten or deleted with a new paragraph typed there: review cannot tell, so it lists both."""
    def edit(d):
        item = d.paragraph("Білім беру")
        drop_mark(item)
        set_text(item, "Мұражай түні.")
    inputs, path = reviewed(made, tmp_path, edit)
    before = events_yaml(inputs)
    output = applied(inputs, path)
    assert "lists.events.items.2.text: removed" in output and "now: Мұражай түні." in output
    assert output.count("for the secretary") == 2 and "whose mark is lost" in output
    assert events_yaml(inputs) == before


def test_a_docx_that_lost_every_mark_shows_no_phantom_change_and_its_edit_by_text(made, tmp_path):
    def edit(d):
        for root in (d.body, d.notes):
            for p in root.iter(f"{W}p"):
                drop_mark(p)
        set_text(d.paragraph("Білім беру"), "Білім беру бағдарламасы.")
    inputs, path = reviewed(made, tmp_path, edit)
    output = applied(inputs, path)
    assert "lists.events.items.2.text: retyped" in output and "1 change," in output
    assert "for the secretary" not in output
    rebuilt_as_reviewed(inputs, path, tmp_path)


SUBLISTS = """\
heading: Іс-шаралар
lists:
  events:
    items:
      - Көрмелер
      - Конференция
      - text: Дәрістер
        items: [Бірінші дәріс, Екінші дәріс]
content:
  - list: events
"""


def test_an_item_added_before_an_item_whose_sub_item_is_deleted_both_apply(tmp_path):
    """The insertion shifts the item holding the sub-list: the sub-list's deletion goes first."""
    root = write_inputs(tmp_path / "inputs", 2021, {"events": SUBLISTS})
    out = generate(root, 2021, tmp_path / "out", formats=("docx",)).written[0]
    document = Edited(out)
    added = duplicate(document.paragraph("Конференция"))
    drop_mark(added)
    set_text(added, "Дөңгелек үстел;")
    delete(document.paragraph("Бірінші дәріс"))
    document.save(tmp_path / "reviewed.docx")
    output = applied(root, tmp_path / "reviewed.docx")
    assert "lists.events.items.2.items.0.text: removed" in output and "2 changes," in output
    assert "for the secretary" not in output
    assert "  - Конференция\n      - text: Дөңгелек үстел\n      - text: Дәрістер\n        items: [Екінші дәріс]\n" in events_yaml(root)
    rebuilt_as_reviewed(root, tmp_path / "reviewed.docx", tmp_path)


@pytest.mark.slow
def test_the_issues_case_through_libreoffice_itself(tmp_path):
    """The tour's list item «Дала өнері» көрмесі deleted in LibreOffice Writer (UNO, with a view;
    LibreOffice 7 also drops the second footnote's mark when it saves): the item is deleted from
    the inputs, and the footnote's text goes nowhere. Runs with the UNO driver of tests/uno/."""
    office_module = pytest.importorskip("tests.uno.office", reason="the UNO driver (tests/uno/) is not here")
    missing = office_module.uno_missing()
    if missing:
        pytest.skip(missing)
    inputs = tmp_path / "tour"
    shutil.copytree(TOUR, inputs)
    made = generate(inputs, 2022, tmp_path / "out", formats=("docx",)).written[0]
    office = office_module.Office(tmp_path / "lo-profile")
    try:
        done = office.edit([{"source": str(made), "target": str(tmp_path / "reviewed.docx"), "track": False,
                             "edits": [{"op": "delete", "find": "«Дала өнері» көрмесі",
                                        "expect": "«Дала өнері» көрмесі;"}]}])
    finally:
        office.stop()
    assert done[0]["done"] == [True]
    path = tmp_path / "reviewed.docx"
    output = applied(inputs, path)
    assert "lists.events.items.0.items.0.text: removed" in output and "1 change," in output
    assert "Жоспар музейдің" not in output and "for the secretary" not in output
    text = (inputs / "2022" / "text.yaml").read_text(encoding="utf-8")
    assert "«Дала өнері»" not in text and text.count("Жоспар музейдің сайтында") == 1
    again = generate(inputs, 2022, tmp_path / "again", formats=("docx",)).written[0]
    rebuilt = body_texts(again)
    assert not any("Дала өнері" in t or "Жоспар музейдің" in t for t in rebuilt)
    assert "«Ежелгі қала» көрмесі;" in rebuilt and len(rebuilt) == len(body_texts(made)) - 1
