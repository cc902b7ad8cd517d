"""Message extraction: content YAML (a Babel extractor), Jinja2 templates and Python labels."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file

from pipeline import __version__
from pipeline.content.loader import _decode, parse
from pipeline.content.model import FILES
from pipeline.content.slots import Slot, slots
from pipeline.content.text import units
from pipeline.errors import InputErrors
from pipeline.project import Project

COMMENT_TAGS = ["TRANSLATORS:"]


def _describe(s: Slot) -> str:
    owner, field = s.context.split(":", 1)
    kind = "paragraph or list item of" if s.prose else "text of"
    return f"{kind} '{field}' in {owner}"


def _unit_line(lines: list[str], start: int, unit: str) -> int:
    """Find the line where a paragraph starts, searching forward from its field's line."""
    head = unit.split(" ", 6)[:6]
    probe = " ".join(head)[:40]
    for i in range(start - 1, min(len(lines), start + 400)):
        text = lines[i].strip().removeprefix("- ")
        if text and (probe.startswith(text[:40]) or text.startswith(probe)):
            return i + 1
    return start


def extract_yaml(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]
                 ) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """Babel extractor for content YAML: msgctxt is the content ID, one message per paragraph."""
    name = Path(getattr(fileobj, "name", "content.yaml"))
    cls = FILES.get(name.name)
    if cls is None:
        return
    from pipeline.content.validate import display, parse_model

    text = _decode(fileobj.read(), display(name))
    doc = parse(text, display(name))
    model, problems = parse_model(doc, cls)
    if model is None:
        raise InputErrors(problems)
    lines = text.split("\n")
    for s in slots(model, name.stem):
        line = doc.line(s.path)
        for unit in units(s.value, s.prose):
            uline = _unit_line(lines, line, unit) if s.prose else line
            yield uline, "pgettext", (s.context, unit), [_describe(s)]


def _sources(project: Project) -> Iterator[tuple[str, Path]]:
    for fname in FILES:
        yield "spguide_yaml", project.content / fname
    for path in sorted(project.templates.glob("*.html")):
        yield "jinja2", path
    for path in sorted((project.root / "pipeline").rglob("*.py")):
        yield "python", path


def extract_catalog(project: Project) -> Catalog:
    """Return the template catalog of every translatable string in the project."""
    catalog = Catalog(project="spguide", version=__version__, charset="utf-8",
                      creation_date=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), fuzzy=False,
                      msgid_bugs_address="spguide translators (see TRANSLATING.md)",
                      copyright_holder="the spguide authors",
                      header_comment="# Translations template for spguide: do not edit; run "
                      "`make update-po`.\n# Copyright (C) 2026 the spguide authors\n#")
    from pipeline.content.validate import display

    for method, path in _sources(project):
        if not path.exists():
            continue
        options = {"extensions": "jinja2.ext.i18n", "trimmed": "true"} if method == "jinja2" \
            else {}
        for lineno, message, comments, context in extract_from_file(
                method, str(path), keywords=DEFAULT_KEYWORDS, comment_tags=COMMENT_TAGS,
                options=options, strip_comment_tags=True):
            if not message:
                continue
            catalog.add(message, None, [(display(path), lineno)], auto_comments=comments,
                        context=context)
    return catalog
