"""The HTML writer: every block kind, escaping, profile-driven CSS, metadata."""
from __future__ import annotations

import re
from pathlib import Path
from typing import get_args
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pytest

from tests.helpers import no_weasyprint_warnings
import tinyhtml5

from generator.writers.pdf import weasyprint   # imported there without its HarfBuzz warning

from generator.config import FONTS_DIR, load_profile
from generator.doc.model import (
    SVG,
    Block, Cell, Document, Footnote, Heading, Inline, ListBlock, ListItem, PageBreak, Paragraph,
    RenderedImage, Signature, Strong, Table, TableOfContents, Text,
)
from generator.doc.numbering import assign_numbers
from generator.writers.html import render_html
from generator.writers.html.writer import BLOCK_MACROS, INLINE_MACROS, block_macro
from tests.sample_doc import sample_document

XHTML = "{http://www.w3.org/1999/xhtml}"
CHART_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="160mm" height="85mm" '
             'viewBox="0 0 160 85"><rect x="10" y="10" width="40" height="70" fill="#4472c4"/>'
             '</svg>')


@pytest.fixture(autouse=True)
def _no_weasyprint_warnings():
    """Fail the test if WeasyPrint logs anything at WARNING or above."""
    with no_weasyprint_warnings():
        yield


def full_document(tmp_path: Path) -> Document:
    """The sample with a photo, a page break in the body and a drawn chart."""
    photo = tmp_path / "photo.png"
    photo.write_bytes(b"")
    doc = sample_document(str(photo))
    doc.body.append(PageBreak())
    doc.body.append(Paragraph([Text("Соңғы бет.")], role="note"))
    doc.body.append(Paragraph([Text("Ескертпемен"), Footnote([Text("Ескерту.")])]))
    doc.body.append(Signature("signature", position="Директор", name="А. Сынақов", line="____", date="14.01.2022"))
    assign_numbers(doc)
    svg = tmp_path / "chart.svg"
    svg.write_text(CHART_SVG, encoding="utf-8")
    doc.images["diagram-events"] = RenderedImage({SVG: str(svg)}, 160, 85)
    return doc


def parse(html: str):
    return tinyhtml5.parse(html)


def find_all(root, tag: str, **attrs):
    found = []
    for element in root.iter(XHTML + tag):
        if all(element.get(key.rstrip("_")) == value for key, value in attrs.items()):
            found.append(element)
    return found


def find(root, tag: str, **attrs):
    found = find_all(root, tag, **attrs)
    assert found, f"no <{tag} {attrs}>"
    return found[0]


def text_of(element) -> str:
    return "".join(element.itertext())


def style_of(root) -> str:
    return text_of(find(root, "style"))


# --- every block kind -----------------------------------------------------------------------

def test_every_block_and_inline_kind_has_a_macro():
    assert set(BLOCK_MACROS) == set(get_args(Block))
    assert set(INLINE_MACROS) == set(get_args(Inline))


def test_an_unknown_block_kind_is_an_error():
    with pytest.raises(TypeError, match="no macro for str"):
        block_macro("not a block")


def test_the_test_document_holds_every_block_kind(tmp_path):
    kinds = {type(block) for block in full_document(tmp_path).blocks()}
    assert kinds == set(get_args(Block))


def test_headings_are_numbered_with_anchor_ids(tmp_path):
    root = parse(render_html(full_document(tmp_path), load_profile()))
    heading = find(root, "h1", id="s-1-1")
    assert text_of(heading) == "1.1. Жаңа залдардың ашылуы"
    assert text_of(find(root, "h1", id="s-1-2")) == "1.2. Қор жинақтау"


def test_second_level_headings_are_h2(tmp_path):
    doc = full_document(tmp_path)
    doc.body.append(Heading(level=2, number="1.2.1.", text="Ішкі бөлім", anchor="s-1-2-1"))
    root = parse(render_html(doc, load_profile()))
    assert text_of(find(root, "h2", id="s-1-2-1")) == "1.2.1. Ішкі бөлім"


