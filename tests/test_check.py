"""The figure checks: each planted slip gives one finding with file, line, field and numbers."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator.check import check_report
from generator.check.comparisons import interpret
from generator.cli import app
from generator.grammar import grammar_for
from generator.load.inputs import load_report
from tests.small_inputs import PROJECT, write_inputs

NB, MINUS = "\u00a0", "\u2212"

HALLS = """\
heading: Көрмелер
figures:
  halls: {value: 2, counts: halls}
  visitors:
    value: 1500
    parts:
      - {id: pupils, label: Оқушылар, value: 1000}
      - {id: adults, label: Ересектер, value: 500}
lists:
  halls:
    items:
      - {text: "«**Ұлық Ұлыс**» залы", date: 28.05.2021}
      - {text: "«Графика және мүсін» залы", date: 04.11.2021}
content:
  - text: "{year} жылы {halls} зал ашылды, {visitors} адам келді."
  - list: halls
  - table: visitors
tables:
  visitors: {title: Келушілер, figure: visitors, years: 2, label_header: Санат}
"""
SUMMARY = """\
figures:
  events:
    label: іс-шара
    value: 12
    parts:
      - {id: halls, label: жаңа зал, value: "{halls.halls}"}
      - {id: webinars, label: вебинар, value: 10}
comparisons:
  events_change: {figure: events, says: екі есеге артқандығын}
content:
  - text: "{events} іс-шара: {events_change}."
