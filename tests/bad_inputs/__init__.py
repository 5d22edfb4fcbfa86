"""The corpus of bad inputs: each case damages one thing in a good copy of the real inputs.

A case says what it damages, its class (for the count in the report) and what the user must see:
the file (under the inputs folder), the line, the field and the beginning of the message. Its
``damage`` gets the inputs folder and an ``Env`` (a local URL nobody may fetch, a folder outside
the inputs) and returns the line the message must name (None: the message names no line).

The damage is found by searching the real inputs (not by fixed line numbers), so that the
corpus follows their edits; a search that no longer matches fails loudly.
"""
from __future__ import annotations

import io
import os
import re
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import yaml

Y = "2021"


@dataclass(frozen=True)
class Env:
    url: str            # http://127.0.0.1:<port>/…: a listener that must see no connection
    outside: Path       # a folder next to the inputs, not inside them


@dataclass(frozen=True)
class Bad:
    id: str
    kind: str
    damage: Callable[[Path, Env], int | None]
    file: str                       # the file the message names, under the inputs folder
    field: str
    message: str                    # the message's beginning
    args: tuple[str, ...] = ()      # extra arguments of `generate-report build`


# --- editing helpers ----------------------------------------------------------------------------

def _read(inputs: Path, name: str) -> str:
    return (inputs / Y / name).read_text(encoding="utf-8")


def _write(inputs: Path, name: str, text: str) -> None:
    (inputs / Y / name).write_text(text, encoding="utf-8")


def line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def replace_once(inputs: Path, name: str, old: str, new: str) -> int:
    """Replace the one occurrence of ``old``; the line where it began."""
    text = _read(inputs, name)
    assert text.count(old) == 1, f"{name}: {old!r} occurs {text.count(old)} times; the real inputs changed"
    _write(inputs, name, text.replace(old, new))
    return line_of(text, text.index(old))


def set_value(inputs: Path, name: str, key: str, value: str) -> int:
    """Give the first field ``key:`` (in block style) another value; its line."""
    text = _read(inputs, name)
    match = re.search(rf"^([ \t]*{re.escape(key)}:)[ \t]*[^\n#]*?([ \t]+#[^\n]*)?$", text, re.M)
    assert match, f"{name}: no field {key}; the real inputs changed"
    _write(inputs, name, text[:match.start()] + f"{match.group(1)} {value}{match.group(2) or ''}" + text[match.end():])
    return line_of(text, match.start())


def append(inputs: Path, name: str, extra: str) -> int:
    """Add lines at the end; the line of the first added one."""
    text = _read(inputs, name)
    text += "" if text.endswith("\n") else "\n"
    _write(inputs, name, text + extra)
    return text.count("\n") + 1


def content_entry(inputs: Path, name: str, phrase: str) -> tuple[int, int, int]:
    """The content entry whose text holds ``phrase``: its index, its line, the phrase's 0-based place."""
    from generator.load.yamlsrc import parse_yaml
    data, lines = parse_yaml(_read(inputs, name))
    for i, entry in enumerate(data["content"]):
        if phrase in (entry.get("text") or ""):
            return i, lines[("content", i, "text")], entry["text"].index(phrase)
    raise AssertionError(f"{name}: no text with {phrase!r}; the real inputs changed")


def put_in_text(inputs: Path, name: str, phrase: str, new: str) -> tuple[int, int, int]:
    """Change ``phrase`` in a content text; (index, line, place of the phrase in the text)."""
    where = content_entry(inputs, name, phrase)
    replace_once(inputs, name, phrase, new)
    return where


# --- photos -------------------------------------------------------------------------------------

PHOTO = "photos/award.jpg"          # the photo summary.yaml names (not there yet in the real inputs)


def photo_place(inputs: Path) -> tuple[int, int]:
    """summary.yaml's photo entry: its content index and the line of its file name."""
    from generator.load.yamlsrc import parse_yaml
    data, lines = parse_yaml(_read(inputs, "summary.yaml"))
    for i, entry in enumerate(data["content"]):
        if (entry.get("photo") or {}).get("file") == PHOTO:
            return i, lines[("content", i, "photo", "file")]
    raise AssertionError(f"summary.yaml names no {PHOTO}; the real inputs changed")


