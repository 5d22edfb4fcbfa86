"""Page fill: no page left more than the profile's share empty by a figure moved to the next page."""
from __future__ import annotations

import re

import pytest
from PIL import Image

from generator.charts import draw_all
from generator.charts.jobs import start_drawing
from generator.charts.workers import Workers
from generator.config import load_profile
from generator.doc.model import (
    ChartSeries, ChartSpec, Diagram, Document, Footnote, Heading, Meta, PageBreak, Paragraph, Photo, Table,
    TableOfContents, Cell, Text,
)
from generator.doc.numbering import assign_numbers
from generator.pipeline import prepare
from generator.writers.html import render_html
from generator.writers import pagefill
from generator.doc.fill import Fill
from generator.writers.pagefill import empty_shares, gappy_pages, lay_out
from generator.writers.pdf import DEFAULT_PDF_VARIANT, render_pdf, write_pdf
from tests.small_inputs import PROJECT

PROFILE = load_profile("default")
LIMIT = PROFILE.page.max_empty_foot
LINES_BEFORE = 28          # one-line paragraphs: 62 % of the page, so a diagram (≈ 102 mm) does not fit


def line(i: int) -> Paragraph:
    return Paragraph([Text(f"Жол {i}.")])


def document(figure, after: int = 10, before: int = LINES_BEFORE) -> Document:
    """Page 1 is the cover; page 2 has ``before`` lines, then the figure, which does not fit."""
    body = [Heading(1, "Бөлім", anchor="s"), *(line(i) for i in range(before)), figure,
            *(line(100 + i) for i in range(after)), Heading(1, "Келесі", anchor="n"), line(200)]
    doc = Document(Meta("Есеп", "Музей", "Есеп", "kk-KZ", 2021, "2021-12-31"), cover=[], body=body)
    assign_numbers(doc)
    return doc


def diagram() -> Diagram:
    chart = ChartSpec("bar", ["2020 жыл", "2021 жыл"], [ChartSeries("Іс-шаралар", [267, 436])])
    return Diagram(title="Іс-шаралар", chart=chart, alt="Іс-шаралар")


def order(doc: Document) -> list[str]:
    return [type(b).__name__ if not isinstance(b, Paragraph) else b.inlines[0].text for b in doc.body]


def test_moving_ahead_puts_the_paragraphs_after_a_figure_before_it_and_stops_at_a_heading():
    doc = document(diagram(), after=2)
    built = order(doc)
    fill, moved = Fill().moved_ahead(doc, {"diagram-1": 5})
    assert moved == {"diagram-1": 2}
    names = order(fill.printed(doc))
    at = names.index("Diagram")
    assert names[at - 2:at + 2] == ["Жол 100.", "Жол 101.", "Diagram", "Heading"]
    assert order(doc) == built                          # the document as built is left as it is
    again, moved = fill.moved_ahead(doc, {"diagram-1": 1})
    assert again == fill and not moved                  # a heading follows now: nothing to move


def two_diagrams(after: int = 10) -> Document:
    """``document`` with a second diagram right after the first (no text between them)."""
    doc = document(diagram(), after=after)
    at = next(k for k, block in enumerate(doc.body) if isinstance(block, Diagram))
    doc.body.insert(at + 1, Diagram(title="Келушілер", chart=diagram().chart, alt="Келушілер"))
    assign_numbers(doc)
    return doc


def test_text_moves_ahead_of_a_figure_and_of_the_figures_that_follow_it_at_once_kept_in_order():
    doc = two_diagrams(after=3)
    fill, moved = Fill().moved_ahead(doc, {"diagram-1": 2})
    assert moved == {"diagram-1": 2}
    names = order(fill.printed(doc))
    at = names.index("Diagram")
    assert names[at - 2:at + 3] == ["Жол 100.", "Жол 101.", "Diagram", "Diagram", "Жол 102."]
    assert [b.anchor for b in fill.printed(doc).body if isinstance(b, Diagram)] == ["diagram-1", "diagram-2"]


def test_two_diagrams_that_leave_a_gap_get_the_text_after_both_first(tmp_path):
    doc = two_diagrams()
    draw_all(doc, PROFILE, tmp_path, workers=1)
    after, fill = lay_out(doc, PROFILE, tmp_path, [tmp_path])
    names = order(fill.printed(doc))
    assert names.index("Жол 100.") < names.index("Diagram") and gappy_pages(after, LIMIT) == []


