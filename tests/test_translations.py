"""Editions translated by a PO catalog per language and year (issue 25, items 1–3 and 7)."""
from __future__ import annotations

import re
from pathlib import Path
from datetime import date

import pytest

from generator import fmt
from generator.config import load_terms
from generator.doc.model import Heading, ListBlock, Paragraph, Signature, Table, plain_text
from generator.load import translations
from generator.load.problems import InputErrors
from generator.pipeline import generate, preflight, prepare
from tests.small_inputs import copy_real_inputs

FUNDS_TEXT = "Соңғы үш жылдағы музей қорындағы музейлік заттардың саны төмендегі кестеде беріледі."
NOTE = "^[Музей мұрағатының деректері бойынша.]"
#: A partial Russian catalog: a heading, a paragraph with a footnote, a list item, a caption, a column header.
RUSSIAN = {
    "Қор жинақтау, сақтау және қалпына келтіру жұмыстары": "Комплектование, хранение и реставрация фондов",
    FUNDS_TEXT + NOTE: "Число музейных предметов за три года приведено в таблице ниже.^[По данным архива музея.]",
    "«**Графика және мүсін**» залы": "зал «**Графика и скульптура**»",
    "ҚР Ұлттық музейі қорындағы музей заттары туралы мәлімет": "Сведения о музейных предметах в фондах музея",
    "Қор": "Фонд",
}


@pytest.fixture()
def project(tmp_path):
    """A copy of the inputs with a footnote in a paragraph, approved by the director on 11 February
    2022, and a Russian catalog translating RUSSIAN."""
    inputs = copy_real_inputs(tmp_path)
    funds = inputs / "2021" / "funds.yaml"
    funds.write_text(funds.read_text(encoding="utf-8").replace(FUNDS_TEXT, FUNDS_TEXT + NOTE), encoding="utf-8")
    info = inputs / "2021" / "report.yaml"
    info.write_text(info.read_text(encoding="utf-8").replace("approved: null", "approved: 11.02.2022")
                    + "approval: {position: Директор, name: А. Б. Мұхамедиұлы}\n", encoding="utf-8")
    report, _ = preflight(inputs, 2021)
    path, counts = translations.update(report, "ru")
    assert counts["new"] > 150 and counts["translated"] == 0
    _translate(path, RUSSIAN)
    return inputs


def _translate(path, texts: dict[str, str]) -> None:
    catalog = translations.read(path)
    for message in catalog:
        if message.id in texts:
            message.string = texts[message.id]
    translations.write(catalog, path)


def _texts(doc) -> list[str]:
    out = []
    for block in doc.blocks():
        if isinstance(block, Heading):
            out.append(block.text)
        elif isinstance(block, Paragraph):
            out.append(plain_text(block.inlines))
        elif isinstance(block, ListBlock):
            out += [plain_text(item.inlines) for item in block.all_items()]
        elif isinstance(block, Table):
            out += [block.title, *(plain_text(c.inlines) for row in block.header for c in row)]
    return out


def test_a_draft_edition_has_the_translations_and_the_rest_marked(project):
    ready = prepare(project, 2021, edition="ru")
    texts = _texts(ready.doc)
    assert "Комплектование, хранение и реставрация фондов" in texts
    assert "Число музейных предметов за три года приведено в таблице ниже." in texts
    assert "зал «Графика и скульптура» (04.11.2021)." in texts
    assert "Сведения о музейных предметах в фондах музея" in texts and "Фонд" in texts
    assert "[kk] ҚР Ұлттық музейінде жаңа залдар мен көрмелердің ашылуы" in texts
    footnotes = [span for block in ready.doc.blocks() if isinstance(block, Paragraph)
                 for span in block.inlines if type(span).__name__ == "Footnote"]
    assert [plain_text(f.children) for f in footnotes] == ["По данным архива музея."]
    assert len(ready.untranslated) > 150
    assert ready.doc.meta.language == "ru-RU"


