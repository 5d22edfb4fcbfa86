"""Fixtures shared by the test files."""
from __future__ import annotations

import socket

import pytest

from tests.helpers import assert_fonts_embedded
from tests.small_inputs import PROJECT, copy_real_inputs


def pytest_configure(config):
    """The project's modules compiled to bytecode once, before any test (in pytest-xdist, by the
    process that starts the others), as pip compiles an installed copy: where
    PYTHONDONTWRITEBYTECODE is set (as on this project's CI machines) every command a test starts
    compiled them again from source (the suite took 184 s instead of about 170)."""
    if not hasattr(config, "workerinput"):
        import compileall
        compileall.compile_dir(str(PROJECT / "generator"), quiet=1)


@pytest.fixture(scope="session", autouse=True)
def charts_library_loaded():
    """What a worker loads as it starts to draw charts (generator/charts/workers.py: matplotlib, the
    drawing modules, the bundled fonts) loaded once in the test process, before any run forks its
    workers. Each run forks them first and each loaded it again: in a test process that is the cost
    of every run, small or refused (the 70 bad-input cases took twice as long), while a fork of a
    process that has it loaded starts ready. The command-line tests run in processes of their own
    and still load it in their workers, as a user's run does."""
    import generator.charts.draw  # noqa: F401
    from generator.charts.style import register_fonts
    register_fonts()


@pytest.fixture(autouse=True)
def every_pdf_embeds_its_fonts(request):
    """Every PDF a test leaves in its temporary folder has every font embedded (PDF/A; a reader's
    own fonts differ): checked after the test, whatever it was about."""
    folder = request.getfixturevalue("tmp_path") if "tmp_path" in request.fixturenames else None
    yield
    if folder is not None:
        _pdfs_embed_their_fonts(folder)


@pytest.fixture(scope="session", autouse=True)
def every_shared_pdf_embeds_its_fonts(tmp_path_factory):
    """The same for the PDFs of fixtures shared by a module or the session (made in folders of
    their own), once every test has run."""
    yield
    _pdfs_embed_their_fonts(tmp_path_factory.getbasetemp())


def _pdfs_embed_their_fonts(folder) -> None:
    for pdf in sorted(folder.rglob("*.pdf")):
        with open(pdf, "rb") as head:
            if head.read(5) == b"%PDF-":
                assert_fonts_embedded(pdf)


@pytest.fixture()
def listener():
    """A local TCP port that records whether anything connected to it (see helpers.assert_no_connection)."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.setblocking(False)
    yield server
    server.close()


TOUR = PROJECT / "examples" / "tour"


@pytest.fixture(scope="session")
def report_2021(tmp_path_factory):
    """The 2021 report made once per test run, for the tests that only read it: suffix → path.
    It is made as `generate-report 2021` makes it in a project folder of its own (a copy of the
    inputs, written to output/2021 beside them), so its SHA256SUMS names the inputs as any run's."""
    from generator.pipeline import generate
    inputs = copy_real_inputs(tmp_path_factory.mktemp("report-2021"))
    result = generate(inputs, 2021, inputs.parent / "output" / "2021")
    made = {p.suffix: p for p in result.written}
    assert_fonts_embedded(made[".pdf"])
    return made


def default_pdf_engine() -> str:
    """The engine that makes the PDF when none is named (the registry's first that loads)."""
    from generator.writers.registry import plan
    return plan(("pdf",)).writers[0].engine


@pytest.fixture(scope="session")
def pdf_2021(report_2021, tmp_path_factory):
    """The 2021 report's PDF made by a named engine, once per test run: call it with the engine's
    name. The default engine's is report_2021's; another's is made alone (--format pdf)."""
    from generator.pipeline import generate
    made: dict[str, object] = {}

    def pdf(engine: str):
        if engine == default_pdf_engine():
            return report_2021[".pdf"]
        if engine not in made:
            inputs = copy_real_inputs(tmp_path_factory.mktemp(f"report-2021-{engine}"))
            generate(inputs, 2021, inputs.parent / "output" / "2021", formats=("pdf",), pdf_engine=engine)
            made[engine] = inputs.parent / "output" / "2021" / "report-2021.pdf"
        return made[engine]
    return pdf


@pytest.fixture(scope="session")
def tour_2022(tmp_path_factory):
    """The tour (examples/tour, every content kind) made once per profile per test run, with
    --strict: call it with a profile's name for the folder holding report-2022.docx and .pdf (made
    by the default PDF engine), or with an engine's name too for its PDF alone (--format pdf)."""
    from generator.pipeline import generate
    made: dict[tuple[str, str | None], object] = {}

    def folder(profile: str, engine: str | None = None):
        key = (profile, None if engine == default_pdf_engine() else engine)
        if key not in made:
            made[key] = tmp_path_factory.mktemp(f"tour-{profile}-{key[1] or 'default'}")
            generate(TOUR, 2022, made[key], formats=("docx", "pdf") if key[1] is None else ("pdf",),
                     profile_name=profile, strict=True, pdf_engine=key[1])
            assert_fonts_embedded(made[key] / "report-2022.pdf")
        return made[key]
    return folder