def test_a_fill_is_kept_by_block_key_and_gives_each_block_s_place_and_page_start():
    doc = document(diagram(), after=2)
    fill, _ = Fill().moved_ahead(doc, {"diagram-1": 2})
    at = LINES_BEFORE + 1                               # the diagram's key: its index as built
    assert fill.keys(doc)[at:at + 3] == (at + 1, at + 2, at)
    fill = fill.starting(doc, {at + 2})                 # the diagram's place when printed
    assert fill.page_starts == {at} and fill.breaks_before(doc) == {at + 2}


def test_a_diagram_that_leaves_a_gap_gets_the_text_after_it_first(tmp_path):
    doc = document(diagram())
    draw_all(doc, PROFILE, tmp_path, workers=1)
    before = render_pdf(render_html(doc, PROFILE), [tmp_path])
    assert gappy_pages(before, LIMIT) == [2]                 # the setting: the diagram left page 2 empty
    after, fill = lay_out(doc, PROFILE, tmp_path, [tmp_path])
    assert gappy_pages(after, LIMIT) == []
    assert empty_shares(after)[1] < empty_shares(before)[1] - 0.15
    names = order(fill.printed(doc))
    assert names.index("Жол 100.") < names.index("Diagram") < len(names) - 2     # before the next heading


def test_a_photo_that_leaves_a_gap_shrinks_to_stay_keeping_the_resolution_cap(tmp_path):
    original = tmp_path / "hall.jpg"
    Image.effect_noise((2400, 1600), 40).convert("RGB").save(original, "JPEG", quality=80)
    doc = document(Photo(path=str(original), caption="Зал", alt="Зал"))
    after, fill = lay_out(doc, PROFILE, tmp_path, [tmp_path])
    photo = next(b for b in fill.printed(doc).body if isinstance(b, Photo))
    assert PROFILE.photos.min_scale <= photo.scale < 1
    assert gappy_pages(after, LIMIT) == []
    assert order(fill.printed(doc)).index("Photo") == LINES_BEFORE + 1     # nothing moved: it shrank instead
    with Image.open(photo.path) as copy:                       # no finer than max_dpi at its new size
        box_px = [mm / 25.4 * PROFILE.photos.max_dpi for mm in PROFILE.photo_box_mm(photo.scale)]
        assert copy.width <= box_px[0] + 1 and copy.height <= box_px[1] + 1
    with Image.open(original) as kept:
        assert kept.size == (2400, 1600)


def test_a_short_table_kept_whole_that_leaves_a_gap_may_split(tmp_path):
    rows = [[Cell([Text(f"Жол {i}")]), Cell([Text(str(i))], numeric=True)] for i in range(14)]
    table = Table("Кесте", header=[[Cell([Text("Атауы")]), Cell([Text("Саны")])]], body=rows)
    doc = document(table, after=0, before=26)
    before = render_pdf(render_html(doc, PROFILE), [tmp_path])
    assert gappy_pages(before, LIMIT) == [2]
    after, fill = lay_out(doc, PROFILE, tmp_path, [tmp_path])
    split = next(b for b in fill.printed(doc).body if isinstance(b, Table))
    assert split.may_split and not split.kept_whole(PROFILE.tables.keep_together_rows)
    assert not table.may_split                               # the document as built is left as it is
    assert gappy_pages(after, LIMIT) == []


def noted_line(i: int) -> Paragraph:
    return Paragraph([Text(f"Жол {i}"), Footnote([Text(f"Ескерту {i}.")]), Text(".")])