def test_the_ru_editions_own_words_and_dates_are_russian(project):
    ready = prepare(project, 2021, edition="ru")
    profile = ready.profile
    assert (profile.captions.table_label, profile.toc.title, profile.terms.total) == ("Таблица", "Содержание", "Итого")
    approval = next(b for b in ready.doc.blocks() if isinstance(b, Signature))
    assert (approval.title, approval.date) == ("УТВЕРЖДАЮ", "11.02.2022")
    assert fmt.date(date(2022, 2, 11), "long", profile.terms) == "11 февраля 2022 г."
    translations.update(preflight(project, 2021)[0], "en")
    english = prepare(project, 2021, edition="en").profile
    assert (english.toc.title, fmt.date(date(2022, 2, 11), "long", english.terms)) == ("Contents", "11 February 2022")
    kazakh = prepare(project, 2021)
    assert _numbers(kazakh.doc) == _numbers(ready.doc) and len(_numbers(ready.doc)) > 50   # the same figures


def _numbers(doc) -> list[str]:
    return [plain_text(c.inlines) for b in doc.blocks() if isinstance(b, Table) for row in b.body for c in row
            if c.numeric]


def test_a_final_build_with_texts_untranslated_stops_and_names_them(project, tmp_path):
    with pytest.raises(InputErrors) as caught:
        generate(project, 2021, tmp_path / "out", formats=("docx",), edition="ru")
    said = [str(p) for p in caught.value.problems]
    assert any(s.endswith("2021/exhibitions.yaml:2 heading: not translated into ru yet: translate it in "
                          "2021/translations/ru.po (generate-report translations 2021 ru adds it there)") for s in said)
    assert said[-1].endswith("texts are not translated into ru yet; translate them, or make a draft with --draft")
    assert not any("funds.yaml:2 heading" in s for s in said)
    assert not (tmp_path / "out").exists()


def test_updating_keeps_translations_marks_changed_texts_fuzzy_and_removed_ones_obsolete(project):
    funds = project / "2021" / "funds.yaml"
    text = funds.read_text(encoding="utf-8")
    text = text.replace("Қор жинақтау, сақтау және қалпына келтіру жұмыстары",
                        "Қор жинақтау, сақтау және қалпына келтіру жұмыстарының қорытындысы")
    funds.write_text(text.replace("label_header: Қор", "label_header: Қорлар"), encoding="utf-8")
    report, _ = preflight(project, 2021)
    path, counts = translations.update(report, "ru")
    catalog = translations.read(path)
    changed = catalog.get("Қор жинақтау, сақтау және қалпына келтіру жұмыстарының қорытындысы")
    assert changed.fuzzy and changed.string == "Комплектование, хранение и реставрация фондов"
    kept = catalog.get("ҚР Ұлттық музейі қорындағы музей заттары туралы мәлімет")
    assert kept.string == "Сведения о музейных предметах в фондах музея" and not kept.fuzzy
    assert "Қор" in catalog.obsolete or catalog.get("Қорлар").fuzzy
    assert counts["fuzzy"] >= 1 and counts["translated"] >= 3
    findings = [str(p) for p in translations.findings(report, "ru", catalog)]
    assert any("funds.yaml:2 heading: the ru translation is marked fuzzy" in f for f in findings)


def test_a_translation_with_other_references_or_a_typed_number_is_a_finding(project):
    source = "Музей қорына **{intake_by_source}** бірлік зат түсті^[Актілер бойынша.]"
    assert translations.mismatch(source, "В фонды поступило **{intake_by_source}** предметов^[По актам.]") == ""
    assert "references {intake_by_fund}" in translations.mismatch(source, "Поступило {intake_by_fund}^[По актам.]")
    assert "footnotes" in translations.mismatch(source, "Поступило {intake_by_source} предметов")
    assert "types the number 4 299" in translations.mismatch(
        source, "Поступило {intake_by_source} предметов (4 299)^[По актам.]")
    path = project / "2021" / "translations" / "ru.po"
    _translate(path, {"МӘДЕНИЕТ КОМИТЕТІ": "КОМИТЕТ КУЛЬТУРЫ {year}"})
    report, _ = preflight(project, 2021)
    found = [str(p) for p in translations.findings(report, "ru", translations.read(path))]
    assert any("report.yaml:15 cover.ministry.1: the ru translation has the references {year} where the Kazakh "
               "text has none" in f for f in found)


