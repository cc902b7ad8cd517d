"""The build, top to bottom: load, validate, translate, compose, render."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from . import localefmt as lf
from .document import Document
from .fsutil import atomic_output, write_text
from .guide import Edition, compose_guide
from .i18n import load_translator, translate
from .project import Project
from .render_docx import write_docx
from .render_html import render_html
from .render_pdf import write_pdf
from .validate import load_content


@dataclass(frozen=True)
class Target:
    """One output file: which document, language, paper and format."""

    doc: str
    lang: str
    paper: str
    fmt: str


@dataclass(frozen=True)
class Result:
    path: Path
    pages: int | None
    size: int
    seconds: float
    fallbacks: int
    strings: int

    def line(self) -> str:
        """One report line: path, pages, size and seconds."""
        pages = f"{self.pages:4d} pages" if self.pages is not None else "    – pages"
        fb = f"  ({self.fallbacks} of {self.strings} strings fell back to English)" \
            if self.fallbacks else ""
        return f"built {self.path}  {pages}  {self.size / 1024:8.1f} KiB  " \
               f"{self.seconds:5.1f} s{fb}"


def compose(project: Project, t: Target, version: str, preview: bool = False
            ) -> tuple[Document, int, int]:
    """Return the composed document and its (fallback, total) string counts."""
    content, _ = load_content(project.content)
    tr = load_translator(project.locales, t.lang, preview)
    localized = translate(content, tr)
    date = lf.build_date(project.root)
    ed = Edition(t.lang, version, date.isoformat(), lf.long_date(date, t.lang))
    doc = compose_guide(localized, tr, ed)
    return doc, tr.fallbacks, tr.total


def render(project: Project, doc: Document, t: Target, out: Path) -> int | None:
    """Write the document in the target's format; return the page count where known."""
    if t.fmt == "pdf":
        html = render_html(doc, t.paper, project.templates, project.cache)
        write_text(project.build / "html" / t.lang / f"{out.stem}.html", html)
        with atomic_output(out) as tmp:
            return write_pdf(html, tmp, project.root, project.templates)
    write_docx(doc, out, t.paper, project.templates, project.cache)
    return None


def build(project: Project, t: Target, out: Path, version: str, preview: bool = False
          ) -> Result:
    """Build one output file atomically and report on it."""
    start = time.perf_counter()
    doc, fallbacks, total = compose(project, t, version, preview)
    pages = render(project, doc, t, out)
    return Result(out, pages, out.stat().st_size, time.perf_counter() - start, fallbacks, total)