def jpeg(size: tuple[int, int] = (64, 48)) -> bytes:
    from PIL import Image
    image = Image.effect_noise(size, 60).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def png(size: tuple[int, int] = (64, 48)) -> bytes:
    from PIL import Image
    buffer = io.BytesIO()
    Image.effect_noise(size, 60).save(buffer, "PNG")
    return buffer.getvalue()


def picture(mode: str, kind: str, size: tuple[int, int] = (64, 48)) -> bytes:
    """A picture in another colour mode: 16-bit grey PNG ('I;16'), CMYK JPEG ('CMYK')."""
    from PIL import Image
    buffer = io.BytesIO()
    image = Image.effect_noise(size, 60)
    image = image.convert("CMYK") if mode == "CMYK" else image.convert("I").convert(mode)
    image.save(buffer, kind)
    return buffer.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims width × height pixels but holds almost nothing: a decompression bomb's header."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + chunk(b"IEND", b""))


def png_bad_data(width: int = 16, height: int = 16) -> bytes:
    """A PNG whose every chunk checksum is right but whose pixel data is not a zlib stream."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", b"not zlib data at all" * 4)
            + chunk(b"IEND", b""))


def without_jfif(data: bytes) -> bytes:
    """A JPEG without its APP0 (JFIF) segment: Pillow reads it, Word's header reader does not."""
    assert data[2:4] == b"\xff\xe0"
    length = struct.unpack(">H", data[4:6])[0]
    return data[:2] + data[4 + length:]


def photo_file(data: bytes) -> Callable[[Path, Env], int]:
    def damage(inputs: Path, env: Env) -> int:
        path = inputs / Y / PHOTO
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return photo_place(inputs)[1]
    return damage


def photo_name(name: str | Callable[[Env], str]) -> Callable[[Path, Env], int]:
    def damage(inputs: Path, env: Env) -> int:
        shown = name(env) if callable(name) else name
        return replace_once(inputs, "summary.yaml", f"file: {PHOTO}", f"file: {shown}") if shown else 0
    return damage


def photo_symlink_out(inputs: Path, env: Env) -> int:
    outside = env.outside / "award.jpg"
    outside.write_bytes(jpeg())
    (inputs / Y / "photos").mkdir(exist_ok=True)
    os.symlink(outside, inputs / Y / PHOTO)
    return photo_place(inputs)[1]


def photos_folder_out(inputs: Path, env: Env) -> int:
    (env.outside / "award.jpg").write_bytes(jpeg())
    os.symlink(env.outside, inputs / Y / "photos")
    return photo_place(inputs)[1]


def photos_as_name(inputs: Path, env: Env) -> int:
    (inputs / Y / "photos").mkdir(exist_ok=True)
    return photo_name("photos")(inputs, env)


def photo_field(inputs: Path) -> str:
    return f"content.{photo_place(inputs)[0]}.photo.file"


# --- the damages --------------------------------------------------------------------------------

def unclosed_quote(inputs: Path, env: Env) -> int:
    return set_value(inputs, "media.yaml", "facebook_posts", '"670')


def bad_indent(inputs: Path, env: Env) -> int:
    return replace_once(inputs, "media.yaml", "\n  facebook_views:", "\n   facebook_views:") + 1


def outdented(inputs: Path, env: Env) -> int:
    return replace_once(inputs, "media.yaml", "\n  facebook_views:", "\n facebook_views:") + 1


def tab_indent(inputs: Path, env: Env) -> int:
    return replace_once(inputs, "media.yaml", "\n  facebook_views:", "\n\tfacebook_views:") + 1


def colon_in_text(inputs: Path, env: Env) -> int:
    return set_value(inputs, "media.yaml", "heading", "БАҚ: жұмыс")


def star_first(inputs: Path, env: Env) -> int:
    return append(inputs, "media.yaml", "  - text: *Ескерту:* мәтін\n")


def not_utf8(inputs: Path, env: Env) -> int:
    text = _read(inputs, "media.yaml")
    (inputs / Y / "media.yaml").write_bytes(text.encode("cp1251", errors="replace"))
    return line_of(text, next(i for i, c in enumerate(text) if ord(c) > 127))


def utf16(inputs: Path, env: Env) -> int:
    (inputs / Y / "media.yaml").write_bytes(_read(inputs, "media.yaml").encode("utf-16"))
    return 1


def empty(inputs: Path, env: Env) -> None:
    _write(inputs, "media.yaml", "")


