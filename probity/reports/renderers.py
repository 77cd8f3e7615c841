"""Renderers: each turns a document tree into bytes of one format, and nothing else."""

from __future__ import annotations

import base64
import io
import struct
from html import escape

from probity.core.document import Chart, Document, FigureRun, Heading, Paragraph, Table
from probity.core.text import display_width
from probity.reports import charts

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
FONT = "Noto Serif CJK TC"
TEXT_WIDTH_CM = 16.0  # an A4 page less its margins: what tables and charts are set to in ODT and DOCX
TABLE_FONT_PT = 9
CELL_PADDING_CM = 0.4  # a cell's margins left and right, as Word sets them
TEXT_COLUMN_NEED = 16  # a column whose longest cell is wider than this (in display columns) holds text


def render(document: Document, fmt: str, *, base_url: str = "") -> bytes:
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown report format {fmt!r} (use {', '.join(RENDERERS)})") from None
    return renderer(document, base_url=base_url)


# --- HTML and PDF --------------------------------------------------------------

_HTML_TAGS = {0: "h1", 1: "h2", 2: "h3", 3: "h4"}


def html_body(document: Document, *, base_url: str = "") -> str:
    """The report as an <article>: each figure links to its records."""
    parts = ['<article class="report">']
    for block in document.blocks:
        if isinstance(block, Heading):
            tag = _HTML_TAGS[block.level]
            css = ' class="report-title"' if block.level == 0 else ""
            parts.append(f"<{tag}{css}>{escape(block.full_text)}</{tag}>")
            if block.level == 0:
                parts.append(f'<p class="report-subtitle">{escape(document.subtitle)}</p>')
        elif isinstance(block, Paragraph):
            parts.append("<p>" + "".join(_html_run(run, base_url) for run in block.runs) + "</p>")
        elif isinstance(block, Table):
            parts.append(_html_table(block))
        elif isinstance(block, Chart):
            data = base64.b64encode(charts.svg(block)).decode("ascii")
            parts.append(
                # tabindex: on a phone the chart scrolls in its box, and a keyboard must reach it to scroll it.
                f'<figure class="chart" tabindex="0"><img src="data:image/svg+xml;base64,{data}" alt="{escape(block.caption)}">'
                f"<figcaption>{escape(block.caption)}</figcaption></figure>"
            )
    parts.append("</article>")
    return "\n".join(parts)


def _html_run(run, base_url: str) -> str:
    if isinstance(run, FigureRun):
        if run.missing:
            return f'<mark class="figure-missing">{escape(run.text)}</mark>'
        return (
            f'<a class="figure" href="{escape(base_url + run.url)}" data-indicator="{escape(run.key)}"'
            f' title="{escape(run.label)}">{escape(run.text)}</a>'
        )
    return escape(run.text)


