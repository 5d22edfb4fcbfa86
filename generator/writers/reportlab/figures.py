"""Pictures as flowables: a drawn chart's SVG as reportlab vectors (svglib), a photo shrunk to the
photo box the HTML writer's stylesheet sets."""
from __future__ import annotations

from pathlib import Path

from PIL import Image as Pixels
from reportlab.graphics import renderPDF
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image
from svglib.svglib import svg2rlg

from generator.doc.model import RenderedImage
from generator.writers.geometry import photo_max_height_mm
from generator.writers.registry import writer

#: The image forms this writer takes, as the registry declares them.
IMAGE_FORMS = writer("pdf", "reportlab").takes

CSS_PX_MM = 25.4 / 96          # a photo's pixel at the CSS resolution WeasyPrint lays it out at


class Chart(Flowable):
    """A drawn chart's SVG as reportlab vectors (its glyphs are paths), laid out by its known size
    and read only when first painted, so the layout runs while the workers still draw; ``ready``
    waits for the file. ``font``, a bundled face, stands where reportlab would name Helvetica."""

    def __init__(self, image: RenderedImage, width: float, font: str, ready=lambda: None):
        super().__init__()
        self.path, self.font, self.ready = Path(image.form(*IMAGE_FORMS)), font, ready
        self.width, self.height = width, width * image.height_mm / image.width_mm
        self.hAlign = "CENTER"
        self._drawing = None

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        if self._drawing is None:
            self._drawing = self._read()
        renderPDF.draw(self._drawing, self.canv, 0, 0)

    def _read(self):
        self.ready()
        drawing = svg2rlg(self.path)
        if drawing is None:
            raise ValueError(f"the drawn chart {self.path} cannot be read")
        drawing.scale(self.width / drawing.width, self.height / drawing.height)
        drawing.width, drawing.height = self.width, self.height
        drawing.initialFontName = self.font
        return drawing


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