def only_comments(inputs: Path, env: Env) -> None:
    _write(inputs, "media.yaml", "# yaml-language-server: $schema=../../schemas/section.schema.json\n\n# todo\n")


def missing_file(inputs: Path, env: Env) -> None:
    (inputs / Y / "media.yaml").unlink()


def missing_report(inputs: Path, env: Env) -> None:
    (inputs / Y / "report.yaml").unlink()


def sections_line(inputs: Path, key: str) -> int:
    text = _read(inputs, "report.yaml")
    return line_of(text, text.index(f"  - {key}\n"))


def missing_field(inputs: Path, env: Env) -> int:
    text = _read(inputs, "report.yaml")
    _write(inputs, "report.yaml", re.sub(r"^organisation:.*\n", "", text, count=1, flags=re.M))
    return line_of(text, re.search(r"^\w", text, re.M).start())       # the file's first field


def missing_city(inputs: Path, env: Env) -> int:
    replace_once(inputs, "report.yaml", "\n  city:", "\n  # city:")
    text = _read(inputs, "report.yaml")
    return line_of(text, text.index("\ncover:") + 1)


def new_list(date: str) -> Callable[[Path, Env], int]:
    def damage(inputs: Path, env: Env) -> int:
        return append(inputs, "media.yaml", f"lists:\n  bad:\n    items:\n      - {{text: Бір, date: {date}}}\n") + 3
    return damage


def section_twice(inputs: Path, env: Env) -> int:
    return append(inputs, "report.yaml", "  - media\n")


def section_outside(inputs: Path, env: Env) -> int:
    return append(inputs, "report.yaml", "  - ../../../etc/passwd\n")


def profile_outside(inputs: Path, env: Env) -> int:
    return set_value(inputs, "report.yaml", "profile", "../../inputs/2021/media")


