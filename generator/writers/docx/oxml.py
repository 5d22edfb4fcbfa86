"""Raw OOXML helpers: every element python-docx has no API for is built here and only here."""
from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from generator.fmt import whole_number

# Child order of w:pPr, w:rPr and w:tblPr (ECMA-376 Part 1, 17.3.1.26, 17.3.2.28, 17.4.60).
PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
    "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
    "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
    "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
    "w:sectPr", "w:pPrChange",
)
RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
    "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
    "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz",
    "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
    "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
)
TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
    "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
)


def _put(parent, child, order):
    """Replace ``child``'s tag in ``parent`` by ``child``, keeping the schema's child order."""
    tag = child.tag
    for old in parent.findall(tag):
        parent.remove(old)
    names = [qn(n) for n in order]
    later = names[names.index(tag) + 1:] if tag in names else []
    for existing in parent:
        if existing.tag in later:
            existing.addprevious(child)
            return child
    parent.append(child)
    return child


def _el(xml: str):
    """Parse one element written with the ``w:`` prefix, declaring the namespaces it needs."""
    end = min(i for i in (xml.find(" "), xml.find(">"), xml.find("/>")) if i > 0)
    return parse_xml(f"{xml[:end]} {nsdecls('w', 'r')}{xml[end:]}")


# --- styles -------------------------------------------------------------------------------------

def fonts_el(font: str, east_asia: str | None = None):
    """A w:rFonts naming one font for all four scripts (or another for East Asian), no theme fonts."""
    f, e = quoteattr(font), quoteattr(east_asia or font)
    return _el(f"<w:rFonts w:ascii={f} w:hAnsi={f} w:cs={f} w:eastAsia={e}/>")


