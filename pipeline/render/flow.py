"""How blocks flow onto pages: size estimates, headings kept with what follows, page guesses.

Both renderers use it: HTML wraps the groups in `div.keep` for the print CSS, DOCX sets
"keep with next" on them and guesses page numbers for the contents and page references.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pipeline.compose import document as d
from pipeline.content.text import plain

MEASURE = 80  # characters in a body line: the print CSS limits the text column to this
LEAD_LINES = 3  # a heading keeps at least this many lines of what follows on its page
UNIT_LINES = 24  # a section this short (in body lines) is never split across pages
SMALL_TABLE = 8  # tables with fewer rows are never split
LANDSCAPE_COLUMNS = 6  # a form table with more columns than this gets landscape pages


@dataclass(frozen=True)
class Keep:
    """Blocks that stay on one page; `lead` also keeps the group with the next block."""

    items: tuple[object, ...]
    lead: bool = False


@dataclass(frozen=True)
class ListPart:
    """Part of a list split after its first items, which stay with the heading above."""

    items: tuple[str, ...]
    ordered: bool
    start: int  # number of the first item: 1 for the part kept with the heading


def text_lines(text: str, width: int = MEASURE) -> int:
    """Return how many lines a text takes in a column of `width` characters."""
    return max(1, math.ceil(len(plain(text)) / max(width, 8)))


def table_lines(header: tuple[str, ...], rows: tuple[tuple[object, ...], ...],
                widths: tuple[int, ...]) -> int:
    """Estimate a table's height in body lines (its text is smaller, 8.8 pt)."""
    total = sum(widths) or 1
    cols = [max(6, int(MEASURE * 1.3 * w / total)) for w in widths]
    lines = 0.0
    for row in (header, *rows):
        cells = [text_lines(c, w) if isinstance(c, str) else 2
                 for c, w in zip(row, cols, strict=True)]
        lines += max(cells or [1]) * 0.9 + 0.5
    return math.ceil(lines)


def lines(b: object) -> int:
    """Estimate a block's height in body lines (10 pt type, 1.42 leading)."""
    if isinstance(b, d.Heading):
        return 3 if b.level == 1 else 2
    if isinstance(b, d.Paragraph):
        return text_lines(b.text, 62) if b.style == "question" else text_lines(b.text)
    if isinstance(b, (d.BulletList, ListPart)):
        return sum(text_lines(i, MEASURE - 4) for i in b.items)
    if isinstance(b, d.Table):
        return table_lines(b.header, b.rows, b.widths) + (1 if b.caption else 0)
    if isinstance(b, d.FormTable):
        return table_lines(b.header, b.rows, b.widths) + 3 * len(b.rows)
    if isinstance(b, d.Callout):
        return 2 + sum(lines(p) for p in b.body)
    if isinstance(b, d.FormField):
        kind = b.field.type
        return 2 + (5 if kind == "multiline" else len(b.field.choices) if kind == "choice"
                    else 1)
    if isinstance(b, (d.Figure, d.BarChart)):
        return 20
    if isinstance(b, Keep):
        return sum(lines(x) for x in b.items)
    return 1


def _splittable(b: object) -> bool:
    """Whether a block may break across pages (so a heading needs only its first lines)."""
    if isinstance(b, d.Paragraph):
        return lines(b) > LEAD_LINES
    if isinstance(b, d.BulletList):
        return lines(b) > 2 * LEAD_LINES
    if isinstance(b, d.Table):
        return not whole(b)
    return isinstance(b, d.FormTable)  # its rows never split, but the table may


def whole(t: d.Table) -> bool:
    """Whether a table is never split: under 8 rows, or a key-value card of a dozen rows."""
    return len(t.rows) < SMALL_TABLE or (t.style == "keyvalue" and len(t.rows) <= 12)


