"""Facts about built files: pages, size, checksums; used by summaries and releases."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pipeline.project import Project


def stamp_path(project: Project, out: Path) -> Path | None:
    """Where the build notes what went into `out` (outputs in the project only)."""
    path = out.resolve()
    if not path.is_relative_to(project.root):
        return None
    return project.build / "stamps" / f"{path.relative_to(project.root)}.json"


def read_stamp(project: Project, out: Path) -> tuple[object, object, object] | None:
    """The build's stamp of `out` as (document key, file SHA-256, pages), or None when there
    is none or it is damaged; callers compare the SHA-256 to trust it."""
    stamp = stamp_path(project, out)
    if stamp is None or not stamp.exists() or not out.exists():
        return None
    try:
        key, sha, pages = json.loads(stamp.read_text())
    except (ValueError, TypeError, OSError):
        return None
    return key, sha, pages


def pdf_pages(path: Path, project: Project | None = None) -> int:
    """Return the page count of a PDF.

    The build notes the count in the output's stamp: it is used when the file is still the one
    the build wrote, because pypdf needs most of a second to count a tagged guide's pages.
    """
    if project is not None and (stamp := read_stamp(project, path)):
        _key, sha, pages = stamp
        if isinstance(pages, int) and sha == sha256(path):
            return pages
    # Imported here: pypdf takes a tenth of a second to load, which a one-file build notices.
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def sha256(path: Path) -> str:
    """Return the SHA-256 of a file, hex."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def summary_table(files: list[Path], project: Project | None = None) -> str:
    """Return a plain-text table of the given files."""
    rows = [("file", "pages", "KiB")]
    for f in sorted(files):
        if f.exists():
            pages = str(pdf_pages(f, project)) if f.suffix == ".pdf" else "–"
            rows.append((str(f), pages, f"{f.stat().st_size / 1024:.0f}"))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = [f"{r[0]:<{widths[0]}}  {r[1]:>{widths[1]}}  {r[2]:>{widths[2]}}" for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join([*lines, f"{len(rows) - 1} file(s)"])