def set_doc_defaults(styles_el, font: str, size_pt: float, lang: str, east_asia: str) -> None:
    """Rewrite w:docDefaults: one font for all scripts but East Asian ones, its size, the
    language, no spacing."""
    half = round(size_pt * 2)
    defaults = styles_el.find(qn("w:docDefaults"))
    if defaults is not None:
        styles_el.remove(defaults)
    defaults = _el(
        "<w:docDefaults><w:rPrDefault><w:rPr/></w:rPrDefault><w:pPrDefault><w:pPr>"
        '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>")
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    rpr.append(fonts_el(font, east_asia))
    lang_q = quoteattr(lang)
    for xml in (f'<w:sz w:val="{half}"/>', f'<w:szCs w:val="{half}"/>',
                f"<w:lang w:val={lang_q} w:eastAsia={lang_q}/>"):
        rpr.append(_el(xml))
    styles_el.insert(0, defaults)


def clear_style(style_el) -> None:
    """Remove a style's paragraph, run and table formatting (the template's colours, themes)."""
    for tag in ("w:pPr", "w:rPr", "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr"):
        for child in style_el.findall(qn(tag)):
            style_el.remove(child)


def mark_builtin(style_el) -> None:
    """Declare a style Word's own (w:customStyle off), as for "toc 1" added by name."""
    style_el.attrib.pop(qn("w:customStyle"), None)


def set_style_fonts(style_el, font: str, east_asia: str) -> None:
    """Name the fonts in a style's run properties: one for all scripts but East Asian ones."""
    _put(style_el.get_or_add_rPr(), fonts_el(font, east_asia), RPR_ORDER)


def set_outline_level(style_el, level: int) -> None:
    """Give a paragraph style an outline level (0 = Heading 1) so TOC \\o picks it up."""
    _put(style_el.get_or_add_pPr(), _el(f'<w:outlineLvl w:val="{level}"/>'), PPR_ORDER)


def set_contextual_spacing(style_el) -> None:
    """Ignore spacing between consecutive paragraphs of the same style."""
    _put(style_el.get_or_add_pPr(), _el("<w:contextualSpacing/>"), PPR_ORDER)


def set_bottom_frame(el, width_twips: int) -> None:
    """Put a style's or a paragraph's text in a frame at the foot of the text area, centred."""
    frame = _el(f'<w:framePr w:w="{width_twips}" w:wrap="around" w:vAnchor="margin" '
                f'w:hAnchor="margin" w:xAlign="center" w:yAlign="bottom"/>')
    _put(el.get_or_add_pPr(), frame, PPR_ORDER)


def prune_styles(styles_el, keep: set[str]) -> None:
    """Remove every style not named in ``keep`` (its w:name) but the defaults, links to them, and
    the template's revision ids."""
    for style in styles_el.findall(qn("w:style")):
        if style.get(qn("w:default")) != "1" and style.name_val not in keep:
            styles_el.remove(style)
    ids = {style.get(qn("w:styleId")) for style in styles_el.findall(qn("w:style"))}
    for link in styles_el.iter(qn("w:link")):
        if link.get(qn("w:val")) not in ids:
            link.getparent().remove(link)
    for rsid in list(styles_el.iter(qn("w:rsid"))):
        rsid.getparent().remove(rsid)


def set_grid_borders(table_style_el, size_eighths: int) -> None:
    """Give a table style single borders on every edge and between all cells."""
    edges = "".join(f'<w:{e} w:val="single" w:sz="{size_eighths}" w:space="0" w:color="000000"/>'
                    for e in ("top", "left", "bottom", "right", "insideH", "insideV"))
    tblpr = table_style_el.find(qn("w:tblPr"))
    if tblpr is None:
        tblpr = OxmlElement("w:tblPr")
        table_style_el.append(tblpr)
    _put(tblpr, _el(f"<w:tblBorders>{edges}</w:tblBorders>"), TBLPR_ORDER)


# --- settings -----------------------------------------------------------------------------------

def tidy_settings(settings_el, compat_mode: int, lang: str) -> None:
    """Drop the template's revision ids, its claim that the text was proofed and its American
    number separators (Word then uses the reader's); set the compatibility mode and language, and
    automatic hyphenation (which the styles allow only in table cells: ``set_hyphenation``)."""
    for tag in ("w:rsids", "w:updateFields", "w:proofState", "w:decimalSymbol", "w:listSeparator"):
        for child in settings_el.findall(qn(tag)):
            settings_el.remove(child)
    for setting in settings_el.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), str(compat_mode))
    for theme_lang in settings_el.iter(qn("w:themeFontLang")):
        theme_lang.attrib.clear()
        theme_lang.set(qn("w:val"), lang)
    tab_stop = settings_el.find(qn("w:defaultTabStop"))
    if tab_stop is not None and settings_el.find(qn("w:autoHyphenation")) is None:
        tab_stop.addnext(_el("<w:autoHyphenation/>"))       # CT_Settings: right after defaultTabStop


def set_hyphenation(style_el, on: bool) -> None:
    """Let Word break the words of a style's paragraphs by their language (``w:autoHyphenation``
    in the settings turns it on), or keep them whole."""
    _put(style_el.get_or_add_pPr(), _el(f'<w:suppressAutoHyphens w:val="{0 if on else 1}"/>'), PPR_ORDER)


def app_properties(application: str, words: int) -> bytes:
    """docProps/app.xml: the program that wrote the file and the document's word count."""
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            f"<Application>{escape(application)}</Application><Words>{words}</Words>"
            "</Properties>").encode("utf-8")


# --- runs, fields, bookmarks, hyperlinks --------------------------------------------------------

def text_run(text: str, bold: bool = False, italic: bool = False):
    """A w:r holding ``text`` verbatim (spaces and U+00A0 kept)."""
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    run = _el(f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}<w:t/></w:r>")
    t = run.find(qn("w:t"))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


def set_run_language(r_el, lang: str, east_asia_font: str | None = None) -> None:
    """Mark a run's language; for an East Asian one as such, in ``east_asia_font``."""
    rpr = r_el.get_or_add_rPr()
    q = quoteattr(lang)
    if east_asia_font:
        _put(rpr, _el(f"<w:rFonts w:eastAsia={quoteattr(east_asia_font)} w:hint=\"eastAsia\"/>"), RPR_ORDER)
        _put(rpr, _el(f"<w:lang w:val={q} w:eastAsia={q}/>"), RPR_ORDER)
    else:
        _put(rpr, _el(f"<w:lang w:val={q}/>"), RPR_ORDER)


