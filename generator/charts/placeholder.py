"""A clearly marked placeholder photo, drawn when the inputs name a photo file that is missing.

The pipeline writes it under the missing file's name, so dropping in the real photo replaces it.
Same caption, same bytes: no metadata, the bundled font, Pillow's basic text layout.
"""
from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from generator.config import FONTS_DIR

# Greys only, so the picture is one channel: a third of the pixels to compress, here and in the PDF.
BACKGROUND = 232
FRAME = 150
INK = 90


def _font(style: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS_DIR / f"LiberationSerif-{style}.ttf"), size,
                              layout_engine=ImageFont.Layout.BASIC)


def _fit(text: str, style: str, size: int, max_width: float) -> ImageFont.FreeTypeFont:
    """The largest font up to ``size`` at which ``text`` fits on one line of ``max_width``."""
    font = _font(style, size)
    while size > 8 and font.getlength(text) > max_width:
        size -= 2
        font = _font(style, size)
    return font


def wrap_to_width(text: str, font: ImageFont.FreeTypeFont, max_width: float) -> list[str]:
    """Words of ``text`` gathered into lines no wider than ``max_width`` pixels."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(candidate) <= max_width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def make_placeholder(caption: str, path: Path, mark: str, width_px: int = 1600, height_px: int = 1000) -> None:
    """Write a greyscale PNG with a frame, the ``mark`` (the language's «ФОТО ЖОҚ / PLACEHOLDER») and the caption."""
    image = Image.new("L", (width_px, height_px), BACKGROUND)
    draw = ImageDraw.Draw(image)
    inset = round(min(width_px, height_px) * 0.04)
    draw.rectangle((inset, inset, width_px - 1 - inset, height_px - 1 - inset),
                   outline=FRAME, width=max(2, inset // 5))
    text_width = width_px - 4 * inset
    mark_font = _fit(mark, "Bold", round(height_px * 0.09), text_width)
    caption_font = _font("Regular", max(10, round(height_px * 0.05)))
    lines = wrap_to_width(caption, caption_font, text_width)[:6]
    mark_h = mark_font.size * 1.2
    line_h = caption_font.size * 1.3
    top = (height_px - (mark_h + mark_font.size * 0.6 + line_h * len(lines))) / 2
    centre = width_px / 2
    draw.text((centre, top), mark, font=mark_font, fill=INK, anchor="ma")
    y = top + mark_h + mark_font.size * 0.6
    for line in lines:
        draw.text((centre, y), line, font=caption_font, fill=INK, anchor="ma")
        y += line_h
    path = Path(path)
    path.parent.mkdir(exist_ok=True)        # never its parents: a work folder removed stays removed
    image.save(path, format="PNG", optimize=False)