def _html_table(table: Table) -> str:
    head = "".join(
        f"<th{' class=num' if i >= table.numeric_from else ''}>{escape(cell)}</th>"
        for i, cell in enumerate(table.header)
    )
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=num' if i >= table.numeric_from else ''}>{escape(cell)}</td>" for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in table.rows
    )
    return (
        f'<table class="annex" tabindex="0"><caption>{escape(table.caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


# Page numbers in the document's language: the PDF's "page N of M", and the "page N" of ODT and DOCX footers.
PAGE_OF_PAGES = {
    False: '"第 " counter(page) " 頁，共 " counter(pages) " 頁"',
    True: '"Page " counter(page) " of " counter(pages)',
}
PAGE_WORDS = {False: ("第 ", " 頁"), True: ("Page ", "")}

PRINT_CSS = f"""
@page {{ size: A4; margin: 2.2cm 2cm 2.4cm; }}
body {{ font-family: '{FONT}', 'Noto Sans CJK TC', serif; font-size: 12pt; line-height: 1.7; color: #000; }}
h1.report-title {{ text-align: center; font-size: 18pt; margin: 0 0 .2em; }}
.report-subtitle {{ text-align: center; color: #444; margin-bottom: 1.5em; }}
h2 {{ font-size: 14pt; margin: 1.2em 0 .4em; }}
h3 {{ font-size: 13pt; margin: 1em 0 .3em; }}
h4 {{ font-size: 12pt; margin: .8em 0 .2em; }}
h2, h3, h4 {{ break-after: avoid; }}
p {{ text-align: justify; margin: 0 0 .5em; }}
a.figure {{ color: inherit; text-decoration: none; border-bottom: 1px dotted #1f5f8b; }}
mark.figure-missing {{ background: #fde68a; }}
table.annex {{ border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: .5em 0 1em; }}
table.annex caption {{ font-weight: bold; margin-bottom: .3em; break-after: avoid; }}
table.annex th, table.annex td {{ border: 1px solid #888; padding: 2px 4px; }}
table.annex th {{ background: #eee; }}
table.annex td:first-child, table.annex td:nth-child(3) {{ white-space: nowrap; }}
.num {{ text-align: right; }}
figure.chart {{ margin: 1em 0; page-break-inside: avoid; text-align: center; }}
figure.chart img {{ max-width: 100%; }}
figcaption {{ font-size: 10pt; }}
"""


def html(document: Document, *, base_url: str = "") -> bytes:
    """A standalone page (the downloaded HTML and the source of the PDF)."""
    page = f"@page {{ @bottom-center {{ content: {PAGE_OF_PAGES[document.in_english]}; font-size: 9pt; }} }}"
    return (
        "<!doctype html>\n"
        f'<html lang="{escape(document.language)}"><head><meta charset="utf-8"><title>{escape(document.title)}</title>'
        f"<style>{PRINT_CSS}{page}</style></head><body>\n{html_body(document, base_url=base_url)}\n</body></html>\n"
    ).encode()


def pdf(document: Document, *, base_url: str = "") -> bytes:
    from weasyprint import HTML

    return HTML(string=html(document, base_url=base_url).decode()).write_pdf()


# --- Markdown -------------------------------------------------------------------


def markdown(document: Document, *, base_url: str = "") -> bytes:
    """Sentences stay whole; every figure's source is listed at the end."""
    lines: list[str] = []
    for block in document.blocks:
        if isinstance(block, Heading):
            lines += ["#" * (block.level + 1) + " " + block.full_text, ""]
            if block.level == 0:
                lines += [document.subtitle, ""]
        elif isinstance(block, Paragraph):
            lines += [block.text, ""]
        elif isinstance(block, Table):
            lines += [f"**{block.caption}**", ""]
            lines.append("| " + " | ".join(block.header) + " |")
            lines.append(
                "|" + "|".join("---:" if i >= block.numeric_from else "---" for i in range(len(block.header))) + "|"
            )
            lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in block.rows]
            lines.append("")
        elif isinstance(block, Chart):
            lines += [f"*{block.caption}*", ""]
    sources = [run for run in document.figures() if not run.missing]
    if sources:
        lines += ["---", "", "## 數據來源", ""]
        lines += [f"- {run.label}（{run.key}）：{run.text} <{base_url}{run.url}>" for run in sources]
        lines.append("")
    return "\n".join(lines).encode()


# --- ODT ----------------------------------------------------------------------------


def odt(document: Document, *, base_url: str = "") -> bytes:
    from odfdo import Document as OdfDocument
    from odfdo import Header, Link
    from odfdo import Paragraph as OdfParagraph
    from odfdo.frame import Frame

    odf = OdfDocument("text")
    _odt_plain_outline(odf)
    _odt_page_numbers(odf, document.in_english)
    body = odf.body
    body.clear()
    for block in document.blocks:
        if isinstance(block, Heading):
            if block.level == 0:
                body.append(OdfParagraph(block.full_text, style="Title"))
                body.append(OdfParagraph(document.subtitle, style="Subtitle"))
            else:
                body.append(Header(block.level, block.full_text, style=f"Heading_20_{block.level}"))
        elif isinstance(block, Paragraph):
            paragraph = OdfParagraph("", style="Text_20_body")
            for run in block.runs:
                if isinstance(run, FigureRun) and not run.missing:
                    paragraph.append(Link(base_url + run.url, text=run.text))
                else:
                    paragraph.append(run.text)
            body.append(paragraph)
        elif isinstance(block, Table):
            body.append(OdfParagraph(block.caption, style="Table_20_Contents"))
            body.append(_odt_table(odf, block))
        elif isinstance(block, Chart):
            image = charts.png(block)
            width_px, height_px = _png_size(image)
            width_cm = TEXT_WIDTH_CM
            height_cm = width_cm * height_px / width_px
            uri = odf.add_file(io.BytesIO(image))
            frame = Frame.image_frame(
                uri, size=(f"{width_cm:.2f}cm", f"{height_cm:.2f}cm"), anchor_type="as-char", text=block.caption
            )
            holder = OdfParagraph("")
            holder.append(frame)
            body.append(holder)
            body.append(OdfParagraph(block.caption, style="Text_20_body"))
    buffer = io.BytesIO()
    odf.save(buffer)
    return buffer.getvalue()


