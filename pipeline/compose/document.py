"""The composed document: an ordered tree of blocks that every renderer walks the same way."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Meta:
    """What a renderer needs to know about the document as a whole."""

    kind: str  # guide | worksheet | plan
    lang: str
    title: str
    subtitle: str
    publisher: str
    version: str
    date_iso: str  # YYYY-MM-DD, from SOURCE_DATE_EPOCH
    date_text: str  # the same date, formatted for the language
    running_title: str
    labels: dict[str, str] = field(default_factory=dict)  # page, contents, ...
    preview: bool = False  # a translator preview: untranslated passages are highlighted


@dataclass(frozen=True)
class Cover:
    title: str
    subtitle: str
    lines: tuple[str, ...]  # edition, date, language
    publisher: str = ""
    note: str = ""  # e.g. that this is a working draft


@dataclass(frozen=True)
class Colophon:
    lines: tuple[str, ...]
    notes: tuple[str, ...] = ()
    sections: tuple[tuple[str, str], ...] = ()  # (title, text): licence, how to cite, contact


@dataclass(frozen=True)
class Toc:
    title: str
    depth: int = 2


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str
    bookmark: bool = True
    number: str = ""  # chapter number, shown before the text


@dataclass(frozen=True)
class Paragraph:
    text: str  # inline markup, see text.parse_inline
    style: str = "body"  # body | lead | small | question | reference
    anchor: str = ""  # link target, e.g. a work in the References chapter


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...]  # relative column widths
    caption: str = ""
    style: str = "grid"  # grid | keyvalue | matrix


@dataclass(frozen=True)
class Figure:
    dot: str  # graphviz source; renderers choose SVG or PNG
    caption: str
    alt: str
    anchor: str = ""


@dataclass(frozen=True)
class Callout:
    kind: str  # note | draft
    title: str
    body: tuple[Paragraph | BulletList, ...]


@dataclass(frozen=True)
class PageBreak:
    pass


Value = str | int | float | bool  # a typed answer to one field


@dataclass(frozen=True)
class Field:
    """One fillable field, named by its stable ID in every language and format."""

    id: str
    type: str  # text | multiline | checkbox | choice | score | number | date
    label: str
    help: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)
    worksheet: str = ""
    average_of: tuple[str, ...] = ()  # computed in the form: the mean of these fields


@dataclass(frozen=True)
class FormField:
    field: Field


@dataclass(frozen=True)
class FormTable:
    """A table whose cells are text or fields: repeated rows, or one row per item."""

    header: tuple[str, ...]
    rows: tuple[tuple[str | Field, ...], ...]
    widths: tuple[int, ...]


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars on a fixed scale, e.g. the assessment profile."""

    caption: str
    bars: tuple[tuple[str, float, str], ...]  # (label, value, value as text)
    maximum: float


Block = (BarChart | Cover | Colophon | Toc | Heading | Paragraph | BulletList | Table | Figure
         | Callout | PageBreak | FormField | FormTable)


@dataclass(frozen=True)
class Document:
    meta: Meta
    blocks: tuple[Block, ...]

    def headings(self) -> list[Heading]:
        """Return the headings in order, for checks and outlines."""
        return [b for b in self.blocks if isinstance(b, Heading)]

    def fields(self) -> list[Field]:
        """Return every form field in reading order."""
        out: list[Field] = []
        for b in self.blocks:
            if isinstance(b, FormField):
                out.append(b.field)
            elif isinstance(b, FormTable):
                out += [c for row in b.rows for c in row if isinstance(c, Field)]
        return out
