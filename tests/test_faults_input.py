"""Faults and hostile inputs: each was a wrong figure, an internal error or a quadratic time before
(issue 22); each is now a plain problem naming the file, line and field, in linear time."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

import pytest
from typer.testing import CliRunner

from generator.cli import app
from generator.fmt import whole_number
from generator.load.inputs import load_report
from generator.load.problems import InputErrors
from generator.load.yamlsrc import MAX_WORD, YamlError, parse_yaml
from generator.review import MAX_ANCHORED
from tests import hostile_docx as hostile
from tests.small_inputs import ONE_HALL, write_inputs

runner = CliRunner()
SOURCES = "customXml/report-sources.xml"

FIGURE = """\
heading: Залдар
figures:
  participants: {value}
content:
  - text: "оған {{participants}} адам қатысты"
"""

LIST = """\
heading: Тізім
lists:
  events:
    in_date_order: {order}
    punctuation: {punctuation}
    items:
      - {{text: {text}, date: {date}, year: {year}}}
content:
  - list: events
"""


def problems_of(root: Path, year: int = 2021) -> list[str]:
    with pytest.raises(InputErrors) as info:
        load_report(root, year)
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize("written, advice", [
    ("017", "write 17 (a leading zero is not a figure"),
    ("0x1F", "(31 in decimal digits)"),
    ("0o17", "(15 in decimal digits)"),
    ("0b101", "(5 in decimal digits)"),
    ("1:30", 'write 90 or "1:30"'),
    ("12_5", "write 125 (an underscore is not part of a figure)"),
    ("yes", "'yes' is read by some programs as yes/no"),
    ("On", "'On' is read by some programs as yes/no"),
    ("true", "'true' is read by some programs as yes/no"),
    ("Y", "'Y' is read by some programs as yes/no"),
    ("nO", "'nO' is read by some programs as yes/no"),
])
def test_a_figure_in_an_old_yaml_form_is_a_problem_not_another_number(tmp_path, written, advice):
    found = problems_of(write_inputs(tmp_path, 2021, {"hall": FIGURE.format(value=written)}))
    assert len(found) == 1, found
    assert "hall.yaml:3 figures.participants: " in found[0] and advice in found[0], found


@pytest.mark.parametrize("field, written", [
    ("text", "017"), ("text", "no"), ("text", "10:30"), ("date", "1:30"), ("date", "off"), ("year", "02021"),
    ("year", "2_021"), ("year", "yes"),
])
def test_old_forms_in_text_date_and_year_fields_are_problems(tmp_path, field, written):
    values = {"order": "true", "punctuation": "true", "text": "Көрме", "date": "28.05.2021", "year": "2021"}
    found = problems_of(write_inputs(tmp_path, 2021, {"list": LIST.format(**{**values, field: written})}))
    assert len(found) == 1 and f"list.yaml:7 lists.events.items.0.{field}: " in found[0], found
    assert f'"{written}"' in found[0], found


@pytest.mark.parametrize("written, meant", [("yes", True), ("No", False), ("on", True), ("OFF", False),
                                            ("y", True), ("n", False), ("true", True), ("False", False)])
def test_yes_and_no_words_stay_yes_and_no_in_yes_no_fields(tmp_path, written, meant):
    values = {"order": written, "punctuation": written, "text": "Көрме", "date": "28.05.2021", "year": "2021"}
    report = load_report(write_inputs(tmp_path, 2021, {"list": LIST.format(**values)}), 2021)
    events = report.sections["list"].lists["events"]
    assert (events.in_date_order, events.punctuation) == (meant, meant)


def test_table_cells_in_old_forms_are_problems_and_infinity_is_refused(tmp_path):
    table = ("heading: H\ntables:\n  t:\n    title: T\n    columns: [{id: a, header: A}, {id: b, header: B, "
             "type: number}]\n    rows:\n      - [yes, 0x10]\n      - [x, .inf]\ncontent:\n  - table: t\n")
    found = problems_of(write_inputs(tmp_path, 2021, {"t": table}))
    assert [p.split(": ")[0].split(" ")[-1] for p in found] == ["tables.t.rows.0.0", "tables.t.rows.0.1",
                                                                "tables.t.rows.1.1"], found


def test_a_name_written_as_an_old_number_is_a_problem(tmp_path):
    found = problems_of(write_inputs(tmp_path, 2021, {"hall": FIGURE.format(value="1").replace(
        "participants: 1", "participants: 1\n  017: 2")}))
    assert any("hall.yaml:4 figures: the name '017'" in p for p in found), found


def test_decimal_figures_quoted_texts_and_dates_read_as_before(tmp_path):
    text = FIGURE.format(value="12.50") + "  - text: \"017\"\n  - text: '1:30 yes'\n"
    report = load_report(write_inputs(tmp_path, 2021, {"hall": text}), 2021)
    section = report.sections["hall"]
    assert section.figures["participants"].value == 12.5
    assert [c.text for c in section.content[1:]] == ["017", "1:30 yes"]


# --- No internal error from any file (one line, exit 1, the file named) -------------------------

@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """Small inputs and the DOCX they make."""
    from generator.pipeline import generate
    root = write_inputs(tmp_path_factory.mktemp("faults") / "inputs", 2021, {"halls": ONE_HALL})
    docx = generate(root, 2021, tmp_path_factory.mktemp("faults-out"), formats=("docx",)).written[0]
    return root, docx.read_bytes()


def run_cli(*args: str):
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    return result


def review_of(made, tmp_path, data: bytes):
    root, _ = made
    path = tmp_path / "report-2021.docx"
    path.write_bytes(data)
    return run_cli("review", str(path), "--inputs", str(root)), path


@pytest.mark.parametrize("target", ["halls.yaml", "/dev/null", "nowhere.yaml"])
def test_a_symbolic_link_to_no_file_is_named_as_such(made, tmp_path, target):
    root = write_inputs(tmp_path / "inputs", 2021, {"halls": ONE_HALL})
    link = root / "2021" / "halls.yaml"
    link.unlink()
    link.symlink_to(target)
    result = run_cli("check", "2021", "--inputs", str(root))
    assert result.exit_code == 1
    assert f"halls.yaml: the file is a symbolic link to {target}, which is not a file" in result.output


def test_a_damaged_deflate_stream_in_a_reviewed_docx_is_one_line(made, tmp_path):
    parts = hostile.parts(made[1])
    stream = bytearray(hostile._deflate(dict(parts)[hostile.MAIN]))
    stream[12] ^= 0x55
    result, path = review_of(made, tmp_path, hostile.zip_of(parts, streams={hostile.MAIN: bytes(stream)}))
    assert result.exit_code == 1
    assert result.output == f"{path}: its part {hostile.MAIN} is damaged (the file was cut short or altered): " \
                            "copy or save it again\n"


@pytest.mark.parametrize("old, new", [('f="0,', 'f="²,'), ('f="0,', 'f="0,²'), ("halls:heading", "x²/halls:heading"),
                                      ("halls:heading", "halls:heading.²"), ("halls:heading", "9" * 5000 + "/halls:heading")])
def test_a_forged_source_map_entry_is_no_internal_error(made, tmp_path, old, new):
    sources = dict(hostile.parts(made[1]))[SOURCES].decode("utf-8")
    assert old in sources
    forged = hostile.replaced(made[1], SOURCES, sources.replace(old, new, 1).encode("utf-8"))
    result, _ = review_of(made, tmp_path, forged)
    assert result.exit_code in (0, 1)


@pytest.mark.parametrize("text, number", [("12", 12), ("²", None), ("٣", None), ("1" * 19, None), ("", None),
                                          ("-1", None), (" 1", None), (None, None)])
def test_whole_numbers_are_ascii_digits_only(text, number):
    assert whole_number(text) == number


def test_the_preview_status_with_an_odd_wait_answers(tmp_path):
    import json
    import threading

    from generator.preview.pages import PageShelf
    from generator.preview.server import Shown, make_server
    from tests.test_preview import get
    shown = Shown(2021)
    httpd = make_server(0, shown, PageShelf(tmp_path / "pages"))
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        for wait in ("%C2%B2", "1" * 5000, "-1", "%D9%A3"):
            code, _, body = get(httpd, f"/status?wait={wait}")
            assert code == 200 and json.loads(body)["year"] == 2021
    finally:
        httpd.shutdown()
        httpd.server_close()


# --- Linear time on any input: 10 times the input, at most about 10 times the CPU time ------------

def cpu_seconds(run) -> float:
    """The least CPU time of two runs (CPU, not wall-clock time: a busy machine does not count)."""
    best = float("inf")
    for _ in range(2):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def assert_linear(run_at, size: int) -> None:
    """run_at(10 × size) costs at most 15 times run_at(size), with 0.3 s to spare for noise:
    a quadratic cost grows 100 times."""
    small, big = cpu_seconds(lambda: run_at(size)), cpu_seconds(lambda: run_at(10 * size))
    assert big <= 15 * small + 0.3, f"{size}: {small:.3f} s, {10 * size}: {big:.3f} s"


def parsed(text: str) -> None:
    try:
        parse_yaml(text)
    except YamlError:
        pass


@pytest.mark.parametrize("hostile", [
    lambda n: "a: " + "x" * n + "\nb: [1, 2\nc: 3\n",        # a long token, a syntax mistake after it
    lambda n: "a: '" + "[" * n + "'\n",                      # brackets the parsers' check looked at
    lambda n: "a: '" + "{" * n + "?'\n",
    lambda n: "[" * n,                                       # nesting without end
    lambda n: "a: " + ("x" * 99 + " ") * (n // 100) + "\n",  # long texts, words checked for length
], ids=["token-then-mistake", "brackets", "braces-question", "nesting", "words"])
def test_the_loader_takes_linear_time_on_hostile_text(hostile):
    assert_linear(lambda n: parsed(hostile(n)), 5_000)


def test_a_word_longer_than_any_real_one_is_refused_before_the_pdf_lays_it_out(tmp_path):
    text = FIGURE.format(value=1) + "  - text: " + "а" * (MAX_WORD + 1) + "\n"
    found = problems_of(write_inputs(tmp_path, 2021, {"hall": text}))
    assert len(found) == 1 and f"hall.yaml:6 content.1.text: the text has a word of 1 001 characters" in found[0]
    assert load_report(write_inputs(tmp_path / "ok", 2021, {"hall": text.replace("а" * 500, "а" * 499 + " ")}), 2021)


@pytest.fixture(scope="module")
def museum(tmp_path_factory):
    """The review tests' small report and its DOCX."""
    from generator.pipeline import generate
    from tests.test_review_apply import MUSEUM
    root = write_inputs(tmp_path_factory.mktemp("museum") / "inputs", 2021, {"museum": MUSEUM})
    return root, generate(root, 2021, tmp_path_factory.mktemp("museum-out"), formats=("docx",)).written[0]


