"""The copy of a photo both writers embed: turned upright, and no finer than the profile allows.

A phone's photo is stored sideways with an EXIF "orientation" tag. The PDF engine follows the
tag, Word does not: the same photo would stand in the PDF and lie on its side in the DOCX. A
photo with such a tag is copied, turned, without the tag.

A camera's photo has far more pixels than print needs (≈550 ppi at 140 mm): a photo with more
than ``max_dpi`` pixels per inch at its printed size is copied scaled down to that (Lanczos,
fixed JPEG quality, no metadata: same photo, same bytes). Any other photo is used as it is; the
manifest keeps the checksums of the originals either way.
"""
from __future__ import annotations

from pathlib import Path

ORIENTATION = 0x0112        # the EXIF tag; 1 is upright, 2-8 mirrored and/or turned
MM_PER_INCH = 25.4
JPEG_QUALITY = 90


def print_pixels(size_px: tuple[int, int], box_mm: tuple[float, float], max_dpi: int) -> tuple[int, int]:
    """The pixels a photo of ``size_px`` keeps when printed to fit ``box_mm`` at ``max_dpi`` at most."""
    width, height = size_px
    scale = min(1.0, box_mm[0] / MM_PER_INCH * max_dpi / width, box_mm[1] / MM_PER_INCH * max_dpi / height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def upright(source: str, dest: Path, box_mm: tuple[float, float] | None = None, max_dpi: int = 0) -> str:
    """``source`` if it stands as stored and is fine enough, else a turned and/or scaled-down copy
    at ``dest`` (a PNG stays PNG, anything else becomes JPEG); ``box_mm`` and ``max_dpi``: where
    the photo is printed and the finest resolution kept (none: only turned)."""
    from PIL import Image, ImageOps
    with Image.open(source) as image:
        turned = image.getexif().get(ORIENTATION, 1) not in (0, 1)
        picture = ImageOps.exif_transpose(image) if turned else image
        size = print_pixels(picture.size, box_mm, max_dpi) if box_mm and max_dpi else picture.size
        if not turned and size == picture.size:
            return source
        dpi = None
        if size != picture.size:            # printed at exactly max_dpi: Word reads its size from it
            picture, dpi = picture.resize(size, Image.Resampling.LANCZOS), (max_dpi, max_dpi)
        png = image.format == "PNG"
        dest = Path(dest).with_suffix(".png" if png else ".jpg")
        dest.parent.mkdir(exist_ok=True)    # never its parents: a work folder removed stays removed
        if png:
            picture.save(dest, "PNG", **({"dpi": dpi} if dpi else {}))
        else:
            picture = picture if picture.mode in ("L", "RGB") else picture.convert("RGB")
            picture.save(dest, "JPEG", quality=JPEG_QUALITY, **({"dpi": dpi} if dpi else {}))
        return str(dest)
