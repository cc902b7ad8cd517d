"""The rendered guide: golden HTML, and PDF/DOCX checked by their text and structure."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from docx import Document as open_docx
from pypdf import PdfReader

from pipeline.build import Target, compose
from pipeline.render.html import render_html

GOLDEN = Path(__file__).parent / "golden" / "mini-en-a4.html"


def page_texts(pdf: Path) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages]


def test_golden_html(mini_project):
    doc, _ = compose(mini_project, Target("guide", "en", "a4", "pdf"), "9.9.9")
    html = render_html(doc, "a4", mini_project.templates, mini_project.cache)
    html = re.sub(r'data:image/svg\+xml;base64,[A-Za-z0-9+/=]+', "data:SVG", html)
    html = re.sub(r"\d{4}-\d\d-\d\dT00:00:00Z", "DATE", html)
    html = re.sub(r"\d+ (January|February|March|April|May|June|July|August|September|October|"
                  r"November|December) \d{4}", "DATE", html)  # en-GB: 1 July 2026
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(html)
    assert html == GOLDEN.read_text(), "HTML changed; rerun with UPDATE_GOLDEN=1 if intended"


def test_html_escapes_markup_in_content(mini_project):
    doc, _ = compose(mini_project, Target("guide", "en", "a4", "pdf"), "9.9.9")
    html = render_html(doc, "a4", mini_project.templates, mini_project.cache)
    assert "Networks &amp; their &lt;members&gt;." in html
    assert "<members>" not in html


def test_toc_page_numbers_match_headings(mini_pdf):
    pages = page_texts(mini_pdf)
    toc_page = next(i for i, t in enumerate(pages) if t.startswith("Contents"))
    toc = pages[toc_page].removeprefix("Contents")
    entries = re.findall(r"([A-Z][^.]*?)\s*\.{3,}\s*(\d+)", toc)
    assert len(entries) >= 10
    for title, number in entries:
        assert title.strip() in pages[int(number) - 1], (title, number)


def test_bookmarks_point_at_their_headings(mini_pdf):
    reader = PdfReader(mini_pdf)
    pages = page_texts(mini_pdf)

    def walk(items):
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield item

    outline = list(walk(reader.outline))
    assert [o.title for o in outline][:3] == ["1 About", "Who it is for", "2 Assessment"]
    for item in outline:
        assert item.title in pages[reader.get_destination_page_number(item)]


def test_fonts_are_embedded_and_metadata_set(mini_pdf):
    out = subprocess.run(["pdffonts", str(mini_pdf)], capture_output=True, text=True,
                         check=True).stdout.splitlines()[2:]
    assert out and all(line.split()[-5] == "yes" for line in out), out
    assert all("Noto" in line for line in out)
    reader = PdfReader(mini_pdf)
    assert reader.metadata.title == "Mini Guide"
    assert reader.metadata.author == "Test Publisher"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged for PDF/UA


def test_page_numbers_and_running_head(mini_pdf):
    pages = page_texts(mini_pdf)
    about = next(i for i, t in enumerate(pages) if t.startswith("1 About This is"))
    assert pages[about].endswith(f"1 About Mini Guide {about + 1}")


def test_docx_styles_and_heading_order(mini_docx, mini_pdf, mini_project):
    docx = open_docx(mini_docx)
    styles = [p.style.name for p in docx.paragraphs]
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "Caption"):
        assert name in styles, name
    heads = [p.text for p in docx.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    reader = PdfReader(mini_pdf)
    flat = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                flat.append(item.title)

    walk(reader.outline)
    pdf_heads = [h for h in flat if h in heads]
    assert heads[: len(pdf_heads)] == pdf_heads
    assert heads[0] == "1 About"
    assert docx.core_properties.title == "Mini Guide"
    assert docx.core_properties.language == "en-GB"
    assert all(t.style.name == "Table Grid" for t in docx.tables)
    xml = docx.element.xml
    assert "TOC \\o" in xml
    footer = docx.sections[0].footer._element.xml
    assert "PAGE" in footer
    assert abs(docx.sections[0].page_width.mm - 215.9) < 0.5  # Letter
    assert docx.inline_shapes and docx.inline_shapes[0].width > 0  # the tree figure


def test_docx_opens_in_libreoffice(mini_docx, tmp_path):
    proc = subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir",
                           str(tmp_path), str(mini_docx)], capture_output=True, text=True,
                          timeout=180, env={**os.environ, "HOME": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    converted = tmp_path / "guide-letter.pdf"
    assert converted.exists() and len(PdfReader(converted).pages) >= 8
