"""The live preview: warm rebuilds that redraw only what changed, its server, and a real browser."""
from __future__ import annotations

import http.client
import json
import threading
from pathlib import Path

import pytest

from generator.config import PROFILES_DIR
from generator.preview import _read_by_report
from generator.preview.build import LAYOUTS, Build, Builder
from generator.preview.server import Shown, make_server
from tests.small_inputs import write_inputs

HALLS = """\
heading: Залдар
figures:
  visitors:
    value: 1600
    parts:
      - {id: pupils, label: Оқушылар, value: 1000}
      - {id: adults, label: Ересектер, value: 500}
diagrams:
  visitors: {title: Келушілер, figure: visitors, years: 1}
content:
  - text: "Бірінші абзац: биыл {visitors} адам келді."
  - diagram: visitors
  - text: "Екінші абзац сол күйінде қалады."
"""


#: The engines whose pages the preview shows: each test of a build runs on each.
ENGINES = list(LAYOUTS)


@pytest.fixture(scope="module", params=ENGINES)
def preview(tmp_path_factory, request):
    """A warm builder of a small report (one section, a chart, a total its parts disagree with),
    laid out by one engine."""
    root = tmp_path_factory.mktemp(f"preview-{request.param}")
    inputs = write_inputs(root / "inputs", 2021, {"halls": HALLS})
    builder = Builder(inputs, 2021, None, root / "work", engine=request.param)
    first = builder.rebuild()
    assert first.problems == [] and first.pages
    return builder, inputs / "2021" / "halls.yaml", first


def edited(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def built_with(builder: Builder, path: Path, old: str, new: str) -> Build:
    """The build of the inputs with ``old`` replaced by ``new`` in ``path``, which is then put back
    (the module's builder is shared by its tests)."""
    edited(path, old, new)
    try:
        return builder.rebuild()
    finally:
        edited(path, new, old)


def test_a_changed_paragraph_redraws_its_page_only_and_no_chart(preview):
    builder, halls, first = preview
    charts = builder.pictures.drawn
    build = built_with(builder, halls, "Екінші абзац", "Өзгерген абзац")
    assert build.problems == []
    changed = [i for i, (a, b) in enumerate(zip(first.pages, build.pages)) if a.key != b.key]
    assert len(changed) == build.drawn == 1 < len(build.pages)
    assert "Өзгерген абзац" in build.pages[changed[0]].text
    assert builder.pictures.drawn == charts


def test_a_changed_figure_redraws_its_chart(preview):
    builder, halls, _ = preview
    charts = builder.pictures.drawn
    build = built_with(builder, halls, "value: 1600", "value: 1700")
    assert build.problems == [] and builder.pictures.drawn == charts + 1


def test_a_broken_input_is_said_with_its_line_and_the_next_build_recovers(preview):
    builder, halls, first = preview
    broken = built_with(builder, halls, "value: 1600", "value: abc")
    assert broken.pages is None
    assert any(p.endswith("halls.yaml:3 figures.visitors: 'abc' is not a number: write it in digits, "
                          "e.g. 670 (a reference to another figure is written like {file.figure})")
               for p in broken.problems), broken.problems
    fixed = builder.rebuild()
    assert fixed.problems == [] and [p.key for p in fixed.pages] == [p.key for p in first.pages]
    assert fixed.number == broken.number + 1


def test_a_finding_is_placed_on_the_page_and_line_showing_its_figure(preview):
    _, _, first = preview
    [total] = [f for f in first.findings if "figures.visitors" in f.text]
    assert total.kind == "finding" and "1 600" in first.pages[total.page - 1].text.replace("\xa0", " ")
    assert 0 < total.top < first.pages[total.page - 1].height


@pytest.mark.parametrize("relative, read", [
    ("2021/halls.yaml", True), ("2021/photos/a.jpg", True), ("2020/halls.yaml", True),
    ("2022/halls.yaml", False), ("notes.txt", False), ("drafts/2021.yaml", False)])
def test_only_files_the_report_reads_start_a_build(tmp_path, relative, read):
    assert _read_by_report(tmp_path / relative, tmp_path, 2021) is read


def test_a_layout_profile_starts_a_build(tmp_path):
    assert _read_by_report(PROFILES_DIR / "gost.yaml", tmp_path, 2021)


@pytest.fixture()
def server(preview):
    """The preview's server on a free port, showing the small report's first build."""
    builder, _, first = preview
    shown = Shown(2021)
    shown.publish(first)
    httpd = make_server(0, shown, builder.pages)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield httpd, shown
    httpd.shutdown()
    httpd.server_close()


def get(httpd, path: str, host: str | None = None) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", httpd.server_port, timeout=10)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", host or f"127.0.0.1:{httpd.server_port}")
    connection.endheaders()
    answer = connection.getresponse()
    body = answer.read()
    connection.close()
    return answer.status, dict(answer.getheaders()), body


def test_the_server_listens_on_loopback_only(server):
    httpd, _ = server
    assert httpd.server_address[0] == "127.0.0.1"


