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
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph
from PIL import Image

from pipeline.compose import document as d
from pipeline.compose.common import link
from pipeline.content.text import parse_inline
from pipeline.errors import PipelineError
from pipeline.fsutil import write_bytes
from pipeline.render.diagram import render as render_dot

PAPER_MM = {"a4": (210, 297), "letter": (215.9, 279.4)}
MARGINS_MM = (22, 20, 22, 22)  # top, right, bottom, left: the same as the print CSS
LANG_TAGS = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES"}


def _fld(kind: str) -> Any:
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        el.set(qn("w:dirty"), "true")  # ask Word to recompute it on opening
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


def add_runs(par: DocxParagraph, text: str) -> None:
    """Add inline-markup text as runs: bold, italic, internal links and preview marks."""
    for r in parse_inline(text):
        if r.link:
            link = OxmlElement("w:hyperlink")
            link.set(qn("w:anchor"), r.link)
            run = par.add_run(r.text)
            run.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
            run.bold, run.italic = r.bold or None, r.italic or None
            link.append(run._r)
            par._p.append(link)
            continue
        run = par.add_run(r.text)
        run.bold, run.italic = r.bold or None, r.italic or None
        if r.marked:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def bookmark(par: DocxParagraph, name: str, ident: int) -> None:
    """Wrap the paragraph's content in a bookmark, the target of internal links."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(ident))
    start.set(qn("w:name"), name)
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


class DocxWriter:
    """Writes a Document into a python-docx document, one method per block type."""

    def __init__(self, doc: d.Document, paper: str, templates: Path, cache: Path) -> None:
        self.src, self.paper, self.cache = doc, paper, cache
        self.docx: Docx = open_docx(str(templates / "reference.docx"))
        self.bookmarks = 0
        body = self.docx.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        self.width_mm = PAPER_MM[paper][0] - MARGINS_MM[1] - MARGINS_MM[3]
        self.height_mm = PAPER_MM[paper][1] - MARGINS_MM[0] - MARGINS_MM[2]

    def setup(self) -> None:
        """Page size, margins, running header and page numbers, language and properties."""
        meta = self.src.meta
        sec = self.docx.sections[0]
        sec.orientation = WD_ORIENT.PORTRAIT
        sec.page_width, sec.page_height = (Mm(v) for v in PAPER_MM[self.paper])
        sec.top_margin, sec.right_margin, sec.bottom_margin, sec.left_margin = (
            Mm(v) for v in MARGINS_MM)
        sec.different_first_page_header_footer = True
        head = sec.header.paragraphs[0]
        head.text = meta.running_title
        head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        head.style = self.docx.styles["Small"]
        foot = sec.footer.paragraphs[0]
        foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_field(foot, "PAGE", "1")
        tag = LANG_TAGS.get(meta.lang, meta.lang)
        rpr = self.docx.styles.element.find(qn("w:docDefaults")).find(
            qn("w:rPrDefault")).find(qn("w:rPr"))
        for old in rpr.findall(qn("w:lang")):
            rpr.remove(old)
        lang = OxmlElement("w:lang")
        for attr in ("w:val", "w:eastAsia", "w:bidi"):
            lang.set(qn(attr), tag)
        rpr.append(lang)
        settings = self.docx.settings.element
        upd = OxmlElement("w:updateFields")
        upd.set(qn("w:val"), "true")
        settings.append(upd)
        when = dt.datetime.fromisoformat(meta.date_iso).replace(tzinfo=dt.UTC)
        props = self.docx.core_properties
        props.title = meta.title if meta.kind == "guide" else f"{meta.title} – {meta.subtitle}"
        props.subject, props.author = meta.subtitle, meta.publisher
        props.last_modified_by, props.language = meta.publisher, tag
        props.created = props.modified = when
        props.last_printed = when
        props.revision = 1
        props.keywords, props.comments, props.category = "social performance", "", meta.kind
        props.identifier, props.content_status = "", ""
        props.version = meta.version

    def widths(self, relative: tuple[int, ...]) -> list[float]:
        """Column widths in mm that fill the text width in the given proportions."""
        return [self.width_mm * w / sum(relative) for w in relative]

    def para(self, text: str, style: str = "Normal") -> DocxParagraph:
        par = self.docx.add_paragraph(style=self.docx.styles[style])
        add_runs(par, text)
        return par

    def page_break(self) -> None:
        self.docx.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # Block writers ----------------------------------------------------------

    def Cover(self, b: d.Cover) -> None:
        for _ in range(6):
            self.docx.add_paragraph()
        self.para(b.title, "Title")
        self.para(b.subtitle, "Subtitle")
        for _ in range(4):
            self.docx.add_paragraph()
        for line in b.lines:
            self.para(line, "Cover Line")
        self.page_break()

    def Colophon(self, b: d.Colophon) -> None:
        for line in b.lines:
            self.para(line, "Small")
        for note in b.notes:
            self.para(note, "Small")

    def Toc(self, b: d.Toc) -> None:
        """A TOC field whose result already lists the headings, until Word updates it."""
        self.para(b.title, "TOC Heading")
        heads = [h for h in self.src.headings() if h.level <= b.depth and h.bookmark]
        for i, h in enumerate(heads):
            par = self.docx.add_paragraph(style=self.docx.styles["Normal"])
            par.paragraph_format.left_indent = Mm(6 * (h.level - 1))
            par.paragraph_format.space_after = Mm(0.5)
            if i == 0:
                field_start(par, f'TOC \\o "1-{b.depth}" \\h \\z \\u')
            add_runs(par, link(h.text, h.anchor) if "](" not in h.text else h.text)
            if h.level == 1:
                for run in par.runs:
                    run.bold = True
            if i == len(heads) - 1:
                field_end(par)

    def Heading(self, b: d.Heading) -> None:
        par = self.docx.add_paragraph(style=self.docx.styles[f"Heading {min(b.level, 3)}"])
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

    def BulletList(self, b: d.BulletList) -> None:
        for item in b.items:
            self.para(item, "List Number" if b.ordered else "List Bullet")

    def Table(self, b: d.Table) -> None:
        if b.caption:
            self.para(b.caption, "Caption")
        table = self.docx.add_table(rows=1 + len(b.rows), cols=len(b.header))
        table.style = self.docx.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        set_widths(table, self.widths(b.widths))
        for row_idx, cells in enumerate((b.header, *b.rows)):
            row = table.rows[row_idx]
            for i, text in enumerate(cells):
                cell = row.cells[i]
                par = cell.paragraphs[0]
                par.style = self.docx.styles["Table Text"]
                add_runs(par, text)
                if row_idx == 0:
                    header_cell(cell)
                elif i == 0 and b.style != "grid":
                    shade(cell, "EEF3F8")
                    for run in par.runs:
                        run.bold = True
        repeat_header(table.rows[0])
        self.docx.add_paragraph()

    def Figure(self, b: d.Figure) -> None:
        png = render_dot(b.dot, "png", self.cache)
        width, height = Image.open(io.BytesIO(png)).size
        w_mm = min(self.width_mm, self.height_mm * 0.85 * width / height)
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
        table.style = self.docx.styles["Table Grid"]
        cell = table.rows[0].cells[0]
        shade(cell, "FFF4E5" if b.kind == "draft" else "F3F7FB")
        title = cell.paragraphs[0]
        title.style = self.docx.styles["Draft Callout Title" if b.kind == "draft"
                                        else "Callout Title"]
        add_runs(title, b.title)
        for p in b.body:
            items = p.items if isinstance(p, d.BulletList) else (p.text,)
            for item in items:
                par = cell.add_paragraph(style=self.docx.styles["Callout"])
                add_runs(par, ("• " if isinstance(p, d.BulletList) else "") + item)
        self.docx.add_paragraph()

    def BarChart(self, b: d.BarChart) -> None:
        steps = 16  # the bar is drawn in quarter points of a 0..4 scale as shaded cells
        table = self.docx.add_table(rows=len(b.bars), cols=steps + 2)
        table.style = self.docx.styles["Table Grid"]
        set_widths(table, self.widths((40, *([3] * steps), 10)))
        for row, (label, value, text) in zip(table.rows, b.bars, strict=True):
            row.cells[0].paragraphs[0].style = self.docx.styles["Table Text"]
            row.cells[0].paragraphs[0].add_run(label)
            filled = round(steps * max(0.0, min(value, b.maximum)) / b.maximum)
            for i in range(steps):
                if i < filled:
                    shade(row.cells[1 + i], "C55A11" if value < b.maximum * 0.625 else "1F4E79")
            row.cells[-1].paragraphs[0].style = self.docx.styles["Table Text"]
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
        table.style = self.docx.styles["Table Grid"]
        cell = table.rows[0].cells[0]
        par = cell.paragraphs[0]
        add_control(par, f)
        if f.type == "multiline":
            row = table.rows[0]
            row.height = Mm(24)
        self.docx.add_paragraph(style="Field Help")

    def FormTable(self, b: d.FormTable) -> None:
        table = self.docx.add_table(rows=1 + len(b.rows), cols=len(b.header))
        table.style = self.docx.styles["Table Grid"]
        set_widths(table, self.widths(b.widths))
        for r, cells in enumerate((b.header, *b.rows)):
            row = table.rows[r]
            if r:
                row.height = Mm(9)
            for i, value in enumerate(cells):
                cell = row.cells[i]
                par = cell.paragraphs[0]
                par.style = self.docx.styles["Table Text"]
                if isinstance(value, d.Field):
                    add_control(par, value)
                else:
                    add_runs(par, value)
                if r == 0:
                    header_cell(cell)
        repeat_header(table.rows[0])
        self.docx.add_paragraph()

    def write(self) -> bytes:
        self.setup()
        for block in self.src.blocks:
            method: Callable[[Any], None] | None = getattr(self, type(block).__name__, None)
            if method is None:
                raise PipelineError(f"internal: no DOCX for block type {type(block).__name__}")
            method(block)
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


def write_docx(doc: d.Document, out: Path, paper: str, templates: Path, cache: Path) -> None:
    """Render a Document to a DOCX file atomically."""
    write_bytes(out, DocxWriter(doc, paper, templates, cache).write())



W14 = "http://schemas.microsoft.com/office/word/2010/wordml"


def _el(tag: str, **attrs: str) -> Any:
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(key.replace("_", ":", 1)) if ":" not in key else qn(key), value)
    return el


def content_control(tag: str, alias: str, kind: str, text: str = "",
                    choices: tuple[tuple[str, str], ...] = ()) -> Any:
    """Return a run-level w:sdt content control tagged with the field's stable ID."""
    sdt = OxmlElement("w:sdt")
    pr = OxmlElement("w:sdtPr")
    pr.append(_el("w:alias", w_val=alias))
    pr.append(_el("w:tag", w_val=tag))
    if kind == "checkbox":
        box = OxmlElement("w14:checkbox")
        checked = OxmlElement("w14:checked")
        checked.set(f"{{{W14}}}val", "0")
        box.append(checked)
        for name, char in (("w14:checkedState", "2612"), ("w14:uncheckedState", "2610")):
            state = OxmlElement(name)
            state.set(f"{{{W14}}}val", char)
            state.set(f"{{{W14}}}font", "MS Gothic")
            box.append(state)
        pr.append(box)
        text = "☐"
    elif kind == "date":
        pr.append(_el("w:showingPlcHdr"))
        date = OxmlElement("w:date")
        date.append(_el("w:dateFormat", w_val="yyyy-MM-dd"))
        pr.append(date)
    else:
        pr.append(_el("w:showingPlcHdr"))
        pr.append(_el("w:text", w_multiLine="1" if kind == "multiline" else "0"))
    sdt.append(pr)
    content = OxmlElement("w:sdtContent")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text or "\u2002" * 3  # blank but clickable; nothing prints on paper
    run.append(t)
    content.append(run)
    sdt.append(content)
    return sdt


def add_control(par: DocxParagraph, f: d.Field) -> None:
    """Add the control of a field to a paragraph: text, checkbox, or one box per choice."""
    if f.type in ("choice", "score"):
        group = OxmlElement("w:sdt")
        pr = OxmlElement("w:sdtPr")
        pr.append(_el("w:alias", w_val=f.label))
        pr.append(_el("w:tag", w_val=f.id))
        pr.append(OxmlElement("w:group"))
        group.append(pr)
        content = OxmlElement("w:sdtContent")
        sep = "  " if f.type == "score" else None
        for i, (value, label) in enumerate(f.choices):
            if i and sep is None:  # one choice per line: the break goes before the box
                brk = OxmlElement("w:r")
                brk.append(OxmlElement("w:br"))
                content.append(brk)
            content.append(content_control(f"{f.id}={value}", f"{f.label}: {label}",
                                           "checkbox"))
            run = OxmlElement("w:r")
            t = OxmlElement("w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = f" {label}" + (sep or "")
            run.append(t)
            content.append(run)
        group.append(content)
        par._p.append(group)
        return
    par._p.append(content_control(f.id, f.label, f.type))
