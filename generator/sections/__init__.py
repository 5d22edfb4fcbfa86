"""Section builders: the report's data in, document blocks out. No file is read or written here."""
from __future__ import annotations

import datetime as dt
import os

from generator.config import Profile, Terms
from generator.fmt import whole_number
from generator.doc.model import Block, Document, Meta, Note, PageBreak, Paragraph, Signature, TableOfContents, Text
from generator.doc.numbering import assign_numbers
from generator.load.problems import short_file
from generator.model.report import Report
from generator.sections.context import Context
from generator.sections.section import build_appendix, build_section


def build_document(report: Report, profile: Profile) -> tuple[Document, Context]:
    """The whole report as one document; the context carries any problems found."""
    ctx = Context(report, profile)
    cover = build_cover(ctx)
    body = [TableOfContents(title=profile.toc.title)]
    n = 0
    for key in report.info.sections:
        section = report.sections[key]
        number = ""
        if section.heading:
            n += 1
            number = profile.headings.number_format.format(n=n)
        body.extend(build_section(key, section, number, ctx))
    for index, key in enumerate(report.info.appendices):
        body.extend(build_appendix(key, report.sections[key], index, ctx))
    approval = report.info.approval
    if approval and approval.at_end:
        body.append(build_signature(ctx, "signature"))
    doc = Document(meta=build_meta(ctx), cover=cover, body=body)
    assign_numbers(doc, profile.appendices.number_prefix, profile.photos.numbered)
    return doc, ctx


def build_cover(ctx: Context) -> list:
    """Ministry lines, the approval block if asked for, the title, the city at the foot; then a new page."""
    cover = ctx.report.info.cover
    blocks: list[Block] = [Paragraph([Text(ctx.text(line, "report", ("cover", "ministry", i)))], role="cover-ministry",
                                     source=ctx.source("report", ("cover", "ministry", i)))
                           for i, line in enumerate(cover.ministry)]
    approval = ctx.report.info.approval
    if approval and approval.on_cover:
        blocks.append(build_signature(ctx, "approval"))
    for i, line in enumerate(cover.title):
        path = ("cover", "title", i)
        blocks.append(Paragraph([Text(ctx.text(line, "report", path))], role="cover-title", source=ctx.source("report", path)))
    city = ctx.text(cover.city, "report", ("cover", "city"))
    blocks.append(Paragraph([Text(city)], role="cover-city", source=ctx.source("report", ("cover", "city"))))
    blocks.append(PageBreak())
    return blocks


def build_signature(ctx: Context, kind: str) -> Signature:
    """The director's position, name and signature line, dated ``approved:`` (when given)."""
    info, words = ctx.report.info, ctx.profile.approval
    approval = info.approval
    date = ctx.resolver.date(info.approved) if info.approved else ""
    return Signature(kind=kind, position=ctx.text(approval.position, "report", ("approval", "position")),
                     name=ctx.text(approval.name, "report", ("approval", "name")), line=words.line,
                     date=date, title=words.title if kind == "approval" else "",
                     source=ctx.source("report", ("approval",)))


def build_meta(ctx: Context) -> Meta:
    info = ctx.report.info
    title = " ".join(ctx.text(line, "report", ("cover", "title", i)) for i, line in enumerate(info.cover.title))
    return Meta(title=title, author=info.organisation, subject=info.subject or title,
                language=info.language, year=info.year, date=report_date(ctx.report).isoformat(),
                keywords=[str(info.year)])


def report_date(report: Report) -> dt.date:
    """The date documents carry: the approval date, else SOURCE_DATE_EPOCH, else 31 December."""
    if report.info.approved:
        return report.info.approved
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    seconds = whole_number(epoch)
    if seconds is not None and seconds < 253402300800:         # before the year 10 000
        return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).date()
    return dt.date(report.year, 12, 31)


NOTE_AUTHOR = "generate-report"


def attach_notes(doc: Document, findings: list, terms: Terms) -> None:
    """Findings about figures become notes for reviewers, in the report's language (``terms``),
    anchored where the figure is shown; acknowledged ones do not (their reason says why they stay)."""
    doc.notes = [Note(p.source, terms.note.format(message=terms.finding(p.term, p.values, p.message),
                                                  place=f"{short_file(p.file)}:{p.line} {p.field}"), NOTE_AUTHOR)
                 for p in findings if p.source and not p.acknowledged]
