"""Where the project's inputs and outputs live."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    """Folders of one project checkout; tests point these at fixtures."""

    root: Path
    content: Path
    templates: Path
    locales: Path
    build: Path

    @classmethod
    def at(cls, root: Path, content: Path | None = None) -> Project:
        """Return the standard layout under `root`."""
        root = root.resolve()
        return cls(root, (content or root / "content").resolve(), root / "templates",
                   root / "locales", root / "build")

    @property
    def cache(self) -> Path:
        return self.build / "cache"
