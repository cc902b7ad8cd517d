"""The tree poster (A2) and the quick decision tree: complete, translated, and read by `plan`."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from docx import Document as open_docx
from pypdf import PdfReader, PdfWriter

from pipeline.build import Session, Target
from pipeline.compose.worksheets import all_fields
from pipeline.forms.answers import read_docx, read_pdf
from pipeline.i18n.typography import typeset
from pipeline.project import Project

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("en", "fr", "es")
A2 = (1190.55, 1683.78)  # pt, portrait


@pytest.fixture(scope="module")
def session():
    return Session(Project.at(ROOT), "test")


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return tmp_path_factory.mktemp("out")


def text_of(pdf: Path) -> str:
    """The PDF's text with its lines joined, so wrapped titles still match."""
    raw = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    return " ".join(raw.replace("\u00ad", "").replace("-\n", "-").split())


def word_heights(pdf: Path) -> list[float]:
    """Heights of the words that contain a letter or digit (symbols use other fonts)."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    return [float(b) - float(a) for a, b, word in re.findall(
        r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>',
        xml) if re.search(r"\w", word)]


def ruler(tmp: Path, size: float) -> float:
    """Height pdftotext gives a Noto Sans word set at `size` pt."""
    from weasyprint import HTML

    pdf = tmp / f"ruler-{size}.pdf"
    HTML(string=f'<p style="font: {size}pt \'Noto Sans\'">Ruler <b>Bold</b></p>'
         ).write_pdf(pdf)
    return min(word_heights(pdf))


@pytest.mark.parametrize("lang", LANGS)
def test_poster_is_one_a2_page_with_every_decision_and_profile(lang, session, release):
    pdf = release / lang / "poster-a2.pdf"
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - A2[0]) < 1 and abs(float(box.height) - A2[1]) < 1
    text = text_of(pdf)
    content, _ = session.language(lang)

    def printed(s: str) -> str:  # as the document prints it, with the locale's typography
        return " ".join(typeset(s, lang).split())

    for d in content.decision_tree.decisions:
        assert printed(d.title) in text, d.title
        assert printed(d.question)[:30] in text, d.question
        for o in d.options:
            assert printed(o.label) in text, o.label
    for o in content.decision_tree.outcomes:
        assert printed(o.title) in text, o.title


@pytest.mark.parametrize("lang", LANGS)
def test_poster_text_is_16pt_or_more(lang, release, tmp_path):
    pdf = release / lang / "poster-a2.pdf"
    heights = word_heights(pdf)
    assert len(heights) > 200
    assert min(heights) >= ruler(tmp_path, 16) - 0.01


def test_poster_exists_only_as_a2_pdf(session, out):
    from pipeline.errors import PipelineError

    with pytest.raises(PipelineError):
        session.build(Target("poster", "en", "a4", "pdf"), out / "poster-a4.pdf")


@pytest.mark.parametrize("lang,paper", [("en", "a4"), ("fr", "a4"), ("es", "a4"),
                                        ("en", "letter"), ("fr", "letter"), ("es", "letter")])
def test_quick_tree_is_short_complete_and_uses_the_worksheet_ids(lang, paper, session,
                                                                  release):
    pdf = release / lang / f"quick-tree-{paper}.pdf"
    assert len(PdfReader(pdf).pages) <= 16
    text = text_of(pdf)
    content, _ = session.language(lang)
    for d in content.decision_tree.decisions:
        assert " ".join(d.title.split()) in text, d.title
    for dim in content.assessment.dimensions:
        assert " ".join(dim.title.split()) in text, dim.title
    known = all_fields(session.content())
    names = set(read_pdf(pdf))
    assert names <= set(known), names - set(known)
    assert {f"{d.id}:choice" for d in content.decision_tree.decisions} <= names
    assert {f"{dim.id}:{q.id}" for dim in content.assessment.dimensions
            for q in dim.questions} <= names
    assert {"actions:1:objective", "actions:3:timeline", "result:profile"} <= names


@pytest.mark.parametrize("lang", LANGS)
def test_quick_tree_docx_has_the_same_fields(lang, session, release):
    pdf = release / lang / "quick-tree-letter.pdf"
    docx = release / lang / "quick-tree-letter.docx"
    assert set(read_docx(docx)) == set(read_pdf(pdf))
    text = " ".join(p.text for p in open_docx(docx).paragraphs)
    content, _ = session.language(lang)
    for d in content.decision_tree.decisions:
        assert d.title in text, d.title


def _state(field: dict, index: int, value: str) -> str:
    """The PDF state that selects option `index` (named by its ID or by its position)."""
    states = [str(s) for s in field.get("/_States_", []) if str(s) != "/Off"]
    return f"/{value}" if f"/{value}" in states else f"/{index}"


def test_plan_reads_a_filled_quick_tree(session, release, tmp_path):
    blank = release / "fr" / "quick-tree-a4.pdf"
    c = session.content()
    decisions = {d.id: d for d in c.decision_tree.decisions}
    fields = PdfReader(blank).get_fields()
    values = {"record:name": "Réseau Exemple", "actions:1:objective": "Former les membres"}
    for dim in c.assessment.dimensions:
        for q in dim.questions:
            values[f"{dim.id}:{q.id}"] = _state(fields[f"{dim.id}:{q.id}"], 2, "3")
    node = c.decision_tree.root
    while node in decisions:  # the last option of every decision on the path
        opts = decisions[node].options
        fid = f"{node}:choice"
        values[fid] = _state(fields[fid], len(opts) - 1, opts[-1].id)
        node = opts[-1].next
    writer = PdfWriter(clone_from=blank)
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    filled = tmp_path / "filled.pdf"
    writer.write(filled)
    plan = tmp_path / "plan.pdf"
    session.build(Target("plan", "fr", "a4", "pdf", (filled,)), plan)
    text = text_of(plan)
    content, _ = session.language("fr")
    profile = next(o for o in content.decision_tree.outcomes if o.id == node)
    assert "Réseau Exemple" in text and " ".join(profile.title.split()) in text
    assert "Former les membres" in text
