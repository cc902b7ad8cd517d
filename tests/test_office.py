"""The Word edition in LibreOffice: every DOCX of the shared build converts, and the guide's
table of contents shows page numbers without a field update."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from docx import Document as open_docx
from pypdf import PdfReader


@pytest.fixture(scope="module")
def converted(release: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Path]:
    """Every DOCX of the shared build converted to PDF by LibreOffice: folder -> PDF folder.

    One start of LibreOffice per folder: names repeat across folders (en/guide-a4.docx,
    fr/guide-a4.docx), so each folder converts into its own output folder.
    """
    tmp = tmp_path_factory.mktemp("office")
    env = {**os.environ, "HOME": str(tmp)}
    out: dict[Path, Path] = {}
    for i, folder in enumerate(sorted({p.parent for p in release.rglob("*.docx")})):
        out[folder] = tmp / str(i)
        proc = subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir",
                               str(out[folder]), *map(str, sorted(folder.glob("*.docx")))],
                              capture_output=True, text=True, env=env, timeout=900)
        assert proc.returncode == 0, proc.stderr
    return out


def test_every_docx_converts_with_libreoffice(release, converted):
    assert len(converted) == 6  # en, fr, es and their example plans
    for folder, pdfs in converted.items():
        for f in sorted(folder.glob("*.docx")):
            pdf = pdfs / (f.stem + ".pdf")
            assert pdf.exists() and len(PdfReader(pdf).pages) >= 1, f


def test_word_contents_shows_page_numbers_without_an_update(release, converted):
    docx = release / "en" / "guide-a4.docx"
    xml = open_docx(docx).element.xml
    assert "w:dirty" not in xml and "PAGEREF" in xml
    assert "updateFields" not in open_docx(docx).settings.element.xml
    pdf = converted[release / "en"] / "guide-a4.pdf"
    text = subprocess.run(["pdftotext", "-f", "3", "-l", "4", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    entries = re.findall(r"^(\d+\s)?\S.*?\.{5,}\s*(\d+)$", text, re.M)
    assert len(entries) >= 30, text[:500]
    numbers = [int(n) for _c, n in entries]
    assert numbers == sorted(numbers) and numbers[0] >= 3
