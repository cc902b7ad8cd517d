"""The translators' settings files, `thresholds.yaml` and `terminology.yaml`, read safely.

Both go through the content loader (safe YAML, every value's line), so a malformed file, a
wrong shape or a broken pattern is a located error instead of a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pipeline.content.loader import Located, load_file
from pipeline.errors import InputErrors


def _section(doc: Located, key: str, kind: type) -> Any:
    """Return `doc.data[key]` if the file is a mapping and the value has the expected type."""
    if doc.data is None:
        return kind()
    if not isinstance(doc.data, dict) or not isinstance(doc.data.get(key, kind()), kind):
        raise InputErrors([doc.problem((key,), f"expected `{key}:` holding a "
                                       f"{'mapping' if kind is dict else 'list'}; see the "
                                       "comments at the top of the file")])
    return doc.data.get(key, kind())


def read_thresholds(path: Path, defaults: dict[str, float]) -> dict[str, float]:
    """Return the release threshold (percent of messages) per language."""
    found = dict(defaults)
    if not path.exists():
        return found
    doc = load_file(path)
    table = _section(doc, "thresholds", dict)
    problems = []
    for lang, value in table.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or \
                not 0 <= value <= 100:
            problems.append(doc.problem(("thresholds", lang), f"threshold for '{lang}' must "
                                        f"be a number from 0 to 100, not {str(value)[:40]!r}"))
        else:
            found[str(lang)] = float(value)
    if problems:
        raise InputErrors(problems)
    return found


def read_terms(path: Path) -> list[dict[str, re.Pattern[str]]]:
    """Return the terminology table: per row, a case-insensitive pattern per language."""
    if not path.exists():
        return []
    doc = load_file(path)
    rows = _section(doc, "terms", list)
    out, problems = [], []
    for i, row in enumerate(rows):
        if not isinstance(row, dict) or "en" not in row or \
                not all(isinstance(v, str) for v in row.values()):
            problems.append(doc.problem(("terms", i), "each term needs `en:` and the other "
                                        "languages, each a pattern in quotes"))
            continue
        compiled = {}
        for lang, pattern in row.items():
            try:
                compiled[str(lang)] = re.compile(pattern, re.I)
            except re.error as exc:
                problems.append(doc.problem(("terms", i, lang), f"pattern for '{lang}' is not "
                                            f"a valid regular expression: {exc}"))
        out.append(compiled)
    if problems:
        raise InputErrors(problems)
    return out
