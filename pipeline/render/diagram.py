"""Decision-tree diagrams: DOT source drawn by graphviz's `dot` program, with a cache.

A cached drawing is reused only for the same DOT source, `dot` version and font file, so
output from a broken `dot` or a substitute font is redrawn once they are fixed.
"""

from __future__ import annotations

import hashlib
import shutil
from functools import cache
from pathlib import Path

from pipeline.compose.tree import FONT
from pipeline.errors import PipelineError
from pipeline.external import run_tool, text
from pipeline.fsutil import write_bytes
from pipeline.render.fonts import check_fonts, fingerprint


@cache
def dot_version(exe: str) -> str:
    """Return what `dot -V` says (it writes its version to stderr)."""
    proc = run_tool([exe, "-V"], "graphviz (dot)")
    return text(proc.stderr + proc.stdout).strip()


def render(dot_src: str, fmt: str, cache: Path) -> bytes:
    """Render DOT to 'svg' or 'png' bytes, reusing a cached result when nothing changed."""
    exe = shutil.which("dot")
    if exe is None:
        raise PipelineError("graphviz is not installed (no 'dot' program); install it with "
                            "`apt-get install graphviz` or run `make` to set up the machine")
    check_fonts((FONT,))
    key = "\0".join((fmt, dot_version(exe), fingerprint((FONT,)), dot_src))
    cached = cache / f"{hashlib.sha256(key.encode()).hexdigest()[:24]}.{fmt}"
    if cached.exists():
        return cached.read_bytes()
    args = [exe, f"-T{fmt}"] + (["-Gdpi=220"] if fmt == "png" else [])
    proc = run_tool(args, "graphviz (dot)", stdin=dot_src.encode())
    if proc.returncode != 0 or not proc.stdout:
        raise PipelineError(f"graphviz failed: {text(proc.stderr).strip() or 'no output'}; "
                            "check the installation with `dot -V`")
    write_bytes(cached, proc.stdout)
    return proc.stdout
