"""Property tests: any text in a narrative field renders (and reads back) or gives a plain message;
random figures never crash the builders.

Each example writes a small inputs folder, runs load → check → build (``pipeline.prepare``) and,
when that succeeds, the writers; an ``InputErrors`` is the plain-message outcome (every problem
names its file and says what is wrong), anything else is a failure.
"""
from __future__ import annotations

import re
import tempfile
import unicodedata
from pathlib import Path

import pytest
import yaml
from docx import Document as open_docx
from fontTools.ttLib import TTFont
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from generator.config import FONTS_DIR
from generator.doc.inline import squash
from generator.load.inputs import preflight
from generator.load.problems import InputErrors
from generator.pipeline import prepare
from tests.small_inputs import write_inputs

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True, database=None)

#: The narrative fields a secretary writes, and how the report shows each: paragraphs and list items
#: fold white space; headings drop a closing full stop.
FIELDS = ("text", "subheading", "heading", "item", "caption", "cover_title")


def section_with(field: str, text: str) -> dict:
    section = {
        "heading": text if field == "heading" else "Көрмелер",
        "figures": {"halls": 1},
        "lists": {"halls": {"items": [{"text": text if field == "item" else "Бірінші зал", "date": "28.05.2021"}]}},
        "content": [
            {"text": text if field == "text" else "{halls} зал ашылды."},
            {"subheading": text if field == "subheading" else "Залдар"},
            {"list": "halls"},
        ],
    }
    if field == "caption":
        section["content"].append({"photo": {"file": "photos/hall.jpg", "caption": text}})
    return section


def write(root: Path, field: str, text: str) -> Path | None:
    """An inputs folder with ``text`` in ``field``; None if YAML cannot carry this text unchanged."""
    data = section_with(field, text)
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    if yaml.safe_load(dumped) != data:
        return None
    write_inputs(root, 2021, {"halls": dumped})
    if field == "cover_title":
        report = root / "2021" / "report.yaml"
        title = yaml.safe_dump(text, allow_unicode=True).removesuffix("...\n").strip()
        report.write_text(report.read_text(encoding="utf-8").replace('"{year} ЖЫЛҒЫ"', title.replace("\n", " ")),
                          encoding="utf-8")
    return root


def plain_outcome(exc: InputErrors) -> None:
    """The plain-message outcome: each problem names an input file and says something, on one line."""
    assert exc.problems
    for problem in exc.problems:
        assert problem.file.endswith((".yaml", "2021")), problem
        assert problem.message.strip() and "\n" not in problem.message, problem
        assert "Traceback" not in problem.message and "Error" not in problem.message, problem


def docx_paragraphs(path: Path) -> list[str]:
    return [p.text for p in open_docx(path).paragraphs]


def shown_as(field: str, text: str) -> str:
    """What the report prints for ``text`` in ``field`` (markup- and reference-free text)."""
    if field == "heading":
        return "1.1. " + squash(text).rstrip(". ")  # numbered by its place
    if field == "subheading":
        return squash(text).rstrip(". ")
    return squash(text)


def build_docx(ready, folder: Path) -> Path:
    from generator.charts import draw_all
    from generator.writers.docx import write_docx
    from generator.doc.model import Photo
    draw_all(ready.doc, ready.profile, folder / "charts", workers=1)
    for block in ready.doc.body:
        if isinstance(block, Photo) and block.placeholder:
            from generator.charts.placeholder import make_placeholder
            block.path = str(folder / "placeholder.png")
            make_placeholder(block.caption, Path(block.path), ready.profile.terms.placeholder)
    path = folder / "report.docx"
    write_docx(ready.doc, ready.profile, path)
    return path


# --- any Unicode text ----------------------------------------------------------------------------

ANY_CHAR = st.characters(blacklist_categories=())                 # surrogates and controls included
NO_MARKUP = st.characters(blacklist_categories=(), blacklist_characters="{}*")


@pytest.mark.slow
@settings(max_examples=60, **SETTINGS)
@given(field=st.sampled_from(FIELDS), text=st.text(ANY_CHAR, max_size=40))
def test_any_text_renders_or_gives_a_plain_message(field, text):
    with tempfile.TemporaryDirectory() as tmp:
        root = write(Path(tmp) / "inputs", field, text)
        assume(root is not None)
        try:
            ready = prepare(root, 2021)
        except InputErrors as exc:
            plain_outcome(exc)
            return
        build_docx(ready, Path(tmp))


