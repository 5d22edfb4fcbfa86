"""The preview's pages laid out by WeasyPrint, as its PDF engine lays out the report (the page
fill included), kept warm: the fonts it loaded, the images it decoded and its last first layout,
whose unchanged pages are kept (``generator.writers.relayout``)."""
from __future__ import annotations

from pathlib import Path

from generator.preview.pages import Laid, PageShelf


class WeasyPages:
    """Lays the preview's pages out with WeasyPrint, keeping what it can between builds."""

    def __init__(self, work: Path):
        from generator.writers.pdf import font_configuration     # WeasyPrint, imported the quick way
        self.fonts = font_configuration()
        self.images: dict = {}          # WeasyPrint's decoded images, by URL
        self.memo: dict = {}            # the last build's first layout, whose unchanged pages are kept

    def forget(self, photos: bool) -> None:
        """Drop the layout kept (and the photos decoded, when a photo changed)."""
        if photos:
            self.images.clear()
        self.memo.clear()

    def signature(self, ready) -> str:
        """What the pages show, compared between builds: the report's HTML."""
        from generator.writers.html import render_html
        return render_html(ready.doc, ready.profile)

    def lay_out(self, ready, html: str, roots: list[Path], shelf: PageShelf) -> Laid:
        """Lay the pages of ``html`` out as the PDF's are and draw those that changed on ``shelf``."""
        from generator.writers.pagefill import lay_out
        from generator.writers.pdf import heading_pages
        rendered, _ = lay_out(ready.doc, ready.profile, roots[0], roots, html=html, memo=self.memo,
                              font_config=self.fonts, image_cache=self.images)
        views, lines, drawn = shelf.update(rendered)
        tops = {anchor: xy[1] for page in rendered.pages for anchor, xy in page.anchors.items()}
        return Laid(views, lines, heading_pages(rendered), tops, drawn)
