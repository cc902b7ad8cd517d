"""Citations and the References chapter, shared by the guide's case studies and tools."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from pipeline.compose.common import link
from pipeline.compose.document import Block, Paragraph
from pipeline.content.model import Work
from pipeline.i18n import localefmt as lf

# "Surname, I." at the start marks personal authors; organisations are cited in full.
_PERSON = re.compile(r"^[^,]+, (?:[A-Z]\.\s?)+")


def short_author(author: str) -> str:
    """Return the name used in a citation label: a surname (with et al.) or the organisation."""
    if not _PERSON.match(author):
        # "Microfinance Centre (MFC)" is cited by its abbreviation.
        abbr = re.fullmatch(r"[^()]+\(([^()]+)\)", author)
        return abbr[1] if abbr and " and " not in author else author
    surname = author.split(",")[0]
    return f"{surname} et al." if " and " in author or "others" in author else surname


def ordered(works: list[Work]) -> list[Work]:
    """Return the works in bibliography order: author, then year, then title."""
    return sorted(works, key=lambda w: (lf.sort_key(w.author), w.year or 0, w.title))


def years(works: list[Work], _: Callable[[str], str]) -> dict[str, str]:
    """Return each work's year as cited; same-author, same-year works get a, b, c…"""
    plain = {w.id: str(w.year) if w.year is not None else _("n.d.") for w in works}
    groups: dict[tuple[str, str], list[str]] = {}
    for w in ordered(works):
        groups.setdefault((short_author(w.author), plain[w.id]), []).append(w.id)
    out = dict(plain)
    for ids in groups.values():
        if len(ids) > 1:
            sep = "" if plain[ids[0]][-1].isdigit() else "-"  # 2013a, but n.d.-a
            out.update({i: f"{plain[i]}{sep}{chr(ord('a') + n)}" for n, i in enumerate(ids)})
    return out


def cite(works: list[Work], ids: list[str], _: Callable[[str], str], sep: str = "; ") -> str:
    """Return inline markup citing `ids`, each linked to its entry in the References chapter."""
    by_id, year = {w.id: w for w in works}, years(works, _)
    return sep.join(link(f"{short_author(by_id[i].author)} {year[i]}", i) for i in ids)


def entry(w: Work, year: str) -> str:
    """Return one bibliography entry as inline markup."""
    parts = [f"**{w.author}** ({year}). *{w.title.rstrip('.')}*."]
    if w.publisher:
        parts.append(f"{w.publisher}.")
    if w.note:
        parts.append(w.note)
    if w.url:
        parts.append(w.url)  # kept intact so it can be copied; print CSS wraps it
    return " ".join(parts)


def bibliography(works: list[Work], _: Callable[[str], str]) -> Iterator[Block]:
    """Yield the References chapter body: every work, sorted by author then year."""
    year = years(works, _)
    for w in ordered(works):
        yield Paragraph(entry(w, year[w.id]), "reference", anchor=w.id)
