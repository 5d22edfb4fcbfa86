"""The writer registry: every writer handles every kind; engines chosen, and replaced when one cannot load."""
from __future__ import annotations

import importlib
from typing import get_args

import pytest

from generator.doc.model import Block, Inline
from generator.writers import registry
from generator.writers.registry import EngineUnavailable, Writer, plan


@pytest.mark.parametrize("w", registry.WRITERS, ids=lambda w: f"{w.format}-{w.engine}")
def test_every_registered_writer_handles_every_block_and_inline_kind(w):
    module = importlib.import_module(w.kinds)
    assert set(module.BLOCK_WRITERS) == set(get_args(Block))
    assert set(module.INLINE_WRITERS) == set(get_args(Inline))


@pytest.mark.parametrize("w", registry.WRITERS, ids=lambda w: f"{w.format}-{w.engine}")
def test_every_registered_writer_takes_a_form_the_charts_are_drawn_in_or_none(w):
    from generator.doc.model import FILE_SUFFIXES
    assert set(w.takes) <= set(registry.image_forms()) <= set(FILE_SUFFIXES)
    # the DOCX's and reportlab's charts are drawn from their data; WeasyPrint and Typst print the drawn SVGs
    assert bool(w.takes) == (w.engine in ("weasyprint", "typst"))


def test_only_the_charts_a_runs_writers_take_are_drawn():
    from generator.doc.model import SVG, SVG_TEXT
    assert registry.image_forms(["pdf"]) == (SVG, SVG_TEXT)             # WeasyPrint's, Typst's: the one that loads
    assert registry.image_forms(["pdf"], {"pdf": "typst"}) == (SVG_TEXT,)
    assert registry.image_forms(["pdf"], {"pdf": "reportlab"}) == ()
    assert registry.image_forms(["docx", "pdf"], {"pdf": "reportlab"}) == ()
    assert registry.image_forms(["docx"]) == (SVG, SVG_TEXT)            # its pages laid out by the PDF's engine


def test_worker_processes_are_started_only_for_work_they_can_do():
    assert registry.needs_workers(["pdf"])                                 # WeasyPrint's charts
    assert registry.needs_workers(["docx", "pdf"], {"pdf": "reportlab"})   # the DOCX written beside
    assert not registry.needs_workers(["pdf"], {"pdf": "reportlab"})


def without(monkeypatch, engine: str) -> None:
    """The registry as on a machine where ``engine`` cannot load its libraries."""
    real = registry.unavailable
    monkeypatch.setattr(registry, "unavailable",
                        lambda w: "cannot load library 'gobject-2.0-0'" if w.engine == engine else real(w))


def test_the_first_pdf_engine_that_loads_is_chosen_quietly():
    chosen = plan(("docx", "pdf"))
    assert [w.engine for w in chosen.writers] == ["python-docx", "weasyprint"]
    assert chosen.pager is chosen.writers[1] and chosen.notices == []


def test_without_weasyprint_reportlab_makes_the_pdf_with_one_plain_notice(monkeypatch):
    without(monkeypatch, "weasyprint")
    chosen = plan(("docx", "pdf"))
    assert [w.engine for w in chosen.writers] == ["python-docx", "reportlab"]
    [notice] = chosen.notices
    assert "gobject-2.0-0" in notice and "untagged" in notice and "PDF/A-3b" in notice
    assert "scripts/system-deps.sh" in notice and "\n" not in notice


def test_a_docx_alone_takes_its_page_numbers_from_the_engine_that_loads(monkeypatch):
    assert plan(("docx",)).pager.engine == "weasyprint"
    without(monkeypatch, "weasyprint")
    assert plan(("docx",)).pager.engine == "reportlab"


def test_an_engine_asked_for_that_cannot_load_is_a_plain_error(monkeypatch):
    without(monkeypatch, "weasyprint")
    with pytest.raises(EngineUnavailable, match="weasyprint cannot run here .*reportlab"):
        plan(("pdf",), {"pdf": "weasyprint"})


def test_a_writer_is_registered_once(monkeypatch):
    monkeypatch.setattr(registry, "WRITERS", list(registry.WRITERS))
    with pytest.raises(ValueError, match="registered already"):
        registry.register(Writer("pdf", "reportlab", (), "x:y", "x"))


def test_an_unknown_pdf_engine_is_named_with_the_registered_ones(tmp_path):
    from typer.testing import CliRunner

    from generator.cli import app
    result = CliRunner().invoke(app, ["build", "2021", "--pdf-engine", "prince", "--output", str(tmp_path)])
    assert result.exit_code == 1
    assert "prince" in result.output and "weasyprint or reportlab" in result.output
    assert not any(tmp_path.iterdir())
