"""The build, top to bottom: load, validate, translate, compose, render.

One `Session` loads and validates the content once, translates it once per language and
composes each document once, then renders it to as many files (papers, formats) as asked.
It also notes what the documents read (content parts, catalogs, templates, code), so that it
can write a make depfile, and it skips rendering an output whose inputs did not change.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import os
import sys
import tempfile
import time
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.compose.anchors import load_checked
from pipeline.compose.common import Edition
from pipeline.compose.document import Document
from pipeline.compose.guide import compose_guide
from pipeline.compose.tree import Measure
from pipeline.compose.typeset import typeset_document
from pipeline.content.model import Content
from pipeline.errors import PipelineError
from pipeline.fsutil import atomic_output, sweep_parts, write_text
from pipeline.i18n import localefmt as lf
from pipeline.i18n.translate import Translator, load_translator, translate
from pipeline.project import Project
from pipeline.publish.report import read_stamp, sha256, stamp_path

PAPERS = ("a4", "letter")
POSTER = "a2"  # the tree poster's paper, PDF only
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
    prefer: Path | None = None  # plans only: the answers file that wins conflicts
    duplex: bool = False  # print both sides: chapters open on a right-hand page

    @classmethod
    def from_path(cls, path: Path) -> Target:
        """Read a target from an output path of the form `…/LANG/DOC-PAPER.FMT`."""
        doc, _, paper = path.stem.rpartition("-")
        fmt = path.suffix.lstrip(".")
        if paper not in (*PAPERS, POSTER) or fmt not in FORMATS or not doc:
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
    unchanged: bool = False

    def line(self) -> str:
        """One report line: path, pages, size and seconds."""
        pages = f"{self.pages:4d} pages" if self.pages is not None else "    – pages"
        fb = f"  ({self.fallbacks} of {self.strings} strings fell back to English)" \
            if self.fallbacks else ""
        if self.rejected:
            fb += f"  ({self.rejected} broken translations ignored: run make check-po)"
        verb = "unchanged" if self.unchanged else "built"
        return f"{verb} {self.path}  {pages}  {self.size / 1024:8.1f} KiB  " \
               f"{self.seconds:5.1f} s{fb}"


# What a composer reads ------------------------------------------------------

_PARTS = frozenset(Content.model_fields)
_READ: ContextVar[set[str] | None] = ContextVar("_READ", default=None)


class _Tracked(Content):
    """Content that notes which parts (content files) a composer reads."""

    def __getattribute__(self, name: str) -> Any:
        if name in _PARTS and (seen := _READ.get()) is not None:
            seen.add(name)
        return super().__getattribute__(name)


def _tracked(c: Content) -> Content:
    return _Tracked.model_construct(**{k: getattr(c, k) for k in _PARTS})


def _code_files() -> list[Path]:
    """The project's modules this process imported: the code its outputs depend on."""
    pkg = Path(__file__).resolve().parent
    files = (getattr(m, "__file__", None) for m in list(sys.modules.values()))
    return sorted({Path(f).resolve() for f in files if f and Path(f).resolve().is_relative_to(pkg)})


