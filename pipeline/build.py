"""The build, top to bottom: load, validate, translate, compose, render."""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from . import localefmt as lf
from .document import Document
from .errors import PipelineError
from .fsutil import atomic_output, write_text
from .guide import Edition, compose_guide
from .i18n import Translator, load_translator, translate
from .model import Content
from .plan import compose_plan, load_answers
from .project import Project
from .render_docx import write_docx
from .render_html import render_html
from .render_pdf import write_pdf
from .validate import load_content
from .worksheets import all_fields, compose_worksheet


@dataclass(frozen=True)
class Target:
    """One output file: which document, language, paper and format."""

    doc: str
    lang: str
    paper: str
    fmt: str
    answers: tuple[Path, ...] = ()  # plans only: answers files or filled worksheets
    partial: bool = False


@dataclass(frozen=True)
class Result:
    path: Path
    pages: int | None
    size: int
    seconds: float
    fallbacks: int
    strings: int
    rejected: int = 0

    def line(self) -> str:
        """One report line: path, pages, size and seconds."""
        pages = f"{self.pages:4d} pages" if self.pages is not None else "    – pages"
        fb = f"  ({self.fallbacks} of {self.strings} strings fell back to English)" \
            if self.fallbacks else ""
        if self.rejected:
            fb += f"  ({self.rejected} broken translations ignored: run make check-po)"
        return f"built {self.path}  {pages}  {self.size / 1024:8.1f} KiB  " \
               f"{self.seconds:5.1f} s{fb}"


def compose(project: Project, t: Target, version: str, preview: bool = False
            ) -> tuple[Document, Translator]:
    """Return the composed document and the translator (which counted the fallbacks)."""
    content, _ = load_content(project.content)
    tr = load_translator(project.locales, t.lang, preview)
    localized = translate(content, tr)
    date = lf.build_date(project.root)
    ed = Edition(t.lang, version, date.isoformat(), lf.long_date(date, t.lang), preview)
    if t.doc == "plan":
        fields = all_fields(content)  # answers are checked against English, language-neutral
        answers = load_answers(list(t.answers), fields)
        return compose_plan(localized, tr, ed, answers, fields, t.partial), tr
    return compose_document(localized, tr, ed, t.doc), tr


def compose_document(c: Content, tr: Translator, ed: Edition, name: str) -> Document:
    """Compose the named document: `guide` or `worksheet-ID`."""
    if name == "guide":
        return compose_guide(c, tr, ed)
    if name.startswith("worksheet-"):
        return compose_worksheet(c, tr, ed, name.removeprefix("worksheet-"))
    raise PipelineError(f"unknown document '{name}'; use guide or worksheet-ID")


def render(project: Project, doc: Document, tr: Translator, t: Target, out: Path
           ) -> int | None:
    """Write the document in the target's format; return the page count where known."""
    if t.fmt == "pdf":
        html = render_html(doc, t.paper, project.templates, project.cache, tr)
        write_text(project.build / "html" / t.lang / f"{out.stem}.html", html)
        with atomic_output(out) as tmp:
            return write_pdf(html, tmp, project.root, project.templates,
                             forms=bool(doc.fields()))
    write_docx(doc, out, t.paper, project.templates, project.cache)
    return None


def build(project: Project, t: Target, out: Path, version: str, preview: bool = False
          ) -> Result:
    """Build one output file atomically and report on it."""
    start = time.perf_counter()
    doc, tr = compose(project, t, version, preview)
    rendering = time.perf_counter()
    pages = render(project, doc, tr, t, out)
    end = time.perf_counter()
    if log := os.environ.get("SPGUIDE_TIMINGS"):
        # For `make bench`: how much of each build is rendering, how much pipeline work.
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"file": str(out), "fmt": t.fmt, "pages": pages,
                                 "pipeline": rendering - start, "render": end - rendering}) +
                     "\n")
    return Result(out, pages, out.stat().st_size, end - start, tr.fallbacks, tr.total,
                  tr.rejected)