"""
HISTORY = {2020: {"summary": "figures:\n  events: 6\n",
                  "halls": "figures:\n  visitors:\n    value: 700\n    parts:\n"
                           "      - {id: pupils, label: Оқушылар, value: 400}\n"
                           "      - {id: adults, label: Ересектер, value: 300}\n"}}


def findings(tmp_path: Path, halls: str = HALLS, summary: str = SUMMARY, history: dict | None = None,
             extra: dict | None = None) -> list[str]:
    files = {"summary": summary, "halls": halls, **(extra or {})}
    root = write_inputs(tmp_path / "inputs", 2021, files, history or HISTORY)
    return [f"{Path(p.file).name}:{p.line} {p.field}: {p.message}" for p in check_report(load_report(root, 2021))]


def test_clean_inputs_have_no_findings(tmp_path):
    assert findings(tmp_path) == []


# Totals against their parts -------------------------------------------------------------------

def test_total_that_disagrees_with_its_parts(tmp_path):
    halls = HALLS.replace("value: 1500", "value: 1450")
    assert findings(tmp_path, halls) == [
        f"halls.yaml:5 figures.visitors: total stated 1{NB}450, its parts add up to 1{NB}500 ({MINUS}50)"]


def test_total_inside_a_total_is_checked_at_its_own_depth(tmp_path):
    halls = HALLS.replace(
        "      - {id: adults, label: Ересектер, value: 500}\n",
        "      - id: adults\n        label: Ересектер\n        value: 500\n        parts:\n"
        "          - {id: men, label: Ерлер, value: 200}\n          - {id: women, label: Әйелдер, value: 290}\n")
    assert findings(tmp_path, halls) == [
        "halls.yaml:10 figures.visitors.adults: total stated 500, its parts add up to 490 (+10)"]


def test_part_without_a_value_counts_by_its_own_parts(tmp_path):
    halls = HALLS.replace(
        "      - {id: adults, label: Ересектер, value: 500}\n",
        "      - id: adults\n        parts:\n"
        "          - {id: men, label: Ерлер, value: 200}\n          - {id: women, label: Әйелдер, value: 300}\n")
    assert findings(tmp_path, halls) == []


def test_missing_part_is_named_in_the_finding(tmp_path):
    history = {2020: {**HISTORY[2020], "halls": HISTORY[2020]["halls"].replace("value: 300", "value: null")}}
    assert findings(tmp_path, history=history) == [
        "halls.yaml:3 figures.visitors: total stated 700, its parts add up to 400 (+300); no figure is given "
        "for «Ересектер» (shown as -), so it is not in the sum"]


def test_earlier_years_not_shown_by_the_report_are_not_checked(tmp_path):
    halls = HALLS.replace("  - table: visitors\n", "").replace("years: 2", "years: 1")
    history = {2020: {**HISTORY[2020], "halls": HISTORY[2020]["halls"].replace("value: 700", "value: 720")}}
    assert findings(tmp_path, halls, history=history) == []


def test_earlier_years_files_are_checked_too(tmp_path):
    history = {2020: {**HISTORY[2020], "halls": HISTORY[2020]["halls"].replace("value: 700", "value: 720")}}
    found = check_report(load_report(write_inputs(tmp_path / "inputs", 2021, {"summary": SUMMARY, "halls": HALLS},
                                                  history), 2021))
    assert [(p.file.endswith("2020/halls.yaml"), p.line, p.field) for p in found] == [(True, 3, "figures.visitors")]
    assert found[0].message == "total stated 720, its parts add up to 700 (+20)"


def test_total_given_as_a_reference_is_followed(tmp_path):
    summary = SUMMARY.replace("value: 12\n", 'value: "{halls.visitors}"\n')
    assert findings(tmp_path, summary=summary.replace("says: екі есеге артқандығын", "says: артқандығын")) == [
        f"summary.yaml:4 figures.events: total stated 1{NB}500, its parts add up to 12 (+1{NB}488)"]


def test_a_breakdown_without_a_total_is_not_checked(tmp_path):
    halls = HALLS.replace("    value: 1500\n", "")
    assert findings(tmp_path, halls) == []


def test_counts_must_be_whole(tmp_path):
    halls = HALLS.replace("value: 1000}", "value: 1000.5}")
    assert findings(tmp_path, halls) == [
        f"halls.yaml:5 figures.visitors: total stated 1{NB}500, its parts add up to 1{NB}500,5 ({MINUS}0,5)",
        "halls.yaml:7 figures.visitors.pupils: 1\u00a0000,5 is not a whole number: a count of people, objects "
        "or events has no fraction"]


# Counts of lists --------------------------------------------------------------------------------

def test_count_that_disagrees_with_its_list(tmp_path):
    halls = HALLS.replace('      - {text: "«Графика және мүсін» залы", date: 04.11.2021}\n', "")
    assert findings(tmp_path, halls) == [
        "halls.yaml:3 figures.halls: says 2, but the list 'halls' has 1 item: one item fewer than stated"]


def test_a_list_with_an_item_too_many_is_said_as_more_than_stated(tmp_path):
    halls = HALLS.replace("{value: 2, counts: halls}", "{value: 1, counts: halls}")
    assert "halls.yaml:3 figures.halls: says 1, but the list 'halls' has 2 items: one item more than stated" in \
        findings(tmp_path, halls)


def test_count_of_a_list_that_does_not_exist(tmp_path):
    halls = HALLS.replace("counts: halls}", "counts: hall}")
    assert findings(tmp_path, halls) == [
        "halls.yaml:3 figures.halls: counts the list 'hall', but there is no list 'hall' in this file"]


# Dates ---------------------------------------------------------------------------------------

def test_date_outside_the_year(tmp_path):
    halls = HALLS.replace("date: 04.11.2021", "date: 04.11.2020")
    assert findings(tmp_path, halls) == [
        "halls.yaml:13 lists.halls: item 2 is dated 04.11.2020, outside 2021",
        "halls.yaml:13 lists.halls: item 2 (04.11.2020) is earlier than item 1 (28.05.2021) above it: "
        "put the list in date order, or say in_date_order: false"]


def test_list_out_of_date_order(tmp_path):
    halls = HALLS.replace("date: 04.11.2021", "date: 04.03.2021")
    assert findings(tmp_path, halls) == [
        "halls.yaml:13 lists.halls: item 2 (04.03.2021) is earlier than item 1 (28.05.2021) above it: "
        "put the list in date order, or say in_date_order: false"]
    unordered = halls.replace("  halls:\n    items:", "  halls:\n    in_date_order: false\n    items:")
    assert findings(tmp_path / "b", unordered) == []


@pytest.mark.parametrize("start, end, message", [
    ("20.12.2021", "10.01.2022", "the period 20.12.2021 – 10.01.2022 runs partly outside 2021"),
    ("20.12.2021", "10.12.2021", "the period 20.12.2021 – 10.12.2021 ends before it starts"),
    ("20.12.2022", "30.12.2022", "the period 20.12.2022 – 30.12.2022 is outside 2021"),
])
def test_periods_out_of_the_year(tmp_path, start, end, message):
    halls = HALLS.replace("date: 04.11.2021}", f"period: {{start: {start}, end: {end}}}}}")
    assert findings(tmp_path, halls) == [f"halls.yaml:13 lists.halls: item 2: {message}"]


def test_period_inside_the_year_is_dated_by_its_start(tmp_path):
    halls = HALLS.replace("date: 04.11.2021}", "period: {start: 20.09.2021, end: 02.10.2021}}")
    assert findings(tmp_path, halls) == []
    earlier = HALLS.replace("date: 04.11.2021}", "period: {start: 20.01.2021, end: 02.10.2021}}")
    assert findings(tmp_path / "b", earlier)[0].startswith("halls.yaml:13 lists.halls: item 2 (20.01.2021) is earlier")


def test_date_written_in_the_text_outside_the_year(tmp_path):
    halls = HALLS.replace("{visitors} адам келді.", "{visitors} адам келді ({date:11.02.2020}).")
    assert findings(tmp_path, halls) == [
        "halls.yaml:15 content.0.text: the date 11.02.2020 in the text is outside 2021: check that it is meant"]


# Lists ---------------------------------------------------------------------------------------

BOOKS = """\
heading: Ғылым
figures:
  books: {value: 3, counts: books}
