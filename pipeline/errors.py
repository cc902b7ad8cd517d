"""User-facing errors: every problem names a file and a line."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in an input file, reported as `file:line: error: message`."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        # Line 0: the file has no lines to point at (a PDF or DOCX); the message names the field.
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: error: {self.message}"


class PipelineError(Exception):
    """A problem the user can fix; printed without a traceback."""


class InputErrors(PipelineError):
    """One or more problems found in the inputs, all reported together."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))
