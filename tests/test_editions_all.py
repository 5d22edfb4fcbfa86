"""`generate-report 2021 --edition all` (issue 25, item 8): the inputs read and checked once, the
editions drawn and written in one work folder and replaced as one set, each file the bytes its own
run makes, one SHA256SUMS for every file."""
from __future__ import annotations

import re
import subprocess
from concurrent.futures import Future
from pathlib import Path

import pikepdf
import pytest

from generator import check
from generator.charts.jobs import diagrams, start_drawing
from generator.load import translations
from generator.pipeline import generate, preflight, prepare, prepare_editions
from tests.small_inputs import copy_real_inputs


def _with_editions(root: Path, editions: str) -> Path:
    """A copy of the inputs naming ``editions``, the ru and en catalogs made (nothing translated:
    those editions are drafts, their texts the Kazakh ones marked) but for one heading in Russian."""
    inputs = copy_real_inputs(root)
    info = inputs / "2021" / "report.yaml"
    info.write_text(info.read_text(encoding="utf-8") + f"editions: [{editions}]\n", encoding="utf-8")
    report, _ = preflight(inputs, 2021)
    for language in ("ru", "en"):
        path, _ = translations.update(report, language)
    catalog = translations.read(inputs / "2021" / "translations" / "ru.po")
    catalog.get("Қор жинақтау, сақтау және қалпына келтіру жұмыстары").string = "Комплектование фондов"
    translations.write(catalog, inputs / "2021" / "translations" / "ru.po")
    return inputs


def test_the_figures_are_checked_once_and_each_translations_words_again(tmp_path, monkeypatch):
    inputs = _with_editions(tmp_path, "ru, en, kk-Latn")
    alone = {e: prepare(inputs, 2021, edition=e).findings for e in (None, "ru", "en", "kk-Latn")}
    made = []
    whole = check.check_report
    monkeypatch.setattr(check, "check_report", lambda report, checks=check.CHECKS: made.append(checks) or
                        whole(report, checks))
    readies = prepare_editions(inputs, 2021, edition="all")
    assert made == [check.CHECKS, check.WORDED, check.WORDED]       # the figures once; ru's and en's words
    assert [r.edition for r in readies] == [None, "ru", "en", "kk-Latn"]
    assert {r.edition: r.findings for r in readies} == alone        # the findings each edition's own run has
    said = [str(p) for p in alone["ru"] if "summary.yaml:31" in str(p)]
    assert said and said != [str(p) for p in alone[None] if "summary.yaml:31" in str(p)]
    shown = [[([s.values for s in d.chart.series], d.chart.totals) for d in diagrams(r.doc).values()] for r in readies]
    assert len(shown[0]) == 3 and all(charts == shown[0] for charts in shown[1:])      # the same figures drawn


def test_check_lists_every_editions_untranslated_texts(tmp_path):
    from typer.testing import CliRunner

    from generator.cli import app
    inputs = _with_editions(tmp_path, "ru, en, kk-Latn")
    said = CliRunner().invoke(app, ["check", "2021", "--inputs", str(inputs), "--edition", "all"]).output
    assert "inputs/2021/funds.yaml:2 heading: not translated into en yet" in said
    assert "funds.yaml:2 heading: not translated into ru" not in said          # translated in _with_editions
    assert "inputs/2021/exhibitions.yaml:2 heading: not translated into ru yet" in said


class _Recorded:
    """Workers that record what they are handed and do none of it."""

    def __init__(self):
        self.calls = []

    def call(self, target, *args):
        self.calls.append(target)
        return Future()


def test_a_chart_drawn_for_one_edition_is_not_drawn_again_for_another_that_shows_the_same(tmp_path):
    ready = prepare(Path(__file__).resolve().parent.parent / "inputs", 2021)
    workers, drawn = _Recorded(), {}
    first = start_drawing(ready.doc, ready.profile, tmp_path / "kk", workers, forms=("image/svg+xml",), drawn=drawn)
    charts = workers.calls.count("generator.charts.draw:draw_chart")
    assert charts == 3 and len(first.charts) == 3
    same = start_drawing(ready.doc, ready.profile, tmp_path / "ru", workers, forms=("image/svg+xml",), drawn=drawn)
    assert workers.calls.count("generator.charts.draw:draw_chart") == charts and same.charts == first.charts
    assert all(str(tmp_path / "kk") in image.forms["image/svg+xml"] for image in ready.doc.images.values())
    latin = prepare(Path(__file__).resolve().parent.parent / "inputs", 2021, edition="kk-Latn")
    start_drawing(latin.doc, latin.profile, tmp_path / "latn", workers, forms=("image/svg+xml",), drawn=drawn)
    assert workers.calls.count("generator.charts.draw:draw_chart") == 2 * charts   # its words differ: drawn


def test_drawing_a_chart_reads_only_the_profile_parts_its_key_names():
    charts = Path(__file__).resolve().parent.parent / "generator" / "charts"
    read = {part for path in charts.glob("*.py") if path.name != "jobs.py"      # jobs: the photos' own parts
            for part in re.findall(r"profile\.(\w+)", path.read_text(encoding="utf-8"))}
    assert read and read <= {"page", "charts", "numbers", "draft"}               # chart_key's: no words


def _attached(pdf: Path) -> set[str]:
    with pikepdf.open(pdf) as document:
        return set(document.attachments.keys())


@pytest.mark.slow
def test_every_edition_is_written_in_one_set_each_file_the_bytes_of_its_own_run(tmp_path, monkeypatch):
    from generator.charts import workers
    inputs = _with_editions(tmp_path, "kk-Latn, ru")
    together = tmp_path / "output" / "all"
    started, start = [], workers.Workers.__init__
    monkeypatch.setattr(workers.Workers, "__init__", lambda self, *a, **k: started.append(a) or start(self, *a, **k))
    result = generate(inputs, 2021, together, draft=True, edition="all")
    assert len(started) == 1                                         # one set of workers for every edition
    monkeypatch.undo()
    names = ["report-2021.docx", "report-2021.pdf", "report-2021-kk-Latn.docx", "report-2021-kk-Latn.pdf",
             "report-2021-ru.docx", "report-2021-ru.pdf"]
    assert [p.name for p in result.written] == names
    assert sorted(p.name for p in together.iterdir()) == sorted([*names, "SHA256SUMS"])   # no work folder left
    checked = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=together, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    listed = {line.rsplit(": ", 1)[0] for line in checked.stdout.splitlines() if line.endswith(": OK")}
    assert set(names) < listed and "../../inputs/2021/translations/ru.po" in listed
    assert "../../inputs/2021/translations/en.po" not in listed        # no edition made here reads it
    assert "2021-translations-ru.po" in _attached(together / "report-2021-ru.pdf")
    assert not any(name.endswith(".po") for name in _attached(together / "report-2021.pdf"))
    assert not any(name.endswith(".po") for name in _attached(together / "report-2021-kk-Latn.pdf"))
    for edition in (None, "kk-Latn", "ru"):
        alone = tmp_path / "output" / str(edition)
        for path in generate(inputs, 2021, alone, draft=True, edition=edition).written:
            assert path.read_bytes() == (together / path.name).read_bytes(), path.name
