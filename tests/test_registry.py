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
    assert registry.image_forms(["pdf"]) == (SVG_TEXT,)        # Typst, the default, loads: no other is tried
    assert registry.image_forms(["pdf"], {"pdf": "typst"}) == (SVG_TEXT,)
    assert registry.image_forms(["pdf"], {"pdf": "weasyprint"}) == (SVG,)
    assert registry.image_forms(["pdf"], {"pdf": "reportlab"}) == ()
    assert registry.image_forms(["docx", "pdf"], {"pdf": "reportlab"}) == ()
    assert registry.image_forms(["docx"]) == (SVG_TEXT,)        # its pages laid out by the PDF's engine


def test_where_the_light_default_cannot_load_the_forms_of_every_engine_after_it_are_drawn(monkeypatch):
    from generator.doc.model import SVG, SVG_TEXT
    without(monkeypatch, "typst")
    assert set(registry.image_forms(["pdf"])) == {SVG, SVG_TEXT}  # WeasyPrint's or reportlab's: known only once loaded
    assert [w.engine for w in registry.candidates(["pdf"])] == list(registry.ORDER["pdf"])


def test_worker_processes_are_started_only_for_work_they_can_do():
    assert registry.needs_workers(["pdf"])                                 # the default engine's charts
    assert registry.needs_workers(["docx", "pdf"], {"pdf": "reportlab"})   # the DOCX written beside
    assert not registry.needs_workers(["pdf"], {"pdf": "reportlab"})


def without(monkeypatch, *engines: str) -> None:
    """The registry as on a machine where ``engines`` cannot load their libraries."""
    real = registry.unavailable
    monkeypatch.setattr(registry, "unavailable",
                        lambda w: "cannot load library 'gobject-2.0-0'" if w.engine in engines else real(w))


def test_the_pdf_engines_order_names_each_once_the_untagged_one_last():
    assert sorted(registry.ORDER["pdf"]) == sorted(w.engine for w in registry.WRITERS if w.format == "pdf")
    assert registry.engines("pdf") == registry.ORDER["pdf"] and registry.ORDER["pdf"][-1] == "reportlab"
    assert registry.default("pdf") == registry.ORDER["pdf"][0] == registry.writer("pdf").engine


def test_the_default_pdf_engine_is_chosen_quietly():
    chosen = plan(("docx", "pdf"))
    assert [w.engine for w in chosen.writers] == ["python-docx", registry.default("pdf")]
    assert chosen.pager is chosen.writers[1] and chosen.notices == []


def test_when_the_default_cannot_load_the_next_makes_the_pdf_with_one_plain_notice(monkeypatch):
    first, second = registry.ORDER["pdf"][:2]
    without(monkeypatch, first)
    chosen = plan(("docx", "pdf"))
    assert [w.engine for w in chosen.writers] == ["python-docx", second]
    [notice] = chosen.notices
    assert "gobject-2.0-0" in notice and registry.writer("pdf", second).loses in notice
    assert registry.writer("pdf", first).install in notice and "\n" not in notice


def test_without_both_tagged_engines_reportlab_makes_the_pdf_saying_it_is_untagged(monkeypatch):
    without(monkeypatch, "weasyprint", "typst")
    chosen = plan(("docx", "pdf"))
    assert [w.engine for w in chosen.writers] == ["python-docx", "reportlab"]
    [notice] = chosen.notices
    assert "untagged" in notice and "PDF/A-3b" in notice and "\n" not in notice


def test_a_docx_alone_takes_its_page_numbers_from_the_engine_that_loads(monkeypatch):
    first, second = registry.ORDER["pdf"][:2]
    assert plan(("docx",)).pager.engine == first
    without(monkeypatch, first)
    assert plan(("docx",)).pager.engine == second


@pytest.mark.parametrize("order", [("typst", "weasyprint", "reportlab"), ("weasyprint", "typst", "reportlab")])
def test_the_default_is_the_first_in_order_alone(monkeypatch, order):
    """Flipping the default is reordering ``ORDER``: the plan, the pager, --help and the notice follow."""
    monkeypatch.setitem(registry.ORDER, "pdf", order)
    assert plan(("docx", "pdf")).writers[1].engine == plan(("docx",)).pager.engine == order[0]
    assert registry.described("pdf").startswith(order[0] + " (") and registry.described("pdf").count(" or ") == 1
    without(monkeypatch, order[0])
    chosen = plan(("pdf",))
    assert chosen.writers[0].engine == order[1]
    assert chosen.notices[0].startswith(f"{order[0]} cannot load") and registry.writer("pdf", order[1]).loses in chosen.notices[0]


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
    assert "prince" in result.output and " or ".join(registry.ORDER["pdf"]) in result.output
    assert not any(tmp_path.iterdir())
