"""Decision-tree diagrams: DOT source drawn by graphviz's `dot` program, with a cache."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

from pipeline.errors import PipelineError

DPI = 220  # PNG resolution: DOCX places the image at its drawn size from this


def render(dot_src: str, fmt: str, cache: Path) -> bytes:
    """Render DOT to 'svg' or 'png' bytes, reusing a cached result for the same source."""
    # "exact" names this version of the output, so older cached drawings are not reused.
    digest = hashlib.sha256(f"exact\0{fmt}\0{dot_src}".encode()).hexdigest()[:24]
    cached = cache / f"{digest}.{fmt}"
    if cached.exists():
        return cached.read_bytes()
    exe = shutil.which("dot")
    if exe is None:
        raise PipelineError("graphviz is not installed (no 'dot' program); install it with "
                            "`apt-get install graphviz` or run `make` to set up the machine")
    args = [exe, f"-T{fmt}"] + ([f"-Gdpi={DPI}"] if fmt == "png" else [])
    proc = subprocess.run(args, input=dot_src.encode(), capture_output=True, check=False)
    if proc.returncode != 0:
        raise PipelineError(f"graphviz failed: {proc.stderr.decode(errors='replace').strip()}")
    data = _exact_size(proc.stdout) if fmt == "svg" else proc.stdout
    cache.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, cached)
    return data


def _exact_size(svg: bytes) -> bytes:
    """Give the SVG the viewBox's exact size in pt: graphviz rounds it, shrinking the type."""
    return re.sub(rb'width="[\d.]+pt" height="[\d.]+pt"\s+viewBox="0\.00 0\.00 ([\d.]+) '
                  rb'([\d.]+)"', rb'width="\1pt" height="\2pt" viewBox="0 0 \1 \2"', svg,
                  count=1)


def size(dot_src: str, cache: Path) -> tuple[float, float]:
    """Return the drawn (width, height) of DOT source in points, at print size."""
    head = render(dot_src, "svg", cache)[:2000].decode(errors="replace")
    found = re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', head)
    if found is None:
        raise PipelineError("graphviz wrote an SVG without a size in points")
    return float(found[1]), float(found[2])