def test_the_catalog_is_the_same_bytes_for_the_same_inputs(project):
    path = project / "2021" / "translations" / "ru.po"
    before = path.read_bytes()
    report, _ = preflight(project, 2021)
    translations.update(report, "ru")
    assert path.read_bytes() == before
    assert b"#: 2021/funds.yaml:2 heading\n" in before


def test_the_commands_make_the_catalog_and_list_what_is_left(tmp_path):
    from typer.testing import CliRunner

    from generator.cli import app
    inputs = copy_real_inputs(tmp_path)
    runner = CliRunner()
    made = runner.invoke(app, ["translations", "2021", "en", "--inputs", str(inputs)])
    counts = re.search(r"\(0 translated, (\d+) new, 0 fuzzy, 0 obsolete\)", made.output)
    assert made.exit_code == 0 and counts and int(counts.group(1)) > 150
    assert (inputs / "2021" / "translations" / "en.po").is_file()
    checked = runner.invoke(app, ["check", "2021", "--inputs", str(inputs), "--edition", "en"])
    assert "inputs/2021/funds.yaml:2 heading: not translated into en yet" in checked.output
    wrong = runner.invoke(app, ["translations", "2021", "de", "--inputs", str(inputs)])
    assert wrong.exit_code == 1 and "'de' is not an edition this generator makes" in wrong.output


def test_all_editions_stop_before_writing_any_when_one_has_gaps(project, tmp_path):
    info = project / "2021" / "report.yaml"
    info.write_text(info.read_text(encoding="utf-8") + "editions: [ru, kk-Latn]\n", encoding="utf-8")
    with pytest.raises(InputErrors) as caught:
        generate(project, 2021, tmp_path / "out", formats=("docx",), edition="all")
    assert "texts of the editions are not translated yet" in str(caught.value.problems[-1])
    assert not (tmp_path / "out").exists()


def test_next_year_keeps_the_translations_and_a_changed_text_becomes_fuzzy(project):
    from generator.newyear import new_year
    made = new_year(project, 2022)
    carried = project / "2022" / "translations" / "ru.po"
    assert carried in made
    assert b"#: 2022/funds.yaml:2 heading\n" in carried.read_bytes()
    funds = project / "2022" / "funds.yaml"
    funds.write_text(funds.read_text(encoding="utf-8").replace("label_header: Қор", "label_header: Қорлар"),
                     encoding="utf-8")
    report, _ = preflight(project, 2022)
    translations.update(report, "ru")
    catalog = translations.read(carried)
    heading = catalog.get("Қор жинақтау, сақтау және қалпына келтіру жұмыстары")
    assert heading.string == "Комплектование, хранение и реставрация фондов" and not heading.fuzzy
    assert catalog.get("Қорлар").fuzzy and catalog.get("Қорлар").string == "Фонд"


TOUR = Path(__file__).resolve().parent.parent / "examples" / "tour"


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_tours_catalogs_translate_every_text_as_its_source_says_it(language):
    report, _ = preflight(TOUR, 2022)
    catalog = translations.read(translations.catalog_path(report, language))
    assert translations.findings(report, language, catalog, load_terms(language).quotes) == []
    ready = prepare(TOUR, 2022, edition=language, report=report)
    assert ready.untranslated == [] and ready.doc.meta.language.startswith(language)


def test_a_text_left_as_it_is_leaves_the_inputs_as_they_were():
    from generator.load.texts import replaced
    report, _ = preflight(TOUR, 2022)
    same = replaced(report, lambda place, text: text)
    assert same.sections == report.sections
    pie = same.sections["charts"].diagrams["holdings_pie"]
    assert pie.model_fields_set == report.sections["charts"].diagrams["holdings_pie"].model_fields_set


@pytest.mark.slow
def test_every_edition_the_tour_names_builds_with_strict(tmp_path):
    result = generate(TOUR, 2022, tmp_path, formats=("pdf",), strict=True, edition="all")
    assert [p.name for p in result.written] == ["report-2022.pdf", "report-2022-ru.pdf", "report-2022-en.pdf",
                                                "report-2022-kk-Latn.pdf"]