def column_widths(table: Table, total: float = TEXT_WIDTH_CM) -> list[float]:
    """Each column's width (cm): a column of figures or short codes as wide as its longest cell (a long header
    may wrap), the text columns (labels) sharing what is left."""
    column_cm = TABLE_FONT_PT / 2 * 2.54 / 72  # one display column is half an em
    needs = []
    for index, header in enumerate(table.header):
        longest = max((display_width(row[index]) for row in table.rows), default=0)
        needs.append(max(2, longest, min(display_width(header), 8)))
    widths = [need * column_cm + CELL_PADDING_CM for need in needs]
    text = [index for index, need in enumerate(needs) if need > TEXT_COLUMN_NEED]
    left = total - sum(width for index, width in enumerate(widths) if index not in text)
    if text and left > 0:
        for index in text:
            widths[index] = left * needs[index] / sum(needs[i] for i in text)
    else:
        widths = [width * total / sum(widths) for width in widths]
    return [round(width, 2) for width in widths]


def _odt_table(odf, block: Table):
    """A ruled table in columns sized to their contents, figures right-aligned, the header row repeated on
    every page the table runs onto."""
    from odfdo import Cell, Column, Element, Row, Style
    from odfdo import Paragraph as OdfParagraph
    from odfdo import Table as OdfTable

    number = len(odf.body.get_tables())
    name = f"table{number + 1}"
    styles = [
        Style("table", name=name, width=f"{TEXT_WIDTH_CM}cm", align="center"),
        Style("table-cell", name=f"{name}.cell", border="0.5pt solid #000000", padding="0.06cm"),
        _odt_cell_text(f"{name}.text", "start", bold=False),
        _odt_cell_text(f"{name}.figure", "end", bold=False),
        _odt_cell_text(f"{name}.head", "center", bold=True),
    ]
    widths = column_widths(block)
    styles += [Style("table-column", name=f"{name}.c{i}", width=f"{width}cm") for i, width in enumerate(widths)]
    for style in styles:
        odf.insert_style(style, automatic=True)
    table = OdfTable(name, style=name)
    for index in range(len(widths)):
        table.append(Column(style=f"{name}.c{index}"))
    header = Element.from_tag("<table:table-header-rows/>")
    for row_number, values in enumerate((block.header, *block.rows)):
        row = Row()
        for index, text in enumerate(values):
            kind = "head" if row_number == 0 else "figure" if index >= block.numeric_from else "text"
            cell = Cell(style=f"{name}.cell")
            cell.append(OdfParagraph(text, style=f"{name}.{kind}"))
            row.append(cell)
        (header if row_number == 0 else table).append(row)
    table.insert(header, position=len(widths))
    return table


def _odt_cell_text(name: str, align: str, *, bold: bool):
    from odfdo import Style

    style = Style("paragraph", name=name)
    style.set_properties(area="paragraph", **{"fo:text-align": align})
    text = {"fo:font-size": f"{TABLE_FONT_PT}pt", "style:font-size-asian": f"{TABLE_FONT_PT}pt"}
    if bold:
        text |= {"fo:font-weight": "bold", "style:font-weight-asian": "bold"}
    style.set_properties(area="text", **text)
    return style


