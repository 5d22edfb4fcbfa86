"""The bundled fonts (``assets/fonts/``), found in one place for every writer that embeds them."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

from generator.config import FONTS_DIR

#: Bundled families for letters the body font lacks (the 2021 report quotes a Korean title),
#: tried in this order after it. Not a layout choice: what the report prints must have glyphs.
FALLBACK_FAMILIES = ("NanumMyeongjo",)

#: Face file suffixes (``LiberationSerif-Bold.ttf``), as (bold, italic).
FACES = {"Regular": (False, False), "Bold": (True, False), "Italic": (False, True), "BoldItalic": (True, True)}


@lru_cache(maxsize=8)
def font_files(family: str) -> tuple[tuple[str, Path], ...]:
    """The bundled faces of a family: ``LiberationSerif-Bold.ttf`` or ``NanumMyeongjoBold.ttf``."""
    stem = family.replace(" ", "")
    found = []
    for face in FACES:
        names = (f"{stem}-{face}.ttf", f"{stem}{'' if face == 'Regular' else face}.ttf")
        path = next((FONTS_DIR / name for name in names if (FONTS_DIR / name).is_file()), None)
        if path:
            found.append((face, path))
    if not any(face == "Regular" for face, _ in found):
        raise FileNotFoundError(f"no bundled regular face of {family!r} in {FONTS_DIR}")
    return tuple(found)


@lru_cache(maxsize=4)
def single_line_em(family: str) -> float:
    """The height of one line of the regular face in em, as Word's single spacing uses it."""
    path = dict(font_files(family))["Regular"]
    with TTFont(path, lazy=True) as font:
        hhea = font["hhea"]
        return (hhea.ascent - hhea.descent + hhea.lineGap) / font["head"].unitsPerEm


@lru_cache(maxsize=4)
def extent_em(family: str) -> tuple[float, float]:
    """The regular face's ascent and descent in em (both positive), as its text lines use them."""
    path = dict(font_files(family))["Regular"]
    with TTFont(path, lazy=True) as font:
        hhea, units = font["hhea"], font["head"].unitsPerEm
        return hhea.ascent / units, -hhea.descent / units


@lru_cache(maxsize=8)
def characters(family: str) -> frozenset[int]:
    """The code points the family's regular face has a glyph for."""
    path = dict(font_files(family))["Regular"]
    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())