def test_a_translated_says_is_checked_in_its_language_or_listed_as_not_checked(project):
    says = "екі есеге жуық артқандығын"
    path = project / "2021" / "translations" / "ru.po"
    _translate(path, {says: "увеличилось почти в два раза"})
    ru = [str(p) for p in prepare(project, 2021, edition="ru").findings if "summary.yaml:31" in str(p)]
    assert len(ru) == 1 and "«увеличилось почти в два раза»" in ru[0] and "1,63 times" in ru[0]
    translations.update(preflight(project, 2021)[0], "en")
    _translate(project / "2021" / "translations" / "en.po", {says: "nearly doubled"})
    en = [str(p) for p in prepare(project, 2021, edition="en").findings if "summary.yaml:31" in str(p)]
    assert len(en) == 1 and "«nearly doubled» cannot be checked" in en[0]


def test_a_translation_with_a_hidden_character_is_refused_as_an_input_text_is(project):
    path = project / "2021" / "translations" / "ru.po"
    _translate(path, {"Қор": "Фо\u202eнд"})
    with pytest.raises(InputErrors) as caught:
        prepare(project, 2021, edition="ru")
    said = [str(p) for p in caught.value.problems]
    assert len(said) == 1 and "funds.yaml:31 tables.holdings.label_header: the ru translation holds" in said[0]
    assert "right-to-left override" in said[0]


def test_a_damaged_catalog_and_a_catalog_for_the_latin_edition_are_plain_lines(project):
    from typer.testing import CliRunner

    from generator.cli import app
    path = project / "2021" / "translations" / "ru.po"
    path.write_text(path.read_text(encoding="utf-8").replace('msgstr "Фонд"', 'msgtsr "Фонд"'), encoding="utf-8")
    with pytest.raises(InputErrors) as caught:
        prepare(project, 2021, edition="ru")
    line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "msgtsr" in text)
    assert str(caught.value.problems[0]).startswith(f"2021/translations/ru.po:{line}: the catalog cannot be read")
    assert "the catalog cannot be read" in str(caught.value.problems[0])
    latin = CliRunner().invoke(app, ["translations", "2021", "kk-Latn", "--inputs", str(project)])
    assert latin.exit_code == 1 and "it has no catalog" in latin.output
    assert not (project / "2021" / "translations" / "kk-Latn.po").exists()


@pytest.mark.slow
def test_a_translation_edited_in_the_ru_docx_comes_back_into_the_catalog(project, tmp_path):
    import docx
    from typer.testing import CliRunner

    from generator.cli import app
    result = generate(project, 2021, tmp_path / "out", formats=("docx",), edition="ru", draft=True)
    path = result.written[0]
    document = docx.Document(path)
    heading = next(p for p in document.paragraphs if p.text.endswith("Комплектование, хранение и реставрация фондов"))
    run = next(r for r in heading.runs if "Комплектование" in r.text)
    run.text = run.text.replace("Комплектование, хранение и реставрация фондов", "Комплектование и хранение фондов")
    document.save(path)
    said = CliRunner().invoke(app, ["review", str(path), "--inputs", str(project), "--apply"])
    assert said.exit_code == 0, said.output
    assert "Written: inputs/2021/translations/ru.po" in said.output
    catalog = translations.read(project / "2021" / "translations" / "ru.po")
    heading = catalog.get("Қор жинақтау, сақтау және қалпына келтіру жұмыстары")
    assert heading.string == "Комплектование и хранение фондов" and not heading.fuzzy
    assert catalog.get("ҚР Ұлттық музейі қорындағы музей заттары туралы мәлімет").string == \
        "Сведения о музейных предметах в фондах музея"          # the others as they were
    assert "Қор жинақтау" in (project / "2021" / "funds.yaml").read_text(encoding="utf-8")   # the Kazakh kept