@pytest.mark.parametrize("path", [
    "/../../../../etc/passwd", "/pages/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
    "/pages/%2e%2e%2fpage.html", "//etc/passwd", "/preview.js/../../generator/cli.py",
    "/pages/" + "0" * 24 + ".png", "/templates/preview/page.html", "/page.html"])
def test_the_server_serves_nothing_outside_its_own_files(server, path):
    httpd, _ = server
    status, _, body = get(httpd, path)
    assert status == 404 and b"root:" not in body


def test_the_server_refuses_a_request_for_another_host(server):
    httpd, _ = server
    status, _, _ = get(httpd, "/status", host="attacker.example")
    assert status == 403


def test_every_answer_forbids_loading_anything_from_elsewhere(server):
    httpd, _ = server
    for path in ("/", "/preview.js", "/status", "/nothing"):
        _, headers, _ = get(httpd, path)
        assert "default-src 'self'" in headers["Content-Security-Policy"]
    _, _, page = get(httpd, "/")
    assert b"http" not in page and b"<style" not in page and b"<script>" not in page


def test_status_gives_the_build_its_time_its_problems_findings_and_pages(server, preview):
    httpd, shown = server
    _, headers, body = get(httpd, "/status")
    status = json.loads(body)
    first = preview[2]
    assert headers["Content-Type"] == "application/json"
    assert (status["build"], status["shown"], status["seconds"]) == (first.number, first.number, first.seconds)
    assert status["problems"] == [] and any("figures.visitors" in f["text"] for f in status["findings"])
    code, picture_headers, picture = get(httpd, status["pages"][0]["src"])
    assert code == 200 and picture.startswith(b"\x89PNG") and picture_headers["Content-Type"] == "image/png"
    shown.publish(Build(first.number + 1, 0.1, None, ["inputs/2021/halls.yaml:3 figures.visitors: wrong"]))
    _, _, body = get(httpd, f"/status?wait={first.number}")
    status = json.loads(body)
    assert status["build"] == first.number + 1 and status["shown"] == first.number
    assert status["problems"] == ["inputs/2021/halls.yaml:3 figures.visitors: wrong"] and status["pages"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_missing_photo_is_noted_beside_the_page_showing_its_placeholder(tmp_path, engine):
    inputs = write_inputs(tmp_path / "inputs", 2021, {"hall": """\
        heading: Зал
        content:
          - text: Бірінші абзац.
          - photo: {file: photos/opening.jpg, caption: Ашылу рәсімі}
        """})
    build = Builder(inputs, 2021, None, tmp_path / "work", engine=engine).rebuild()
    [note] = [f for f in build.findings if f.kind == "note"]
    assert "photos/opening.jpg" in note.text and note.page > 0
    assert "Ашылу рәсімі" in build.pages[note.page - 1].text


def test_only_the_pictures_of_the_last_two_builds_are_kept(preview):
    builder, halls, _ = preview
    builds = [built_with(builder, halls, "Екінші абзац", f"{word} абзац") for word in ("Бір", "Екі", "Үш")]
    kept = {path.stem for path in builder.pages.folder.iterdir()}
    assert kept == set(builder.pages.views) == {p.key for b in builds[-2:] for p in b.pages}
    assert not {p.key for p in builds[0].pages} <= kept


def test_a_change_the_pages_do_not_show_lays_nothing_out_again(preview):
    builder, halls, first = preview
    builder.rebuild()                       # the file as the other tests left it
    laid = builder.laid
    build = built_with(builder, halls, "heading: Залдар", "heading: Залдар      # a comment")
    assert builder.laid is laid and build.drawn == 0
    assert [p.key for p in build.pages] == [p.key for p in first.pages]


def test_a_port_in_use_is_said_plainly(tmp_path, listener):
    from typer.testing import CliRunner
    from generator.cli import app
    inputs = write_inputs(tmp_path / "inputs", 2021, {"halls": HALLS})
    port = listener.getsockname()[1]
    result = CliRunner().invoke(app, ["preview", "2021", "--inputs", str(inputs), "--port", str(port), "--no-open"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"--port: port {port} cannot be used" in result.output


def test_a_year_without_inputs_is_said_plainly(tmp_path):
    from typer.testing import CliRunner
    from generator.cli import app
    result = CliRunner().invoke(app, ["preview", "2030", "--inputs", str(tmp_path), "--no-open"])
    assert result.exit_code == 1 and "there are no inputs for 2030" in result.output


def test_a_page_picture_forgotten_by_a_build_meanwhile_is_simply_not_found(tmp_path):
    from generator.preview.pages import PageShelf, PageView
    shelf = PageShelf(tmp_path)
    shelf.views["1" * 24] = PageView("1" * 24, "", 1, 1)        # known, its file already removed
    httpd = make_server(0, Shown(2021), shelf)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        assert get(httpd, f"/pages/{'1' * 24}.png")[0] == 404
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_program_error_is_shown_plainly_and_the_next_build_goes_on(preview, monkeypatch):
    builder, _, _ = preview

    def broken(*args, **kwargs):
        raise RuntimeError("a slip of the program")

    monkeypatch.setattr("generator.preview.build.prepare", broken)
    failed = builder.rebuild()
    assert failed.pages is None and "RuntimeError" in failed.trace
    assert failed.problems == ["The preview could not be made because of an internal error (RuntimeError: a slip "
                               "of the program); run it with --debug and send the text to the developers."]
    monkeypatch.undo()
    assert builder.rebuild().pages


@pytest.mark.parametrize("engine", ENGINES)
def test_an_acknowledged_finding_is_shown_as_such_with_its_reason(tmp_path, engine):
    from tests.small_inputs import REPORT
    report = REPORT.format(year=2021, sections="halls") + (
        "acknowledged:\n  - {file: 2021/halls.yaml, field: figures.visitors, reason: printed so last year}\n")
    inputs = write_inputs(tmp_path / "inputs", 2021, {"report": report, "halls": HALLS})
    build = Builder(inputs, 2021, None, tmp_path / "work", engine=engine).rebuild()
    [total] = [f for f in build.findings if "figures.visitors" in f.text]
    assert total.kind == "acknowledged" and total.text.endswith("(acknowledged in report.yaml: printed so last year)")
    assert total.page > 0


@pytest.mark.slow
def test_the_preview_shows_the_2021_reports_pages_as_the_pdf_prints_them(report_2021, tmp_path):
    """The page fill moves text ahead of a figure in the printed PDF: the preview's pages follow."""
    import pypdf
    from tests.small_inputs import PROJECT
    build = Builder(PROJECT / "inputs", 2021, None, tmp_path / "work").rebuild()
    printed = [page.extract_text() for page in pypdf.PdfReader(report_2021[".pdf"]).pages]
    assert len(build.pages) == len(printed)
    for shown, page in zip(build.pages, printed):
        assert " ".join(shown.text.split()[:6]) == " ".join(page.split()[:6])


def _fresh_pages(builder: Builder) -> list[str]:
    """The keys of the pages a layout of the inputs as they are now gives, keeping nothing (the
    builder's pictures, so that the pictures' addresses are the same)."""
    from generator.pipeline import prepare
    from generator.preview.pages import page_key
    from generator.writers.pagefill import lay_out
    ready = prepare(builder.inputs_root, builder.year)
    builder.pictures.fill(ready.doc, ready.profile)          # drawn already: found by their content
    folder = builder.pictures.folder
    rendered, _ = lay_out(ready.doc, ready.profile, folder, [folder, builder.inputs_root / "2021"])
    return [page_key(page)[0] for page in rendered.pages]


@pytest.mark.slow
def test_pages_kept_from_the_last_build_are_the_pages_a_fresh_build_lays_out(tmp_path):
    """WeasyPrint's preview keeps the pages whose blocks did not change (``render_pdf(before=…)``):
    after each kind of edit its pages are those of a layout that keeps nothing."""
    import shutil
    from tests.small_inputs import PROJECT
    shutil.copytree(PROJECT / "inputs", tmp_path / "inputs")
    summary = tmp_path / "inputs" / "2021" / "summary.yaml"
    text, word = summary.read_text(encoding="utf-8"), "Ұлттық музейінде (бұдан"
    assert word in text
    edits = ["Ұлттық музейінде 1 (бұдан",                           # a word: its page alone
             "Ұлттық музейінде " + "ұзақ сөз " * 40 + "(бұдан",      # lines: the later pages move
             "Ұлттық музейінде 2 (бұдан"]                           # and back
    warm = Builder(tmp_path / "inputs", 2021, None, tmp_path / "work", engine="weasyprint")
    warm.rebuild()
    drawn = []
    for new in edits:
        summary.write_text(text.replace(word, new, 1), encoding="utf-8")
        build = warm.rebuild()
        assert build.problems == [] and [view.key for view in build.pages] == _fresh_pages(warm)
        drawn.append(build.drawn)
    assert drawn[0] == 1 and drawn[1] > 1           # the one-word edit drew its page alone


def test_the_preview_shows_the_pages_of_the_engine_that_would_write_the_pdf(tmp_path, monkeypatch):
    from generator.writers import registry
    inputs = write_inputs(tmp_path / "inputs", 2021, {"halls": HALLS})
    for order in (("typst", "weasyprint", "reportlab"), ("weasyprint", "typst", "reportlab")):
        monkeypatch.setitem(registry.ORDER, "pdf", order)
        assert Builder(inputs, 2021, None, tmp_path / order[0]).engine == order[0]
    real = registry.unavailable
    monkeypatch.setattr(registry, "unavailable", lambda w: "cannot load" if w.engine == "weasyprint" else real(w))
    assert Builder(inputs, 2021, None, tmp_path / "next").engine == "typst"      # the one making the PDF here


def test_an_engine_whose_pages_the_preview_cannot_show_is_said_plainly(tmp_path):
    from typer.testing import CliRunner
    from generator.cli import app
    inputs = write_inputs(tmp_path / "inputs", 2021, {"halls": HALLS})
    result = CliRunner().invoke(app, ["preview", "2021", "--inputs", str(inputs), "--pdf-engine", "reportlab",
                                      "--no-open"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "--pdf-engine: the preview shows the pages of weasyprint or typst, not reportlab's: choose one of them" \
        in result.output
