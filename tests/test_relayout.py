"""The canary of the incremental relayout (generator/writers/relayout.py): it reads WeasyPrint's
page maker by position, so each way of laying pages out again is checked against the layout
WeasyPrint makes anew (see also tests/test_page_fill.py and tests/test_preview.py, which compare
whole reports laid out again with their whole new layouts)."""
from __future__ import annotations

from generator.writers import relayout
from generator.writers.weasyprint_compat import weasyprint


def test_a_layout_is_kept_and_laid_out_again_from_a_page_with_the_earlier_pages_kept():
    paragraphs = "".join(f"<p id='p{i}'>{i}</p>" for i in range(6))
    html = ("<style>@page { size: 60mm 40mm; margin: 5mm } p { margin: 0; height: 12mm }</style>"
            f"<main>{paragraphs}</main>")
    rendered, layout = relayout.render_keeping_layout(weasyprint.HTML(string=html))
    assert [sorted(page.anchors) for page in rendered.pages] == [["p0", "p1"], ["p2", "p3"], ["p4", "p5"]]
    first_page = rendered.pages[0]._page_box
    main = relayout.main_box(layout)
    main.children = [*main.children[:2], main.children[3], main.children[2], *main.children[4:]]
    again = relayout.lay_out_again(rendered, layout, 1)
    assert [sorted(page.anchors) for page in again.pages] == [["p0", "p1"], ["p2", "p3"], ["p4", "p5"]]
    flow = [box.element.get("id") for box in relayout.main_box(layout).children]
    assert flow[2:4] == ["p3", "p2"]
    assert again.pages[0]._page_box is first_page                     # kept, not laid out again
    second = dict.fromkeys(b.element.get("id") for b in again.pages[1]._page_box.descendants()
                           if b.element_tag == "p" and b.element is not None)
    assert list(second) == ["p3", "p2"]
    assert not relayout.has_footnote_call(main)
