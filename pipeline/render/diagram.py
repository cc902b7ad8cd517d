"""Decision-tree diagrams: DOT source drawn by graphviz's `dot` program, with a cache."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

from pipeline.errors import PipelineError


def render(dot_src: str, fmt: str, cache: Path) -> bytes:
    """Render DOT to 'svg' or 'png' bytes, reusing a cached result for the same source."""
    digest = hashlib.sha256(f"{fmt}\0{dot_src}".encode()).hexdigest()[:24]
    cached = cache / f"{digest}.{fmt}"
    if cached.exists():
        return cached.read_bytes()
    exe = shutil.which("dot")
    if exe is None:
        raise PipelineError("graphviz is not installed (no 'dot' program); install it with "
                            "`apt-get install graphviz` or run `make` to set up the machine")
    args = [exe, f"-T{fmt}"] + (["-Gdpi=220"] if fmt == "png" else [])
    proc = subprocess.run(args, input=dot_src.encode(), capture_output=True, check=False)
    if proc.returncode != 0:
        raise PipelineError(f"graphviz failed: {proc.stderr.decode(errors='replace').strip()}")
    cache.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(proc.stdout)
    os.replace(tmp, cached)
    return proc.stdout
