"""A photo as a flowable, shrunk to the photo box the HTML writer's stylesheet sets (diagrams are
drawn from their data: ``charts``)."""
from __future__ import annotations

from PIL import Image as Pixels
from reportlab.lib.units import mm
from reportlab.platypus import Image

from generator.writers.geometry import photo_max_height_mm

CSS_PX_MM = 25.4 / 96          # a photo's pixel at the CSS resolution WeasyPrint lays it out at


def photo(path: str, styles, width: float, box_scale: float = 1.0) -> Image:
    """The photo at its CSS size, shrunk to fit the text width, the profile's box and the page
    less room for its caption (``box_scale`` of those: a photo the layout shrank)."""
    profile = styles.profile
    max_w = min(width, profile.photo_box_mm()[0] * mm) * box_scale
    max_h = photo_max_height_mm(profile, styles["photo-caption"].leading / mm) * mm * box_scale
    with Pixels.open(path) as pixels:
        w, h = (n * CSS_PX_MM * mm for n in pixels.size)
    scale = min(1.0, max_w / w, max_h / h)
    picture = Image(path, width=w * scale, height=h * scale)
    picture.hAlign = "CENTER"
    return picture
