"""The PDF engines the tests run on, and the sample document written by any of them.

``engines()`` lists every registered PDF engine as a pytest parameter; a test that one engine
cannot pass names it with the reason (``cannot``: skipped, the engine lacks the feature by
design; ``gaps``: a strict xfail, a known gap to mend, which fails loudly once it is mended).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import load_profile
from generator.doc.model import Attachment, Document
from generator.writers.registry import Job, engines as registered, writer
from tests.helpers import assert_fonts_embedded

ATTACHED = [Attachment("2021/report.yaml", b"year: 2021\n", "application/yaml", "Source", "Report input")]
#: The tagged engines (PDF/A-3a): reportlab writes PDF/A-3b, untagged.
UNTAGGED = {"reportlab": "reportlab writes untagged PDF/A-3b"}


class Drawn:
    """The pictures of a sample document, drawn already."""
    stand_ins: dict = {}

    def wait(self) -> None:
        pass

    for_layout = wait


def engines(cannot: dict[str, str] | None = None, gaps: dict[str, str] | None = None) -> list:
    """Every registered PDF engine as a pytest parameter, those in ``cannot`` skipped and those in
    ``gaps`` expected to fail (strictly), each with its reason."""
    cannot, gaps = cannot or {}, gaps or {}
    unknown = (set(cannot) | set(gaps)) - set(registered("pdf"))
    assert not unknown, f"no PDF engine named {unknown}"
    return [pytest.param(engine, id=engine, marks=[
        *([pytest.mark.skip(reason=cannot[engine])] if engine in cannot else []),
        *([pytest.mark.xfail(strict=True, reason=gaps[engine])] if engine in gaps else [])])
        for engine in registered("pdf")]


def write_sample(folder: Path, engine: str, doc: Document | None = None, profile: str = "default",
                 variant: str = "pdf/a-3a", name: str = "report.pdf",
                 allowed: list[Path] | None = None) -> tuple[Path, dict[str, int]]:
    """``doc`` (the sample document, made in ``folder``, if None) written by ``engine`` as
    ``folder/name``, reading images only under ``allowed`` (``folder``, if None): its path and
    each anchor's page."""
    from tests.test_pdf_writer import make_document
    folder.mkdir(parents=True, exist_ok=True)
    doc = doc if doc is not None else make_document(folder)
    job = Job(doc, load_profile(profile), folder, allowed or [folder], Drawn(), None, variant, ATTACHED)
    output = writer("pdf", engine).start(job)
    output.write(folder / name)()
    assert_fonts_embedded(folder / name)
    return folder / name, output.pages


def limits(request, engine: str, cannot: dict[str, str] | None = None, gaps: dict[str, str] | None = None) -> None:
    """In a test on a shared sample of ``engine``: what ``engines`` marks, applied here (a skip
    for an engine in ``cannot``, a strict xfail for one in ``gaps``)."""
    if engine in (cannot or {}):
        pytest.skip(cannot[engine])
    if engine in (gaps or {}):
        request.applymarker(pytest.mark.xfail(strict=True, reason=gaps[engine]))
