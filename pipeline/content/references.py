"""Citations: every case study and tool cites dated works of references.yaml, and a release
carries no draft entries."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.content.loader import Located, load_file
from pipeline.content.model import FILES, Content
from pipeline.errors import InputErrors, Problem

# A title that is only a web address ("cerise-microfinance.org") names a site, not a work.
_SITE_NAME = re.compile(r"^(https?://)?(www\.)?[\w-]+(\.[\w-]+)+(/\S*)?$", re.I)


def check_citations(c: Content, docs: dict[str, Located]) -> Iterator[Problem]:
    """Yield duplicate works, site names used as titles, unknown citations and entries whose
    citations include no titled, dated work."""
    rdoc = docs["references.yaml"]
    works: dict[str, Any] = {}
    for i, w in enumerate(c.references.works):
        if w.id in works:
            yield rdoc.problem(("works", i, "id"), f"duplicate work ID '{w.id}'; each work "
                               "must be listed once")
        works[w.id] = w
        if _SITE_NAME.match(w.title.strip()):
            yield rdoc.problem(("works", i, "title"), f"the title of '{w.id}' is a site name, "
                               "not a work; give the title of the page or document")
    for fname, key, items in (("case_studies.yaml", "cases", c.case_studies.cases),
                              ("tools.yaml", "tools", c.tools.tools)):
        doc = docs[fname]
        for i, item in enumerate(items):
            for j, ref in enumerate(item.sources):
                if ref not in works:
                    close = difflib.get_close_matches(ref, list(works), n=1)
                    hint = f"did you mean '{close[0]}'?" if close else \
                        "add the work to content/references.yaml"
                    yield doc.problem((key, i, "sources", j), f"'{item.id}' cites unknown "
                                      f"work '{ref}'; {hint}")
            if not any(works[r].year is not None for r in item.sources if r in works):
                yield doc.problem((key, i, "sources"), f"'{item.id}' cites no work with a "
                                  "title and a year; cite at least one dated work from "
                                  "content/references.yaml")


def draft_problems(content_dir: Path) -> list[Problem]:
    """Return one problem per entry still marked `status: draft` in any content file."""
    problems: list[Problem] = []
    for fname in FILES:
        path = content_dir / fname
        if not path.exists():
            continue
        doc = load_file(path, f"content/{fname}")
        for where, entry in _mappings(doc.data, ()):
            if entry.get("status") == "draft":
                problems.append(doc.problem((*where, "status"), f"entry "
                                            f"'{entry.get('id', '?')}' is still a draft; "
                                            "complete it from cited sources or remove it "
                                            "before a release"))
    return problems


def ensure_no_drafts(content_dir: Path) -> None:
    """Refuse a release while any entry is a draft, naming each one."""
    problems = draft_problems(content_dir)
    if problems:
        raise InputErrors(problems)


def _mappings(node: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], dict]]:
    if isinstance(node, dict):
        yield path, node
        for k, v in node.items():
            yield from _mappings(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _mappings(v, (*path, i))