@pytest.mark.slow
@settings(max_examples=60, **SETTINGS)
@given(field=st.sampled_from(FIELDS), text=st.text(NO_MARKUP, min_size=1, max_size=40))
def test_text_reads_back_from_the_docx_unchanged(field, text):
    with tempfile.TemporaryDirectory() as tmp:
        root = write(Path(tmp) / "inputs", field, text)
        assume(root is not None)
        try:
            ready = prepare(root, 2021)
        except InputErrors as exc:
            plain_outcome(exc)
            from generator.load.yamlsrc import FORBIDDEN
            assert FORBIDDEN.search(text) or not text.strip(), f"{text!r} was refused: {exc.problems}"  # only bad or no
            return
        expected = shown_as(field, text)
        paragraphs = docx_paragraphs(build_docx(ready, Path(tmp)))
        if field == "item":
            assert any(p.startswith(expected.rstrip(" ;,")) for p in paragraphs), (expected, paragraphs)
        elif field == "caption":
            assert any(expected in p for p in paragraphs), (expected, paragraphs)
        else:
            assert expected in paragraphs, (expected, paragraphs)


# --- the PDF: letters the bundled font has ---------------------------------------------------------

def _font_letters() -> str:
    """Characters of the body font that read back one by one: letters, digits, punctuation, symbols
    of the Latin, Greek and Cyrillic blocks and general punctuation (no combining marks, no RTL)."""
    cmap = TTFont(FONTS_DIR / "LiberationSerif-Regular.ttf").getBestCmap()
    keep = []
    for code in sorted(cmap):
        char = chr(code)
        if not (0x21 <= code < 0x0530 or 0x2010 <= code <= 0x2044 or 0x20A0 <= code <= 0x20BF):
            continue
        if unicodedata.category(char)[0] not in "LNPS" or char in "{}*" or 0x7F <= code <= 0xA0:
            continue
        if unicodedata.normalize("NFKC", char) != char:      # ligatures, ﬁ, ½ …: extracted as their parts
            continue
        keep.append(char)
    return "".join(keep)


FONT_LETTERS = _font_letters()


@pytest.mark.slow
@settings(max_examples=8, **SETTINGS)
@given(words=st.lists(st.text(st.sampled_from(FONT_LETTERS), min_size=1, max_size=12), min_size=1, max_size=4))
def test_text_reads_back_from_the_pdf_unchanged(words):
    from generator.writers.html import render_html
    from generator.writers.pdf import render_pdf, write_pdf
    text = " ".join(words)
    with tempfile.TemporaryDirectory() as tmp:
        root = write(Path(tmp) / "inputs", "text", text)
        assume(root is not None)
        ready = prepare(root, 2021)
        rendered = render_pdf(render_html(ready.doc, ready.profile), allowed_roots=[Path(tmp)])
        write_pdf(rendered, Path(tmp) / "report.pdf", ready.doc.meta)
        extracted = "".join(page.extract_text() or "" for page in PdfReader(Path(tmp) / "report.pdf").pages)
    squeeze = lambda s: re.sub(r"\s+", "", s)      # noqa: E731 — the PDF's line breaks fall anywhere
    assert squeeze(text) in squeeze(extracted), (text, extracted[-300:])


# --- random figures ------------------------------------------------------------------------------

VALID = st.one_of(st.integers(0, 10**9), st.floats(0, 1e9), st.none(), st.just("{halls}"))
NASTY = st.one_of(VALID, st.integers(-10**13, 10**13), st.floats(allow_nan=True, allow_infinity=True),
                  st.sampled_from(["{nowhere}", "{visitors}", "{visitors.p0}", "көп", ""]))


def figure(number, depth: int = 0, min_parts: int = 0):
    parts = st.just([]) if depth >= 2 else st.lists(figure(number, depth + 1), min_size=min_parts, max_size=4)
    return st.builds(lambda value, parts: {"value": value, "parts": parts}, number, parts)


def with_ids(fig: dict, prefix: str = "p") -> dict:
    out = {"value": fig["value"]}
    if fig["parts"]:
        out["parts"] = [{"id": f"{prefix}{i}", "label": f"Бөлім {i}", **with_ids(p, f"{prefix}{i}_")}
                        for i, p in enumerate(fig["parts"])]
    return out


def figures_inputs(root: Path, now: dict, before: dict, halls, kind: str, by_parts: bool, years: int) -> Path:
    section = {
        "heading": "Келушілер",
        "figures": {"halls": halls, "visitors": with_ids(now)},
        "tables": {"visitors": {"title": "Келушілер", "figure": "visitors", "years": years, "label_header": "Санат"}},
        "diagrams": {"visitors": {"title": "Келушілер", "figure": "visitors", "years": years, "kind": kind,
                                  "by_parts": by_parts}},
        "comparisons": {"change": {"figure": "visitors"}},
        "content": [{"text": "{visitors} адам ({visitors@-1} {year-1} жылы), {change}; {halls} зал."},
                    {"table": "visitors"}, {"diagram": "visitors"}],
    }
    history = {"figures": {"visitors": with_ids(before)}}
    return write_inputs(root, 2021, {"halls": yaml.safe_dump(section, allow_unicode=True)},
                        {2020: {"halls": yaml.safe_dump(history, allow_unicode=True)}})


def build_all(ready, folder: Path) -> None:
    """The charts, the DOCX and the HTML the PDF is laid out from."""
    from generator.writers.html import render_html
    build_docx(ready, folder)
    assert "<table" in render_html(ready.doc, ready.profile)


