"""Bad inputs: one plain message naming file, line and field; no traceback; earlier output untouched.

Each case of ``tests/bad_inputs`` damages one thing in a copy of the real inputs and runs
`generate-report build 2021` into a copy of a good build's output folder: the exit code is 1, the
message is the expected line, nothing is fetched from a local port that listens for it, and every
earlier output file is byte for byte the same. Text that looks like markup is printed literally.
"""
from __future__ import annotations

import hashlib
import re
import shutil
import socket
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document as open_docx
from pypdf import PdfReader
from typer.testing import CliRunner

from generator.cli import app
from generator.load.problems import shown_path
from generator.load.yamlsrc import parse_yaml
from tests.helpers import assert_no_connection
from tests.pdf_engines import engines
from tests.bad_inputs import CASES, MARKUP, Bad, Env, control_place, markup_yaml, sections_line
from tests.small_inputs import copy_real_inputs, write_inputs

runner = CliRunner()


@dataclass
class Good:
    inputs: Path
    output: Path
    hashes: dict[str, str]
    run_output: str


def hashes(folder: Path) -> dict[str, str]:
    """Every entry under ``folder`` (files by their SHA-256, folders as such)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "folder"
            for p in sorted(folder.rglob("*"))}


def build(inputs: Path, output: Path, *args: str):
    return runner.invoke(app, ["build", "2021", "--inputs", str(inputs), "--output", str(output), *args])


@pytest.fixture(scope="session")
def good(tmp_path_factory) -> Good:
    """One good build (DOCX and PDF) of a copy of the real inputs, for every case to start from."""
    root = tmp_path_factory.mktemp("good")
    inputs = copy_real_inputs(root)
    result = build(inputs, root / "output")
    assert result.exit_code == 0, result.output
    return Good(inputs, root / "output", hashes(root / "output"), result.output)




def expected_line(inputs: Path, case: Bad, line: int | None) -> str:
    """What the user must see: `file:line field: message` (the message's beginning)."""
    media, _ = parse_yaml((inputs / "2021" / "media.yaml").read_text(encoding="utf-8"))
    report, _ = parse_yaml((inputs / "2021" / "report.yaml").read_text(encoding="utf-8"))
    values = {"sections_line": sections_line(inputs, "media"), "sections_count": len(report["sections"]),
              "media_content": len(media["content"]), "place": control_place(True)(inputs)}
    field = case.field(inputs) if callable(case.field) else case.field.format(**values)
    message = case.message.format(**values) if "{" in case.message else case.message
    place = shown_path(inputs / case.file) + (f":{line}" if line else "")
    return f"{place} {field}: {message}" if field else f"{place}: {message}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_input_gives_one_plain_message_and_leaves_the_output(case: Bad, good: Good, tmp_path, listener):
    inputs, output, outside = tmp_path / "inputs", tmp_path / "output", tmp_path / "outside"
    shutil.copytree(good.inputs, inputs)
    shutil.copytree(good.output, output)
    outside.mkdir()
    expected = expected_line(inputs, case, None)            # names that depend on the good inputs' order
    line = case.damage(inputs, Env(url=f"http://127.0.0.1:{listener.getsockname()[1]}", outside=outside))
    expected = expected_line_with(expected, case, inputs, line)

    result = build(inputs, output, *case.args)

    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.output.splitlines()
    assert any(shown.startswith(expected) for shown in lines), f"expected:\n{expected}\ngot:\n{result.output}"
    assert "Traceback" not in result.output and "Error" not in result.output, result.output
    assert "internal error" not in result.output
    assert lines[-1].endswith("nothing was written. Fix them and run again."), result.output
    assert hashes(output) == good.hashes, "the earlier output changed"
    assert_no_connection(listener)
    assert not (outside / "pwned").exists()


def expected_line_with(expected_without_line: str, case: Bad, inputs: Path, line: int | None) -> str:
    """The expected message with the damage's line put after the file name."""
    if not line:
        return expected_without_line
    place = shown_path(inputs / case.file)
    assert expected_without_line.startswith(place)
    return f"{place}:{line}{expected_without_line[len(place):]}"


def read_both_ways(path: Path, monkeypatch) -> list:
    """What reading ``path`` gives with libyaml's C parser and with the pure-Python one."""
    from generator.load import yamlsrc
    outcomes = []
    for loader in (yamlsrc._FAST_LOADER, None):
        monkeypatch.setattr(yamlsrc, "_FAST_LOADER", loader)
        try:
            outcomes.append(yamlsrc.read_yaml(path))
        except yamlsrc.YamlError as exc:
            outcomes.append((exc.message, exc.line, exc.field))
    return outcomes


@pytest.mark.parametrize("case", [c for c in CASES if c.file.endswith(".yaml")], ids=lambda c: c.id)
def test_libyaml_reads_a_bad_file_as_the_python_parser_does(case: Bad, good: Good, tmp_path, monkeypatch):
    """The C parser only makes reading faster: the same data, lines and messages either way. A
    file over the loader's size limit is refused unread (the case above), so neither parses it."""
    from generator.load import yamlsrc
    from generator.load.inputs import MAX_FILE_BYTES
    if yamlsrc._FAST_LOADER is None:
        pytest.skip("PyYAML is installed without libyaml")
    inputs = tmp_path / "inputs"
    shutil.copytree(good.inputs, inputs)
    (tmp_path / "outside").mkdir()
    case.damage(inputs, Env(url="http://127.0.0.1:9", outside=tmp_path / "outside"))
    if (inputs / case.file).is_file() and (inputs / case.file).stat().st_size <= MAX_FILE_BYTES:
        fast, plain = read_both_ways(inputs / case.file, monkeypatch)
        assert fast == plain


def test_libyaml_reads_the_real_inputs_as_the_python_parser_does(good: Good, monkeypatch):
    for path in sorted(good.inputs.rglob("*.yaml")):
        fast, plain = read_both_ways(path, monkeypatch)
        assert fast == plain, path


def test_the_corpus_covers_every_class_of_the_issue():
    kinds = {case.kind for case in CASES}
    assert kinds >= {"YAML syntax", "not UTF-8", "empty file", "missing file or field", "wrong type",
                     "negative count", "duplicate key", "unknown key", "huge value", "control character",
                     "photo", "path out of the inputs", "hostile YAML"}
    assert len({case.id for case in CASES}) == len(CASES)


# --- a photo that is not there yet: a warning, and an error under --strict -----------------------

def test_missing_photo_is_a_warning_naming_file_line_and_field(good: Good):
    data, lines = parse_yaml((good.inputs / "2021" / "summary.yaml").read_text(encoding="utf-8"))
    i = next(i for i, e in enumerate(data["content"]) if (e.get("photo") or {}).get("file") == "photos/award.jpg")
    where = f"{shown_path(good.inputs / '2021' / 'summary.yaml')}:{lines[('content', i, 'photo', 'file')]}"
    assert (f"warning: {where} content.{i}.photo.file: photos/award.jpg is not there yet: a marked placeholder "
            "is used") in good.run_output


def test_missing_photo_under_strict_stops_even_without_findings(tmp_path):
    section = "heading: Залдар\ncontent:\n  - text: Мәтін.\n  - photo: {file: photos/hall.jpg, caption: Зал}\n"
    root = write_inputs(tmp_path / "inputs", 2021, {"halls": section})
    loose = build(root, tmp_path / "out", "--format", "docx")
    assert loose.exit_code == 0, loose.output
    assert "halls.yaml:4 content.1.photo.file: photos/hall.jpg is not there yet" in loose.output
    written = hashes(tmp_path / "out")
    strict = build(root, tmp_path / "out", "--format", "docx", "--strict")
    assert strict.exit_code == 1, strict.output
    assert "halls.yaml:4 content.1.photo.file: photos/hall.jpg is not there yet" in strict.output
    assert hashes(tmp_path / "out") == written


def test_a_good_photo_is_used(tmp_path):
    from tests.bad_inputs import jpeg
    section = "heading: Залдар\ncontent:\n  - text: Мәтін.\n  - photo: {file: photos/hall.jpg, caption: Зал}\n"
    root = write_inputs(tmp_path / "inputs", 2021, {"halls": section})
    (root / "2021" / "photos").mkdir()
    (root / "2021" / "photos" / "hall.jpg").write_bytes(jpeg((300, 200)))
    result = build(root, tmp_path / "out", "--format", "docx", "--strict")
    assert result.exit_code == 0, result.output
    assert "not there yet" not in result.output


# --- --debug: technical details only when asked for ----------------------------------------------

def test_internal_error_is_plain_unless_debug(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the builder broke")
    monkeypatch.setattr("generator.pipeline.generate", broken)
    inputs = copy_real_inputs(tmp_path)
    plain = build(inputs, tmp_path / "out")
    assert plain.exit_code == 2
    assert "Traceback" not in plain.output and "internal error (RuntimeError: the builder broke)" in plain.output
    debug = build(inputs, tmp_path / "out", "--debug")
    assert debug.exit_code == 2 and "Traceback" in debug.output


def test_input_mistake_with_debug_is_still_plain(tmp_path):
    inputs = copy_real_inputs(tmp_path)
    (inputs / "2021" / "media.yaml").write_text("", encoding="utf-8")
    result = build(inputs, tmp_path / "out", "--debug")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "media.yaml: the file is empty" in result.output


# --- text that looks like markup: printed literally, nothing fetched -----------------------------

@pytest.fixture(scope="module", params=engines())
def markup_build(tmp_path_factory, request):
    """One build per PDF engine whose media.yaml has a text per markup case, with a port that must
    see no connection."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.setblocking(False)
    url = f"http://127.0.0.1:{server.getsockname()[1]}"
    root = tmp_path_factory.mktemp(f"markup-{request.param}")
    inputs = write_inputs(root / "inputs", 2021, {"halls": "heading: Залдар\ncontent:\n" + markup_yaml(url)})
    result = build(inputs, root / "out", "--pdf-engine", request.param)
    docx = open_docx(root / "out" / "2021" / "report-2021.docx")
    pdf = "\n".join(page.extract_text() or "" for page in PdfReader(root / "out" / "2021" / "report-2021.pdf").pages)
    yield {"result": result, "url": url, "server": server,
           "docx": "\n".join(p.text for p in docx.paragraphs), "pdf": pdf}
    server.close()


@pytest.mark.parametrize("name", list(MARKUP))
def test_markup_like_text_is_printed_literally(markup_build, name):
    result = markup_build["result"]
    assert result.exit_code == 0, result.output
    shown = MARKUP[name][1].format(url=markup_build["url"])
    assert shown in markup_build["docx"]
    squeeze = lambda text: re.sub(r"\s+", "", text)     # noqa: E731 — the PDF's lines wrap anywhere
    assert squeeze(shown) in squeeze(markup_build["pdf"])
    assert_no_connection(markup_build["server"])


def test_markup_case_count():
    assert len(MARKUP) >= 4


@pytest.mark.parametrize("engine", engines())
def test_a_phone_photo_stored_sideways_stands_upright_in_both_files(tmp_path, engine):
    """EXIF orientation 6 (turned 90°): the PDF engine follows it, Word does not; both get an
    upright copy, 200 wide and 300 high, and the photo in the inputs is left as it was."""
    import io
    import zipfile
    from PIL import Image
    from pypdf import PdfReader
    stored = Image.effect_noise((300, 200), 60).convert("RGB")
    exif = stored.getexif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    stored.save(buffer, "JPEG", exif=exif.tobytes())
    section = "heading: Залдар\ncontent:\n  - text: Мәтін.\n  - photo: {file: photos/hall.jpg, caption: Зал}\n"
    root = write_inputs(tmp_path / "inputs", 2021, {"halls": section})
    (root / "2021" / "photos").mkdir()
    (root / "2021" / "photos" / "hall.jpg").write_bytes(buffer.getvalue())
    result = build(root, tmp_path / "out", "--strict", "--pdf-engine", engine)
    assert result.exit_code == 0, result.output
    pdf_images = [image for page in PdfReader(tmp_path / "out" / "2021" / "report-2021.pdf").pages
                  for image in page.images if image.image.size != (1, 1)]
    assert pdf_images and {image.image.size for image in pdf_images} == {(200, 300)}
    with zipfile.ZipFile(tmp_path / "out" / "2021" / "report-2021.docx") as docx:
        media = [name for name in docx.namelist() if name.startswith("word/media/")]
        sizes = [Image.open(io.BytesIO(docx.read(name))).size for name in media]
        extent = re.search(r'<wp:extent cx="(\d+)" cy="(\d+)"', docx.read("word/document.xml").decode())
    assert (200, 300) in sizes
    assert int(extent.group(2)) > int(extent.group(1))          # placed taller than wide
    assert (root / "2021" / "photos" / "hall.jpg").read_bytes() == buffer.getvalue()
