"""Letters no bundled font has: the PDF cannot print them.

The PDF uses only the fonts in assets/fonts (so it is the same on every machine); a Chinese
name, an emoji or the tenge sign ₸ typed in a text has no glyph there, while the DOCX shows
them wherever Word finds a font. Each text of the report's year that holds such a letter is a
finding naming the letters: a final build stops on it (``glyph_problems``), a draft's PDF shows
``STAND_IN`` in its place (``printable``), never a system font. Most texts hold only letters
every report has (Kazakh, Russian, Latin, Korean, common punctuation): those are passed without
reading the fonts at all.
"""
from __future__ import annotations

import re
from functools import cache

from generator.check.context import Checks
from generator.config import FONTS_DIR
from generator.model.report import REPORT_FILE

#: Ranges every bundled font set covers (a test checks each letter against the fonts' tables):
#: Latin with Latin-1 and Extended-A, Cyrillic (all Kazakh letters), common punctuation, №, and
#: the Hangul syllables of the Korean fallback. Line breaks and tabs are folded before printing.
KNOWN = re.compile("[\t\n\r\x20-\x7e\u00a0-\u017f\u0400-\u04ff\u2010\u2012-\u2022\u2026\u2030\u2039\u203a"
                   "\u2116\uac00-\ud7a3]*")


#: What a draft's PDF shows for a letter no bundled font has (a white square: Liberation Serif has it).
STAND_IN = "\u25a1"


@cache
def covered() -> frozenset[int]:
    """Every character some bundled font has a glyph for."""
    from fontTools.ttLib import TTFont
    found: set[int] = set()
    for path in sorted(FONTS_DIR.glob("*.[ot]tf")):
        with TTFont(path, lazy=True) as font:
            found.update(font["cmap"].getBestCmap())
    return frozenset(found)


def missing(text: str) -> list[str]:
    """The letters of ``text`` no bundled font has, each once, in order."""
    if KNOWN.fullmatch(text):
        return []
    fonts = covered()
    return list(dict.fromkeys(c for c in text if ord(c) not in fonts and not c.isspace()))


def printable(text: str) -> str:
    """``text`` with each letter no bundled font has replaced by ``STAND_IN``."""
    letters = missing(text)
    return text.translate({ord(c): STAND_IN for c in letters}) if letters else text


def glyph_problems(report) -> list:
    """The findings of ``check_glyphs`` alone: a final build stops on them."""
    checks = Checks(report)
    check_glyphs(checks)
    return checks.found


def check_glyphs(checks: Checks) -> None:
    report = checks.report
    files = [(REPORT_FILE, report.info), *report.sections.items()]
    for key, model in files:
        for path, text in _texts(model.model_dump(by_alias=True, exclude_none=True)):
            letters = missing(text)
            if letters:
                shown = ", ".join(f"«{c}» (U+{ord(c):04X})" for c in letters[:5])
                more = f" and {len(letters) - 5} more" if len(letters) > 5 else ""
                checks.add_to(key, report.year, path,
                              f"{shown}{more}: no font of the report has {'these' if len(letters) > 1 else 'this'}, "
                              "so the PDF would show nothing there; write it in Kazakh, Russian or Latin letters, "
                              "or leave it out", term="glyphs", letters=shown + more)


def _texts(value: object, path: tuple = ()):
    """Every text in a file's data, with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, (*path, i))