def reviewed_with(museum, tmp_path, edit) -> Callable[[int], None]:
    """run_at(n): `review` of the DOCX with ``edit(document, n)`` made in it (saved beforehand)."""
    import docx
    root, out = museum
    saved: dict[int, Path] = {}

    def run_at(n: int) -> None:
        if n not in saved:
            document = docx.Document(out)
            edit(document, n)
            saved[n] = tmp_path / f"reviewed-{n}.docx"
            document.save(saved[n])
        result = run_cli("review", str(saved[n]), "--inputs", str(root))
        assert result.exit_code == 0 and f" {n} comments by reviewers" in result.output or "comment" not in edit.__name__
    return run_at


def added_items(document, n: int) -> None:
    from tests.test_review_apply import paragraph, unmarked_copy
    first = paragraph(document, "Бірінші зал")
    for i in range(n):
        unmarked_copy(first, f"Жаңа зал {i};")


def comments(document, n: int) -> None:
    """n reviewer's comments, each on one word of the text (copies of one Word made, for speed)."""
    import copy
    runs = [run for p in document.paragraphs for run in p.runs if run.text]
    made = document.add_comment(runs[0], text="ескерту", author="Рецензент")._comment_elm
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for i in range(1, n):
        comment = copy.deepcopy(made)
        comment.set(f"{W}id", str(1000 + i))
        made.addnext(comment)
        run = runs[i % len(runs)]._r
        for tag, place in (("commentRangeStart", run.addprevious), ("commentRangeEnd", run.addnext)):
            mark = run.makeelement(f"{W}{tag}", {f"{W}id": str(1000 + i)})
            place(mark)