def test_a_heading_without_anchor_is_an_error(tmp_path):
    doc = full_document(tmp_path)
    doc.body.append(Heading(level=1, number="2.", text="Жаңа бөлім"))
    with pytest.raises(ValueError, match="2. Жаңа бөлім"):
        render_html(doc, load_profile())


def test_paragraphs_keep_bold_and_italic_spans(tmp_path):
    root = parse(render_html(full_document(tmp_path), load_profile()))
    summary = next(p for p in find_all(root, "p", class_="body") if "іс-шара" in text_of(p))
    assert [text_of(s) for s in summary.iter(XHTML + "strong")] == ["436 іс-шара",
                                                                    "215\u00a0625 адам"]
    assert [text_of(e) for e in summary.iter(XHTML + "em")] == ["бұдан әрі - БАҚ"]
    assert text_of(find(root, "p", class_="note")) == "Соңғы бет."


def test_cover_paragraphs_sit_in_the_cover_by_role(tmp_path):
    root = parse(render_html(full_document(tmp_path), load_profile()))
    cover = find(root, "section", class_="cover")
    assert text_of(find(cover, "div", class_="cover-top")).strip() == "МӘДЕНИЕТ МИНИСТРЛІГІ"
    assert text_of(find(cover, "p", class_="cover-title")) == "СЫНАҚ МУЗЕЙІНІҢ 2021 ЖЫЛҒЫ ЕСЕБІ"
    assert text_of(find(cover, "div", class_="cover-bottom")).strip() == "Нұр-Сұлтан қ."


def test_table_of_contents_links_every_heading(tmp_path):
    root = parse(render_html(full_document(tmp_path), load_profile()))
    toc = find(root, "nav", class_="toc")
    assert text_of(find(toc, "p", class_="toc-title")) == "Мазмұны"
    links = [(a.get("href"), text_of(a)) for a in toc.iter(XHTML + "a")]
    assert links == [("#s-1-1", "1.1. Жаңа залдардың ашылуы"), ("#s-1-2", "1.2. Қор жинақтау")]
    assert 'leader(".") target-counter(attr(href), page)' in style_of(root)


def test_lists_are_numbered_and_bulleted(tmp_path):
    root = parse(render_html(full_document(tmp_path), load_profile()))
    numbered = find(root, "ol", class_="numbered")
    assert [text_of(li) for li in numbered] == ["«Ұлық Ұлыс» залы (28.05.2021);",
                                                "«Графика және мүсін» залы (04.11.2021)."]
    assert [text_of(li) for li in find(root, "ul", class_="bulleted")] == ["бірінші тармақ",
                                                                           "екінші"]
    css = style_of(root)
    assert 'ol.numbered > li::before { content: counter(item) ") "; }' in css
    assert 'ul.bulleted > li::before { content: "- "; }' in css


def test_tables_have_caption_header_spans_and_cell_classes(tmp_path):
    root = parse(render_html(full_document(tmp_path), load_profile()))
    table = find(root, "table", id="table-visitors")
    assert text_of(find(table, "caption")) == "Кесте №2. Келушілер санаты"
    head = find(table, "thead")
    assert len(find_all(head, "tr")) == 2
    assert find(head, "th", colspan="3").text == "Келушілер саны"
    assert len(find_all(head, "th", rowspan="2")) == 2
    assert all("bold" in th.get("class") for th in find_all(head, "th"))
    numeric = find_all(find(table, "tbody"), "td", class_="numeric")
    assert [td.text for td in numeric[:3]] == ["47\u00a0371", "6\u00a0051", "24\u00a0331"]
    funds = find(root, "table", id="table-funds")
    assert [td.text for td in find_all(funds, "td", class_="numeric bold")] == [
        "201\u00a0449", "202\u00a0220", "215\u00a0534"]


def test_diagram_shows_the_drawn_svg_with_alt_text(tmp_path):
    doc = full_document(tmp_path)
    root = parse(render_html(doc, load_profile()))
    figure = find(root, "figure", id="diagram-events")
    image = find(figure, "img")
    assert image.get("src") == Path(doc.images["diagram-events"].forms[SVG]).as_uri()
    assert image.get("alt") == "2020 жылы 267, 2021 жылы 436 іс-шара"
    assert "figure.diagram img { width: 160mm; }" in style_of(root)