def tab_run():
    """A w:r holding one tab."""
    return _el("<w:r><w:tab/></w:r>")


def field_begin(instr: str) -> list:
    """The runs that open a complex field up to its result: begin, instruction, separate."""
    begin = _el('<w:r><w:fldChar w:fldCharType="begin"/></w:r>')
    code = _el('<w:r><w:instrText xml:space="preserve"/></w:r>')
    code.find(qn("w:instrText")).text = instr
    return [begin, code, _el('<w:r><w:fldChar w:fldCharType="separate"/></w:r>')]


def field_end():
    """The run that closes a complex field."""
    return _el('<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def field_runs(instr: str, result: str) -> list:
    """The runs of a whole complex field with its result already filled in."""
    runs = field_begin(instr)
    if result:
        runs.append(text_run(result))
    return [*runs, field_end()]


def add_bookmark(p_el, bookmark_id: int, name: str) -> None:
    """Wrap a paragraph's content in a bookmark."""
    start = _el(f'<w:bookmarkStart w:id="{bookmark_id}" w:name={quoteattr(name)}/>')
    ppr = p_el.find(qn("w:pPr"))
    if ppr is None:
        p_el.insert(0, start)
    else:
        ppr.addnext(start)
    p_el.append(_el(f'<w:bookmarkEnd w:id="{bookmark_id}"/>'))


def hyperlink_to(p_el, anchor: str):
    """Append an internal hyperlink to bookmark ``anchor`` and return it for its runs."""
    link = _el(f'<w:hyperlink w:anchor={quoteattr(anchor)} w:history="1"/>')
    p_el.append(link)
    return link


def page_break_run():
    """A run holding a page break."""
    return _el('<w:r><w:br w:type="page"/></w:r>')


# --- tables -------------------------------------------------------------------------------------

def mark_header_row(tr_el) -> None:
    """Repeat this row at the top of every page the table continues on."""
    trpr = tr_el.get_or_add_trPr()
    trpr.insert_element_before(OxmlElement("w:tblHeader"), "w:tblCellSpacing", "w:jc", "w:hidden",
                               "w:ins", "w:del", "w:trPrChange")


def forbid_row_split(tr_el) -> None:
    """Keep the row on one page."""
    trpr = tr_el.get_or_add_trPr()
    trpr.insert_element_before(OxmlElement("w:cantSplit"), "w:trHeight", "w:tblHeader",
                               "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del")


def set_table_geometry(tbl_el, width_twips: int, cell_margin_twips: int) -> None:
    """A fixed-layout table exactly ``width_twips`` wide, starting at the left margin, each cell's
    text ``cell_margin_twips`` from its borders on every side."""
    tblpr = tbl_el.tblPr
    _put(tblpr, _el(f'<w:tblW w:w="{width_twips}" w:type="dxa"/>'), TBLPR_ORDER)
    _put(tblpr, _el('<w:tblInd w:w="0" w:type="dxa"/>'), TBLPR_ORDER)
    _put(tblpr, _el('<w:tblLayout w:type="fixed"/>'), TBLPR_ORDER)
    sides = "".join(f'<w:{side} w:w="{cell_margin_twips}" w:type="dxa"/>'
                    for side in ("top", "left", "bottom", "right"))
    _put(tblpr, _el(f"<w:tblCellMar>{sides}</w:tblCellMar>"), TBLPR_ORDER)


# --- numbering ----------------------------------------------------------------------------------

def add_abstract_num(numbering_el, abstract_id: int, levels: list[tuple[str, str, int, int]], font: str) -> None:
    """Add a list of one or two levels, each (format, text like "%1)", left and first-line indent
    in twips): the number at the first line's indent, then a space."""
    kind = "singleLevel" if len(levels) == 1 else "multilevel"
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/>'
        f'<w:numFmt w:val="{num_fmt}"/><w:suff w:val="space"/>'
        f'<w:lvlText w:val={quoteattr(lvl_text)}/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{left}" w:firstLine="{first_line}"/></w:pPr>'
        f"<w:rPr/></w:lvl>" for i, (num_fmt, lvl_text, left, first_line) in enumerate(levels))
    abstract = _el(f'<w:abstractNum w:abstractNumId="{abstract_id}">'
                   f'<w:multiLevelType w:val="{kind}"/>{lvls}</w:abstractNum>')
    for rpr in abstract.iter(qn("w:rPr")):
        rpr.append(fonts_el(font))
    existing = numbering_el.findall(qn("w:abstractNum"))
    if existing:
        existing[-1].addnext(abstract)
    else:
        numbering_el.insert(0, abstract)