@pytest.mark.slow
def test_review_takes_linear_time_on_added_paragraphs(museum, tmp_path):
    assert_linear(reviewed_with(museum, tmp_path, added_items), 400)


def test_review_takes_linear_time_on_comments(museum, tmp_path):
    assert_linear(reviewed_with(museum, tmp_path, comments), 200)


def test_a_comment_on_a_long_text_shows_its_start(museum, tmp_path):
    import docx
    from tests.test_review_apply import paragraph, set_text
    document = docx.Document(museum[1])
    long = paragraph(document, "Залдар ашылды")
    set_text(long, "сөз " * 300)
    document.add_comment(long.runs, text="бәрі", author="Рецензент")
    document.save(tmp_path / "commented.docx")
    result = run_cli("review", str(tmp_path / "commented.docx"), "--inputs", str(museum[0]))
    line = next(line for line in result.output.splitlines() if line.startswith("comment by Рецензент"))
    assert "…» (" in line and len(line) < MAX_ANCHORED + 200, line


# --- Checked too ---------------------------------------------------------------------------------

@pytest.mark.parametrize("approved, finding", [
    ("16.01.2030", "approved: 16.01.2030 is later than 2022, the year after the one the report is about"),
    ("31.12.2022", None), ("11.02.2022", None), ("02.01.2023", "approved: 02.01.2023 is later than 2022"),
])
def test_an_approval_years_after_the_report_is_a_finding(tmp_path, approved, finding):
    from generator.check import check_report
    root = write_inputs(tmp_path, 2021, {"hall": FIGURE.format(value=4)})
    report_file = root / "2021" / "report.yaml"
    report_file.write_text(report_file.read_text(encoding="utf-8") + f"approved: {approved}\n", encoding="utf-8")
    found = [str(p) for p in check_report(load_report(root, 2021))]
    if finding is None:
        assert found == []
    else:
        assert len(found) == 1 and found[0].startswith(f"{report_file}:9 {finding}"), found
        assert found[0].endswith(": check the year"), found


