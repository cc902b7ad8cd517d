"""DOCX output through python-docx, starting from the reference document's styles."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx import Document as open_docx
from docx.document import Document as Docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph
from PIL import Image

from pipeline.compose import document as d
from pipeline.content.limits import MAX_NAME_CHARS
from pipeline.content.text import parse_inline, plain
from pipeline.errors import PipelineError
from pipeline.fsutil import write_bytes
from pipeline.i18n.localefmt import tag as lang_tag
from pipeline.render.diagram import DPI
from pipeline.render.diagram import render as render_dot
from pipeline.render.docxforms import add_control
from pipeline.render.flow import Keep, ListPart, arrange, guess_pages, landscape, whole

PAPER_MM = {"a4": (210, 297), "letter": (215.9, 279.4)}
MARGINS_MM = (22, 20, 22, 22)  # top, right, bottom, left: the same as the print CSS
LINE_MM = 5.6  # a body line with its share of paragraph spacing, for guessing page numbers


def clip(text: str) -> str:
    """Shorten text to the 255 characters a DOCX document property holds; the cover has it all."""
    return text if len(text) <= MAX_NAME_CHARS else text[: MAX_NAME_CHARS - 1] + "…"


def _fld(kind: str) -> Any:
    # Never marked dirty: the results written here (contents, page references) are shown as
    # they are, so neither Word nor LibreOffice asks to update fields on opening.
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), kind)
    return el


def field_start(par: DocxParagraph, instr: str) -> None:
    """Open a complex field; what follows, up to `field_end`, is its shown result."""
    par.add_run()._r.append(_fld("begin"))
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instr} "
    par.add_run()._r.append(text)
    par.add_run()._r.append(_fld("separate"))


def field_end(par: DocxParagraph) -> None:
    par.add_run()._r.append(_fld("end"))


def add_field(par: DocxParagraph, instr: str, placeholder: str = "") -> None:
    """Append a complex field (PAGE, TOC, ...) that Word and LibreOffice compute."""
    field_start(par, instr)
    par.add_run(placeholder)
    field_end(par)


def mark(anchor: str) -> str:
    """Bookmark name for an anchor: Word allows letters, digits and underscores only."""
    return anchor.replace("-", "_")[:40]


def add_runs(par: DocxParagraph, text: str,
             xref: Callable[[DocxParagraph, str], None] | None = None) -> None:
    """Add inline-markup text as runs: bold, italic, internal links and preview marks.

    `xref` adds a page reference after each internal link.
    """
    for r in parse_inline(text):
        if r.link:
            link = OxmlElement("w:hyperlink")
            link.set(qn("w:anchor"), mark(r.link))
            run = par.add_run(r.text)
            run.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
            run.bold, run.italic = r.bold or None, r.italic or None
            link.append(run._r)
            par._p.append(link)
            if xref is not None:
                xref(par, r.link)
            continue
        run = par.add_run(r.text)
        run.bold, run.italic = r.bold or None, r.italic or None
        if r.marked:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def bookmark(par: DocxParagraph, name: str, ident: int) -> None:
    """Wrap the paragraph's content in a bookmark, the target of internal links."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(ident))
    start.set(qn("w:name"), mark(name))
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(ident))
    par._p.insert(1 if par._p.pPr is not None else 0, start)
    par._p.append(end)


