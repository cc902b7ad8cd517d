"""Pieces every composer shares: the edition, prose blocks, inline links and interface labels."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.compose.document import BulletList, Paragraph
from pipeline.content.text import split_prose
from pipeline.i18n.translate import Translator


@dataclass(frozen=True)
class Edition:
    """Facts about this build that appear in the document."""

    lang: str
    version: str
    date_iso: str
    date_text: str
    preview: bool = False
    commit: str = ""  # releases only: the source commit (with "+dirty" if ALLOW_DIRTY=1)


RELEASE = re.compile(r"\d+(\.\d+)+([-+][0-9A-Za-z.]+)?")


def is_release(version: str) -> bool:
    """Whether the version names a release (1.0, 2.1.3, 1.0-rc1), not a working build."""
    return RELEASE.fullmatch(version) is not None


def edition_label(tr: Translator, ed: Edition) -> str:
    """Return "Edition 1.2" for a release; a working build says discreetly it is a draft."""
    if is_release(ed.version):
        return tr._("Edition {version}").format(version=ed.version)
    return tr._("Working draft")


def edition_line(tr: Translator, ed: Edition) -> str:
    """Return the edition and its date, e.g. "Edition 1.2, 3 March 2026"."""
    return tr._("{edition}, {date}").format(edition=edition_label(tr, ed), date=ed.date_text)


def prose(text: str | None) -> Iterator[Paragraph | BulletList]:
    """Turn prose into paragraph and list blocks."""
    for block in split_prose(text or ""):
        if block.kind == "list":
            yield BulletList(block.items)
        else:
            yield Paragraph(block.items[0])


def link(label: str, anchor: str) -> str:
    """Return inline markup for an internal link (labels never contain markup brackets)."""
    return f"[{label.replace('[', '(').replace(']', ')')}](#{anchor})"


def bold(text: str) -> str:
    """Inline markup for a bold label."""
    return f"**{text}**"


def labels(tr: Translator) -> dict[str, str]:
    """Interface words that renderers place (running heads, page numbers)."""
    _ = tr._
    return {"page": _("Page"), "contents": _("Contents"), "figure": _("Figure"),
            "draft": _("Draft"),
            # File metadata (PDF keywords, DOCX keywords and category) is read too.
            "keywords": _("social performance, microfinance, networks, strategy"),
            "guide": _("Guide"), "worksheet": _("Worksheet"), "plan": _("Strategy plan"),
            # TRANSLATORS: abbreviation of "page" in page references such as "→ p. 34".
            "page_abbr": _("p.")}
