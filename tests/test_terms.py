"""The words the generator adds come from the report's language (templates/terms/), never from code."""
from __future__ import annotations

import re
import zipfile

import pytest
import yaml

from generator.charts.workers import Workers
from generator.charts.jobs import start_drawing
from generator.config import TERMS_DIR, load_profile
from generator.load.problems import InputErrors
from generator.pipeline import generate, prepare
from generator.writers.html import render_html
from tests.small_inputs import write_inputs

REPORT = """\
year: 2021
organisation: Тестовый музей
language: {language}
year_label: "{{year}}"
cover:
  ministry: [МИНИСТЕРСТВО]
  title: ["ОТЧЁТ МУЗЕЯ ЗА {{year}} ГОД"]
  city: г. Астана
sections: [visits]
"""

VISITS = """\
heading: Посещения
figures:
  visitors:
    value: {now}
    parts:
      - {{id: pupils, label: Школьники, value: {pupils}}}
      - {{id: adults, label: Взрослые, value: {adults}}}
  events: {events}
comparisons:
  events_change: {{figure: events}}
tables:
  visitors: {{title: Посетители, figure: visitors, years: 2, label_header: Категории}}
diagrams:
  visitors: {{title: Посетители по годам, figure: visitors, years: 2, kind: bar, by_parts: true}}
content:
  - text: "Мероприятий {{events}}, число {{events_change}}; приказ от {{date:11.02.2021|ж.}}."
  - table: visitors
  - diagram: visitors
"""


def _inputs(root, language: str, events_before: int = 50):
    visits = VISITS.format(now=30, pupils=10, adults=20, events=80)
    before = VISITS.format(now=20, pupils=5, adults=15, events=events_before)
    write_inputs(root, 2021, {"report": REPORT.format(language=language), "visits": visits},
                 history={2020: {"visits": before}})
    return root


def _texts(root, tmp_path) -> str:
    """Every text of the DOCX parts and of the HTML the PDF is laid out from."""
    ready = prepare(root, 2021)
    with Workers(0) as inline:
        start_drawing(ready.doc, ready.profile, tmp_path / "charts", inline).wait()
    html = render_html(ready.doc, ready.profile)
    result = generate(root, 2021, tmp_path / "out", formats=("docx",), workers=Workers(0))
    with zipfile.ZipFile(result.written[0]) as docx:
        xml = " ".join(docx.read(n).decode("utf-8") for n in docx.namelist() if n.endswith(".xml"))
    return re.sub(r"<[^>]+>", " ", html + " " + xml)


def _pieces(language: str) -> set[str]:
    """The words of templates/terms/<language>.yaml, each phrase cut at its {placeholders}."""
    terms = yaml.safe_load((TERMS_DIR / f"{language}.yaml").read_text(encoding="utf-8"))
    values = [*terms["words"].values(), *terms["dates"].values(), *terms["change"].values(),
              *(terms[k] for k in ("contents", "total", "not_filled", "no_data", "placeholder"))]
    pieces = {piece.strip(" .%-") for value in values for piece in re.split(r"\{[^}]*\}", value)}
    return {piece for piece in pieces if len(piece) > 1}


def _kazakh_terms() -> set[str]:
    """The Kazakh terms that are not also Russian ones (Диаграмма is both)."""
    return _pieces("kk") - _pieces("ru")


def test_a_russian_report_holds_no_kazakh_word_the_generator_added(tmp_path):
    text = _texts(_inputs(tmp_path / "inputs", "ru-RU"), tmp_path)
    assert [word for word in _kazakh_terms() if word in text] == []
    for word in ("Таблица №1. Посетители", "Диаграмма №1. Посетители по годам", "Содержание", "Итого",
                 "увеличилось в 1,6 раза", "11.02.2021 г."):
        assert word in text


def test_a_kazakh_report_of_the_same_inputs_has_the_kazakh_words(tmp_path):
    text = _texts(_inputs(tmp_path / "inputs", "kk-KZ", events_before=70), tmp_path)
    for word in ("Кесте №1. Посетители", "Мазмұны", "Барлығы", "14%-ға артқандығын", "11.02.2021 ж."):
        assert word in text


def test_the_gost_profile_names_a_diagram_by_the_languages_word_for_figure():
    assert load_profile("gost", "ru-RU").captions.text("diagram", 2, "Т") == "Рисунок 2 – Т"
    assert load_profile("gost", "kk-KZ").captions.text("diagram", 2, "Т") == "Сурет 2 – Т"


def test_a_language_without_terms_is_a_plain_message_on_report_yaml(tmp_path):
    root = _inputs(tmp_path / "inputs", "de-DE")
    with pytest.raises(InputErrors) as info:
        prepare(root, 2021)
    (problem,) = info.value.problems
    assert problem.field == "language" and problem.line == 3 and "kk, ru" in problem.message