def shade(cell: Any, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def header_cell(cell: Any) -> None:
    """Style a table header cell: dark fill, white bold text, as in the print CSS."""
    shade(cell, "1F4E79")
    for run in cell.paragraphs[0].runs:
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        run.bold = True


def set_widths(table: Any, widths_mm: list[float]) -> None:
    """Fix column widths in the grid and every cell: LibreOffice reads the grid, Word both."""
    table.autofit = False
    for col, w in zip(table.columns, widths_mm, strict=True):
        col.width = Mm(w)
        for cell in col.cells:
            cell.width = Mm(w)


def repeat_header(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def keep_next(element: Any) -> None:
    """Keep a paragraph, or every paragraph of a table, with what follows it."""
    for p in [element] if element.tag == qn("w:p") else element.iter(qn("w:p")):
        ppr = p.get_or_add_pPr()
        if ppr.find(qn("w:keepNext")) is None:
            ppr.insert(0, OxmlElement("w:keepNext"))


def paginate_table(table: Any, together: bool) -> None:
    """Rows never split; a small table stays whole, a long one keeps its ends together."""
    rows = table.rows
    for row in rows:
        trpr = row._tr.get_or_add_trPr()
        trpr.insert(0, OxmlElement("w:cantSplit"))
    keep = range(len(rows) - 1) if together else {0, 1, len(rows) - 2}
    for i in keep:
        if 0 <= i < len(rows) - 1:
            keep_next(rows[i]._tr)


class DocxWriter:
    """Writes a Document into a python-docx document, one method per block type."""

    def __init__(self, doc: d.Document, paper: str, templates: Path, cache: Path,
                 duplex: bool = False) -> None:
        self.src, self.paper, self.cache, self.duplex = doc, paper, cache, duplex
        self.docx: Docx = open_docx(str(templates / "reference.docx"))
        self.bookmarks = 0
        self.style_ids: dict[str, str | None] = {}
        body = self.docx.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        across, down = PAPER_MM[paper][::-1] if landscape(doc) else PAPER_MM[paper]
        self.width_mm = across - MARGINS_MM[1] - MARGINS_MM[3]
        self.height_mm = down - MARGINS_MM[0] - MARGINS_MM[2]
        # Cached results for the contents and page references, until Word updates fields.
        self.pages = guess_pages(doc.blocks, round(self.height_mm / LINE_MM))
        self.page_abbr = doc.meta.labels.get("page_abbr", "p.")

    def setup(self) -> None:
        """Page size, margins, running header and page numbers, language and properties."""
        meta = self.src.meta
        sec = self.docx.sections[0]
        wide = landscape(self.src)
        sec.orientation = WD_ORIENT.LANDSCAPE if wide else WD_ORIENT.PORTRAIT
        size = PAPER_MM[self.paper]
        sec.page_width, sec.page_height = (Mm(v) for v in (size[::-1] if wide else size))
        sec.top_margin, sec.right_margin, sec.bottom_margin, sec.left_margin = (
            Mm(v) for v in MARGINS_MM)
        sec.different_first_page_header_footer = True
        head = sec.header.paragraphs[0]
        head.text = meta.running_title
        head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self.styled(head, "Small")
        foot = sec.footer.paragraphs[0]
        foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_field(foot, "PAGE", "1")
        tag = lang_tag(meta.lang)
        rpr = self.docx.styles.element.find(qn("w:docDefaults")).find(
            qn("w:rPrDefault")).find(qn("w:rPr"))
        for old in rpr.findall(qn("w:lang")):
            rpr.remove(old)
        lang = OxmlElement("w:lang")
        for attr in ("w:val", "w:eastAsia", "w:bidi"):
            lang.set(qn(attr), tag)
        rpr.append(lang)
        when = dt.datetime.fromisoformat(meta.date_iso).replace(tzinfo=dt.UTC)
        props = self.docx.core_properties
        title = meta.title if meta.kind == "guide" else f"{meta.title} – {meta.subtitle}"
        props.title, props.subject = clip(title), clip(meta.subtitle)
        props.author = props.last_modified_by = clip(meta.publisher)
        props.language = tag
        props.created = props.modified = when
        props.last_printed = when
        props.revision = 1
        props.keywords = meta.labels.get("keywords", "")
        props.comments, props.category = "", meta.labels.get(meta.kind, meta.kind)
        props.identifier, props.content_status = "", ""
        props.version = meta.version

    def widths(self, relative: tuple[int, ...]) -> list[float]:
        """Column widths in mm that fill the text width in the given proportions."""
        return [self.width_mm * w / sum(relative) for w in relative]

    def style_id(self, name: str) -> str | None:
        """The ID of a style, looked up once: python-docx scans every style on each lookup."""
        if name not in self.style_ids:
            style = self.docx.styles[name]
            default = self.docx.styles.default(style.type)
            # As python-docx does: the default style is implied, not named.
            self.style_ids[name] = None if default is not None and \
                default.style_id == style.style_id else style.style_id
        return self.style_ids[name]

    def styled(self, par: DocxParagraph, name: str) -> DocxParagraph:
        """Give a paragraph a style by name."""
        par._p.get_or_add_pPr().style = self.style_id(name)
        return par

    def table_style(self, table: Any, name: str) -> None:
        """Give a table a style by name."""
        table._tbl.tblPr.style = self.style_id(name)

    def para(self, text: str, style: str = "Normal") -> DocxParagraph:
        par = self.styled(self.docx.add_paragraph(), style)
        add_runs(par, text, self.xref)
        return par

    def xref(self, par: DocxParagraph, anchor: str) -> None:
        """Add " → p. 34" after a link: a PAGEREF field showing the guessed page."""
        par.add_run(f"\u00a0→\u00a0{self.page_abbr}\u00a0")
        add_field(par, f"PAGEREF {mark(anchor)} \\h", str(self.pages.get(anchor, "")))

    def page_break(self) -> None:
        self.docx.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # Block writers ----------------------------------------------------------

    def Cover(self, b: d.Cover) -> None:
        if b.publisher:
            self.para(b.publisher, "Cover Publisher")
        for _ in range(6):
            self.docx.add_paragraph()
        self.para(b.title, "Title")
        self.para(b.subtitle, "Subtitle")
        for _ in range(8):
            self.docx.add_paragraph()
        for i, line in enumerate(b.lines):
            par = self.para(line, "Cover Line")
            if i == 0:
                for run in par.runs:
                    run.bold = True
        if b.note:
            self.para(b.note, "Small")
        self.page_break()

    def Colophon(self, b: d.Colophon) -> None:
        for _ in range(8):
            self.docx.add_paragraph()
        for line in b.lines:
            self.para(line, "Small")
        for title, text in b.sections:
            self.para(title, "Field Label")
            self.para(text, "Small")
        for note in b.notes:
            self.para(note, "Small")

    def Toc(self, b: d.Toc) -> None:
        """A TOC field whose result already lists the headings with their page numbers.

        Each entry is built as Word builds it (a link, a tab with dot leader and a PAGEREF
        field), so Word and LibreOffice show it as it is, without asking to update.
        """
        self.para(b.title, "TOC Heading")
        heads = [h for h in self.src.headings() if h.level <= b.depth and h.bookmark]
        for i, h in enumerate(heads):
            par = self.styled(self.docx.add_paragraph(), f"TOC {min(h.level, 2)}")
            if i == 0:
                field_start(par, f'TOC \\o "1-{b.depth}" \\h \\z \\u')
            start = len(par._p)
            par.add_run((f"{h.number}\u2002" if h.number else "") + plain(h.text))
            par.add_run().add_tab()
            add_field(par, f"PAGEREF {mark(h.anchor)} \\h", str(self.pages.get(h.anchor, "")))
            link = OxmlElement("w:hyperlink")
            link.set(qn("w:anchor"), mark(h.anchor))
            for run in list(par._p)[start:]:  # the entry's runs go inside one link
                link.append(run)
            par._p.append(link)
            if i == len(heads) - 1:
                field_end(par)

    def Heading(self, b: d.Heading) -> None:
        if self.duplex and b.level == 1 and len(self.docx.element.body) > 1:
            # An odd-page section break: Word and LibreOffice add the blank verso.
            self.docx.add_section(WD_SECTION.ODD_PAGE)
        par = self.styled(self.docx.add_paragraph(), f"Heading {min(b.level, 3)}")
        if self.duplex and b.level == 1:
            par.paragraph_format.page_break_before = False  # the section break starts the page
        if b.number:
            par.add_run(f"{b.number} ")
        add_runs(par, b.text)
        self.bookmarks += 1
        bookmark(par, b.anchor, self.bookmarks)
        if not b.bookmark:
            # Minor headings stay out of the navigation pane and the TOC, as in the PDF.
            ppr = par._p.get_or_add_pPr()
            lvl = OxmlElement("w:outlineLvl")
            lvl.set(qn("w:val"), "9")
            ppr.append(lvl)

    def Paragraph(self, b: d.Paragraph) -> None:
        par = self.para(b.text, {"question": "Question", "small": "Small",
                                 "reference": "Small"}.get(b.style, "Normal"))
        if b.anchor:  # a link target, e.g. a work in the References chapter
            self.bookmarks += 1
            bookmark(par, b.anchor, self.bookmarks)

    def BulletList(self, b: d.BulletList | ListPart) -> None:
        for item in b.items:
            self.para(item, "List Number" if b.ordered else "List Bullet")

    ListPart = BulletList

    def Keep(self, b: Keep) -> None:
        """Write a group that stays on one page: each part is kept with the next."""
        body = self.docx.element.body
        before = len(body)
        for x in b.items:
            self.block(x)
        added = [el for el in list(body)[before:] if el.tag in (qn("w:p"), qn("w:tbl"))]
        for el in added if b.lead else added[:-1]:
            keep_next(el)

    def Table(self, b: d.Table) -> None:
        if b.caption:
            self.para(b.caption, "Caption")
        table = self.docx.add_table(rows=1 + len(b.rows), cols=len(b.header))
        self.table_style(table, "Table Grid")
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        set_widths(table, self.widths(b.widths))
        for row_idx, cells in enumerate((b.header, *b.rows)):
            row = table.rows[row_idx]
            for i, text in enumerate(cells):
                cell = row.cells[i]
                par = cell.paragraphs[0]
                self.styled(par, "Table Text")
                add_runs(par, text, self.xref)
                if row_idx == 0:
                    header_cell(cell)
                elif i == 0 and b.style != "grid":
                    shade(cell, "EEF3F8")
                    for run in par.runs:
                        run.bold = True
        repeat_header(table.rows[0])
        paginate_table(table, whole(b))
        self.docx.add_paragraph()

    def Figure(self, b: d.Figure) -> None:
        png = render_dot(b.dot, "png", self.cache)
        width, height = Image.open(io.BytesIO(png)).size
        # Drawn size (PNG at DPI dots per inch), so the type keeps its print size; shrink
        # only if it would not fit the page.
        w_mm = min(width / DPI * 25.4, self.width_mm, self.height_mm * 0.85 * width / height)
        par = self.docx.add_paragraph()
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        par.add_run().add_picture(io.BytesIO(png), width=Mm(w_mm))
        docpr = par._p.findall(".//" + qn("wp:docPr"))
        for el in docpr:
            el.set("descr", b.alt)
        cap = self.para(b.caption, "Caption")
        cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if b.anchor:
            self.bookmarks += 1
            bookmark(cap, b.anchor, self.bookmarks)

    def Callout(self, b: d.Callout) -> None:
        table = self.docx.add_table(rows=1, cols=1)
        self.table_style(table, "Table Grid")
        cell = table.rows[0].cells[0]
        shade(cell, "FFF4E5" if b.kind == "draft" else "F3F7FB")
        title = cell.paragraphs[0]
        self.styled(title, "Draft Callout Title" if b.kind == "draft" else "Callout Title")
        add_runs(title, b.title)
        for p in b.body:
            items = p.items if isinstance(p, d.BulletList) else (p.text,)
            for item in items:
                par = self.styled(cell.add_paragraph(), "Callout")
                add_runs(par, ("• " if isinstance(p, d.BulletList) else "") + item)
        self.docx.add_paragraph()

    def BarChart(self, b: d.BarChart) -> None:
        steps = 16  # the bar is drawn in quarter points of a 0..4 scale as shaded cells
        table = self.docx.add_table(rows=len(b.bars), cols=steps + 2)
        self.table_style(table, "Table Grid")
        set_widths(table, self.widths((40, *([3] * steps), 10)))
        for row, (label, value, text) in zip(table.rows, b.bars, strict=True):
            self.styled(row.cells[0].paragraphs[0], "Table Text")
            row.cells[0].paragraphs[0].add_run(label)
            filled = round(steps * max(0.0, min(value, b.maximum)) / b.maximum)
            for i in range(steps):
                if i < filled:
                    shade(row.cells[1 + i], "C55A11" if value < b.maximum * 0.625 else "1F4E79")
            self.styled(row.cells[-1].paragraphs[0], "Table Text")
            row.cells[-1].paragraphs[0].add_run(text)
        self.para(b.caption, "Caption")

    def PageBreak(self, b: d.PageBreak) -> None:
        self.page_break()

    def FormField(self, b: d.FormField) -> None:
        f = b.field
        self.para(f.label, "Field Label")
        if f.help:
            self.para(f.help, "Field Help")
        if f.type in ("choice", "score", "checkbox"):
            add_control(self.docx.add_paragraph(), f)
            return
        # A bordered one-cell table gives a visible box to write in on paper.
        table = self.docx.add_table(rows=1, cols=1)
        self.table_style(table, "Table Grid")
        cell = table.rows[0].cells[0]
        par = cell.paragraphs[0]
        add_control(par, f)
        if f.type == "multiline":
            row = table.rows[0]
            row.height = Mm(24)
        self.styled(self.docx.add_paragraph(), "Field Help")

    def FormTable(self, b: d.FormTable) -> None:
        table = self.docx.add_table(rows=1 + len(b.rows), cols=len(b.header))
        self.table_style(table, "Table Grid")
        set_widths(table, self.widths(b.widths))
        for r, cells in enumerate((b.header, *b.rows)):
            row = table.rows[r]
            if r:  # three writing lines where a cell takes free text, else one
                row.height = Mm(19 if any(isinstance(c, d.Field) and c.type == "multiline"
                                          for c in cells) else 9)
            for i, value in enumerate(cells):
                cell = row.cells[i]
                par = cell.paragraphs[0]
                self.styled(par, "Table Text")
                if isinstance(value, d.Field):
                    add_control(par, value)
                else:
                    add_runs(par, value)
                if r == 0:
                    header_cell(cell)
        repeat_header(table.rows[0])
        paginate_table(table, len(b.rows) < 8)
        self.docx.add_paragraph()

    def block(self, block: Any) -> None:
        method: Callable[[Any], None] | None = getattr(self, type(block).__name__, None)
        if method is None:
            raise PipelineError(f"internal: no DOCX for block type {type(block).__name__}")
        method(block)

    def write(self) -> bytes:
        self.setup()
        for block in arrange(self.src.blocks):
            self.block(block)
        buf = io.BytesIO()
        self.docx.save(buf)
        return normalise_zip(buf.getvalue(), self.src.meta.date_iso)


def normalise_zip(data: bytes, date_iso: str) -> bytes:
    """Rewrite a DOCX zip with fixed timestamps and entry order, so builds are byte-identical."""
    stamp = dt.date.fromisoformat(date_iso)
    when = (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)
    src = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in names:
            info = zipfile.ZipInfo(name, when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(name))
    return out.getvalue()


def write_docx(doc: d.Document, out: Path, paper: str, templates: Path, cache: Path,
               duplex: bool = False) -> None:
    """Render a Document to a DOCX file atomically."""
    write_bytes(out, DocxWriter(doc, paper, templates, cache, duplex).write())