@pytest.mark.slow
@settings(max_examples=15, **SETTINGS)
@given(now=figure(VALID, min_parts=1), before=figure(VALID), halls=st.one_of(st.integers(0, 10**9), st.none()), kind=st.sampled_from(["bar", "barh"]),
       by_parts=st.booleans(), years=st.integers(1, 4))
def test_random_good_figures_always_build(now, before, halls, kind, by_parts, years):
    with tempfile.TemporaryDirectory() as tmp:
        root = figures_inputs(Path(tmp) / "inputs", now, before, halls, kind, by_parts, years)
        report, _ = preflight(root, 2021)
        build_all(prepare(root, 2021, report=report), Path(tmp))


@settings(max_examples=30, **SETTINGS)
@given(now=figure(NASTY, min_parts=1), before=figure(NASTY), halls=NASTY, kind=st.sampled_from(["bar", "barh"]),
       by_parts=st.booleans(), years=st.integers(1, 4))
def test_random_figures_never_crash_the_builders(now, before, halls, kind, by_parts, years):
    with tempfile.TemporaryDirectory() as tmp:
        root = figures_inputs(Path(tmp) / "inputs", now, before, halls, kind, by_parts, years)
        try:
            report, _ = preflight(root, 2021)    # as the command line does, before the build
            ready = prepare(root, 2021, report=report)
        except InputErrors as exc:
            plain_outcome(exc)
            return
        build_all(ready, Path(tmp))


@pytest.mark.parametrize("value", ["{nowhere}", "{visitors.a}"])
def test_table_of_a_broken_reference_is_a_problem_not_an_exception(value, tmp_path):
    section = {"heading": "Келушілер",
               "figures": {"visitors": {"value": 5, "parts": [{"id": "a", "label": "А", "value": value}]}},
               "tables": {"v": {"title": "К", "figure": "visitors", "years": 1, "label_header": "С"}},
               "content": [{"table": "v"}]}
    root = write_inputs(tmp_path / "inputs", 2021, {"halls": yaml.safe_dump(section, allow_unicode=True)})
    with pytest.raises(InputErrors):
        prepare(root, 2021)


@pytest.mark.parametrize("value", [-5, -0.5, 0, 0.5, 10**11, 1e-300])
def test_odd_figures_in_a_diagram_draw(value, tmp_path):
    """A few values hypothesis may not pick: negative, fractional, tiny, large."""
    section = {"heading": "Келушілер", "figures": {"visitors": {"value": value, "parts": [
                   {"id": "a", "label": "А", "value": value}, {"id": "b", "label": "Ә", "value": 0}]}},
               "diagrams": {"v": {"title": "Келушілер", "figure": "visitors", "years": 1, "by_parts": True}},
               "content": [{"diagram": "v"}]}
    root = write_inputs(tmp_path / "inputs", 2021, {"halls": yaml.safe_dump(section, allow_unicode=True)})
    ready = prepare(root, 2021)
    build_docx(ready, tmp_path)


# --- libyaml reads what the pure-Python parser reads ---------------------------------------------

YAML_PIECES = st.sampled_from(list(":- \n\n  '\"[]{}#&*|>%@`,?.\\abcҚұ19\u00a0\U0001F600\r\x0b\x85\t\ufeff\u2028")
                              + ["\r\n", "---", "...", "- ", ": ", "key: ", "\n  ", "\n- ", "  - ",
                                 "- {id: a, label: ", " ма?", "}", "text: >-"])


def _read_with(loader, text: str):
    from generator.load import yamlsrc
    saved, yamlsrc._FAST_LOADER = yamlsrc._FAST_LOADER, loader
    try:
        return yamlsrc.parse_yaml(text)
    except yamlsrc.YamlError as exc:
        return exc.message, exc.line, exc.field
    finally:
        yamlsrc._FAST_LOADER = saved


@settings(max_examples=1500, **SETTINGS)
@given(pieces=st.lists(YAML_PIECES, min_size=1, max_size=40))
@example(pieces=["parts:\n", "  - {id: temporary, label: Уақытша қор (қайтарылды ма?), value: 5}\n"])
@example(pieces=["text: >-#\n", "  a\n"])
@example(pieces=["a: |#x\n", "  b\n"])
def test_libyaml_and_the_python_parser_read_any_text_alike(pieces):
    """Data, lines and messages are the same with or without libyaml, so the report reads its
    inputs the same way on every machine. Left out: the two differ on a bare tag "!" (an empty
    text for libyaml, an empty value for PyYAML)."""
    from generator.load import yamlsrc
    if yamlsrc._FAST_LOADER is None:
        pytest.skip("PyYAML is installed without libyaml")
    text = "".join(pieces)
    assume("!" not in text)
    fast, plain = _read_with(yamlsrc._FAST_LOADER, text), _read_with(None, text)
    if isinstance(plain, tuple) and len(plain) == 2 and plain[0] is None:   # an empty file: no value, no line
        assert fast[0] is None
    else:
        assert fast == plain
