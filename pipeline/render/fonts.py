"""The fonts the documents are drawn with: fail when they are missing, never substitute."""

from __future__ import annotations

import hashlib
import os
import shutil
from functools import cache

from pipeline.errors import PipelineError
from pipeline.external import run_tool, text

FONTS = ("Noto Sans", "Noto Serif")


@cache
def matched(family: str) -> tuple[str, str]:
    """Return (families, file) of the font fontconfig would use for `family`."""
    exe = shutil.which("fc-match")
    if exe is None:
        return family, ""
    out = text(run_tool([exe, "-f", "%{family}\n%{file}", family], "fontconfig (fc-match)")
               .stdout)
    names, _, path = out.partition("\n")
    return names, path.strip()


def check_fonts(families: tuple[str, ...] | None = None) -> None:
    """Fail early when a font is missing, instead of silently printing another font."""
    missing = [f for f in families or FONTS if f not in matched(f)[0].split(",")]
    if missing:
        raise PipelineError(f"font(s) not installed: {', '.join(missing)}; install them with "
                            "`apt-get install fonts-noto-core` or run `make` to set up")


@cache
def fingerprint(families: tuple[str, ...]) -> str:
    """A digest of the font files in use, so a cache drawn with another font is not reused."""
    digest = hashlib.sha256()
    for family in families:
        path = matched(family)[1]
        digest.update(path.encode())
        if os.path.isfile(path):
            with open(path, "rb") as fh:
                digest.update(hashlib.file_digest(fh, "sha256").digest())
    return digest.hexdigest()