def _odt_plain_outline(odf) -> None:
    """The seed's numbering (一、（一）1.) is part of each heading's text: no automatic outline numbers."""
    outline = odf.styles.get_element("//text:outline-style")
    if outline is not None:
        for level in outline.children:
            for attribute in ("style:num-suffix", "style:num-prefix", "loext:num-list-format", "text:display-levels"):
                if level.get_attribute(attribute) is not None:
                    level.del_attribute(attribute)
            level.set_attribute("style:num-format", "")
    for name in ("Standard", "Heading", "Title", "Subtitle", "Text_20_body"):
        style = odf.get_style("paragraph", name)
        if style is not None:
            style.set_properties(
                area="text",
                **{"style:font-family-asian": f"'{FONT}'", "fo:font-family": f"'{FONT}'"},
            )
    for level in (1, 2, 3):
        style = odf.get_style("paragraph", f"Heading_20_{level}")
        if style is not None:  # the seed's headings are upright bold, not italic
            style.set_properties(area="text", **{"fo:font-style": "normal", "style:font-style-asian": "normal"})


def _odt_page_numbers(odf, in_english: bool) -> None:
    from odfdo import Paragraph as OdfParagraph
    from odfdo import Style
    from odfdo.variable import VarPageNumber

    before, after = PAGE_WORDS[in_english]
    footer = OdfParagraph(before, style="Footer")
    footer.append(VarPageNumber(select_page="current"))
    if after:
        footer.append(after)
    odf.get_style("master-page", "Standard").set_page_footer(footer)
    centred = Style("paragraph", name="Footer")  # as in the PDF and DOCX
    centred.set_properties(area="paragraph", **{"fo:text-align": "center"})
    odf.insert_style(centred)


def _png_size(data: bytes) -> tuple[int, int]:
    return struct.unpack(">II", data[16:24])


# --- DOCX ---------------------------------------------------------------------------


def docx(document: Document, *, base_url: str = "") -> bytes:
    from docx import Document as DocxDocument
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    word = DocxDocument()
    section = word.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3"):
        _docx_font(word.styles[name])
    word.styles["Normal"].font.size = Pt(12)
    _docx_page_numbers(section, document.in_english)
    for block in document.blocks:
        if isinstance(block, Heading):
            heading = word.add_heading(block.full_text, level=block.level)
            if block.level == 0:
                heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
                word.add_paragraph(document.subtitle).alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif isinstance(block, Paragraph):
            paragraph = word.add_paragraph()
            for run in block.runs:
                if isinstance(run, FigureRun) and not run.missing:
                    _docx_link(paragraph, base_url + run.url, run.text)
                else:
                    paragraph.add_run(run.text)
        elif isinstance(block, Table):
            word.add_paragraph(block.caption)
            _docx_table(word, block)
        elif isinstance(block, Chart):
            word.add_picture(io.BytesIO(charts.png(block)), width=Cm(TEXT_WIDTH_CM))
            word.add_paragraph(block.caption).alignment = WD_ALIGN_PARAGRAPH.CENTER
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _docx_table(word, block: Table) -> None:
    """A ruled table in columns sized to their contents, figures right-aligned, the header row repeated on
    every page the table runs onto."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Cm, Pt

    widths = [Cm(width) for width in column_widths(block)]
    table = word.add_table(rows=0, cols=len(widths))
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row_number, values in enumerate((block.header, *block.rows)):
        row = table.add_row()
        if row_number == 0:
            row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for index, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            cell.width = widths[index]
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(text)
            run.font.size = Pt(TABLE_FONT_PT)
            run.bold = row_number == 0
            if row_number == 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif index >= block.numeric_from:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _docx_font(style) -> None:
    from docx.oxml.ns import qn

    style.font.name = FONT
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT)


def _docx_link(paragraph, url: str, text: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rel_id = paragraph.part.relate_to(url or "#", RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    text_element = OxmlElement("w:t")
    text_element.text = text
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def _docx_page_numbers(section, in_english: bool) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, after = PAGE_WORDS[in_english]
    paragraph.add_run(before)
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    if after:
        paragraph.add_run(after)


RENDERERS = {"html": html, "md": markdown, "pdf": pdf, "odt": odt, "docx": docx}
