"""Photos turned upright: a phone's photo is stored sideways with an EXIF "orientation" tag.

The PDF engine follows the tag, Word does not: the same photo would stand in the PDF and lie on
its side in the DOCX. A photo with such a tag is copied once, turned, without the tag, and both
writers use the copy; any other photo is used as it is.
"""
from __future__ import annotations

from pathlib import Path

ORIENTATION = 0x0112        # the EXIF tag; 1 is upright, 2-8 mirrored and/or turned


def upright(source: str, dest: Path) -> str:
    """``source`` if it stands as stored, else a turned copy at ``dest`` (suffix as the source)."""
    from PIL import Image, ImageOps
    with Image.open(source) as image:
        if image.getexif().get(ORIENTATION, 1) in (0, 1):
            return source
        turned = ImageOps.exif_transpose(image)
        dest = Path(dest).with_suffix(".png" if image.format == "PNG" else ".jpg")
        dest.parent.mkdir(parents=True, exist_ok=True)
        if image.format == "PNG":
            turned.save(dest, "PNG")
        else:
            turned.convert("RGB").save(dest, "JPEG", quality=95)
        return str(dest)