def _digest(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(str(p).encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def _all_code() -> list[Path]:
    """Every module of the package: a stamp must change with any renderer change."""
    return sorted(Path(__file__).resolve().parent.rglob("*.py"))


@dataclass
class Session:
    """Caches each stage's result for the outputs built in one process."""

    project: Project
    version: str
    preview: bool = False
    commit: str = ""
    _content: Content | None = None
    _date: dt.date | None = None
    _languages: dict[str, tuple[Content, Translator]] = field(default_factory=dict)
    _documents: dict[tuple[str, str, tuple[Path, ...], bool, Path | None], Document] = \
        field(default_factory=dict)
    _read: set[str] = field(default_factory=set)  # content parts the composers read
    _inputs: set[Path] = field(default_factory=set)  # answers files, templates
    _swept: set[Path] = field(default_factory=set)
    _scratch: tempfile.TemporaryDirectory[str] | None = None
    _prints: dict[str, str] = field(default_factory=dict)
    _diagrams: Path | None = None  # where the current output's diagrams are cached

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Remove the scratch folder now, not at interpreter exit (the CLI skips that step)."""
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None

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
        if (t.doc == "poster") != (t.paper == POSTER) or (t.doc == "poster" and t.fmt != "pdf"):
            raise PipelineError(f"the poster is built only as poster-{POSTER}.pdf, and only "
                                f"the poster on {POSTER} paper")
        localized, tr = self.language(t.lang)
        key = (t.doc, t.lang, t.answers, t.partial, t.prefer)
        if key not in self._documents:
            if self._date is None:  # asks git once per process, not once per document
                self._date = lf.build_date(self.project.root)
            date = self._date
            ed = Edition(t.lang, self.version, date.isoformat(), lf.long_date(date, t.lang),
                         self.preview, self.commit)
            token = _READ.set(self._read)
            try:
                self._documents[key] = typeset_document(compose_document(
                    _tracked(self.content()), _tracked(localized), tr, ed, t, self.measure))
            finally:
                _READ.reset(token)
            self._inputs.update(t.answers)
        return self._documents[key], tr

    def inside(self, out: Path) -> bool:
        """Whether `out` lies in the project; only then may the build leave files in build/."""
        return out.resolve().is_relative_to(self.project.root)

    def cache(self, out: Path) -> Path:
        """The diagram cache: the project's, or a scratch folder for outputs elsewhere."""
        if self.inside(out):
            return self.project.cache
        if self._scratch is None:
            self._scratch = tempfile.TemporaryDirectory(prefix="spguide-")
        return Path(self._scratch.name)

    def templates(self, fmt: str) -> list[Path]:
        """The template files a format reads."""
        files = sorted(p for p in self.project.templates.iterdir() if p.is_file())
        return [p for p in files if (p.suffix == ".docx") == (fmt == "docx")]

    def measure(self, dot: str) -> tuple[float, float]:
        """Drawn size of a diagram, so composers can split or scale it to fit the page."""
        from pipeline.render.diagram import size

        return size(dot, self._diagrams or self.project.cache)

    def build(self, t: Target, out: Path) -> Result:
        """Build one output file atomically and report on it; skip it if nothing changed."""
        start = time.perf_counter()
        if self.inside(out) and out.parent not in self._swept:  # parts of a killed build
            sweep_parts(out.parent)
            self._swept.add(out.parent)
        self._diagrams = self.cache(out)
        doc, tr = self.document(t)
        self._inputs.update(self.templates(t.fmt))
        stamp = stamp_path(self.project, out)
        if t.fmt not in self._prints:  # what the document alone does not say: look and code
            self._prints[t.fmt] = _digest(self.templates(t.fmt) + _all_code())
        key = hashlib.sha256(repr((doc, t.paper, t.fmt, t.duplex, self._prints[t.fmt])).encode()
                             ).hexdigest()
        old = read_stamp(self.project, out)  # None when missing or damaged: build again
        if old and old[0] == key and sha256(out) == old[1]:
            os.utime(out)  # up to date for make, and the bytes stay as they were
            pages = old[2] if isinstance(old[2], int) else None
            return Result(out, pages, out.stat().st_size, time.perf_counter() - start,
                          tr.fallbacks, tr.total, tr.rejected, unchanged=True)
        rendering = time.perf_counter()
        if not gc.get_freeze_count():
            # Content, catalogs and templates live until the process ends: keep them out of
            # the collector's scans while the renderer allocates (done once per process).
            gc.freeze()
        pages = render(self.project, doc, tr, t, out, self.cache(out), self.inside(out))
        end = time.perf_counter()
        if stamp:
            write_text(stamp, json.dumps([key, sha256(out), pages]))
        if log := os.environ.get("SPGUIDE_TIMINGS"):
            # For `make bench`: how much of each build is rendering, how much pipeline work.
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(json.dumps({"file": str(out), "fmt": t.fmt, "pages": pages,
                                     "pipeline": rendering - start,
                                     "render": end - rendering}) + "\n")
        return Result(out, pages, out.stat().st_size, end - start, tr.fallbacks, tr.total,
                      tr.rejected)

    def dependencies(self) -> list[Path]:
        """Every file the outputs built so far depend on."""
        deps = {self.project.content / f"{part}.yaml" for part in self._read}
        deps |= {self.project.locales / lang / "LC_MESSAGES" / "messages.po"
                 for lang in self._languages if lang != "en"}
        return sorted(deps | self._inputs | set(_code_files()))

    def write_depfile(self, depfile: Path, outputs: list[Path], since: float) -> None:
        """Write a make depfile: the outputs, then each dependency as an empty rule.

        Dated `since` (the job's start), so the outputs written after it stay newer.
        """
        def rel(p: Path) -> str:
            p = p.resolve()
            return str(p.relative_to(self.project.root)) if p.is_relative_to(
                self.project.root) else str(p)

        deps = [rel(p) for p in self.dependencies()]
        # The outputs keep the names make gave them: an absolute OUT inside the project
        # (OUT=$PWD/out) must not become relative, or make would not match the rule.
        text = f"# written by spguide build: what these outputs read\n" \
               f"{' '.join(map(str, outputs))}: \\\n  " + " \\\n  ".join(deps) + "\n"
        # An empty rule per dependency, so a deleted or renamed file is not an error.
        text += "".join(f"{d}:\n" for d in deps)
        write_text(depfile, text)
        os.utime(depfile, (since, since))


def compose_document(source: Content, c: Content, tr: Translator, ed: Edition, t: Target,
                     measure: Measure | None = None) -> Document:
    """Compose the target's document: guide, worksheet-ID, plan, poster or quick-tree."""
    from pipeline.compose.worksheets import all_fields, compose_worksheet

    if t.doc == "guide":
        return compose_guide(c, tr, ed, measure)
    if t.doc.startswith("worksheet-"):
        return compose_worksheet(c, tr, ed, t.doc.removeprefix("worksheet-"))
    if t.doc == "poster":
        from pipeline.compose.poster import compose_poster

        return compose_poster(c, tr, ed, measure)
    if t.doc == "quick-tree":
        from pipeline.compose.quick import compose_quick

        return compose_quick(c, tr, ed)
    if t.doc == "plan":
        from pipeline.compose.plan import compose_plan
        from pipeline.forms.answers import load_answers

        fields = all_fields(source)  # answers are checked against English, language-neutral
        answers = load_answers(list(t.answers), fields, t.partial, t.prefer)
        # Missing fields are named with the labels of the plan's language.
        return compose_plan(c, tr, ed, answers, all_fields(c, tr), t.partial)
    raise PipelineError(f"unknown document '{t.doc}'; use guide, worksheet-ID or plan")


def render(project: Project, doc: Document, tr: Translator, t: Target, out: Path,
           cache: Path, keep_html: bool = True) -> int | None:
    """Write the document in the target's format; return the page count where known."""
    # Each renderer is imported only when used: WeasyPrint alone takes half a second to load.
    if t.fmt == "pdf":
        from pipeline.render.html import render_html
        from pipeline.render.pdf import write_pdf

        html = render_html(doc, t.paper, project.templates, cache, tr, t.duplex)
        if keep_html:  # kept for inspection, in the project only
            write_text(project.build / "html" / t.lang / f"{out.stem}.html", html)
        with atomic_output(out) as tmp:
            return write_pdf(html, tmp, project.root, project.templates,
                             forms=doc.fields(), kind=doc.meta.kind)
    from pipeline.render.docx import write_docx

    write_docx(doc, out, t.paper, project.templates, cache, t.duplex)
    return None


def compose(project: Project, t: Target, version: str, preview: bool = False
            ) -> tuple[Document, Translator]:
    """Return the composed document and the translator (which counted the fallbacks)."""
    return Session(project, version, preview).document(t)


def build(project: Project, t: Target, out: Path, version: str, preview: bool = False
          ) -> Result:
    """Build one output file atomically and report on it."""
    return Session(project, version, preview).build(t, out)
