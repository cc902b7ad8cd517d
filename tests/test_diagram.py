"""The decision-tree diagram: complete, numbered as in the text, legible on paper."""

from __future__ import annotations

import importlib.util
import re
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader

from pipeline.compose.tree import PAGE, Words, fits_page, numbers, tree_figures
from pipeline.content.validate import load_content
from pipeline.render.diagram import render, size

ROOT = Path(__file__).resolve().parent.parent
WORDS = Words("Profile", "see figure {n}")
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def content():
    return load_content(ROOT / "content")[0]


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """The real content with the tree three times over (as `make bench` grows it)."""
    spec = importlib.util.spec_from_file_location("bench", ROOT / "tools" / "bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    folder = bench.multiply(ROOT / "content", 3, tmp_path_factory.mktemp("big") / "c")
    return load_content(folder)[0]


def measure_in(cache: Path):
    return lambda dot: size(dot, cache)


def test_every_decision_shows_its_options_and_number(content, tmp_path):
    t = content.decision_tree
    figures = tree_figures(t, WORDS, fits_page(measure_in(tmp_path)))
    text = "".join(f.dot for f in figures)
    order = numbers(t)
    assert list(order.values()) == list(range(1, len(order) + 1))
    for d in t.decisions:
        box = re.search(rf'"{d.id}" \[.*', text)
        assert box, d.id
        assert f'<B>{order[d.id]}</B>' in box[0]  # the number the text gives it
        for o in d.options:
            assert f'PORT="{o.id}"' in box[0] and o.label.split()[0] in box[0]
    for o in t.outcomes:
        box = re.search(rf'"{o.id}" \[.*', text)
        assert box and "peripheries=2" in box[0] and "PROFILE" in box[0]
    assert "label=" not in "".join(re.findall(r"->.*", text))  # no labels on arrows


def test_tree_splits_until_each_figure_fits_a_page(content, big, tmp_path):
    for c in (content, big):
        t = c.decision_tree
        figures = tree_figures(t, WORDS, fits_page(measure_in(tmp_path)))
        for f in figures:
            width, height = size(f.dot, tmp_path)
            assert width <= PAGE[0] and height <= PAGE[1], (f.branch, width, height)
        drawn = {n for f in figures for n in re.findall(r'^  "([^"]+)" \[', f.dot, re.M)}
        assert drawn == {d.id for d in t.decisions} | {o.id for o in t.outcomes}
    assert len(tree_figures(big.decision_tree, WORDS, lambda dot: False)) > 2
    overview = tree_figures(big.decision_tree, WORDS, lambda dot: False)[0].dot
    assert "see figure 2" in overview


def last_options(c) -> tuple[tuple[str, str], ...]:
    """The path that takes the last option of every decision."""
    t = c.decision_tree
    node, steps = t.root, []
    decisions = {d.id: d for d in t.decisions}
    while node in decisions:
        opt = decisions[node].options[-1]
        steps.append((node, opt.id))
        node = opt.next
    return tuple(steps)


def test_a_plan_draws_only_the_figures_its_path_crosses(content, tmp_path):
    t = content.decision_tree
    steps = last_options(content)
    node = next(o.next for d in t.decisions for o in d.options if (d.id, o.id) == steps[-1])
    everything = tree_figures(t, WORDS, fits_page(measure_in(tmp_path)))
    mine = tree_figures(t, WORDS, fits_page(measure_in(tmp_path)), steps)
    assert 1 <= len(mine) < len(everything) or len(everything) == 1
    assert f'"{node}" [' in mine[-1].dot  # the profile reached is drawn
    assert "see figure" not in "".join(f.dot for f in mine)
    assert "✓" in mine[0].dot


def _boxes(svg: bytes) -> tuple[list[tuple[float, float, float, float]], list[list[tuple]]]:
    """Estimated text boxes and sampled edge paths of a graphviz SVG (in SVG units)."""
    root = ElementTree.fromstring(svg)
    texts, edges = [], []
    for g in root.iter(f"{SVG}g"):
        if g.get("class") == "edge":
            for path in g.iter(f"{SVG}path"):
                nums = [float(x) for x in re.findall(r"-?[\d.]+", path.get("d", ""))]
                pts = list(zip(nums[::2], nums[1::2], strict=False))
                samples = []
                for i in range(0, len(pts) - 3, 3):  # cubic Bézier segments
                    p0, p1, p2, p3 = pts[i:i + 4]
                    for k in range(21):
                        s = k / 20
                        samples.append(tuple(
                            (1 - s) ** 3 * a + 3 * (1 - s) ** 2 * s * b + 3 * (1 - s) * s * s
                            * c + s ** 3 * d for a, b, c, d in zip(p0, p1, p2, p3,
                                                                     strict=True)))
                edges.append(samples)
    for text in root.iter(f"{SVG}text"):
        fs = float(text.get("font-size", "10"))
        x, y = float(text.get("x")), float(text.get("y"))
        w = 0.55 * fs * len(text.text or "")
        left = {"start": x, "middle": x - w / 2, "end": x - w}[text.get("text-anchor", "start")]
        texts.append((left, y - 0.75 * fs, left + w, y + 0.2 * fs))
    return texts, edges


def test_no_line_crosses_a_label(content, big, tmp_path):
    checked = 0
    for c in (content, big):
        fits = fits_page(measure_in(tmp_path))
        figures = tree_figures(c.decision_tree, WORDS, fits)
        figures += tree_figures(c.decision_tree, WORDS, fits, last_options(c))  # a plan's
        for f in figures:
            texts, edges = _boxes(render(f.dot, "svg", tmp_path))
            assert texts
            checked += len(edges)
            for samples in edges:
                for x, y in samples:
                    hit = [b for b in texts if b[0] < x < b[2] and b[1] < y < b[3]]
                    assert not hit, (f.branch, (x, y), hit)
    assert checked > 20


def _eight_pt_height(tmp_path: Path) -> float:
    """Height pdftotext gives a word set at 8 pt in the diagram's font, bold or not."""
    from weasyprint import HTML

    pdf = tmp_path / "ruler.pdf"
    HTML(string='<p style="font: 8pt \'Noto Sans\'">Ruler <b>Bold</b></p>').write_pdf(pdf)
    return min(_word_heights(pdf, 1, 1))


def _word_heights(pdf: Path, first: int, last: int) -> list[float]:
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(first), "-l", str(last), str(pdf),
                          "-"], capture_output=True, text=True, check=True).stdout
    return [float(b) - float(a) for a, b in
            re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"',
                       out)]


@pytest.mark.parametrize("lang,paper", [("en", "a4"), ("fr", "a4"), ("es", "a4"),
                                        ("es", "letter")])
def test_no_word_of_the_guide_diagram_is_under_8pt(lang, paper, release, tmp_path):
    out = release / lang / f"guide-{paper}.pdf"
    reader = PdfReader(out)
    pages = sorted({reader.get_destination_page_number(dest) + 1
                    for name, dest in reader.named_destinations.items()
                    if name.startswith("figure-")})
    assert pages
    ruler = _eight_pt_height(tmp_path)
    for page in pages:
        heights = _word_heights(out, page, page)
        assert len(heights) > 20  # the diagram's words are text, not pixels
        assert min(heights) >= ruler - 0.01, (lang, page, min(heights), ruler)
