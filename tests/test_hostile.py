"""Hostile content: markup is never interpreted and nothing outside the project gets in."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from pipeline.build import Target, build
from pipeline.content.validate import load_content
from pipeline.errors import InputErrors, PipelineError
from pipeline.project import Project
from pipeline.render.pdf import write_pdf

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
LOCALES = ROOT / "tests" / "fixtures" / "locales"
SECRET = Path("/etc/passwd")
EVIL = ('<script>alert(1)</script> <img src="file:///etc/passwd"> '
        '<link rel="attachment" href="file:///etc/passwd"> [leak](file:///etc/passwd)')


@pytest.fixture
def evil_project(tmp_path) -> Project:
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    path = content / "glossary.yaml"
    path.write_text(path.read_text().replace("definition: A review.",
                                             f"definition: '{EVIL}'"))
    return Project(ROOT, content, ROOT / "templates", LOCALES, tmp_path / "build")


def secret_marker() -> str:
    return SECRET.read_text().splitlines()[0][:12]


def test_markup_in_content_is_escaped_in_html(evil_project):
    from pipeline.build import compose
    from pipeline.render.html import render_html

    doc, tr = compose(evil_project, Target("guide", "en", "a4", "pdf"), "1")
    html = render_html(doc, "a4", evil_project.templates, evil_project.cache, tr)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html and 'src="file:///etc/passwd"' not in html
    assert 'href="file:' not in html


def test_pdf_and_docx_show_the_text_and_carry_no_outside_file(evil_project, tmp_path):
    pdf = build(evil_project, Target("guide", "en", "a4", "pdf"), tmp_path / "g.pdf", "1").path
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "<script>alert(1)</script>" in text
    raw = pdf.read_bytes()
    assert secret_marker().encode() not in raw and b"/EmbeddedFile" not in raw
    docx = build(evil_project, Target("guide", "en", "a4", "docx"), tmp_path / "g.docx",
                 "1").path
    with zipfile.ZipFile(docx) as z:
        assert not any("passwd" in n for n in z.namelist())
        body = z.read("word/document.xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
    assert "&lt;script&gt;" in body and "file:///etc/passwd" not in rels
    assert secret_marker() not in body


def test_fetcher_refuses_files_outside_the_project_and_the_network(tmp_path):
    for html in (f'<img src="file://{SECRET}" alt="x">',
                 f'<link rel="attachment" href="file://{SECRET}">',
                 '<img src="http://127.0.0.1:9/x.png" alt="x">',
                 f'<img src="{ROOT}/../../etc/passwd" alt="x">'):
        out = tmp_path / "x.pdf"
        with pytest.raises(PipelineError, match="refused|WeasyPrint reported"):
            write_pdf(f"<html lang=en><title>t</title><p>x</p>{html}</html>", out, ROOT,
                      ROOT / "templates")
        assert not out.exists() or secret_marker().encode() not in out.read_bytes()


def test_links_must_point_inside_the_document(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    path = content / "practices.yaml"
    path.write_text(path.read_text().replace("summary: Step by step.",
                                             "summary: See [this](#no-such-place)."))
    with pytest.raises(InputErrors, match=r"practices.yaml:4: error: link to unknown section"):
        load_content(content)