def test_text_moved_ahead_is_laid_out_again_from_the_gap_on_giving_the_same_pdf_as_a_whole_new_layout(
        tmp_path, monkeypatch):
    body = [TableOfContents("Мазмұны"), PageBreak(), Heading(1, "Бөлім", anchor="s"),
            *(noted_line(i) if i % 9 == 0 else line(i) for i in range(LINES_BEFORE - 4)), diagram(),
            *(noted_line(100 + i) if i % 3 == 0 else line(100 + i) for i in range(12)),
            Heading(1, "Келесі", anchor="n"), noted_line(200)]
    doc = Document(Meta("Есеп", "Музей", "Есеп", "kk-KZ", 2021, "2021-12-31"), cover=[], body=body)
    assign_numbers(doc)
    draw_all(doc, PROFILE, tmp_path, workers=1)
    whole_layouts = []
    counting = lambda *args, **kwargs: whole_layouts.append(1) or render_pdf(*args, **kwargs)  # noqa: E731
    monkeypatch.setattr(pagefill, "render_pdf", counting)
    written = {}
    for again in (True, False):
        whole_layouts.clear()
        rendered, fill = lay_out(doc, PROFILE, tmp_path, [tmp_path], again=again)
        moved = fill.printed(doc)
        written[again] = tmp_path / f"again-{again}.pdf"
        write_pdf(rendered, written[again], doc.meta, DEFAULT_PDF_VARIANT)
        assert order(moved) != order(doc) and gappy_pages(rendered, LIMIT) == []     # text moved, gap filled
        assert len(whole_layouts) == (1 if again else 2)
    assert written[True].read_bytes() == written[False].read_bytes()


def laid_out_report(inputs, year: int, profile: str, work, again: bool = True):
    """A report laid out as the pipeline lays it out."""
    ready = prepare(inputs, year, profile)
    with Workers(0) as here:
        drawn = start_drawing(ready.doc, ready.profile, work / "charts", here, photos_dir=work / "photos")
        drawn.for_layout()
        return ready, *lay_out(ready.doc, ready.profile, work, [work, ready.report.year_dir], drawn.stand_ins,
                              again=again)


@pytest.mark.slow
def test_the_tour_in_gost_laid_out_again_from_its_gaps_gives_the_same_pdf_as_whole_new_layouts(tmp_path):
    written = []
    for again in (True, False):
        (tmp_path / str(again)).mkdir()
        ready, rendered, _ = laid_out_report(PROJECT / "examples" / "tour", 2022, "gost", tmp_path / str(again), again)
        written.append(tmp_path / f"{again}.pdf")
        write_pdf(rendered, written[-1], ready.doc.meta, DEFAULT_PDF_VARIANT)
    assert written[0].read_bytes() == written[1].read_bytes()


def assert_no_page_over_30_percent_empty(ready, rendered, fill):
    profile = ready.profile
    shares = [round(share, 3) for share in empty_shares(rendered)]
    assert profile.page.max_empty_foot == 0.3
    assert gappy_pages(rendered, 0.3) == [], f"empty share at the foot, per page: {shares}"


@pytest.mark.slow
@pytest.mark.parametrize("profile", ["default", "gost"])
def test_layout_tripwire_no_page_of_the_2021_report_is_more_than_30_percent_empty(tmp_path, profile):
    assert_no_page_over_30_percent_empty(*laid_out_report(PROJECT / "inputs", 2021, profile, tmp_path))


@pytest.mark.slow
@pytest.mark.parametrize("profile", ["default", "gost"])
def test_layout_tripwire_no_page_of_the_tour_is_more_than_30_percent_empty(tmp_path, profile):
    assert_no_page_over_30_percent_empty(*laid_out_report(PROJECT / "examples" / "tour", 2022, profile, tmp_path))


def test_a_lists_lead_in_is_kept_with_its_list_in_every_writer_and_never_moved_without_it(tmp_path):
    from generator.doc.model import ListBlock, ListItem
    from generator.writers.docx import write_docx
    import docx
    lead = Paragraph([Text("Іс-шаралар:")])
    items = ListBlock("bulleted", [ListItem([Text("көрме")]), ListItem([Text("дәріс")])])
    doc = document(diagram(), after=0)
    at = doc.body.index(next(b for b in doc.body if isinstance(b, Diagram)))
    doc.body[at + 1:at + 1] = [line(100), lead, items]
    fill, moved = Fill().moved_ahead(doc, {"diagram-1": 2})
    assert moved == {"diagram-1": 1}                    # the line moves; the lead-in stays with its list
    alone = Document(doc.meta, cover=[], body=[line(1), lead, items, line(2)])
    assert re.findall(r'<p class="([^"]+)">', render_html(alone, PROFILE)) == ["body", "body lead-in", "body"]
    write_docx(doc, PROFILE, tmp_path / "lead.docx", {}, fill)
    kept = {p.text: p.paragraph_format.keep_with_next for p in docx.Document(tmp_path / "lead.docx").paragraphs}
    assert kept["Іс-шаралар:"] and not kept["Жол 100."]
