"""Decision-tree diagrams: DOT source drawn by graphviz's `dot` program, with a cache.

A cached drawing is reused only for the same DOT source, `dot` version and font file, so
output from a broken `dot` or a substitute font is redrawn once they are fixed.
"""

from __future__ import annotations

import hashlib
import re
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

DPI = 220  # PNG resolution: DOCX places the image at its drawn size from this


def render(dot_src: str, fmt: str, cache: Path) -> bytes:
    """Render DOT to 'svg' or 'png' bytes, reusing a cached result when nothing changed."""
    exe = shutil.which("dot")
    if exe is None:
        raise PipelineError("graphviz is not installed (no 'dot' program); install it with "
                            "`apt-get install graphviz` or run `make` to set up the machine")
    check_fonts((FONT,))
    # "exact" names this version of the output (SVG at its exact size), so older cached
    # drawings are not reused; the dot version and the font file are in the key too.
    key = "\0".join(("exact", fmt, dot_version(exe), fingerprint((FONT,)), dot_src))
    cached = cache / f"{hashlib.sha256(key.encode()).hexdigest()[:24]}.{fmt}"
    if cached.exists():
        return cached.read_bytes()
    args = [exe, f"-T{fmt}"] + ([f"-Gdpi={DPI}"] if fmt == "png" else [])
    proc = run_tool(args, "graphviz (dot)", stdin=dot_src.encode())
    if proc.returncode != 0 or not proc.stdout:
        raise PipelineError(f"graphviz failed: {text(proc.stderr).strip() or 'no output'}; "
                            "check the installation with `dot -V`")
    data = _exact_size(proc.stdout) if fmt == "svg" else proc.stdout
    write_bytes(cached, data)
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
