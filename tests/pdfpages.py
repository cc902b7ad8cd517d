"""Read a PDF's layout for print tests: outline positions and the text lines on each page."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from pypdf import PdfReader

FOOTER_PT = 50  # the running foot sits in the bottom margin (22 mm = 62 pt)


@dataclass(frozen=True)
class Line:
    top: float
    words: tuple[str, ...]


def page_lines(pdf: Path) -> list[list[Line]]:
    """Return the text lines of every page, top to bottom, without the running foot."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = []
    for page in re.finditer(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', xml, re.S):
        height, body = float(page.group(1)), page.group(2)
        rows: dict[int, list[tuple[float, str]]] = {}
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" '
                             r'yMax="([\d.]+)">(.*?)</word>', body):
            x, top, bottom = float(m.group(1)), float(m.group(2)), float(m.group(3))
            if bottom > height - FOOTER_PT:
                continue
            rows.setdefault(round(top / 3), []).append((top, x, unescape(m.group(4))))
        pages.append([Line(min(t for t, _x, _w in words),
                           tuple(w for _t, _x, w in sorted(words, key=lambda r: r[1])))
                      for _key, words in sorted(rows.items())])
    return pages


def outline(pdf: Path) -> list[tuple[str, int, float]]:
    """Return every bookmark as (title, page index, distance from the page top in pt)."""
    reader = PdfReader(pdf)
    out: list[tuple[str, int, float]] = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
                continue
            page = reader.get_destination_page_number(item)
            height = float(reader.pages[page].mediabox.height)
            out.append((str(item.title), page, height - float(item.top or height)))

    walk(reader.outline)
    return out


def lines_under_headings(pdf: Path) -> list[tuple[str, int, int]]:
    """Return (title, page number, lines of text under it on its page) for every bookmark."""
    pages = page_lines(pdf)
    result = []
    for title, page, top in outline(pdf):
        below = [ln for ln in pages[page] if ln.top >= top - 4]
        need, i = len(title.split()), 0
        while i < len(below) and need > 0:  # skip the heading's own lines
            need -= len(below[i].words)
            i += 1
        result.append((title, page + 1, len(below) - i))
    return result
