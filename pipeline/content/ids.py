"""IDs that must be unique within their owner: sections, questions, fields, choices, worksheets.

Global IDs are checked in `validate`; these local ones become anchors (`chapter-section`) and
field IDs (`section:field`, `dimension:question`), so a repeat would silently merge two
headings, two form fields or two radio groups into one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from pipeline.content.loader import Located
from pipeline.content.model import Content
from pipeline.errors import Problem


def _unique(doc: Located, items: Sequence[Any], path: tuple[Any, ...], what: str,
            owner: str) -> Iterator[Problem]:
    """Yield a problem at every repeat of an ID among `items` (at `path` in `doc`)."""
    first: dict[str, int] = {}
    for i, item in enumerate(items):
        if item.id in first:
            yield doc.problem((*path, i, "id"), f"duplicate {what} ID '{item.id}' in {owner} "
                              f"(first at line {doc.line((*path, first[item.id], 'id'))}); "
                              "give each one its own ID")
        else:
            first[item.id] = i


def check_local_ids(c: Content, docs: dict[str, Located]) -> Iterator[Problem]:
    """Yield every ID repeated inside its chapter, dimension, worksheet, section or field."""
    gdoc, adoc, wdoc = docs["guide.yaml"], docs["assessment.yaml"], docs["worksheets.yaml"]
    for i, ch in enumerate(c.guide.chapters):
        yield from _unique(gdoc, ch.sections, ("chapters", i, "sections"), "section",
                           f"chapter '{ch.id}'")
    for i, dim in enumerate(c.assessment.dimensions):
        yield from _unique(adoc, dim.questions, ("dimensions", i, "questions"), "question",
                           f"dimension '{dim.id}'")
    sheets = c.worksheets.worksheets
    yield from _unique(wdoc, sheets, ("worksheets",), "worksheet", "worksheets.yaml")
    for i, ws in enumerate(sheets):
        yield from _unique(wdoc, ws.sections, ("worksheets", i, "sections"), "section",
                           f"worksheet '{ws.id}'")
        for j, sec in enumerate(ws.sections):
            path = ("worksheets", i, "sections", j)
            # Group fields share the section's field-ID namespace with the row fields.
            named = [(f, (*path, "fields", k)) for k, f in enumerate(sec.fields)]
            named += [(f, (*path, "group_fields", k)) for k, f in enumerate(sec.group_fields)]
            first: dict[str, int] = {}
            for f, where in named:
                if f.id in first:
                    yield wdoc.problem((*where, "id"), f"duplicate field ID '{f.id}' in section "
                                       f"'{sec.id}' of worksheet '{ws.id}' (first at line "
                                       f"{first[f.id]}); give each field its own ID")
                else:
                    first[f.id] = wdoc.line((*where, "id"))
                yield from _unique(wdoc, f.choices, (*where, "choices"), "choice",
                                   f"field '{f.id}'")