def test_a_diagram_without_a_drawn_chart_is_an_error(tmp_path):
    doc = full_document(tmp_path)
    doc.images.clear()
    with pytest.raises(KeyError, match="diagram-events"):
        render_html(doc, load_profile())


def test_photo_is_a_figure_with_caption(tmp_path):
    root = parse(render_html(full_document(tmp_path), load_profile()))
    figure = find(root, "figure", class_="photo placeholder")
    image = find(figure, "img")
    assert image.get("src") == (tmp_path / "photo.png").as_uri()
    assert image.get("alt") == "Марапаттау рәсімінің суреті"
    assert text_of(find(figure, "figcaption")) == "Марапаттау рәсімі"


def test_page_break_in_the_body_and_none_left_over_from_the_cover(tmp_path):
    root = parse(render_html(full_document(tmp_path), load_profile()))
    breaks = find_all(root, "div", class_="page-break")
    assert len(breaks) == 1                      # the cover ends its page by itself
    assert find(root, "section", class_="cover") not in breaks


# --- escaping -------------------------------------------------------------------------------

MARKUP_TEXTS = ["<script>alert('x')</script>", "{{ x }}", "{% if y %}z{% endif %}",
                "a & b \"quoted\" <b>not bold</b>", "</style><i>"]


def escaping_document(tmp_path: Path) -> Document:
    doc = full_document(tmp_path)
    doc.meta.title = MARKUP_TEXTS[3]
    doc.body = [
        TableOfContents(title=MARKUP_TEXTS[1]),
        Heading(level=1, number="1.", text=MARKUP_TEXTS[0], anchor="h-1"),
        Paragraph([Text(MARKUP_TEXTS[1]), Strong([Text(MARKUP_TEXTS[2])])]),
        ListBlock("bulleted", [ListItem([Text(MARKUP_TEXTS[3])])]),
        Table(title=MARKUP_TEXTS[4], header=[[Cell([Text(MARKUP_TEXTS[0])])]],
              body=[[Cell([Text(MARKUP_TEXTS[2])])]]),
    ]
    assign_numbers(doc)
    return doc


def test_markup_like_text_appears_literally(tmp_path):
    html = render_html(escaping_document(tmp_path), load_profile())
    assert "<script>" not in html and "<b>not bold" not in html
    assert "&lt;script&gt;" in html
    root = parse(html)
    assert len(find_all(root, "style")) == 1
    assert text_of(find(root, "title")) == MARKUP_TEXTS[3]
    assert text_of(find(root, "h1", id="h-1")) == "1. " + MARKUP_TEXTS[0]
    body_text = text_of(find(root, "main"))
    for text in MARKUP_TEXTS:
        assert text in body_text
    assert find_all(root, "b") == [] and find_all(root, "i") == []


# --- the profile drives the layout ----------------------------------------------------------

def test_caption_patterns_of_the_default_profile(tmp_path):
    root = parse(render_html(full_document(tmp_path), load_profile("default")))
    assert text_of(find(find(root, "table", id="table-funds"), "caption")) == \
        "Кесте №1. Музей заттары туралы мәлімет"
    figure = find(root, "figure", id="diagram-events")
    children = [child.tag.removeprefix(XHTML) for child in figure]
    assert children == ["p", "img"]                       # caption above
    assert text_of(figure[0]) == "Диаграмма №1. Іс-шаралар көрсеткіші"


def test_caption_patterns_of_the_gost_profile(tmp_path):
    root = parse(render_html(full_document(tmp_path), load_profile("gost")))
    assert text_of(find(find(root, "table", id="table-funds"), "caption")) == \
        "Кесте 1 – Музей заттары туралы мәлімет"
    figure = find(root, "figure", id="diagram-events")
    assert [child.tag.removeprefix(XHTML) for child in figure] == ["img", "p"]   # below
    assert text_of(figure[1]) == "Сурет 1 – Іс-шаралар көрсеткіші"
    css = style_of(root)
    assert "text-align: left;" in css.split("table.report-table caption")[1].split("}")[0]


