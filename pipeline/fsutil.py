"""Atomic file output: a reader never sees a half-written file."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import PipelineError


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
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    finally:
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
