"""Helpers for tests that edit a copy of the fixture content and read back its errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.content.validate import load_content
from pipeline.errors import InputErrors


def problems(content: Path) -> list[str]:
    """Load the content, which must fail; return its errors as `file:line: message`."""
    with pytest.raises(InputErrors) as exc:
        load_content(content)
    return [f"{Path(p.file).name}:{p.line}: {p.message}" for p in exc.value.problems]


def edit(content: Path, fname: str, old: str, new: str) -> None:
    """Replace the first `old` in one content file; the text must be there."""
    path = content / fname
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))
