"""Atomic file output: a reader never sees a half-written file.

Inside `staged()`, every file is first written beside its target and only renamed into place
when the whole block succeeds: a command that writes several files (update-po) changes all
of them or none, even when the disk fills up half-way.
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from pipeline.errors import PipelineError

#: Write errors that mean "no room", reported as such instead of as a traceback.
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_staged: ContextVar[list[tuple[Path, Path]] | None] = ContextVar("staged", default=None)


def _full(out: Path, exc: OSError) -> PipelineError:
    return PipelineError(f"{out}: cannot write it: {exc.strerror}; free some disk space and run "
                         "the command again (the existing file was left as it was)")


@contextmanager
def atomic_output(out: Path) -> Iterator[Path]:
    """Yield a temporary path beside `out`; rename it over `out` only if the block succeeds."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        # The pid in the name lets a later build tell a killed build's leftovers from a
        # part another running build is still writing (`sweep_parts`).
        fd, name = tempfile.mkstemp(prefix=f".{out.name}.{os.getpid()}.", suffix=".part",
                                    dir=out.parent)
        os.close(fd)
    except OSError as exc:
        raise PipelineError(f"{out}: cannot write here ({exc.strerror}); check the folder's "
                            "permissions and free space") from None
    tmp = Path(name)
    keep = False
    try:
        try:
            yield tmp
        except OSError as exc:
            if exc.errno in _FULL:
                raise _full(out, exc) from None
            raise
        os.chmod(tmp, 0o644)
        if (pending := _staged.get()) is not None:
            pending.append((tmp, out))
            keep = True
        else:
            os.replace(tmp, out)
    finally:
        if not keep:
            tmp.unlink(missing_ok=True)


@contextmanager
def staged() -> Iterator[None]:
    """Defer the renames of every atomic write in the block until it has all succeeded."""
    pending: list[tuple[Path, Path]] = []
    token = _staged.set(pending)
    try:
        yield
        for tmp, out in pending:
            os.replace(tmp, out)  # a rename needs no free space
        pending.clear()
    finally:
        _staged.reset(token)
        for tmp, _out in pending:
            tmp.unlink(missing_ok=True)


def write_text(out: Path, text: str) -> None:
    """Write text atomically."""
    with atomic_output(out) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_bytes(out: Path, data: bytes) -> None:
    """Write bytes atomically."""
    with atomic_output(out) as tmp:
        tmp.write_bytes(data)


def sweep_parts(folder: Path) -> list[Path]:
    """Remove `.part` files left in `folder` by processes that no longer run (a killed build).

    Only names `atomic_output` makes are touched: `.NAME.PID.RANDOM.part`, or `.NAME.RANDOM.part`
    from builds before the pid was added.
    """
    removed = []
    for part in folder.glob(".*.part") if folder.is_dir() else ():
        m = _PART.match(part.name)
        if not m or (m.group(1) and _alive(int(m.group(1)))):
            continue  # not ours, or another build is writing it right now
        try:
            part.unlink()
            removed.append(part)
        except OSError:
            pass  # gone already, or not ours to remove: the next sweep tries again
    return removed


_PART = re.compile(r"^\..+?(?:\.(\d+))?\.[a-z0-9_]{8}\.part$")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
