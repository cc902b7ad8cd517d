"""Tailored strategy plans: the walk, recommendations, determinism and clear errors."""

from __future__ import annotations

from collections import deque
from pathlib import Path

import pytest
from formfill import fill_pdf
from pypdf import PdfReader

from pipeline.build import Target, build, compose
from pipeline.cli import main
from pipeline.compose.plan import analyse
from pipeline.compose.worksheets import all_fields
from pipeline.content.validate import load_content
from pipeline.errors import InputErrors, PipelineError
from pipeline.project import Project

ROOT = Path(__file__).resolve().parent.parent
REAL = Project.at(ROOT)
EXAMPLES = ROOT / "examples" / "en"


@pytest.fixture(scope="module")
def content():
    return load_content(REAL.content)[0]


def path_to(content, outcome):
    """Breadth-first search for the choices that reach an outcome."""
    decisions = {d.id: d for d in content.decision_tree.decisions}
    queue = deque([(content.decision_tree.root, {})])
    while queue:
        node, chosen = queue.popleft()
        if node == outcome:
            return chosen
        for opt in decisions[node].options if node in decisions else ():
            queue.append((opt.next, {**chosen, f"{node}:choice": opt.id}))
    raise AssertionError(f"no path to {outcome}")


def test_every_outcome_is_reached_by_some_answers(content):
    for o in content.decision_tree.outcomes:
        a = analyse(content, path_to(content, o.id))
        assert a.walk.outcome == o.id and not a.walk.missing


def plan_doc(project, answers, lang="en", partial=False, tmp=None):
    t = Target("plan", lang, "a4", "pdf", tuple(answers), partial)
    return compose(project, t, "1.0")[0]


def recommended(doc):
    return [b.text for b in doc.blocks if type(b).__name__ == "Heading" and b.level == 3]


def test_examples_give_different_recommendations(tmp_path):
    project = Project(REAL.root, REAL.content, REAL.templates, REAL.locales, tmp_path)
    young = plan_doc(project, [EXAMPLES / "young-network.yaml"])
    mature = plan_doc(project, [EXAMPLES / "mature-network.yaml"])
    assert recommended(young) and recommended(mature)
    assert set(recommended(young)) != set(recommended(mature))
    assert young.meta.title == "Strategy plan for Lakeside Microfinance Association (fictional)"


def test_recommendations_cite_the_answers(tmp_path):
    project = Project(REAL.root, REAL.content, REAL.templates, REAL.locales, tmp_path)
    doc = plan_doc(project, [EXAMPLES / "young-network.yaml"])
    text = " ".join(str(getattr(b, "text", getattr(b, "rows", ""))) for b in doc.blocks)
    assert "Recommended because of" in text
    assert "Client protection" in text


def test_same_answers_give_identical_files(tmp_path):
    project = Project(REAL.root, REAL.content, REAL.templates, REAL.locales, tmp_path)
    outs = []
    for i in range(2):
        for fmt in ("pdf", "docx"):
            out = tmp_path / f"{i}.{fmt}"
            build(project, Target("plan", "es", "a4", fmt, (EXAMPLES / "mature-network.yaml",)),
                  out, "1.0")
            outs.append(out.read_bytes())
    assert outs[0] == outs[2] and outs[1] == outs[3]


def test_missing_answers_are_listed_and_partial_is_explicit(tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text("answers:\n  network:name: Test\n  d-drivers:choice: members\n")
    project = Project(REAL.root, REAL.content, REAL.templates, REAL.locales, tmp_path)
    with pytest.raises(PipelineError) as exc:
        plan_doc(project, [answers])
    msg = str(exc.value)
    assert "d-awareness:choice" in msg and "Decision record" in msg
    assert "a-context:q1" in msg
    doc = plan_doc(project, [answers], partial=True)
    assert any(type(b).__name__ == "Callout" and "Partial plan" in b.title for b in doc.blocks)


def test_unknown_and_invalid_answers(tmp_path, capsys):
    answers = tmp_path / "bad.yaml"
    answers.write_text("answers:\n  network:name: X\n  a-context:q1: 9\n  bogus:field: 1\n")
    project = Project(REAL.root, REAL.content, REAL.templates, REAL.locales, tmp_path)
    with pytest.raises(InputErrors) as exc:
        plan_doc(project, [answers])
    text = str(exc.value)
    assert f"{answers}:4: error: unknown field 'bogus:field'" in text
    assert f"{answers}:3: error: field 'a-context:q1'" in text
    code = main(["--root", str(ROOT), "plan", str(answers), "-o", str(tmp_path / "p")])
    assert code == 1
    err = capsys.readouterr().err
    assert "unknown field 'bogus:field'" in err and "Traceback" not in err
    assert not list(tmp_path.glob("p.*"))


def test_filled_pdf_worksheets_go_straight_to_a_plan(tmp_path, content, release):
    project = Project(REAL.root, REAL.content, REAL.templates, REAL.locales, tmp_path)
    fields = all_fields(content)
    want = {**path_to(content, "o-cp-champion"), "record:name": "Filled Network"}
    want.update({k: 3 for k, f in fields.items() if f.worksheet == "assessment"
                 and f.type == "score"})
    filled = []
    for sheet in ("decisions", "assessment"):
        blank = release / "fr" / f"worksheet-{sheet}-a4.pdf"
        out = tmp_path / f"filled-{sheet}.pdf"
        fill_pdf(blank, out, {k: v for k, v in want.items() if fields[k].worksheet == sheet},
                 fields)
        filled.append(out)
    t = Target("plan", "fr", "a4", "pdf", tuple(filled))
    res = build(project, t, tmp_path / "plan.pdf", "1")
    text = " ".join(p.extract_text() for p in PdfReader(res.path).pages)
    assert "Filled Network" in text
    champion = next(o for o in content.decision_tree.outcomes if o.id == "o-cp-champion")
    assert champion.id and res.pages >= 4