@pytest.mark.parametrize("char, name", [("\u202e", "right-to-left override"), ("\u202a", "left-to-right embedding"),
                                        ("\u2066", "left-to-right isolate"), ("\u2069", "end of an isolate"),
                                        ("\u2029", "paragraph separator"), ("\u2028", "line separator"),
                                        ("\u200b", "zero-width space"), ("\ufeff", "byte-order mark"),
                                        ("\u0085", "next line"), ("\u0007", "a control character")])
def test_an_invisible_or_control_character_in_any_text_is_named_with_its_field(tmp_path, char, name):
    escaped = f"\\u{ord(char):04x}"
    text = FIGURE.format(value=4) + f'  - text: "екі {escaped}сөз"\n'
    found = problems_of(write_inputs(tmp_path, 2021, {"hall": text}))
    assert len(found) == 1 and "hall.yaml:6 content.1.text: character 5 of the text is " in found[0], found
    assert f"U+{ord(char):04X} ({name}" in found[0], found


def test_an_invisible_character_in_a_title_of_report_yaml_is_named(tmp_path):
    root = write_inputs(tmp_path, 2021, {"hall": FIGURE.format(value=4)})
    report_file = root / "2021" / "report.yaml"
    report_file.write_text(report_file.read_text(encoding="utf-8").replace("Сынақ музейі", "Сынақ \u202eмузейі"),
                           encoding="utf-8")
    found = problems_of(root)
    assert len(found) == 1 and "report.yaml:2 organisation: character 7 of the text is U+202E" in found[0], found


# --- `review --apply` writes only what the next build accepts -------------------------------------

def _figure_of_21_digits(document) -> None:
    from tests.test_review_apply import paragraph
    run = next(r for r in paragraph(document, "Музейге").runs if r.text.replace("\u00a0", " ") == "1 500")
    run.text = "1" * 21


def _edit_text(new: str):
    def edit(document) -> None:
        from tests.test_review_apply import paragraph, set_text
        set_text(paragraph(document, "Залдар ашылды"), new)
    return edit


def _long_item_after_a_one_line_item(document) -> None:
    from tests.test_review_apply import paragraph, unmarked_copy
    unmarked_copy(paragraph(document, "Үшінші зал"), "Ұзын абзац " * 40 + "соңы;")


@pytest.mark.parametrize("edit, refusal", [
    (_long_item_after_a_one_line_item, "museum.yaml:15 lists.halls.items.3.text: character 93 of the text is U+0007"),
    (_edit_text(""), "museum.yaml:33 content.1: the text is empty"),
    (lambda document: added_items(document, 998), "museum.yaml:11 lists.halls.items: has 1 001 entries; the limit is 1 000"),
    (_figure_of_21_digits, "museum.yaml:3 figures.visitors: 111111111111111111111 is larger than any figure"),
    (_edit_text("Залдар {nonexistent} ашылды."), "museum.yaml:33 content.1.text: 'nonexistent' is not a figure"),
    (_edit_text("Залдар \u202eашылды."), "museum.yaml:33 content.1.text: character 8 of the text is U+202E"),
], ids=["bell-from-folding", "emptied", "over-the-limit", "21-digits", "unknown-reference", "override"])
def test_apply_writes_nothing_the_next_build_would_refuse_and_says_why(museum, tmp_path, edit, refusal):
    import shutil

    import docx
    root, out = museum
    inputs = tmp_path / "inputs"
    shutil.copytree(root, inputs)
    document = docx.Document(out)
    edit(document)
    document.save(tmp_path / "reviewed.docx")
    before = {p: p.read_bytes() for p in inputs.rglob("*") if p.is_file()}
    result = run_cli("review", str(tmp_path / "reviewed.docx"), "--inputs", str(inputs), "--apply")
    assert result.exit_code == 1 and refusal in result.output and "Written" not in result.output, result.output
    assert {p: p.read_bytes() for p in inputs.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inputs", "reviewed.docx"]     # no twin folder left


def test_apply_writes_what_the_next_build_accepts(museum, tmp_path):
    import shutil

    import docx
    root, out = museum
    inputs = tmp_path / "inputs"
    shutil.copytree(root, inputs)
    document = docx.Document(out)
    _edit_text("Залдар тағы ашылды.")(document)
    document.save(tmp_path / "reviewed.docx")
    result = run_cli("review", str(tmp_path / "reviewed.docx"), "--inputs", str(inputs), "--apply")
    assert result.exit_code == 0 and "Written:" in result.output, result.output
    assert "text: Залдар тағы ашылды." in (inputs / "2021" / "museum.yaml").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inputs", "reviewed.docx"]
