"""The pages: a cover page in three frames (ministry lines, title at a third, city at the foot),
then body pages with their number; bookmarks, the PDF outline and the contents' page numbers
come from the flowables that carry an anchor, in one pass (see ``contents``)."""
from __future__ import annotations

from contextlib import contextmanager
from io import BytesIO

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    FrameBreak,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
)

from generator.doc.model import Heading
from generator.writers.geometry import COVER_TITLE_TOP, group_cover
from generator.writers.reportlab.blocks import Ctx, flowables
from generator.writers.reportlab.notes import FOOTNOTE_CALL
from generator.writers.reportlab.contents import CALLBACK, line_end, write_numbers


class ReportTemplate(BaseDocTemplate):
    """The report's page templates; ``pages`` maps each anchor to its page after the last pass."""

    def __init__(self, out: BytesIO, ctx: Ctx, cover_bottom: float):
        page, meta = ctx.styles.profile.page, ctx.doc.meta
        super().__init__(out, pagesize=(page.width_mm * mm, page.height_mm * mm),
                         leftMargin=page.margin_left_mm * mm, rightMargin=page.margin_right_mm * mm,
                         topMargin=page.margin_top_mm * mm, bottomMargin=page.margin_bottom_mm * mm,
                         title=meta.title, author=meta.author, subject=meta.subject,
                         keywords=list(meta.keywords), creator="museum-report-generator", lang=meta.language,
                         invariant=1, initialFontName=ctx.styles.font, initialFontSize=ctx.styles.profile.fonts.body_pt)
        self.ctx = ctx
        self.pages: dict[str, int] = {}
        self.addPageTemplates([PageTemplate("cover", self._cover_frames(cover_bottom), onPageEnd=self._footnotes),
                               PageTemplate("body", [self._frame("body", self.bottomMargin, self.height)],
                                            onPage=self._number, onPageEnd=self._footnotes)])

    def _frame(self, name: str, y: float, height: float) -> Frame:
        return Frame(self.leftMargin, y, self.width, height, 0, 0, 0, 0, id=name)

    def _cover_frames(self, bottom: float) -> list[Frame]:
        """Top: down to the title's third; middle: the title to the city; bottom: the city."""
        top_h = self.height * COVER_TITLE_TOP
        y0 = self.bottomMargin
        return [self._frame("cover-top", y0 + self.height - top_h, top_h),
                self._frame("cover-middle", y0 + bottom, self.height - top_h - bottom),
                self._frame("cover-bottom", y0, bottom)]

    def _number(self, canv, doc) -> None:
        """The page's number centred in the top or bottom margin, from page 2 (the cover shows none)."""
        if doc.page < 2:
            return
        profile = self.ctx.styles.profile
        margin = self.topMargin if profile.page.number_position == "top" else self.bottomMargin
        middle = self.pagesize[1] - margin / 2 if profile.page.number_position == "top" else margin / 2
        size = profile.fonts.body_pt
        canv.setFont(self.ctx.styles.font, size)
        canv.drawCentredString(self.leftMargin + self.width / 2, middle - size * 0.3, str(doc.page))

    def _called(self, canv, kind: str, label: str) -> None:
        """A footnote's call painted on this page: its note goes to this page's foot."""
        self.ctx.notes.called.append(int(label))

    def _footnotes(self, canv, doc) -> None:
        """The notes called on this page, in the room kept for them at the frame's foot; the
        frames' feet back where the template has them, for the next page."""
        self.ctx.notes.draw(canv, self.leftMargin, self.bottomMargin)
        for frame in doc.pageTemplate.frames:
            frame._geom()

    def handle_documentBegin(self):
        self.canv.setNamedCB(FOOTNOTE_CALL, self._called)
        self.pages = {}
        self._outline_level = -1
        style = self.ctx.styles["toc"]
        self.canv.setNamedCB(CALLBACK, line_end(self.width, style.fontName, style.fontSize))
        super().handle_documentBegin()

    def canvas_maker(self):
        """A canvas that writes the contents' page numbers just before the file is saved."""
        template = self

        class ReportCanvas(Canvas):
            def save(self):
                style = template.ctx.styles["toc"]
                anchors = [h.anchor for h in template.ctx.doc.body if isinstance(h, Heading)]
                write_numbers(self, template.pages, anchors, style.fontName, style.fontSize)
                super().save()
        return ReportCanvas

    def afterFlowable(self, flowable) -> None:
        """An anchored flowable: its page; a heading also an outline entry and a contents line."""
        anchor = getattr(flowable, "anchor", "")
        if not anchor:
            return
        self.pages.setdefault(anchor, self.page)
        if flowable.outline is not None:
            level = min(flowable.outline - 1, self._outline_level + 1)
            self._outline_level = level
            self.canv.addOutlineEntry(flowable.title, anchor, level, closed=False)


def story(ctx: Ctx) -> tuple[list, float]:
    """The cover's flowables frame by frame, then the body's; and the height the city needs."""
    cover = group_cover(ctx.doc.cover)
    bottom = flowables(ctx, cover.bottom)
    height = sum(f.wrap(ctx.width, 10_000)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in bottom)
    parts = [*flowables(ctx, cover.top), FrameBreak(), *flowables(ctx, cover.middle), FrameBreak(), *bottom,
             NextPageTemplate("body"), PageBreak(), *flowables(ctx, ctx.doc.body)]
    return parts, height + 1


def build(ctx: Ctx) -> tuple[bytes, dict[str, int]]:
    """The PDF as reportlab writes it, laid out in one pass, and each anchor's page."""
    parts, cover_bottom = story(ctx)
    out = BytesIO()
    template = ReportTemplate(out, ctx, cover_bottom)
    with _binary_streams():
        template.build(parts, canvasmaker=template.canvas_maker())
    return out.getvalue(), dict(template.pages)


@contextmanager
def _binary_streams():
    """Streams compressed only, not also spelled in ASCII85 (reportlab's default): a fifth
    smaller, and one encoding pass less over every page, font and image."""
    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before