def add_num(numbering_el, num_id: int, abstract_id: int) -> None:
    """Add a list instance of a definition that starts again at 1."""
    num = _el(f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
              f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>')
    numbering_el.insert_element_before(num, "w:numIdMacAtCleanup")


def clear_numbering(numbering_el) -> None:
    """Remove every list definition and instance."""
    for tag in ("w:abstractNum", "w:num", "w:numIdMacAtCleanup"):
        for el in numbering_el.findall(qn(tag)):
            numbering_el.remove(el)


def max_ids(numbering_el) -> tuple[int, int]:
    """The highest abstractNumId and numId already used."""
    abstract = [int(v) for v in numbering_el.xpath("./w:abstractNum/@w:abstractNumId")]
    nums = [int(v) for v in numbering_el.xpath("./w:num/@w:numId")]
    return max(abstract, default=-1), max(nums, default=0)


def set_num_pr(p_el, num_id: int, level: int = 0) -> None:
    """Number a paragraph with list instance ``num_id`` at ``level`` (0, or 1 for a sub-item)."""
    numpr = _el(f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    _put(p_el.get_or_add_pPr(), numpr, PPR_ORDER)


# --- drawings -----------------------------------------------------------------------------------

def set_alt_text(inline_el, descr: str) -> None:
    """Set a picture's alternative text (wp:docPr descr)."""
    inline_el.docPr.set("descr", descr)


# --- footnotes ----------------------------------------------------------------------------------

SEPARATOR_IDS = (-1, 0)      # the separator line and its continuation, before the footnotes proper


def footnotes_root():
    """A w:footnotes element holding the two separator notes Word expects first."""
    root = _el("<w:footnotes/>")
    for note_id, kind in zip(SEPARATOR_IDS, ("separator", "continuationSeparator")):
        root.append(_el(f'<w:footnote w:type="{kind}" w:id="{note_id}"><w:p><w:pPr>'
                        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
                        f"<w:r><w:{kind}/></w:r></w:p></w:footnote>"))
    return root


def footnote(note_id: int, text_style: str, mark_style: str):
    """A w:footnote whose paragraph starts with its number mark and a space; (note, paragraph)."""
    note = _el(f'<w:footnote w:id="{note_id}"><w:p><w:pPr><w:pStyle w:val={quoteattr(text_style)}/></w:pPr>'
               f"<w:r><w:rPr><w:rStyle w:val={quoteattr(mark_style)}/></w:rPr><w:footnoteRef/></w:r>"
               '<w:r><w:t xml:space="preserve"> </w:t></w:r></w:p></w:footnote>')
    return note, note.find(qn("w:p"))


def footnote_reference_run(note_id: int, mark_style: str):
    """The run that calls footnote ``note_id`` in the text, in the mark's (superscript) style."""
    return _el(f"<w:r><w:rPr><w:rStyle w:val={quoteattr(mark_style)}/></w:rPr>"
               f'<w:footnoteReference w:id="{note_id}"/></w:r>')


def declare_footnote_separators(settings_el) -> None:
    """Name the separator notes in the settings (w:footnotePr), as Word writes them."""
    pr = _el("<w:footnotePr>" + "".join(f'<w:footnote w:id="{i}"/>' for i in SEPARATOR_IDS) + "</w:footnotePr>")
    later = [child for child in settings_el if child.tag in (qn("w:endnotePr"), qn("w:compat"), qn("w:docVars"),
                                                              qn("w:rsids"))]
    if later:
        later[0].addprevious(pr)
    else:
        settings_el.append(pr)


# --- charts -------------------------------------------------------------------------------------

C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
CHART_URI = C_NS


def finish_chart_space(chart_space, lang: str) -> None:
    """The chart's language (its numbers' separators), square corners and no frame or fill
    around it (Word's defaults are rounded and framed)."""
    for tag in ("lang", "roundedCorners"):
        for old in chart_space.findall(f"{{{C_NS}}}{tag}"):
            chart_space.remove(old)
    at = 1 if chart_space.find(f"{{{C_NS}}}date1904") is not None else 0
    chart_space.insert(at, parse_xml(f'<c:lang xmlns:c="{C_NS}" val={quoteattr(lang)}/>'))
    chart_space.insert(at + 1, parse_xml(f'<c:roundedCorners xmlns:c="{C_NS}" val="0"/>'))
    frame = parse_xml(f'<c:spPr xmlns:c="{C_NS}" xmlns:a="{A_NS}"><a:noFill/>'
                      f'<a:ln><a:noFill/></a:ln></c:spPr>')
    chart_space.find(f"{{{C_NS}}}chart").addnext(frame)


def value_axis_at_last_category(chart_space) -> None:
    """Cross the value axis at the last category: at the foot of a bar chart read top down."""
    for crosses in chart_space.iterfind(f".//{{{C_NS}}}valAx/{{{C_NS}}}crosses"):
        crosses.set("val", "max")


def chart_run(r_id: str, shape_id: int, cx: int, cy: int, descr: str):
    """A run holding an inline native chart (related as ``r_id``), ``cx`` × ``cy`` EMU, alt text."""
    return parse_xml(
        f'<w:r {nsdecls("w", "wp", "a", "r")}><w:drawing>'
        f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
        f'<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name="Chart {shape_id}" descr={quoteattr(descr)}/>'
        f'<wp:cNvGraphicFramePr/><a:graphic><a:graphicData uri="{CHART_URI}">'
        f'<c:chart xmlns:c="{C_NS}" r:id="{r_id}"/></a:graphicData></a:graphic>'
        f"</wp:inline></w:drawing></w:r>")


def delete_data_label(series, index: int) -> None:
    """No label on a series' ``index``-th point (its ``c:dLbl`` holds only ``c:delete``), whatever
    its series' labels show; ``series`` is python-pptx's ``c:ser`` element."""
    label = series.get_or_add_dLbls().get_or_add_dLbl_for_point(index)
    for child in list(label)[1:]:               # c:idx stays first
        label.remove(child)
    label.append(parse_xml(f'<c:delete xmlns:c="{C_NS}" val="1"/>'))


def label_format(label, number_format: str, share: bool = False) -> None:
    """A point's own label (python-pptx's ``c:dLbl``, which shows the value unformatted) in
    ``number_format``: its value, or its share of the whole (a pie's)."""
    for tag, val in (("showVal", "0" if share else "1"), ("showPercent", "1" if share else "0")):
        label.find(f"{{{C_NS}}}{tag}").set("val", val)
    label.find(f"{{{C_NS}}}idx").addnext(
        parse_xml(f'<c:numFmt xmlns:c="{C_NS}" formatCode={quoteattr(number_format)} sourceLinked="0"/>'))


def turn_labels(labels, degrees: int) -> None:
    """Labels (a ``c:dLbls`` whose text properties are set) turned ``degrees`` left, reading up."""
    body = labels.find(f"{{{C_NS}}}txPr/{{{A_NS}}}bodyPr")
    body.set("rot", str(-degrees * 60000))
    body.set("vert", "horz")


def chart_values(chart_space) -> dict[tuple[int, int], str]:
    """(series index, point index) → the value a chart part caches, series in ``c:ser`` order."""
    chart = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    out = {}
    for s, series in enumerate(chart_space.iter(f"{chart}ser")):
        for point in series.iterfind(f"{chart}val//{chart}pt"):
            value = point.find(f"{chart}v")
            out[(s, whole_number(point.get("idx")))] = value.text if value is not None else ""
    return out
