"""The real outputs of the shared `make files` build (conftest.py): completeness, PDF validity,
language, print layout and the organisers' index."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from docx import Document as open_docx
from pypdf import PdfReader

from pipeline.content.validate import load_content
from pipeline.i18n.catalogs import TARGETS, coverage
from pipeline.i18n.localefmt import tag
from pipeline.i18n.typography import typeset
from pipeline.project import Project

ROOT = Path(__file__).resolve().parent.parent
REAL = Project.at(ROOT)
LANGS = ("en", "fr", "es")


def pdfs(release):
    return sorted(release.rglob("*.pdf"))


def docxs(release):
    return sorted(release.rglob("*.docx"))


def test_every_output_exists(release):
    names = {str(p.relative_to(release)) for p in release.rglob("*.*")}
    for lang in LANGS:
        for paper in ("a4", "letter"):
            for fmt in ("pdf", "docx"):
                assert f"{lang}/guide-{paper}.{fmt}" in names
                assert f"{lang}/worksheet-decisions-{paper}.{fmt}" in names
        for ex in ("young-network", "mature-network", "poverty-network"):
            assert f"examples/{lang}/plan-{ex}.pdf" in names


def test_every_pdf_passes_qpdf_and_embeds_its_fonts(release):
    for pdf in pdfs(release):
        check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        assert check.returncode == 0, (pdf, check.stdout[-500:])
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                               check=True).stdout.splitlines()[2:]
        assert fonts and all(line.split()[-5] == "yes" for line in fonts), (pdf, fonts)


def test_every_po_passes_msgfmt():
    for po in REAL.locales.rglob("*.po"):
        proc = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(po)],
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr


def pdf_text(path: Path, first: int = 1, last: int = 0) -> str:
    """The text of pages `first` to `last` (0: the end), whitespace collapsed (pdftotext)."""
    out = subprocess.run(["pdftotext", "-f", str(first), "-l", str(last), str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def test_english_guide_is_complete(release):
    content, _ = load_content(REAL.content)
    pdf = release / "en" / "guide-a4.pdf"
    assert len(PdfReader(pdf).pages) >= 40
    text = pdf_text(pdf)
    assert len(text.split()) >= 15_000
    docx = open_docx(release / "en" / "guide-a4.docx")
    heads = {p.text for p in docx.paragraphs if p.style.name.startswith("Heading")}
    flat = re.sub(r"\s+", "", text)
    entries = [d.title for d in content.decision_tree.decisions]
    entries += [s.title for s in content.strategies.options]
    entries += [t.name for t in content.tools.tools]
    entries += [f"{k.network} ({k.country})" for k in content.case_studies.cases]
    for title in (typeset(t, "en") for t in entries):  # printed with curly quotes
        assert re.sub(r"\s+", "", title) in flat, title
        assert any(title in h for h in heads), title


def test_translations_are_complete():
    for lang in TARGETS:
        c = coverage(REAL, lang)
        assert c.translated == c.total, f"{lang}: {c.fuzzy} fuzzy, {c.untranslated} untranslated"


def test_french_and_spanish_guides_read_in_their_language(release):
    for lang, words in (("fr", (" le ", " les ", " des ", " réseau")),
                        ("es", (" el ", " los ", " las ", " red "))):
        pdf = release / lang / "guide-a4.pdf"
        reader = PdfReader(pdf)
        assert reader.trailer["/Root"]["/Lang"] == tag(lang)  # fr-FR, es-419
        text = pdf_text(pdf).lower()
        for w in words:
            assert text.count(w) > 50, (lang, w)
        # Titles of cited works stay in their original language, so they may add English.
        cited = " ".join(f" {w.title} {w.publisher or ''} " for w in
                         load_content(ROOT / "content")[0].references.works).lower()
        assert text.count(" the ") - cited.count(" the ") < 40, lang
        docx = open_docx(release / lang / "guide-a4.docx")
        assert docx.core_properties.language.startswith(lang)


def test_worksheet_fields_are_the_same_in_every_language(release):
    for sheet in ("assessment", "decisions", "stakeholders", "action-plan", "tool-checklist"):
        names = {lang: set(PdfReader(release / lang / f"worksheet-{sheet}-a4.pdf").get_fields())
                 for lang in LANGS}
        assert names["en"] and names["en"] == names["fr"] == names["es"], sheet


GUIDES = [f"{lang}/guide-{paper}" for lang in LANGS for paper in ("a4", "letter")]


def test_no_bookmarked_heading_is_stranded_at_a_page_foot(release):
    from pdfpages import lines_under_headings

    for guide in GUIDES:
        heads = lines_under_headings(release / f"{guide}.pdf")
        assert len(heads) > 50, guide
        stranded = [h for h in heads if h[2] < 3]
        assert not stranded, (guide, stranded)


def test_every_guide_sends_readers_to_numbered_pages(release):
    for guide in GUIDES:
        text = subprocess.run(["pdftotext", str(release / f"{guide}.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        refs = re.findall(r"→\s(?:p\.|pág\.)\s(\d+)", text)
        assert len(refs) >= 40, (guide, len(refs))
        pages = len(PdfReader(release / f"{guide}.pdf").pages)
        assert all(4 <= int(n) <= pages for n in refs), guide


def test_page_one_never_says_dev(release):
    for pdf in pdfs(release):
        first = pdf_text(pdf, 1, 1).lower()
        assert not re.search(r"\bdev\b", first), pdf


def test_action_plan_free_text_fields_are_multiline(release):
    for lang in LANGS:
        for paper in ("a4", "letter"):
            pdf = release / lang / f"worksheet-action-plan-{paper}.pdf"
            fields = {k: v for k, v in PdfReader(pdf).get_fields().items()
                      if k.startswith("actions:")}
            assert len(fields) >= 48
            assert all(int(v.get("/Ff", 0)) & 4096 for v in fields.values()), pdf
            box = PdfReader(pdf).pages[0].mediabox
            assert box.width > box.height, "the action plan prints landscape"


def test_output_index_lists_every_file(release):
    index = (release / "index.html").read_text(encoding="utf-8")
    readme = (release / "README.md").read_text(encoding="utf-8")
    for f in [*pdfs(release), *docxs(release)]:
        rel = str(f.relative_to(release))
        assert f'href="{rel}"' in index and f"]({rel})" in readme, rel
