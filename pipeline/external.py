"""External programs (dot, msgfmt, fc-match, git), each run with a time limit."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pipeline.content import limits
from pipeline.errors import PipelineError


def run_tool(args: list[str], what: str, stdin: bytes | None = None,
             cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run a program and return its result; a hang becomes an error naming the program."""
    timeout = limits.TOOL_TIMEOUT_S
    try:
        return subprocess.run(args, input=stdin, capture_output=True, check=False, cwd=cwd,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        raise PipelineError(f"{what} (`{' '.join(args[:2])}`) did not finish within {timeout:g} "
                            "s (TOOL_TIMEOUT_S) and was stopped; check that it works on its "
                            "own, or reinstall it") from None
    except OSError as exc:
        raise PipelineError(f"{what} could not be started ({exc.strerror}); install it or run "
                            "`make setup`") from None


def text(data: bytes) -> str:
    """Decode a program's output whatever the locale: tools write UTF-8, or plain ASCII."""
    return data.decode("utf-8", errors="replace")
