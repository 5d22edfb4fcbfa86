"""Pictures as flowables: a drawn chart's SVG as reportlab vectors (svglib), a photo shrunk to the
photo box the HTML writer's stylesheet sets."""
from __future__ import annotations

from pathlib import Path

from PIL import Image as Pixels
from reportlab.lib.units import mm
from reportlab.platypus import Image
from svglib.svglib import svg2rlg

from generator.doc.model import RenderedImage
from generator.writers.registry import writer

#: The image forms this writer takes, as the registry declares them.
IMAGE_FORMS = writer("pdf", "reportlab").takes

CSS_PX_MM = 25.4 / 96          # a photo's pixel at the CSS resolution WeasyPrint lays it out at
PHOTO_CAPTION_LINES = 3        # lines kept free under the tallest photo for its caption


def chart(image: RenderedImage, width: float, font: str):
    """The chart's SVG as a reportlab drawing ``width`` points wide (its glyphs are paths; ``font``,
    a bundled face, stands where reportlab would set its default Helvetica)."""
    drawing = svg2rlg(Path(image.form(*IMAGE_FORMS)))
    if drawing is None:
        raise ValueError(f"the drawn chart {image.form(*IMAGE_FORMS)} cannot be read")
    scale = width / drawing.width
    drawing.scale(scale, scale)
    drawing.width, drawing.height = width, drawing.height * scale
    drawing.hAlign = "CENTER"
    drawing.initialFontName = font
    return drawing


def photo(path: str, styles, width: float) -> Image:
    """The photo at its CSS size, shrunk to fit the text width, the profile's box and the page
    less room for its caption."""
    profile = styles.profile
    page = profile.page
    content = (page.height_mm - page.margin_top_mm - page.margin_bottom_mm) * mm
    caption_line = styles["photo-caption"].leading
    max_w = min(width, profile.photos.max_width_mm * mm)
    max_h = min(profile.photos.max_height_mm * mm, content - PHOTO_CAPTION_LINES * caption_line)
    with Pixels.open(path) as pixels:
        w, h = (n * CSS_PX_MM * mm for n in pixels.size)
    scale = min(1.0, max_w / w, max_h / h)
    picture = Image(path, width=w * scale, height=h * scale)
    picture.hAlign = "CENTER"
    return picture
