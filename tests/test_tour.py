"""examples/tour: the made-up report that uses every kind of content builds in both profiles."""
from __future__ import annotations

import zipfile

import pypdf
import pytest

from generator.doc.model import Footnote, Heading, ListBlock, Paragraph, Signature
from generator.pipeline import open_findings, prepare
from tests.small_inputs import PROJECT

TOUR = PROJECT / "examples" / "tour"


def inlines_of(doc):
    """Every inline span of the body's paragraphs and list items, outermost first."""
    for block in doc.body:
        if isinstance(block, Paragraph):
            yield from block.inlines
        elif isinstance(block, ListBlock):
            for item in block.all_items():
                yield from item.inlines


@pytest.mark.parametrize("profile", ["default", "gost"])
def test_the_tour_uses_each_kind_and_the_checks_find_nothing(profile):
    ready = prepare(TOUR, 2022, profile)
    assert open_findings(ready.findings) == [] and ready.unfilled == []
    assert [p.field for p in ready.findings] == ["figures.visitors"]       # acknowledged in report.yaml
    doc = ready.doc
    assert any(isinstance(b, Heading) and b.appendix for b in doc.body)
    assert {b.kind for b in doc.blocks() if isinstance(b, Signature)} == {"approval", "signature"}
    lists = [b for b in doc.body if isinstance(b, ListBlock)]
    assert any(item.sublist for block in lists for item in block.items)
    assert any(isinstance(span, Footnote) for span in inlines_of(doc))


@pytest.mark.slow
@pytest.mark.parametrize("profile", ["default", "gost"])
def test_the_tour_builds_both_files(tour_2022, profile):
    made = tour_2022(profile)                # made once per test run, --strict (conftest.py)
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(made / "report-2022.pdf").pages)
    appendix = "Қосымша А" if profile == "default" else "А қосымшасы"
    for expected in ("БЕКІТЕМІН", appendix, "Жоспар музейдің сайтында жарияланған."):
        assert expected in text
    with zipfile.ZipFile(made / "report-2022.docx") as package:
        assert "Жоспар музейдің сайтында жарияланған." in package.read("word/footnotes.xml").decode("utf-8")