@pytest.mark.parametrize("name, box", [("default", "top-center"), ("gost", "bottom-center")])
def test_page_numbers_sit_where_the_profile_says_but_not_on_the_cover(tmp_path, name, box):
    css = style_of(parse(render_html(full_document(tmp_path), load_profile(name))))
    assert re.search(r"@page \{[^@]*@" + box + r" \{\s*content: counter\(page\);", css)
    assert re.search(r"@page :first \{\s*@" + box + r" \{ content: none; \}", css)


def test_page_and_text_values_come_from_the_profile(tmp_path):
    default = load_profile()
    profile = default.model_copy(update={
        "page": default.page.model_copy(update={"margin_left_mm": 25, "margin_top_mm": 18}),
        "fonts": default.fonts.model_copy(update={"body_pt": 13, "table_pt": 11}),
        "paragraph": default.paragraph.model_copy(update={"first_line_indent_mm": 10,
                                                          "justify": False}),
        "lists": default.lists.model_copy(update={"numbered_format": "%1.", "bullet": "–"}),
    })
    css = style_of(parse(render_html(full_document(tmp_path), profile)))
    assert "size: 210mm 297mm;" in css
    assert "margin: 18mm 15mm 20mm 25mm;" in css
    assert "font-size: 13pt;" in css and "font-size: 11pt;" in css
    assert "text-indent: 10mm;" in css and "text-align: left;" in css
    assert "justify" not in css
    assert 'content: counter(item) ". ";' in css and 'content: "– ";' in css


def test_line_height_follows_the_profile_spacing(tmp_path):
    def line_height(name):
        css = style_of(parse(render_html(full_document(tmp_path), load_profile(name))))
        return float(re.search(r"html \{[^}]*line-height: ([\d.]+);", css)[1])
    assert line_height("gost") == pytest.approx(1.5 * line_height("default"), abs=1e-3)


def test_fonts_are_the_bundled_files(tmp_path):
    css = style_of(parse(render_html(full_document(tmp_path), load_profile())))
    faces = re.findall(r'font-family: "([^"]+)";\s*src: url\("([^"]+)"\)', css)
    names = {}
    for family, url in faces:
        path = Path(url2pathname(urlsplit(url).path))
        assert path.parent == FONTS_DIR.resolve() and path.is_file()
        names.setdefault(family, []).append(path.name)
    assert names == {
        "Liberation Serif Bundled": ["LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
                                     "LiberationSerif-Italic.ttf",
                                     "LiberationSerif-BoldItalic.ttf"],
        "NanumMyeongjo Bundled": ["NanumMyeongjo.ttf"],               # Hangul, after the body
    }
    assert 'font-family: "Liberation Serif Bundled", "NanumMyeongjo Bundled", serif;' in css


def test_the_stylesheet_parses_without_warnings(tmp_path):
    css = style_of(parse(render_html(full_document(tmp_path), load_profile("gost"))))
    weasyprint.CSS(string=css)                     # the autouse fixture fails on warnings


# --- document properties --------------------------------------------------------------------

def test_html_head_carries_the_metadata(tmp_path):
    root = parse(render_html(full_document(tmp_path), load_profile()))
    assert root.get("lang") == "kk"
    assert text_of(find(root, "title")) == "Сынақ есебі 2021"
    metas = {m.get("name"): m.get("content") for m in find_all(root, "meta") if m.get("name")}
    assert metas == {"author": "Сынақ музейі", "description": "Жылдық есеп",
                     "keywords": "есеп, 2021", "dcterms.created": "2022-01-20",
                     "dcterms.modified": "2022-01-20"}
    assert find_all(root, "link") == [] and find_all(root, "script") == []


def test_passages_in_other_languages_carry_their_lang(tmp_path):
    doc = full_document(tmp_path)
    doc.body.append(Paragraph([Text("Кітап «카자흐스탄 고분문화 (Ancient tombs)» атты.")]))
    spans = {s.get("lang"): "".join(s.itertext()) for s in find_all(parse(render_html(doc, load_profile())), "span")
             if s.get("lang")}
    assert spans == {"ko": "카자흐스탄 고분문화", "en": "Ancient tombs"}