def test_the_english_edition_writes_no_sign_or_letter_of_the_cyrillic_ones(tmp_path):
    """English captions have no «№» («Table 3.»), appendices Latin letters, a row-number header
    «No.», dates day/month/year, and no Cyrillic letter is left anywhere in the document."""
    from tests.test_latin_edition import _strings
    ready = prepare(TOUR, 2022, edition="en")
    assert ready.profile.captions.text("table", 3, "Visitors") == "Table 3. Visitors"
    assert prepare(TOUR, 2022).profile.captions.text("table", 3, "Келушілер") == "Кесте №3. Келушілер"
    appendix = next(b for b in ready.doc.blocks() if isinstance(b, Heading) and b.appendix)
    assert (appendix.appendix, appendix.number) == ("A", "Appendix A")
    headers = [plain_text(c.inlines) for b in ready.doc.blocks() if isinstance(b, Table) for c in b.header[0]]
    assert "No." in headers and "№" not in headers
    approval = next(b for b in ready.doc.blocks() if isinstance(b, Signature))
    assert approval.date == "16/01/2023"
    assert [s for s in _strings(ready.doc) if re.search("[\u0400-\u04ff]", s)] == []


def test_the_covers_title_is_one_text_whose_lines_are_the_translations():
    from generator.load.texts import texts
    report, _ = preflight(TOUR, 2022)
    title = [text for place, text in texts(report) if place.path == ("cover", "title")]
    assert title == ["СЫНАҚ МУЗЕЙІНІҢ\n{year} ЖЫЛҒЫ\nЕСЕБІ"]
    ready = prepare(TOUR, 2022, edition="en", report=report)
    lines = [plain_text(b.inlines) for b in ready.doc.cover if isinstance(b, Paragraph) and b.role == "cover-title"]
    assert lines == ["ANNUAL REPORT", "OF THE TEST MUSEUM", "FOR 2022"]


def test_a_title_translated_line_by_line_becomes_the_whole_titles_fuzzy_translation(project):
    from babel.messages.catalog import Catalog
    report, _ = preflight(project, 2021)
    path = translations.catalog_path(report, "ru")
    old = Catalog(locale="ru")
    lines = report.info.cover.title
    for i, line in enumerate(lines):
        old.add(line, f"СТРОКА {i}")
    translations.write(old, path)
    translations.update(report, "ru")
    whole = translations.read(path).get("\n".join(lines))
    assert len(lines) > 1 and whole.fuzzy and whole.string == "\n".join(f"СТРОКА {i}" for i in range(len(lines)))


def test_an_english_translation_quoted_with_guillemets_is_a_finding(project):
    report, _ = preflight(project, 2021)
    path, _ = translations.update(report, "en")
    _translate(path, {"«**Графика және мүсін**» залы": "the «**Graphics and Sculpture**» hall"})
    found = [str(p) for p in translations.findings(report, "en", translations.read(path), load_terms("en").quotes)]
    assert [f for f in found if "quotes with « »" in f and "“…”" in f]
    russian = [str(p) for p in translations.findings(report, "ru", translations.read(translations.catalog_path(report, "ru")),
                                                     load_terms("ru").quotes)]
    assert not [f for f in russian if "quotes with" in f]


@pytest.mark.slow
def test_a_line_of_the_covers_title_edited_in_the_docx_comes_back_into_its_whole_translation(tmp_path):
    import shutil

    import docx
    from typer.testing import CliRunner

    from generator.cli import app
    tour = tmp_path / "tour"
    shutil.copytree(TOUR, tour)
    result = generate(tour, 2022, tmp_path / "out", formats=("docx",), edition="en")
    path = result.written[0]
    document = docx.Document(path)
    line = next(p for p in document.paragraphs if p.text == "OF THE TEST MUSEUM")
    line.runs[0].text = line.runs[0].text.replace("TEST MUSEUM", "TRIAL MUSEUM")
    document.save(path)
    said = CliRunner().invoke(app, ["review", str(path), "--inputs", str(tour), "--apply"])
    assert said.exit_code == 0, said.output
    title = translations.read(tour / "2022" / "translations" / "en.po").get("СЫНАҚ МУЗЕЙІНІҢ\n{year} ЖЫЛҒЫ\nЕСЕБІ")
    assert title.string == "ANNUAL REPORT\nOF THE TRIAL MUSEUM\nFOR {year}"
