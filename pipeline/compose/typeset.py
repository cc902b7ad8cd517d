"""Apply locale typography to every reader-visible string of a composed document, once."""

from __future__ import annotations

import dataclasses
from typing import Any

from pipeline.compose.document import Document, Field, Meta
from pipeline.i18n.typography import typeset

#: Fields that hold identifiers, file names, source code or settings, never reader text.
KEEP = frozenset({"anchor", "dot", "id", "kind", "style", "lang", "version", "date_iso",
                  "type", "worksheet"})


def _walk(value: Any, lang: str) -> Any:
    if isinstance(value, str):
        return typeset(value, lang)
    if isinstance(value, tuple):
        return tuple(_walk(v, lang) for v in value)
    if isinstance(value, dict):
        return {k: _walk(v, lang) for k, v in value.items()}
    if isinstance(value, Field):
        # A choice's value is its stable ID; only its label is read.
        return dataclasses.replace(value, label=typeset(value.label, lang),
                                   help=typeset(value.help, lang),
                                   choices=tuple((v, typeset(t, lang))
                                                 for v, t in value.choices))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _walk(getattr(value, f.name), lang)
                   for f in dataclasses.fields(value) if f.name not in KEEP}
        return dataclasses.replace(value, **changes)
    return value


def typeset_document(doc: Document) -> Document:
    """Return the document with its language's quotes, apostrophes and spacing."""
    lang = doc.meta.lang
    meta: Meta = _walk(doc.meta, lang)
    return Document(meta, tuple(_walk(b, lang) for b in doc.blocks))
