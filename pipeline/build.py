"""The build, top to bottom: load, validate, translate, compose, render.

One `Session` loads and validates the content once, translates it once per language and
composes each document once, then renders it to as many files (papers, formats) as asked.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.compose.anchors import load_checked
from pipeline.compose.common import Edition
from pipeline.compose.document import Document
from pipeline.compose.guide import compose_guide
from pipeline.content.model import Content
from pipeline.errors import PipelineError
from pipeline.fsutil import atomic_output, write_text
from pipeline.i18n import localefmt as lf
from pipeline.i18n.translate import Translator, load_translator, translate
from pipeline.project import Project

PAPERS = ("a4", "letter")
FORMATS = ("pdf", "docx")


@dataclass(frozen=True)
class Target:
    """One output file: which document, language, paper and format."""

    doc: str
    lang: str
    paper: str
    fmt: str
    answers: tuple[Path, ...] = ()  # plans only: answers files or filled worksheets
    partial: bool = False

    @classmethod
    def from_path(cls, path: Path) -> Target:
        """Read a target from an output path of the form `…/LANG/DOC-PAPER.FMT`."""
        doc, _, paper = path.stem.rpartition("-")
        fmt = path.suffix.lstrip(".")
        if paper not in PAPERS or fmt not in FORMATS or not doc:
            raise PipelineError(f"{path}: cannot tell the document from the name; use "
                                "LANG/DOC-PAPER.FMT, e.g. output/fr/guide-a4.pdf")
        return cls(doc, path.parent.name, paper, fmt)


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


@dataclass
class Session:
    """Caches each stage's result for the outputs built in one process."""

    project: Project
    version: str
    preview: bool = False
    _content: Content | None = None
    _date: dt.date | None = None
    _languages: dict[str, tuple[Content, Translator]] = field(default_factory=dict)
    _documents: dict[tuple[str, str, tuple[Path, ...], bool], Document] = \
        field(default_factory=dict)

    def content(self) -> Content:
        if self._content is None:
            self._content = load_checked(self.project.content)[0]
        return self._content

    def language(self, lang: str) -> tuple[Content, Translator]:
        """Return the content translated into `lang`, and its translator."""
        if lang not in self._languages:
            tr = load_translator(self.project.locales, lang, self.preview)
            self._languages[lang] = (translate(self.content(), tr), tr)
        return self._languages[lang]

    def document(self, t: Target) -> tuple[Document, Translator]:
        """Compose the target's document (the same for every paper and format)."""
        localized, tr = self.language(t.lang)
        key = (t.doc, t.lang, t.answers, t.partial)
        if key not in self._documents:
            if self._date is None:  # asks git once per process, not once per document
                self._date = lf.build_date(self.project.root)
            date = self._date
            ed = Edition(t.lang, self.version, date.isoformat(), lf.long_date(date, t.lang),
                         self.preview)
            self._documents[key] = compose_document(self.content(), localized, tr, ed, t)
        return self._documents[key], tr

    def build(self, t: Target, out: Path) -> Result:
        """Build one output file atomically and report on it."""
        start = time.perf_counter()
        doc, tr = self.document(t)
        rendering = time.perf_counter()
        pages = render(self.project, doc, tr, t, out)
        end = time.perf_counter()
        if log := os.environ.get("SPGUIDE_TIMINGS"):
            # For `make bench`: how much of each build is rendering, how much pipeline work.
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(json.dumps({"file": str(out), "fmt": t.fmt, "pages": pages,
                                     "pipeline": rendering - start,
                                     "render": end - rendering}) + "\n")
        return Result(out, pages, out.stat().st_size, end - start, tr.fallbacks, tr.total,
                      tr.rejected)


def compose_document(source: Content, c: Content, tr: Translator, ed: Edition, t: Target
                     ) -> Document:
    """Compose the target's document: `guide`, `worksheet-ID` or `plan`."""
    from pipeline.compose.worksheets import all_fields, compose_worksheet

    if t.doc == "guide":
        return compose_guide(c, tr, ed)
    if t.doc.startswith("worksheet-"):
        return compose_worksheet(c, tr, ed, t.doc.removeprefix("worksheet-"))
    if t.doc == "plan":
        from pipeline.compose.plan import compose_plan
        from pipeline.forms.answers import load_answers

        fields = all_fields(source)  # answers are checked against English, language-neutral
        return compose_plan(c, tr, ed, load_answers(list(t.answers), fields), fields,
                            t.partial)
    raise PipelineError(f"unknown document '{t.doc}'; use guide, worksheet-ID or plan")


def render(project: Project, doc: Document, tr: Translator, t: Target, out: Path
           ) -> int | None:
    """Write the document in the target's format; return the page count where known."""
    # Each renderer is imported only when used: WeasyPrint alone takes half a second to load.
    if t.fmt == "pdf":
        from pipeline.render.html import render_html
        from pipeline.render.pdf import write_pdf

        html = render_html(doc, t.paper, project.templates, project.cache, tr)
        write_text(project.build / "html" / t.lang / f"{out.stem}.html", html)
        with atomic_output(out) as tmp:
            return write_pdf(html, tmp, project.root, project.templates,
                             forms=bool(doc.fields()))
    from pipeline.render.docx import write_docx

    write_docx(doc, out, t.paper, project.templates, project.cache)
    return None


def compose(project: Project, t: Target, version: str, preview: bool = False
            ) -> tuple[Document, Translator]:
    """Return the composed document and the translator (which counted the fallbacks)."""
    return Session(project, version, preview).document(t)


def build(project: Project, t: Target, out: Path, version: str, preview: bool = False
          ) -> Result:
    """Build one output file atomically and report on it."""
    return Session(project, version, preview).build(t, out)
