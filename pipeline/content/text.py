"""Prose splitting and the small inline markup shared by every renderer.

Prose is split into blocks at blank lines; a block whose lines all start with "- " is a list.
Inline markup is `**bold**`, `*italic*` and `[label](#anchor)` for links inside the document.
Text is never interpreted as HTML: renderers escape every run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Private-use characters wrap text shown in a translator preview as not yet translated.
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"

_INLINE = re.compile(r"\*\*(?P<b>.+?)\*\*|\*(?P<i>[^*\s](?:[^*]*[^*\s])?)\*"
                     r"|\[(?P<label>[^\]]+)\]\(#(?P<anchor>[a-z][a-z0-9-]*)\)"
                     rf"|{MARK_OPEN}(?P<m>.*?){MARK_CLOSE}", re.S)


@dataclass(frozen=True)
class Run:
    """A piece of text with its inline styles."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None
    marked: bool = False


@dataclass(frozen=True)
class Block:
    """A paragraph (one item) or a bullet list (several items) of prose."""

    kind: str  # "para" | "list"
    items: tuple[str, ...]


def split_prose(text: str) -> list[Block]:
    """Split prose into paragraphs and bullet lists at blank lines."""
    blocks = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [ln.strip() for ln in chunk.strip().split("\n") if ln.strip()]
        if not lines:
            continue
        if all(ln.startswith("- ") for ln in lines):
            blocks.append(Block("list", tuple(ln[2:].strip() for ln in lines)))
        else:
            blocks.append(Block("para", (" ".join(lines),)))
    return blocks


def units(text: str, prose: bool) -> list[str]:
    """Return the translation units of a field: the whole text, or each paragraph/list item."""
    if not prose:
        return [text]
    return [item for block in split_prose(text) for item in block.items]


def plain(text: str) -> str:
    """Drop preview marks, for places that show text without styling (attributes, diagrams)."""
    return text.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")


def _flatten_marks(text: str) -> str:
    """Keep only the outermost preview marks: a fallback label may wrap fallback content."""
    out, depth = [], 0
    for ch in text:
        if ch == MARK_OPEN:
            depth += 1
            if depth == 1:
                out.append(ch)
        elif ch == MARK_CLOSE:
            if depth == 1:
                out.append(ch)
            depth = max(0, depth - 1)
        else:
            out.append(ch)
    if depth:
        out.append(MARK_CLOSE)
    return "".join(out)


def parse_inline(text: str, marked: bool = False) -> list[Run]:
    """Parse inline markup into runs; unmatched markers stay as literal text."""
    if MARK_OPEN in text or MARK_CLOSE in text:
        text = _flatten_marks(text)
    runs: list[Run] = []
    pos = 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            runs.append(Run(text[pos:m.start()], marked=marked))
        if m["b"] is not None:
            runs += [Run(r.text, True, r.italic, r.link, r.marked)
                     for r in parse_inline(m["b"], marked)]
        elif m["i"] is not None:
            runs.append(Run(m["i"], italic=True, marked=marked))
        elif m["label"] is not None:
            runs.append(Run(m["label"], link=m["anchor"], marked=marked))
        else:
            runs += parse_inline(m["m"], True)
        pos = m.end()
    if pos < len(text):
        runs.append(Run(text[pos:], marked=marked))
    return [Run(plain(r.text), r.bold, r.italic, r.link, r.marked) for r in runs if plain(r.text)]


def markup_signature(text: str) -> list[str]:
    """Return the markup tokens of a string, for checking a translation keeps them."""
    sig = []
    for m in _INLINE.finditer(text):
        if m["b"] is not None:
            sig.append("**")
        elif m["i"] is not None:
            sig.append("*")
        elif m["label"] is not None:
            sig.append(f"link#{m['anchor']}")
    sig += sorted(re.findall(r"\{[a-z_]+\}", text))
    # Stray braces would break str.format() on labels, so their count must match too.
    sig.append(f"braces {text.count('{')}/{text.count('}')}")
    # Unbalanced markers are not tokens above, so compare the raw counts as well.
    sig.append(f"stars {text.count('*')} brackets {text.count('[')}/{text.count(']')}")
    return sig
