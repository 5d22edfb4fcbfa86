"""The Kazakh edition in Latin letters (issue 25, item 6): `generate-report 2021 --edition kk-Latn`."""
from __future__ import annotations

import dataclasses
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from fontTools.ttLib import TTFont

from generator.doc import latin
from generator.doc.languages import RUSSIAN, segments
from generator.load.problems import InputErrors
from generator.pipeline import prepare
from generator.resources import ASSETS_DIR

PROJECT = Path(__file__).resolve().parent.parent
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def test_a_kazakh_sentence_is_written_by_the_2021_alphabet():
    # The sentence and its transliteration by the 2021 alphabet as en.wikipedia's «Kazakh alphabets» prints them.
    assert latin.transliterate("Бұрыңғы өткен заманда, бір данышпан кісі, Бағдат шаһарының бір үлкен "
                               "қазысының үйіне келіп қоныпты.") == \
        "Būryñğy ötken zamanda, bır danyşpan kısı, Bağdat şaharynyñ bır ülken qazysynyñ üiıne kelıp qonypty."


def test_capitals_dotted_and_dotless_i_and_letters_written_by_two():
    assert latin.transliterate("ИІ Ии Іі") == "İI İi Iı"
    assert latin.transliterate("ЮНЕСКО Юрта ЦЕНТР Центр") == "İUNESKO İurta TSENTR Tsentr"
    assert latin.transliterate("Шаңырақ, Чапаев, объект") == "Şañyraq, Çapaev, obekt"


def test_a_russian_passage_and_latin_words_are_left_as_written():
    text = "«Рухани жаңғыру» бағдарламасы: Музей провел выставку в рамках программы (Project Awards-2021)"
    out = latin.transliterate(text)
    assert out.startswith("«Ruhani jañğyru» bağdarlamasy: ")
    assert "Музей провел выставку в рамках программы" in out and "(Project Awards-2021)" in out


def test_the_table_names_every_kazakh_letter_and_cites_its_source():
    table = latin.letters()
    kazakh = "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ"
    assert set(kazakh) | set(kazakh.lower()) <= set(table)
    assert not any(CYRILLIC.search(value) for value in table.values())
    text = latin.TABLE.read_text(encoding="utf-8")
    assert "28 January 2021" in text and "No. 569" in text


@pytest.mark.parametrize("face", ["Regular", "Bold", "Italic", "BoldItalic"])
def test_the_bundled_fonts_have_every_letter_of_the_alphabet(face):
    cmap = TTFont(ASSETS_DIR / "fonts" / f"LiberationSerif-{face}.ttf").getBestCmap()
    letters = {ch for value in latin.letters().values() for ch in value}
    assert letters and not [ch for ch in letters if ord(ch) not in cmap]


_strings = latin.strings     # every text of a document model, as a transliteration rewrites them


@pytest.fixture(scope="module")
def editions():
    """The 2021 report built (not drawn) in Cyrillic and in Latin letters."""
    inputs = PROJECT / "inputs"
    return prepare(inputs, 2021), prepare(inputs, 2021, edition="kk-Latn")


def test_the_latin_edition_holds_no_cyrillic_letter_outside_russian_passages(editions):
    cyrillic, latin_ = editions
    pairs = list(zip(_strings(cyrillic.doc.blocks()), _strings(latin_.doc.blocks()), strict=True))
    assert len(pairs) > 300
    changed = 0
    for before, after in pairs:
        rest = after
        for piece, tag in segments(before, "kk-KZ"):
            if tag == RUSSIAN:
                rest = rest.replace(piece, "", 1)
        assert not CYRILLIC.search(rest), (before, after)
        changed += before != after
    assert changed > 250
    assert latin_.doc.meta.language == "kk-Latn-KZ"


def test_the_generators_own_words_are_in_latin_letters(editions):
    _, edition = editions
    profile = edition.profile
    assert (profile.captions.table_label, profile.toc.title, profile.terms.total) == ("Keste", "Mazmūny", "Barlyğy")
    assert profile.approval.title == "BEKITEMIN"
    assert profile.terms.dates.long == "{year} jylğy {day} {month}"
    assert not [t for t in _strings(edition.doc.notes) if CYRILLIC.search(t) and "«" not in t]


def test_an_edition_not_made_here_is_one_plain_problem():
    with pytest.raises(InputErrors) as caught:
        prepare(PROJECT / "inputs", 2021, edition="xx")
    assert [str(p) for p in caught.value.problems] and "kk-Latn" in str(caught.value.problems[0])