def big_paragraph(chars: int, word: str = "museum ") -> Callable[[Path, Env], int]:
    def damage(inputs: Path, env: Env) -> int:
        return append(inputs, "media.yaml", "  - text: " + (word * (chars // len(word) + 1))[:chars] + "\n")
    return damage


def big_year(inputs: Path, env: Env) -> None:
    """Every section file just under the 2 MB limit: the year's files together pass 4 MB."""
    for name in ("media.yaml", "funds.yaml", "training.yaml"):
        append(inputs, name, "".join("  - text: " + "museum " * 500 + "\n" for _ in range(500)))


def big_table(inputs: Path, env: Env) -> int:
    parts = "\n".join(f"      - {{id: p{i}, label: Бөлім {i}, value: 1}}" for i in range(10_000))
    append(inputs, "media.yaml", "tables:\n  huge: {title: Кесте, figure: huge, label_header: Бөлім}\n")
    replace_once(inputs, "media.yaml", "\nfigures:\n", f"\nfigures:\n  huge:\n    parts:\n{parts}\n")
    text = _read(inputs, "media.yaml")
    return line_of(text, text.index("    parts:\n"))


def big_nested_table(inputs: Path, env: Env) -> int:
    inner = "".join(f"{{id: q{j}, value: 1}}, " for j in range(100)).rstrip(", ")
    parts = "\n".join(f"      - {{id: p{i}, label: Бөлім {i}, parts: [{inner}]}}" for i in range(100))
    return replace_once(inputs, "media.yaml", "\nfigures:\n", f"\nfigures:\n  huge:\n    parts:\n{parts}\n") + 2


def big_list(inputs: Path, env: Env) -> int:
    items = "".join(f"      - {{text: Көрме {i}, date: 01.02.2021}}\n" for i in range(10_000))
    return append(inputs, "media.yaml", f"lists:\n  huge:\n    items:\n{items}") + 2


def many_years(inputs: Path, env: Env) -> int:
    return append(inputs, "media.yaml", "tables:\n  t: {title: Кесте, figure: materials, label_header: Түрі, "
                                        "years: 1000}\n") + 1


def anchor_bomb(inputs: Path, env: Env) -> int:
    lines = ['bomb0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"bomb{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    start = append(inputs, "media.yaml", "\n".join(lines) + "\n")
    return start + 5          # the values add up past 200 000 inside bomb5 (9**5 lists of 9)


def deep_nesting(inputs: Path, env: Env) -> int:
    return append(inputs, "media.yaml", "deep: " + "[" * 5000 + "]" * 5000 + "\n")


def python_tag(inputs: Path, env: Env) -> int:
    target = env.outside / "pwned"
    return append(inputs, "media.yaml", f'pwn: !!python/object/apply:os.system ["touch {target}"]\n')


def control_char(char: str, raw: bool) -> Callable[[Path, Env], int]:
    """``char`` between two words of a text: written as itself, or as a YAML escape in quotes."""
    def damage(inputs: Path, env: Env) -> int:
        if raw:
            i, line, place = put_in_text(inputs, "media.yaml", "Осы орайда", f"Осы{char}орайда")
            return line
        escaped = {"\x00": "\\0", "\x0b": "\\v", "\x1b": "\\e", "\x85": "\\N"}[char]
        return set_value(inputs, "media.yaml", "heading", f'"БАҚ{escaped}жұмыс"')
    return damage


def control_field(raw: bool) -> Callable[[Path], str]:
    def field(inputs: Path) -> str:
        return f"content.{content_entry(inputs, 'media.yaml', 'Осы орайда')[0]}.text" if raw else "heading"
    return field


def control_place(raw: bool) -> Callable[[Path], int]:
    def place(inputs: Path) -> int:
        return content_entry(inputs, "media.yaml", "Осы орайда")[2] + 4 if raw else 4
    return place


# --- the corpus ---------------------------------------------------------------------------------

M = f"{Y}/media.yaml"
R = f"{Y}/report.yaml"
S = f"{Y}/summary.yaml"
PHOTO_DAMAGED = f"{PHOTO} is damaged or cut short (copied before it was complete?): copy the photo again"
PHOTO_NOT = f"{PHOTO} is not a picture (or not one the report can read): save the photo as JPEG or PNG"
SYNTAX_INDENT = ("YAML syntax: this line is not lined up with the lines around it: fields of the same level need "
                 "the same number of spaces before them")
CONTROL = "which a report cannot contain: delete it (or replace it with a space)"

# field: a string, or a function of the inputs folder (when it depends on the real inputs' order).
# message: likewise; "{place}" is filled with the control character's 1-based place in its text.
CASES: list[Bad] = [
    # YAML syntax
    Bad("syntax-unclosed-quote", "YAML syntax", unclosed_quote, M, "figures.facebook_posts",
        "YAML syntax: a quotation mark opened on this line is never closed: add the closing quotation mark"),
    Bad("syntax-indent-too-far", "YAML syntax", bad_indent, M, "",
        "YAML syntax: a colon and a space inside a text, or a line indented too far: put the text in quotes, "
        "or line the name up with the names above it (the mistake follows the field figures.facebook_posts)"),
    Bad("syntax-indent-too-little", "YAML syntax", outdented, M, "", SYNTAX_INDENT),
    Bad("syntax-tab", "YAML syntax", tab_indent, M, "",
        "YAML syntax: a tab is used to indent this line; YAML needs spaces: replace the tab with spaces"),
    Bad("syntax-colon-in-text", "YAML syntax", colon_in_text, M, "heading",
        "YAML syntax: a colon and a space inside a text"),
    Bad("syntax-star-first", "YAML syntax", star_first, M, "content.{media_content}.text",
        "YAML syntax: a text starting with * (or &) must be put in quotes"),
    # encoding
    Bad("encoding-cp1251", "not UTF-8", not_utf8, M, "",
        "the file is not UTF-8 text (byte 76, 0xC1; perhaps saved as Windows-1251 or another old encoding): "
        "open it in an editor and save it again with the encoding UTF-8"),
    Bad("encoding-utf16", "not UTF-8", utf16, M, "", "the file is saved as UTF-16 (\"Unicode\" in Notepad): open it "
        "in an editor and save it again with the encoding UTF-8"),
    # empty
    Bad("empty-file", "empty file", empty, M, "", "the file is empty: fill it in, or take 'media' off the sections "
        "in report.yaml (line {sections_line})"),
    Bad("empty-only-comments", "empty file", only_comments, M, "", "the file is empty: fill it in"),
    # missing file or field
    Bad("missing-section-file", "missing file or field", missing_file, M, "",
        "the file is missing: add it, or take 'media' off the sections in report.yaml (line {sections_line})"),
    Bad("missing-report-file", "missing file or field", missing_report, R, "", "the file is missing"),
    Bad("missing-field", "missing file or field", missing_field, R, "organisation", "is missing: add it"),
    Bad("missing-nested-field", "missing file or field", missing_city, R, "cover.city", "is missing: add it"),
    # wrong type
    Bad("type-text-for-number", "wrong type", lambda i, e: set_value(i, "media.yaml", "facebook_posts", "көп"), M,
        "figures.facebook_posts", "'көп' is not a number: write it in digits, e.g. 670"),
    Bad("type-date-31-02", "wrong type", new_list("31.02.2021"), M, "lists.bad.items.0.date",
        "'31.02.2021' is not a real date; write it as DD.MM.YYYY, e.g. 11.02.2021"),
    Bad("type-iso-date-2021-02-31", "wrong type", new_list("2021-02-31"), M, "lists.bad.items.0.date",
        "'2021-02-31' is not a real date; write it as DD.MM.YYYY, e.g. 11.02.2021"),
    Bad("type-list-for-text", "wrong type", lambda i, e: set_value(i, "media.yaml", "heading", "[БАҚ, жұмыс]"), M,
        "heading", "should be text"),
    Bad("type-infinite-number", "wrong type", lambda i, e: set_value(i, "media.yaml", "facebook_posts", ".inf"), M,
        "figures.facebook_posts", "'inf' is not a number a report can print: write the figure in digits"),
    # negative counts
    Bad("negative-figure", "negative count", lambda i, e: set_value(i, "media.yaml", "facebook_posts", "-670"), M,
        "figures.facebook_posts", "-670 is less than zero: a count cannot be negative; write the number without "
        "the minus sign, or check the figure"),
    Bad("negative-part", "negative count",
        lambda i, e: replace_once(i, "media.yaml", "{id: radio, label: радио бағдарлама, value: 5}",
                                  "{id: radio, label: радио бағдарлама, value: -5}"), M,
        "figures.materials.radio", "-5 is less than zero: a count cannot be negative"),
    # duplicate keys
    Bad("duplicate-key", "duplicate key", lambda i, e: replace_once(
        i, "media.yaml", "\n  facebook_views:", "\n  facebook_posts: 671\n  facebook_views:") + 1, M,
        "figures.facebook_posts", "the field 'facebook_posts' appears twice: keep one of them (or rename one)"),
    Bad("duplicate-section", "duplicate key", section_twice, R, "sections.{sections_count}",
        "'media' is listed twice: keep it once"),
    # unknown keys
    Bad("duplicate-part-id", "duplicate key", lambda i, e: replace_once(i, "education.yaml", "{id: students,",
                                                                      "{id: pupils,"),
        f"{Y}/education.yaml", "figures.visitors.parts.1.id",
        "the id 'pupils' is given to two parts of figures.visitors: give each part its own id"),
    Bad("unknown-key", "unknown key", lambda i, e: replace_once(i, "media.yaml", "\nfigures:", "\nfigurs:") + 1, M,
        "figurs", "is not a known field: check its spelling (did you mean 'figures'?)"),
    Bad("unknown-nested-key", "unknown key", lambda i, e: replace_once(
        i, "media.yaml", "{id: radio, label: радио бағдарлама, value: 5}",
        "{id: radio, lable: радио бағдарлама, value: 5}"), M, "figures.materials.parts.3.lable",
        "is not a known field: check its spelling (did you mean 'label'?)"),
    Bad("unknown-key-with-bracket", "unknown key", lambda i, e: replace_once(i, "report.yaml", "\nlanguage:",
                                                                             "\nl[anguage:") + 1, R,
        "l[anguage", "is not a known field: check its spelling (did you mean 'language'?)"),
    # huge values
    Bad("huge-paragraph-5mb", "huge value", lambda i, e: big_paragraph(5 * 1024 * 1024)(i, e) and None, M, "",
        "the file is 5.0 MB; the limit is 2 MB, far above any real input (a few KB): is it the right file?"),
    Bad("huge-year-5mb", "huge value", big_year, Y, "", "the section files add up to 5."),
    Bad("huge-paragraph-30k", "huge value", big_paragraph(30_000), M, "content.{media_content}.text",
        "the text is 30 000 characters long; the limit is 20 000, far above any real paragraph"),
    Bad("huge-table-10000-rows", "huge value", big_table, M, "figures.huge.parts",
        "has 10 000 entries; the limit is 1 000, far above any real report"),
    Bad("huge-table-100x100", "huge value", big_nested_table, M, "figures.huge",
        "has more than 500 parts in all; the limit is 500 (the rows of its table), far above any real report"),
    Bad("huge-list-10000-items", "huge value", big_list, M, "lists.huge.items",
        "has 10 000 entries; the limit is 1 000, far above any real report"),
    Bad("huge-years", "huge value", many_years, M, "tables.t.years",
        "1000 years: a table or diagram shows from 1 to 20 years"),
    Bad("huge-number", "huge value", lambda i, e: set_value(i, "media.yaml", "facebook_posts", "10000000000000000"),
        M, "figures.facebook_posts", "10000000000000000 is larger than any figure of a report"),
    Bad("huge-anniversary", "huge value", lambda i, e: replace_once(i, "anniversaries.yaml", "{anniversary: 175,",
                                                                    "{anniversary: " + "9" * 400 + ","),
        f"{Y}/anniversaries.yaml", "lists.anniversaries.items.0.anniversary", "should be 9999 or less"),
    Bad("huge-born-year", "huge value", lambda i, e: replace_once(i, "anniversaries.yaml", "born: 1846,",
                                                                  "born: 1" + "0" * 30 + ","),
        f"{Y}/anniversaries.yaml", "lists.anniversaries.items.0.born", "should be 9999 or less"),
    # control characters
    Bad("control-U+000B-raw", "control character", control_char("\x0b", raw=True), M, control_field(True),
        "character {place} of the text is U+000B (vertical tab, a line break pasted from Word), " + CONTROL),
    Bad("control-U+0000-raw", "control character", control_char("\x00", raw=True), M, control_field(True),
        "character {place} of the text is U+0000 (NUL, a zero byte), " + CONTROL),
    Bad("control-U+0000-escaped", "control character", control_char("\x00", raw=False), M, "heading",
        "character 4 of the text is U+0000 (NUL, a zero byte), " + CONTROL),
    Bad("control-U+000B-escaped", "control character", control_char("\x0b", raw=False), M, "heading",
        "character 4 of the text is U+000B (vertical tab, a line break pasted from Word), " + CONTROL),
    Bad("control-U+001B-escaped", "control character", control_char("\x1b", raw=False), M, "heading",
        "character 4 of the text is U+001B (escape), " + CONTROL),
    Bad("control-U+0085-raw", "control character", control_char("\x85", raw=True), M, control_field(True),
        "character {place} of the text is U+0085 (next line), " + CONTROL),
    Bad("private-use-U+E003-raw", "control character", control_char("\ue003", raw=True), M, control_field(True),
        "character {place} of the text is U+E003 (a private-use character, e.g. a symbol font's icon), " + CONTROL),
    Bad("private-use-U+F0B7-raw", "control character", control_char("\uf0b7", raw=True), M, control_field(True),
        "character {place} of the text is U+F0B7 (a private-use character, e.g. a symbol font's icon), " + CONTROL),
    # photos
    Bad("photo-missing-strict", "photo", lambda i, e: photo_place(i)[1], S, photo_field,
        f"{PHOTO} is not there yet: a marked placeholder is used", ("--strict",)),
    Bad("photo-not-an-image", "photo", photo_file(b"This is not a photo, it is an e-mail.\n" * 20), S,
        photo_field, PHOTO_NOT),
    Bad("photo-html-named-jpg", "photo", photo_file(b"<html><body>Login page</body></html>"), S, photo_field,
        PHOTO_NOT),
    Bad("photo-empty", "photo", photo_file(b""), S, photo_field,
        f"{PHOTO} is an empty file (0 bytes): copy the photo again"),
    Bad("photo-truncated-jpeg", "photo", photo_file(jpeg((400, 300))[:3000]), S, photo_field, PHOTO_DAMAGED),
    Bad("photo-truncated-png", "photo", photo_file(png((200, 150))[:2000]), S, photo_field, PHOTO_DAMAGED),
    Bad("photo-png-bad-data", "photo", photo_file(png_bad_data()), S, photo_field, PHOTO_DAMAGED),
    Bad("photo-enormous-20000x20000", "photo", photo_file(png_header(20_000, 20_000)), S, photo_field,
        f"{PHOTO} is 400 megapixels; the limit is 100 megapixels: save a smaller copy"),
    Bad("photo-enormous-12000x9000", "photo", photo_file(png_header(12_000, 9_000)), S, photo_field,
        f"{PHOTO} is 12 000 × 9 000 pixels (108 megapixels); the limit is 100 megapixels: save a smaller copy"),
    Bad("photo-bmp", "photo", photo_file(b"BM" + b"\0" * 4 + b"\0" * 4 + struct.pack("<I", 54)
                                          + struct.pack("<IiiHHIIiiII", 40, 2, 2, 1, 24, 0, 16, 0, 0, 0, 0)
                                          + b"\0" * 16), S, photo_field,
        f"{PHOTO} is a BMP picture; the report takes JPEG or PNG: save it again as JPEG"),
    Bad("photo-jpeg-without-jfif", "photo", photo_file(without_jfif(jpeg())), S, photo_field,
        f"{PHOTO} lacks the header Word needs to place it"),
    Bad("photo-16-bit-grey-png", "photo", photo_file(picture("I;16", "PNG")), S, photo_field,
        f"{PHOTO} is a 16-bit greyscale picture, which the PDF cannot show"),
    Bad("photo-cmyk-jpeg", "photo", photo_file(picture("CMYK", "JPEG")), S, photo_field,
        f"{PHOTO} is a CMYK picture (made for printing), which Word's reader cannot place"),
    # paths that leave the inputs folder
    Bad("path-dotdot", "path out of the inputs", photo_name("../../etc/passwd"), S, photo_field,
        "'../../etc/passwd' is outside the inputs folder; put the photo in"),
    Bad("path-dotdot-backslash", "path out of the inputs", photo_name("..\\..\\..\\etc\\passwd"), S, photo_field,
        "'..\\..\\..\\etc\\passwd' is outside the inputs folder"),
    Bad("path-absolute", "path out of the inputs", photo_name("/etc/passwd"), S, photo_field,
        "'/etc/passwd' is outside the inputs folder"),
    Bad("path-symlink-out", "path out of the inputs", photo_symlink_out, S, photo_field,
        f"'{PHOTO}' is outside the inputs folder"),
    Bad("path-symlinked-folder-out", "path out of the inputs", photos_folder_out, S, photo_field,
        f"'{PHOTO}' is outside the inputs folder"),
    Bad("path-url", "path out of the inputs", photo_name(lambda env: env.url), S, photo_field, "'http://127.0.0.1:"),
    Bad("path-folder", "path out of the inputs", photos_as_name, S, photo_field, "'photos' is a folder, not a photo"),
    Bad("path-section-outside", "path out of the inputs", section_outside, R, "sections.{sections_count}",
        "'../../../etc/passwd' is not a section file's name"),
    Bad("path-profile-outside", "path out of the inputs", profile_outside, R, "profile",
        "'../../inputs/2021/media' is not a layout profile's name"),
    # YAML anchor bomb and other hostile YAML
    Bad("yaml-anchor-bomb", "hostile YAML", anchor_bomb, M, "bomb5",
        "the file expands to more than 200 000 values (anchors & and * repeated?)"),
    Bad("yaml-deep-nesting", "hostile YAML", deep_nesting, M, "", "the file nests deeper than 30 levels"),
    Bad("yaml-python-tag", "hostile YAML", python_tag, M, "pwn",
        "the tag '!!python/object/apply:os.system' is not used in these files: remove it"),
]

#: Text that looks like markup: printed literally (and harmlessly), exit 0. "{url}" is the listener.
MARKUP = {
    "html-img": ('<img src="{url}/x.png" alt="">', '<img src="{url}/x.png" alt="">'),
    "html-script": ("<script>alert('x')</script> мәтін", "<script>alert('x')</script> мәтін"),
    "html-link": ('<link rel="stylesheet" href="{url}/s.css"> <b>қалың емес</b>',
                  '<link rel="stylesheet" href="{url}/s.css"> <b>қалың емес</b>'),
    "template-braces": ("{{{{ 7*7 }}}} және {{{{ config }}}}", "{{ 7*7 }} және {{ config }}"),
    "stars": ("5 ** 2 = 25, * жұлдызша", "5 ** 2 = 25, * жұлдызша"),
    "entity": ("&lt;b&gt; &amp; &#x41;", "&lt;b&gt; &amp; &#x41;"),
}


def markup_yaml(url: str) -> str:
    """Content entries for media.yaml, one per markup case, each quoted for YAML."""
    out = []
    for text, _ in MARKUP.values():
        value = text.format(url=url)
        out.append(f"  - text: {yaml.safe_dump(value, allow_unicode=True, width=10_000).splitlines()[0]}\n")
    return "".join(out)
