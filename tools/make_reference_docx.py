"""Regenerate templates/reference.docx, the Word styles every DOCX starts from.

Designers may instead edit templates/reference.docx in Word or LibreOffice directly; the
renderer only relies on the style names created here.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Mm, Pt, RGBColor

BLUE = RGBColor(0x1F, 0x4E, 0x79)
TEXT_MM = 168  # the text width on A4 with the renderer's margins; Letter is 174 mm
MEASURE_MM = 124  # running text keeps to about 80 characters a line, as in the print CSS


def main(out: Path) -> None:
    doc = Document()
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Noto Serif"
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(5)
    normal.paragraph_format.line_spacing = 1.15
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(fonts._qn(attr) if hasattr(fonts, "_qn") else
                  "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
                  + attr.split(":")[1], "Noto Serif")
    for name, size in (("Title", 28), ("Subtitle", 15), ("Heading 1", 18), ("Heading 2", 13),
                       ("Heading 3", 11), ("Caption", 8.5), ("TOC Heading", 18)):
        st = styles[name] if name in [s.name for s in styles] else \
            styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.font.name = "Noto Sans"
        st.font.size = Pt(size)
        st.font.color.rgb = BLUE if name != "Caption" else RGBColor(0x44, 0x44, 0x44)
        st.font.bold = name.startswith("Heading") or name in ("Title", "TOC Heading")
        st.font.italic = False
    styles["Heading 1"].paragraph_format.page_break_before = True
    styles["TOC Heading"].base_style = styles["Heading 1"]
    styles["TOC Heading"].paragraph_format.page_break_before = True
    for name, base, size, color, bold in (
            ("Question", "Normal", 11, BLUE, True), ("Small", "Normal", 8, None, False),
            ("Callout", "Normal", 9.5, None, False), ("Callout Title", "Normal", 9.5, BLUE, True),
            ("Draft Callout Title", "Normal", 9.5, RGBColor(0xB4, 0x5F, 0x06), True),
            ("Cover Line", "Normal", 10, None, False), ("Table Text", "Normal", 8.5, None, False),
            ("Field Label", "Normal", 9, BLUE, True), ("Field Help", "Normal", 8, None, False)):
        st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = styles[base]
        st.font.size = Pt(size)
        if color is not None:
            st.font.color.rgb = color
        st.font.bold = bold
        if name in ("Question", "Callout Title", "Draft Callout Title", "Field Label"):
            st.font.name = "Noto Sans"
    styles["Table Text"].paragraph_format.space_after = Pt(1)
    # Running text keeps to about 80 characters; tables, headings and captions use the width.
    normal.paragraph_format.right_indent = Mm(TEXT_MM - MEASURE_MM)
    for name in ("Table Text", "Callout", "Callout Title", "Draft Callout Title", "Caption",
                 "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "TOC Heading",
                 "Cover Line", "Small"):
        styles[name].paragraph_format.right_indent = Mm(0)
    for name in ("Heading 1", "Heading 2", "Heading 3", "Question", "Field Label"):
        styles[name].paragraph_format.keep_with_next = True
    for level, indent in (("TOC 1", 0), ("TOC 2", 6)):
        st = styles.add_style(level, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = styles["Normal"]
        pf = st.paragraph_format
        pf.left_indent, pf.right_indent, pf.space_after = Mm(indent), Mm(0), Pt(1)
        pf.tab_stops.add_tab_stop(Mm(TEXT_MM - 2), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        st.font.bold = level == "TOC 1"
        st.font.size = Pt(10 if level == "TOC 1" else 9)
        if level == "TOC 1":
            pf.space_before = Pt(5)
    pub = styles.add_style("Cover Publisher", WD_STYLE_TYPE.PARAGRAPH)
    pub.base_style = styles["Normal"]
    pub.font.name, pub.font.size, pub.font.bold = "Noto Sans", Pt(10), True
    pub.font.color.rgb = BLUE
    pub.font.all_caps = True
    doc.core_properties.title = "Reference styles"
    doc.save(out)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "templates/reference.docx"))
