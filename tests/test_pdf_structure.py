"""The archival PDF's structure tree is whole: running content as artifacts, no orphan elements,
the contents as TOC/TOCI with one link each, figure boxes in page coordinates."""
from __future__ import annotations

import re
import subprocess

import pikepdf
import pytest

from generator.pipeline import generate
from tests.pdf_engines import UNTAGGED, engines
from tests.small_inputs import ONE_HALL, write_inputs

HALLS = ONE_HALL + """\
  - photo: {file: photos/missing.jpg, caption: Жаңа зал}
"""
SECOND = """\
heading: Көрмелер
content:
  - text: Көрме ашылды.
"""


@pytest.fixture(scope="module", params=engines(cannot=UNTAGGED))
def pdf_path(tmp_path_factory, request):
    folder = tmp_path_factory.mktemp(f"structure-{request.param}")
    inputs = write_inputs(folder / "inputs", 2021, {"halls": HALLS, "exhibitions": SECOND})
    generate(inputs, 2021, folder / "out", formats=("pdf",), pdf_engine=request.param)
    return folder / "out" / "report-2021.pdf"


@pytest.fixture(scope="module")
def pdf(pdf_path):
    with pikepdf.open(pdf_path) as opened:
        yield opened


def _kids(element):
    k = element.get("/K")
    items = list(k) if isinstance(k, pikepdf.Array) else ([] if k is None else [k])
    return [i for i in items if isinstance(i, pikepdf.Dictionary) and i.get("/Type") == "/StructElem"]


def _tree(pdf):
    found, todo = [], list(_kids(pdf.Root.StructTreeRoot))
    while todo:
        element = todo.pop()
        found.append(element)
        todo.extend(_kids(element))
    return found


def test_no_structure_element_hangs_outside_the_tree(pdf):
    in_tree = {e.objgen for e in _tree(pdf)}
    every = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/StructElem"]
    assert len(every) > 20 and {o.objgen for o in every} == in_tree
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    for value in list(nums)[1::2]:
        for ref in (value if isinstance(value, pikepdf.Array) else [value]):
            assert ref is None or ref.objgen in in_tree


def test_page_numbers_are_pagination_artifacts(pdf):
    assert len(pdf.pages) >= 2
    for number, page in enumerate(pdf.pages[1:], start=2):
        stream = b"".join(c.read_bytes() for c in (page.Contents if isinstance(page.Contents, pikepdf.Array)
                                                   else [page.Contents]))
        marked = re.findall(rb"/Artifact\s*<<[^>]*/Type\s*/Pagination[^>]*>>\s*BDC(.*?)EMC", stream, re.S)
        assert len(marked) == 1 and re.search(rb"T[jJ]", marked[0]), number


def test_the_contents_are_toc_of_tocis_with_one_link_and_one_annotation_each(pdf):
    tocs = [e for e in _tree(pdf) if e.S == "/TOC"]
    assert len(tocs) == 1
    kinds = [str(k.S) for k in _kids(tocs[0])]
    # the two headings, after the title as the TOC's Caption (WeasyPrint; Typst tags it a heading before the TOC)
    assert kinds[-2:] == ["/TOCI", "/TOCI"] and kinds[:-2] in ([], ["/Caption"])
    for item in _kids(tocs[0])[-2:]:
        links = _links(item)                                    # in a Reference (Typst) or not
        assert [str(link.S) for link in links] == ["/Link"]
        objrs = [k for k in links[0].K if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"]
        assert len(objrs) == 1 and objrs[0].Obj.Subtype == "/Link"
        assert any(isinstance(k, int) for k in links[0].K)      # its text and page number
    page = pdf.pages[1]
    links = [a for a in page.Annots if a.Subtype == "/Link"]
    assert len(links) == 2
    for annotation in links:                                    # one box from the title to the page number
        x1, _, x2, _ = (float(v) for v in annotation.Rect)
        assert x2 - x1 > 0.6 * (float(page.MediaBox[2]) - 45 / 25.4 * 72)    # 60 % of the text width


def _links(element) -> list:
    kids = _kids(element)
    return [k for k in kids if k.S == "/Link"] + [link for k in kids if k.S == "/Reference" for link in _links(k)]


def _bbox(element):
    """The element's /BBox attribute, its /A a dictionary or an array of them."""
    attributes = element.A if isinstance(element.A, pikepdf.Array) else [element.A]
    return next(a.BBox for a in attributes if isinstance(a, pikepdf.Dictionary) and "/BBox" in a)


def test_a_figures_box_is_where_it_is_drawn_in_page_coordinates(pdf, pdf_path):
    figure = next(e for e in _tree(pdf) if e.S == "/Figure")
    x1, y1, x2, y2 = (float(v) for v in _bbox(figure))
    width, height = float(figure.Pg.MediaBox[2]), float(figure.Pg.MediaBox[3])
    assert 0 <= x1 < x2 <= width and 0 <= y1 < y2 <= height
    page = next(i for i, p in enumerate(pdf.pages, start=1) if p.objgen == figure.Pg.objgen)
    layout = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), pdf_path, "-"],
                            capture_output=True, text=True, check=True).stdout
    caption = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>Жаңа</word>', layout)
    assert caption, layout[:500]
    caption_top = height - float(caption.group(2))              # pdftotext counts from the top
    assert 0 < y1 - caption_top < 40                             # the caption sits right under the figure
