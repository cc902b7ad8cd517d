"""Names the composed documents make from content IDs must be unique: anchors and field IDs.

Anchors join IDs (`chapter-section`, `decision-why`), so two valid IDs can make the same
anchor (a tool `about-who` and the section `who` of chapter `about`); field IDs join them with
`:`. Composing the English documents (no rendering) finds every such clash; each is reported
at the content lines of the IDs that made it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.compose.common import Edition
from pipeline.compose.document import Document
from pipeline.compose.guide import compose_guide
from pipeline.compose.worksheets import compose_worksheet
from pipeline.content.loader import Located
from pipeline.content.model import Content
from pipeline.content.validate import load_content
from pipeline.errors import InputErrors, Problem
from pipeline.i18n.translate import Translator


@dataclass(frozen=True)
class Entry:
    """One content entry with an ID: where it is and the IDs of its owners."""

    doc: Located
    path: tuple[Any, ...]
    id: str
    owners: tuple[str, ...]

    def describe(self) -> str:
        kind = next(str(p) for p in reversed(self.path) if isinstance(p, str))
        kind = kind.removesuffix("s").replace("_", " ")
        owner = f" of '{self.owners[-1]}'" if self.owners else ""
        return f"{kind} '{self.id}'{owner} ({self.doc.file}:{self.doc.line((*self.path, 'id'))})"

    def names(self, sep: str) -> set[str]:
        """The names this entry can give: its ID alone, or joined to an owner's ID."""
        return {self.id} | {f"{o}{sep}{self.id}" for o in self.owners}


def _entries(doc: Located, data: Any, path: tuple[Any, ...] = (),
             owners: tuple[str, ...] = ()) -> Iterator[Entry]:
    if isinstance(data, dict):
        own = data.get("id")
        if isinstance(own, str):
            yield Entry(doc, path, own, owners)
            owners = (*owners, own)
        for key, value in data.items():
            yield from _entries(doc, value, (*path, key), owners)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _entries(doc, value, (*path, i), owners)


def _report(name: str, makers: list[Entry], what: str) -> list[Problem]:
    if not makers:
        return [Problem("content", 1, f"{what} '{name}' is made twice; rename an ID")]
    listing = " and ".join(e.describe() for e in makers)
    return [e.doc.problem((*e.path, "id"), f"{what} '{name}' is made twice, by {listing}; "
                          "rename one of these IDs") for e in makers]


def _anchor_makers(anchor: str, entries: list[Entry]) -> list[Entry]:
    """The entries whose ID, alone or joined to an owner's, is the anchor."""
    makers = [e for e in entries if anchor in e.names("-")]
    if len(makers) < 2:  # the other one is an ID with a fixed suffix, such as `-why`
        makers += [e for e in entries if anchor.startswith(e.id + "-") and e not in makers]
    return makers


def _field_makers(field_id: str, entries: list[Entry]) -> list[Entry]:
    """Field IDs are `owner:field` (or `owner:row:field`): the entries with the last part."""
    owner, _, last = field_id.partition(":")
    return [e for e in entries if e.id == last.rpartition(":")[2]
            and (owner in e.owners or "fields" in e.path or "group_fields" in e.path)]


def _duplicates(names: list[str]) -> list[str]:
    return sorted(n for n, k in Counter(names).items() if k > 1)


def check_composed(content: Content, docs: dict[str, Located]) -> list[Problem]:
    """Compose the English guide and worksheets; report every anchor or field ID made twice."""
    tr = Translator("en")
    ed = Edition("en", "check", "2026-01-01", "1 January 2026")
    guide: Document = compose_guide(content, tr, ed)
    anchors = [a for b in guide.blocks if (a := getattr(b, "anchor", ""))]
    fields = [f.id for ws in content.worksheets.worksheets
              for f in compose_worksheet(content, tr, ed, ws.id).fields()]
    entries = [e for doc in docs.values() for e in _entries(doc, doc.data)]
    problems = [p for a in _duplicates(anchors)
                for p in _report(a, _anchor_makers(a, entries), "anchor")]
    problems += [p for f in _duplicates(fields)
                 for p in _report(f, _field_makers(f, entries), "field ID")]
    return problems


def load_checked(content_dir: Path) -> tuple[Content, dict[str, Located]]:
    """Load and validate the content, then check the names composing makes from it."""
    content, docs = load_content(content_dir)
    if problems := check_composed(content, docs):
        raise InputErrors(problems)
    return content, docs
