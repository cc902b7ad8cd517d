"""Worksheets: fields named by stable IDs in every language, filled and read back."""

from __future__ import annotations

import subprocess

import pytest
from formfill import fill_docx, fill_pdf, sample
from PIL import Image
from pypdf import PdfReader

from pipeline.build import Target, build, compose
from pipeline.compose.worksheets import all_fields
from pipeline.content.validate import load_content
from pipeline.forms.answers import check_answers, read_docx, read_pdf

SHEETS = ["assessment", "decisions", "stakeholders", "action-plan", "tool-checklist"]


@pytest.fixture(scope="module")
def fields(mini_project):
    content, _ = load_content(mini_project.content)
    return all_fields(content)


@pytest.mark.parametrize("sheet", SHEETS)
def test_pdf_fields_same_in_every_language(mini_project, tmp_path, sheet, fields):
    names = {}
    for lang in ("en", "fr", "es"):
        out = tmp_path / f"{lang}.pdf"
        build(mini_project, Target(f"worksheet-{sheet}", lang, "a4", "pdf"), out, "1.0")
        names[lang] = set(PdfReader(out).get_fields())
    expected = {f.id for f in fields.values() if f.worksheet == sheet}
    assert names["en"] == expected
    assert names["fr"] == names["en"] == names["es"]


@pytest.mark.parametrize("sheet", SHEETS)
def test_pdf_round_trip(mini_project, tmp_path, sheet, fields):
    blank = tmp_path / "blank.pdf"
    build(mini_project, Target(f"worksheet-{sheet}", "fr", "letter", "pdf"), blank, "1.0")
    mine = {k: f for k, f in fields.items() if f.worksheet == sheet}
    want = {k: sample(f) for k, f in mine.items()}
    filled = tmp_path / "filled.pdf"
    fill_pdf(blank, filled, want, fields)
    answers, problems = check_answers(read_pdf(filled), fields, "filled.pdf")
    assert problems == []
    assert answers == want


@pytest.mark.parametrize("sheet", SHEETS)
def test_docx_round_trip(mini_project, tmp_path, sheet, fields):
    blank = tmp_path / "blank.docx"
    build(mini_project, Target(f"worksheet-{sheet}", "es", "a4", "docx"), blank, "1.0")
    mine = {k: f for k, f in fields.items() if f.worksheet == sheet}
    raw = read_docx(blank)
    assert set(raw) == set(mine)
    want = {k: sample(f) for k, f in mine.items()}
    filled = tmp_path / "filled.docx"
    fill_docx(blank, filled, want)
    answers, problems = check_answers(read_docx(filled), fields, "filled.docx")
    assert problems == []
    assert answers == want


def test_unknown_and_bad_answers_are_reported(fields):
    answers, problems = check_answers({"nope:field": "x", "a-one:q1": "7"}, fields, "a.yaml")
    assert answers == {}
    text = "\n".join(str(p) for p in problems)
    assert "unknown field 'nope:field'" in text
    assert "field 'a-one:q1'" in text and "score from 1 to 4" in text


def test_blank_pdf_prints_visible_boxes(mini_project, tmp_path):
    out = tmp_path / "ws.pdf"
    build(mini_project, Target("worksheet-action-plan", "en", "a4", "pdf"), out, "1.0")
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(out),
                    str(tmp_path / "p")], check=True)
    img = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    w, h = img.size
    px = img.load()
    # Rows where a long run of dark pixels crosses the page: box edges and writing lines.
    lines = sum(1 for y in range(h) if sum(px[x, y] < 160 for x in range(w)) > w * 0.4)
    assert lines >= 10


def test_worksheet_docx_converts_in_libreoffice(mini_project, tmp_path):
    out = tmp_path / "ws.docx"
    build(mini_project, Target("worksheet-decisions", "fr", "a4", "docx"), out, "1.0")
    proc = subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir",
                           str(tmp_path), str(out)], capture_output=True, text=True,
                          timeout=180, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0 and (tmp_path / "ws.pdf").exists(), proc.stderr


def test_field_ids_do_not_depend_on_language(mini_project):
    ids = {}
    for lang in ("en", "es"):
        doc, _ = compose(mini_project, Target("worksheet-decisions", lang, "a4", "pdf"), "1")
        ids[lang] = [f.id for f in doc.fields()]
    assert ids["en"] == ids["es"] and "d-one:choice" in ids["en"]
