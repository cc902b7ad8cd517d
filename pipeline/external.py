"""External programs (dot, msgfmt, fc-match, git), each run with a time limit."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

from pipeline.content import limits
from pipeline.errors import PipelineError


def run_tool(args: list[str], what: str, stdin: bytes | None = None,
             cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run a program and return its result; a hang becomes an error naming the program."""
    timeout = limits.TOOL_TIMEOUT_S
    try:
        # A session of its own lets a timeout stop the program and anything it started,
        # which would otherwise hold the output pipes open.
        proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, cwd=cwd, start_new_session=True)
    except OSError as exc:
        raise PipelineError(f"{what} could not be started ({exc.strerror}); install it or run "
                            "`make setup`") from None
    try:
        out, err = proc.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise PipelineError(f"{what} (`{' '.join(args[:2])}`) did not finish within {timeout:g} "
                            "s (TOOL_TIMEOUT_S) and was stopped; check that it works on its "
                            "own, or reinstall it") from None
    return subprocess.CompletedProcess(args, proc.returncode, out, err)


def text(data: bytes) -> str:
    """Decode a program's output whatever the locale: tools write UTF-8, or plain ASCII."""
    return data.decode("utf-8", errors="replace")
