"""An index of the built files for organisers: what each file is and what to print."""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from pathlib import Path

from pipeline.content.model import Content
from pipeline.fsutil import write_text
from pipeline.project import Project
from pipeline.publish.report import pdf_pages

LANGUAGES = {"en": "English", "fr": "French", "es": "Spanish"}
PAPERS = {"a4": "A4", "letter": "US Letter"}


@dataclass(frozen=True)
class Entry:
    """One output file as an organiser sees it."""

    path: str  # relative to the output folder
    language: str
    paper: str
    pages: int | None
    purpose: str
    to_print: str


def _purpose(doc: str, content: Content) -> str:
    if doc == "guide":
        return "The full guide, for the facilitator and the board's reference."
    if doc.startswith("worksheet-"):
        ws = {w.id: w.title for w in content.worksheets.worksheets}
        title = ws.get(doc.removeprefix("worksheet-"), doc)
        return f"{title}: fill in during the meeting, on paper or on screen."
    if doc.startswith("plan-"):
        name = doc.removeprefix("plan-").replace("-", " ")
        return f"Example strategy plan ({name}): shows what the plan command produces."
    return doc


def _to_print(doc: str, fmt: str, pages: int | None) -> str:
    if fmt != "pdf" or pages is None:
        return "Do not print: the editable Word version of the PDF beside it."
    sheets = math.ceil(pages / 2)
    if doc.startswith("worksheet-"):
        return (f"{pages} page{'s' if pages > 1 else ''}, single-sided, so that every page "
                "can be written on: one copy per participant or working group.")
    if doc == "guide":
        return (f"{pages} pages, double-sided ({sheets} sheets): one copy for the "
                "facilitator; hand out only the chapters the meeting discusses.")
    return f"{pages} pages, double-sided ({sheets} sheets): one copy per board member."


def describe(out: Path, path: Path, content: Content, project: Project | None = None) -> Entry:
    """Describe one built file from its path (LANG/DOC-PAPER.FMT) and its page count."""
    rel = path.relative_to(out)
    doc, _, paper = path.stem.rpartition("-")
    if paper not in PAPERS:  # plans are named after their example, not a paper
        doc, paper = path.stem, ""
    pages = pdf_pages(path, project) if path.suffix == ".pdf" else None
    return Entry(str(rel), LANGUAGES.get(path.parent.name, path.parent.name),
                 PAPERS.get(paper, paper or "–"), pages, _purpose(doc, content),
                 _to_print(doc, path.suffix.lstrip("."), pages))


def entries(out: Path, content: Content, project: Project | None = None) -> list[Entry]:
    """Every PDF and DOCX under the output folder (not releases), in a stable order."""
    files = [p for p in out.rglob("*") if p.suffix in (".pdf", ".docx")
             and "release" not in p.relative_to(out).parts
             and "preview" not in p.relative_to(out).parts]
    return [describe(out, p, content, project) for p in sorted(files)]


INTRO = ("Which file to use, and what to print for a meeting. Every document exists in "
         "English, French and Spanish, on A4 and US Letter paper, as PDF (to print or fill "
         "in on screen) and Word (to edit).")
HEADER = ("File", "Language", "Paper", "Pages", "What it is for", "What to print")


def _cells(e: Entry) -> tuple[str, ...]:
    return (e.path, e.language, e.paper, str(e.pages) if e.pages is not None else "–",
            e.purpose, e.to_print)


def markdown(items: list[Entry]) -> str:
    """Return the index as Markdown (output/README.md)."""
    lines = ["# Output files", "", INTRO, "", "| " + " | ".join(HEADER) + " |",
             "|" + "---|" * len(HEADER)]
    for e in items:
        cells = [c.replace("|", "\\|") for c in _cells(e)]
        cells[0] = f"[{cells[0]}]({cells[0]})"
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def html(items: list[Entry]) -> str:
    """Return the index as a standalone HTML page (output/index.html)."""
    rows = []
    for e in items:
        cells = [escape(c) for c in _cells(e)]
        cells[0] = f'<a href="{cells[0]}">{cells[0]}</a>'
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    head = "".join(f"<th>{escape(h)}</th>" for h in HEADER)
    return ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            "<title>Output files</title>\n<style>body{font-family:sans-serif;margin:2em;"
            "max-width:80em}table{border-collapse:collapse}th,td{border:1px solid #9aa9b8;"
            "padding:3px 6px;text-align:left;vertical-align:top}th{background:#1f4e79;"
            "color:#fff}</style>\n</head>\n<body>\n<h1>Output files</h1>\n"
            f"<p>{escape(INTRO)}</p>\n<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n"
            + "\n".join(rows) + "\n</tbody>\n</table>\n</body>\n</html>\n")


def write_index(out: Path, content: Content, project: Project | None = None) -> list[Entry]:
    """Write output/index.html and output/README.md; return the entries."""
    items = entries(out, content, project)
    write_text(out / "index.html", html(items))
    write_text(out / "README.md", markdown(items))
    return items