lists:
  books:
    items:
      - {text: "Аданов К.Б. «Мәдениет» монографиясы. – Нұр-Сұлтан: «Дәме» баспасы, 2021.", year: 2021}
      - {text: "Isabaeva G.M. Comparative efficiency. – Петрозаводск, 2020.", year: 2020}
      - {text: "Байпақов К.М. «Archaeology». – Нұр-Сұлтан: «Дәме» баспасы, 2021.", year: 2021}
content:
  - list: books
"""


def test_publication_of_another_year(tmp_path):
    assert findings(tmp_path, extra={"books": BOOKS}) == [
        "books.yaml:8 lists.books: item 2 was published in 2020, not in 2021 («Isabaeva G.M. Comparative "
        "efficiency. – Петрозаводск, 2020.»); the list is counted in figures.books (3)"]


def test_same_quoted_title_in_two_items_is_a_possible_duplicate(tmp_path):
    halls = HALLS.replace("«Графика және мүсін» залы", "Атырау музейінің «**Ұлық  ұлыс!**» атты көшпелі көрмесі")
    assert findings(tmp_path, halls) == [
        "halls.yaml:13 lists.halls: items 1 and 2 both name «Ұлық Ұлыс»: possible duplicate; "
        "the list is counted in figures.halls (2)"]


def test_same_text_after_normalising_is_a_possible_duplicate(tmp_path):
    halls = HALLS.replace('"«Графика және мүсін» залы"', '"«ұлық ұлыс» ЗАЛЫ."')
    found = findings(tmp_path, halls)
    assert found == ["halls.yaml:13 lists.halls: item 2 repeats item 1 word for word: possible duplicate; "
                     "the list is counted in figures.halls (2)"]


def test_organisations_named_in_several_items_are_not_duplicates(tmp_path):
    # Both books come from «Дәме» баспасы: a publisher, not a title.
    found = findings(tmp_path, extra={"books": BOOKS.replace("2020", "2021")})
    assert found == []


# Comparisons ---------------------------------------------------------------------------------

def test_comparison_that_the_figures_contradict(tmp_path):
    history = {2020: {**HISTORY[2020], "summary": "figures:\n  events: 7\n"}}
    assert findings(tmp_path, history=history) == [
        "summary.yaml:9 comparisons.events_change: says «екі есеге артқандығын» (2 times as many: 1,95 to 2,05), "
        "but events went from 7 in 2020 to 12 in 2021: 1,71 times as many"]


def test_comparison_with_a_year_of_none_is_a_finding_not_a_crash(tmp_path):
    summary = SUMMARY.replace("    value: 12\n", "    value: 0\n").replace("value: 10}", "value: 0}")
    found = findings(tmp_path, summary=summary)
    assert any(f.startswith("summary.yaml:9 comparisons.events_change: says «екі есеге артқандығын»") and
               f.endswith("but events went from 6 in 2020 to 0 in 2021: a fall of 100%") for f in found), found


def test_comparison_that_cannot_be_interpreted_is_a_finding(tmp_path):
    summary = SUMMARY.replace("says: екі есеге артқандығын", "says: айтарлықтай артқандығын")
    assert findings(tmp_path, summary=summary) == [
        "summary.yaml:9 comparisons.events_change: «айтарлықтай артқандығын» cannot be checked: the words "
        "«айтарлықтай» are not among the phrases the check knows"]


def test_comparison_without_the_earlier_figure_cannot_be_checked(tmp_path):
    history = {2020: {"halls": HISTORY[2020]["halls"]}}
    found = findings(tmp_path, history=history)
    assert len(found) == 1 and found[0].startswith(
        "summary.yaml:9 comparisons.events_change: «екі есеге артқандығын» cannot be checked: "), found


@pytest.mark.parametrize("says, ratio, holds", [
    ("екі есеге жуық артқандығын", 1.63, False),
    ("екі есеге жуық артқандығын", 1.85, True),
    ("екі есеге жуық артқандығын", 2.0, False),
    ("екі есеге артқандығын", 2.04, True),
    ("екі есеге артқандығын", 1.9, False),
    ("үш есеге жуық өскендігін", 2.8, True),
    ("3 есеге артты", 3.05, True),
    ("1,6 есеге артқандығын", 1.63, True),
    ("артқандығын", 1.01, True),
    ("артқандығын", 0.9, False),
    ("азайғандығын", 0.9, True),
    ("төмендегенін", 1.2, False),
    ("екі есеге азайғандығын", 0.5, True),
    ("12%-ға азайғандығын", 0.88, True),
    ("12%-ға азайғандығын", 0.80, False),
    ("30 пайызға артқандығын", 1.304, True),
    ("өзгермегендігін", 1.001, True),
    ("өзгермегендігін", 1.1, False),
    ("кемінде 1,5 есеге артқандығын", 1.6, True),     # at least
    ("кемінде 1,5 есеге артқандығын", 1.4, False),
    ("кемінде 20%-ға өскенін", 1.25, True),
    ("екі еседен астам өскенін", 2.3, True),          # more than
    ("екі еседен астам өскенін", 1.9, False),
    ("он алты есеге артты", 16.1, True),              # compound numbers
    ("көбеюін", 1.2, True),
    ("ұлғаюын", 0.8, False),
    ("азаюын", 0.8, True),
    ("екі есеге азайғандығын", 0.0, False),      # down to none: not "half as many"
    ("азайғандығын", 0.0, True),
    ("30 пайызға артқандығын", 0.0, False),
])
def test_phrase_table(says, ratio, holds):
    meaning, reason = interpret(says, grammar_for("kk-KZ"))
    assert meaning is not None, reason
    assert meaning.holds(ratio) is holds


@pytest.mark.parametrize("says", ["nearly doubled", "екі есе", "артып, азайған", "жүз есеге артты",
                                  "жиырма бес пайызға азайғандығын"])
def test_phrases_the_check_cannot_read(says):
    meaning, reason = interpret(says, grammar_for("kk-KZ"))
    assert meaning is None and reason


# A department's count within the year's total ----------------------------------------------

def test_breakdown_part_larger_than_the_same_kind_in_the_total(tmp_path):
    training = """\
    heading: Біліктілікті арттыру
    figures:
      training_events:
        parts:
          - {id: webinars, label: вебинар, value: 14}
          - {id: seminars, label: семинар, value: 6}
    """
    found = findings(tmp_path, extra={"training": training})
    assert found == [
        "training.yaml:5 figures.training_events.webinars: states 14 вебинар, but the year's total in "
        "2021/summary.yaml (figures.events.webinars) has only 10 вебинар (+4): "
        "a part cannot be larger than the whole; check which figure is right"]


def test_approval_before_the_year(tmp_path):
    root = write_inputs(tmp_path / "inputs", 2021, {"summary": SUMMARY, "halls": HALLS}, HISTORY)
    report_file = root / "2021" / "report.yaml"
    report_file.write_text(report_file.read_text(encoding="utf-8") + "approved: 30.12.2020\n", encoding="utf-8")
    found = [str(p) for p in check_report(load_report(root, 2021))]
    assert found == [f"{report_file}:9 approved: 30.12.2020 is before 2021, the year the report is about"]


def test_every_finding_is_listed_in_file_then_line_order(tmp_path):
    halls = HALLS.replace("value: 1500", "value: 1450").replace("counts: halls}", "counts: hall}")
    summary = SUMMARY.replace("value: 10}", "value: 11}")
    found = findings(tmp_path, halls, summary)
    assert [f.split(" ")[0] for f in found] == ["summary.yaml:4", "halls.yaml:3", "halls.yaml:5"]


# The real 2021 inputs ---------------------------------------------------------------------------

REAL_2021 = [
    "inputs/2021/summary.yaml:31 comparisons.events_change: says «екі есеге жуық артқандығын» (nearly 2 times as "
    "many: 1,8 to under 2), but events went from 267 in 2020 to 436 in 2021: 1,63 times as many",
    "inputs/2021/exhibitions.yaml:40 lists.republican: items 12 and 13 both name «Пернесінде сөйлейді Ұлы дала»: "
    "possible duplicate; the list is counted in figures.exhibitions.republican (25)",
    "inputs/2021/anniversaries.yaml:13 lists.anniversaries.items.6.anniversary: item 7 names a 85-year "
    f"anniversary, but from 1931 to 2021 is 90 years ({MINUS}5)",
    f"inputs/2021/funds.yaml:5 figures.holdings: total stated 215{NB}534, its parts add up to 215{NB}982 ({MINUS}448)",
    "inputs/2021/research.yaml:48 lists.monographs: item 5 was published in 2020, not in 2021 («Isabaeva G.M., "
    "Baikenova G.G., Duvanbekov R., Kirillova…»); the list is counted in figures.publications.monographs (6)",
    "inputs/2021/training.yaml:9 figures.training_events.webinars: states 14 вебинар, but the year's total in "
    "2021/summary.yaml (figures.events.webinars) has only 12 вебинар (+2): a part cannot be larger than "
    "the whole; check which figure is right",
    f"inputs/2019/education.yaml:5 figures.visitors: total stated 168{NB}039, its parts add up to 167{NB}897 (+142)",
    f"inputs/2020/education.yaml:5 figures.visitors: total stated 27{NB}275, its parts add up to 24{NB}187 "
    f"(+3{NB}088); no figure is given for «Балалар үйінің тәрбиеленушілері» (shown as -), so it is not in the sum",
]


@pytest.fixture(scope="module")
def real_findings():
    return [str(p) for p in check_report(load_report(Path("inputs"), 2021))]


def test_real_inputs_run_from_the_project_folder():
    assert Path.cwd().resolve() == PROJECT, "the tests run from the project folder"


@pytest.mark.parametrize("expected", REAL_2021, ids=lambda e: e.split(" ")[0])
def test_each_finding_on_the_real_2021_inputs(real_findings, expected):
    assert expected in real_findings


def test_real_2021_findings_are_exactly_these_in_this_order(real_findings):
    assert real_findings == REAL_2021


def test_checking_imports_no_drawing_or_writing_library():
    code = ("import sys, pathlib, generator.check, generator.load.inputs\n"
            "found = generator.check.check_report(generator.load.inputs.load_report(pathlib.Path('inputs'), 2021))\n"
            "assert found\n"
            "heavy = [m for m in ('weasyprint', 'matplotlib', 'docx', 'generator.writers', 'generator.charts')\n"
            "         if m in sys.modules]\n"
            "assert not heavy, heavy\n")
    subprocess.run([sys.executable, "-c", code], cwd=PROJECT, check=True)


# The command line ------------------------------------------------------------------------------

def test_check_command_prints_every_finding_and_a_summary():
    result = CliRunner().invoke(app, ["check", "2021"])
    assert result.exit_code == 0, result.output
    for expected in REAL_2021:
        assert f"warning: {expected}" in result.output
    assert "8 findings in the figures." in result.output


def test_check_command_strict_fails_on_findings():
    result = CliRunner().invoke(app, ["check", "2021", "--strict"])
    assert result.exit_code != 0
    assert "8 findings in the figures." in result.output


def test_check_command_on_clean_inputs(tmp_path):
    root = write_inputs(tmp_path / "inputs", 2021, {"summary": SUMMARY, "halls": HALLS}, HISTORY)
    result = CliRunner().invoke(app, ["check", "2021", "--inputs", str(root), "--strict"])
    assert result.exit_code == 0, result.output
    assert "No findings" in result.output


def test_anniversary_is_checked_against_the_year_of_birth(tmp_path):
    halls = HALLS.replace('- {text: "«Графика және мүсін» залы", date: 04.11.2021}',
                          '- {text: "Ақынның {anniversary} жылдығы", date: 04.11.2021, anniversary: 85, born: 1931}')
    assert findings(tmp_path, halls) == [
        f"halls.yaml:13 lists.halls.items.1.anniversary: item 2 names a 85-year anniversary, "
        f"but from 1931 to 2021 is 90 years ({MINUS}5)"]


# Letters no bundled font has ------------------------------------------------------------------

def test_letters_every_report_has_are_in_the_bundled_fonts():
    """The ranges the glyph check passes without reading the fonts really are in them."""
    import re as re_

    from generator.check.glyphs import KNOWN, covered
    ranges = re_.findall(r"(.)-(.)|(.)", KNOWN.pattern[1:-2])
    letters = [chr(c) for a, b, one in ranges for c in (range(ord(a), ord(b) + 1) if a else [ord(one)])]
    absent = [f"U+{ord(c):04X}" for c in letters if ord(c) not in covered() and not c.isspace()]
    assert len(letters) > 11000 and absent == []


def test_a_letter_no_font_has_is_a_finding_naming_it(tmp_path):
    summary = SUMMARY.replace('  - text: "{events} іс-шара: {events_change}."',
                              '  - text: "{events} іс-шара: {events_change}. 中国国家博物馆 🎉, 500 ₸."')
    found = [f for f in findings(tmp_path, summary=summary) if "no font of the report" in f]
    assert found == ["summary.yaml:11 content.0.text: «中» (U+4E2D), «国» (U+56FD), «家» (U+5BB6), «博» (U+535A), "
                     "«物» (U+7269) and 3 more: no font of the report has these, so the PDF would show nothing "
                     "there; write it in Kazakh, Russian or Latin letters, or leave it out"]
