"""Facts about built files: pages, size, checksums; used by summaries and releases."""

from __future__ import annotations

import hashlib
from pathlib import Path


def pdf_pages(path: Path) -> int:
    """Return the page count of a PDF."""
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


def summary_table(files: list[Path]) -> str:
    """Return a plain-text table of the given files."""
    rows = [("file", "pages", "KiB")]
    for f in sorted(files):
        if f.exists():
            pages = str(pdf_pages(f)) if f.suffix == ".pdf" else "–"
            rows.append((str(f), pages, f"{f.stat().st_size / 1024:.0f}"))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = [f"{r[0]:<{widths[0]}}  {r[1]:>{widths[1]}}  {r[2]:>{widths[2]}}" for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join([*lines, f"{len(rows) - 1} file(s)"])