def _lead(heading: d.Heading, rest: list[object]) -> tuple[list[object], list[object], bool]:
    """Take from `rest` what the heading needs under it; say whether that is LEAD_LINES."""
    taken: list[object] = [heading]
    got = 0
    while rest and got < LEAD_LINES:
        b = rest[0]
        if isinstance(b, d.BulletList) and _splittable(b):
            k, n = 0, 0
            while n < LEAD_LINES:
                n += text_lines(b.items[k], MEASURE - 4)
                k += 1
            taken.append(ListPart(b.items[:k], b.ordered, 1))
            rest[0] = ListPart(b.items[k:], b.ordered, k + 1)
            return taken, rest, True
        if _splittable(b) or isinstance(b, (d.Figure, d.PageBreak, d.Cover, d.Toc)):
            break  # the CSS keeps the heading with the block's first lines (orphans: 3)
        taken.append(rest.pop(0))
        if not isinstance(b, d.Heading):
            got += lines(b)
    return taken, rest, got >= LEAD_LINES


def _section_end(blocks: list[object], start: int, level: int) -> int:
    end = start + 1
    while end < len(blocks) and not (isinstance(blocks[end], d.Heading)
                                     and blocks[end].level <= level):
        end += 1
    return end


def arrange(blocks: tuple[object, ...] | list[object]) -> list[object]:
    """Group blocks for printing: short sections whole, every heading with its lead lines."""
    out: list[object] = []
    items = list(blocks)
    i = 0
    while i < len(items):
        b = items[i]
        if not isinstance(b, d.Heading):
            out.append(b)
            i += 1
            continue
        end = _section_end(items, i, b.level)
        section = items[i:end]
        if b.level > 1 and sum(lines(x) for x in section) <= UNIT_LINES and not any(
                isinstance(x, (d.Figure, d.PageBreak)) for x in section):
            out.append(Keep(tuple(section)))
        else:
            taken, rest, enough = _lead(b, section[1:])
            nested = arrange(rest)
            out.append(Keep(tuple(taken), lead=bool(nested) and not enough))
            out += nested
        i = end
    return out


def guess_pages(blocks: tuple[object, ...], page_lines: int, first_page: int = 1
                ) -> dict[str, int]:
    """Guess the page of every anchor by filling pages of `page_lines` body lines."""
    pages: dict[str, int] = {}
    page, used = first_page, 0
    entries = sum(1 for b in blocks if isinstance(b, d.Heading) and b.bookmark and b.level <= 2)
    for b in arrange(blocks):
        items = b.items if isinstance(b, Keep) else (b,)
        size = lines(b)
        starts_chapter = isinstance(items[0], d.Heading) and items[0].level == 1
        if isinstance(items[0], (d.Cover, d.Colophon, d.Toc)) or starts_chapter:
            if used:
                page, used = page + 1, 0
        elif isinstance(b, Keep) and used + size > page_lines and size < page_lines:
            page, used = page + 1, 0
        for x in items:
            if isinstance(x, d.Heading):
                pages[x.anchor] = page + (used + 2) // page_lines
            elif isinstance(x, d.Figure) and x.anchor:
                pages[x.anchor] = page + (used + 10) // page_lines
        if isinstance(items[0], d.Toc):
            size = 4 + entries
        if isinstance(items[0], d.Cover):
            size = page_lines
        used += size
        while used > page_lines:
            page, used = page + 1, used - page_lines
    return pages


def column_widths(header: tuple[str, ...], rows: tuple[tuple[object, ...], ...],
                  room: int = 108) -> list[float]:
    """Size columns to their content, as CSS automatic layout does; return percentages.

    Each column gets at least its longest word and, room permitting, its longest cell;
    the rest of the room goes to the columns whose text would wrap most.
    """
    cells = [[plain(c) for c in col if isinstance(c, str)]
             for col in zip(header, *rows, strict=True)]
    # Four characters of room for the cell padding and the wider bold header type.
    low = [max((len(w) for c in col for w in c.split()), default=3) + 4 for col in cells]
    high = [max(max((len(c) for c in col), default=3) + 4, m)
            for col, m in zip(cells, low, strict=True)]
    if sum(high) <= room:
        sizes = [float(h) for h in high]
    elif sum(low) >= room:
        sizes = [float(m) for m in low]
    else:
        spare, wants = room - sum(low), sum(h - m for h, m in zip(high, low, strict=True))
        sizes = [m + spare * (h - m) / wants for h, m in zip(high, low, strict=True)]
    return [100 * s / sum(sizes) for s in sizes]


def landscape(doc: d.Document) -> bool:
    """Whether the document prints across: a form table of more than six columns."""
    return any(isinstance(b, d.FormTable) and len(b.header) > LANDSCAPE_COLUMNS
               for b in doc.blocks)