@pytest.mark.slow
def test_the_docx_of_the_latin_edition_marks_only_russian_runs_cyrillic_and_english_ones_english(tmp_path):
    from generator.pipeline import generate
    inputs = _with_english(tmp_path)
    result = generate(inputs, 2021, tmp_path, formats=("docx",), edition="kk-Latn")
    assert [p.name for p in result.written] == ["report-2021-kk-Latn.docx"]
    xml = zipfile.ZipFile(tmp_path / "report-2021-kk-Latn.docx").read("word/document.xml").decode()
    runs = re.findall(r"<w:r>(.*?)</w:r>", xml, re.S) + re.findall(r"<w:r [^>]*>(.*?)</w:r>", xml, re.S)
    unmarked = [r for r in runs if CYRILLIC.search("".join(re.findall(r"<w:t[^>]*>([^<]*)", r)))
                and 'w:val="ru-RU"' not in r]
    assert not unmarked
    assert [r for r in runs if ">Steppe Art<" in r and 'w:val="en-US"' in r]
    assert 'w:lang w:val="kk-Latn-KZ"' in zipfile.ZipFile(result.written[0]).read("word/styles.xml").decode()
    from typer.testing import CliRunner

    from generator.cli import app
    refused = CliRunner().invoke(app, ["review", str(result.written[0]), "--inputs", str(inputs),
                                       "--apply"])
    assert refused.exit_code == 1 and "the kk-Latn-KZ edition is written from the Kazakh text" in refused.output


def test_english_words_of_the_kazakh_text_are_marked_english_in_the_latin_edition(tmp_path):
    """An English passage keeps its language in the Latin edition, where its letters no longer
    tell it: the document names its words, and the DOCX, Typst and HTML writers mark it en-US."""
    from generator.doc.model import Paragraph, plain_text
    from generator.writers.html.writer import in_languages
    from generator.writers.typst.markup import Ctx, words
    ready = prepare(_with_english(tmp_path), 2021, edition="kk-Latn")
    assert {"Steppe", "Art"} <= ready.doc.meta.english and "Soñğy" not in ready.doc.meta.english
    line = next(plain_text(b.inlines) for b in ready.doc.body if isinstance(b, Paragraph)
                and "Steppe" in plain_text(b.inlines))
    pieces = segments(line, latin.LANGUAGE, ready.doc.meta.english)
    assert pieces[0] == ("Steppe Art", "en-US") and pieces[1][1] == latin.LANGUAGE
    assert pieces[1][0].startswith(" körmesı, Soñğy üş jyldağy")
    assert segments(line, latin.LANGUAGE)[0][1] == latin.LANGUAGE        # unnamed, Latin letters are Kazakh
    typst = words(Ctx(ready.doc, ready.profile, str), line)
    assert typst.startswith('#text(lang: "en", region: "US", "Steppe Art")')
    assert str(in_languages(line, latin.LANGUAGE, ready.doc.meta.english)).startswith('<span lang="en">Steppe Art</span>')


def _with_english(tmp_path) -> Path:
    """A copy of the inputs whose funds paragraph starts with an English name, «Steppe Art»."""
    from tests.small_inputs import copy_real_inputs
    inputs = copy_real_inputs(tmp_path)
    funds = inputs / "2021" / "funds.yaml"
    text = "Соңғы үш жылдағы музей қорындағы"
    funds.write_text(funds.read_text(encoding="utf-8").replace(text, "Steppe Art көрмесі, " + text, 1),
                     encoding="utf-8")
    return inputs


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["weasyprint", "typst"])
def test_the_latin_editions_pdf_says_its_script(tmp_path, engine):
    """The PDF's language is Kazakh in Latin letters (Typst takes a language and a region, no
    script: kk-Latn-KZ is given to it as kk, KZ, and the PDF's tag set whole afterwards)."""
    import pikepdf
    from generator.pipeline import generate
    tour = PROJECT / "examples" / "tour"
    result = generate(tour, 2022, tmp_path, formats=("pdf",), strict=True, edition="kk-Latn", pdf_engine=engine)
    with pikepdf.open(result.written[0]) as pdf:
        assert str(pdf.Root.Lang) in ("kk-Latn", "kk-Latn-KZ")


def test_the_latin_editions_word_charts_group_numbers_as_kazakh():
    """Windows has no locale for Kazakh in Latin letters: the chart's numbers take Kazakh's."""
    from generator.writers.docx.charts import localised
    assert localised("#,##0", latin.LANGUAGE) == localised("#,##0", "kk-KZ") == "[$-43F]#,##0"
