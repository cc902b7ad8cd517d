"""The plan a board can adopt: every answer matters, dates, money, entry points, indicators."""

from __future__ import annotations

import re
from collections import deque
from pathlib import Path

import pytest
import yaml

from pipeline.build import Target, compose
from pipeline.compose.budget import compose_budget
from pipeline.compose.document import BulletList, Callout, Cover, Paragraph, Table
from pipeline.compose.plan import analyse
from pipeline.compose.worksheets import all_fields
from pipeline.content.validate import load_content
from pipeline.project import Project

ROOT = Path(__file__).resolve().parent.parent
REAL = Project.at(ROOT)
EXAMPLES = ("young-network", "mature-network", "poverty-network")


@pytest.fixture(scope="module")
def content():
    return load_content(REAL.content)[0]


def example(name: str, lang: str = "en") -> dict:
    return yaml.safe_load((ROOT / "examples" / lang / f"{name}.yaml").read_text())["answers"]


def paths(content):
    """One set of choices per outcome, found breadth first."""
    decisions = {d.id: d for d in content.decision_tree.decisions}
    out, queue = {}, deque([(content.decision_tree.root, {})])
    while queue:
        node, chosen = queue.popleft()
        if node not in decisions:
            out.setdefault(node, chosen)
            continue
        for opt in decisions[node].options:
            queue.append((opt.next, {**chosen, f"{node}:choice": opt.id}))
    return out


def signature(content, answers):
    a = analyse(content, answers)
    b = compose_budget(content, answers, a.logic)
    return a.logic.signature(), b.total_cost(), a.walk.outcome


def bases(content):
    """Full answers for every outcome (facts from an example), and the examples themselves."""
    facts = {k: v for k, v in example("mature-network").items() if ":choice" not in k}
    out = [{**facts, **chosen} for chosen in paths(content).values()]
    return out + [example(n) for n in EXAMPLES]


def test_every_decision_on_a_path_changes_the_recommendations(content):
    decisions = {d.id: d for d in content.decision_tree.decisions}
    checked = 0
    for answers in bases(content):
        base = signature(content, answers)
        for dec, opt in analyse(content, answers).walk.steps:
            for other in decisions[dec].options:
                if other.id == opt:
                    continue
                changed = signature(content, {**answers, f"{dec}:choice": other.id})
                assert changed != base, f"{dec}: {opt} -> {other.id} changes nothing"
                checked += 1
    assert checked > 100


def test_pace_sets_the_timeline_and_awareness_the_first_step(content):
    answers = example("young-network")
    starts = {}
    for pace in ("pilot", "phased", "all-members"):
        items = analyse(content, {**answers, "d-pace:choice": pace}).logic.items
        starts[pace] = tuple((i.id, i.start, i.end) for i in items)
    assert len(set(starts.values())) == 3
    low = analyse(content, {**example("poverty-network"), "d-awareness:choice": "low"})
    assert low.logic.items[0].id == "s-sp-awareness"


def test_consultation_date_puts_related_actions_before_it(content):
    a = analyse(content, example("mature-network"))
    ev = next(e for e in a.logic.events if e.kind == "consultation")
    advocacy = next(i for i in a.logic.items if i.id == "s-rep-advocacy")
    assert advocacy.end < ev.month and advocacy.anchor == ev.row
    moved = analyse(content, {**example("mature-network"), "events:1:date": "2027-10-15"})
    later = next(i for i in moved.logic.items if i.id == "s-rep-advocacy")
    assert later.end > advocacy.end


def test_refused_fees_are_never_recovered_without_naming_the_conflict(content, tmp_path):
    answers = {**example("poverty-network"), "d-funding:choice": "fees"}
    a = analyse(content, answers)
    assert ("r-fees-refused", False) in a.logic.rules
    budget = compose_budget(content, answers, a.logic)
    assert all(ln.key != "fees-to-recover" for ln in budget.funding)
    doc = plan_text(tmp_path, answers)
    assert "Conflict: you chose demand-driven fees" in doc
    assert "your members refuse fees" in doc
    # With willing members, the same choice plans fees after the grant.
    willing = {**answers, "money:fees": "yes"}
    assert any(ln.key == "fees-to-recover" for ln in
               compose_budget(content, willing, analyse(content, willing).logic).funding)


def test_two_entry_points_are_sequenced(content):
    a = analyse(content, example("mature-network"))
    main = [i for i in a.logic.items if i.secondary == 0 and i.stage == "starting"]
    second = [i for i in a.logic.items if i.secondary == 1]
    third = [i for i in a.logic.items if i.secondary == 2]
    assert main and second and third
    assert min(i.start for i in second) > min(i.start for i in main) or any(
        ("event", str(1)) in i.reasons for i in second)
    assert min(i.start for i in third) >= max(i.start for i in main)


def test_low_capacity_yields_to_an_urgent_date(content):
    young = analyse(content, example("young-network"))
    assert ("r-low-capacity", True) in young.logic.rules
    calm = {k: v for k, v in example("young-network").items() if not k.startswith("events:")}
    assert ("r-low-capacity", False) in analyse(content, calm).logic.rules


def plan_doc(tmp_path, answers, lang="en"):
    f = tmp_path / f"answers-{lang}.yaml"
    f.write_text(yaml.safe_dump({"answers": answers}, allow_unicode=True))
    project = Project(REAL.root, REAL.content, REAL.templates, REAL.locales, tmp_path)
    return compose(project, Target("plan", lang, "a4", "pdf", (f,)), "1")[0]


def texts(doc):
    for b in doc.blocks:
        if isinstance(b, Cover):
            yield b.title
            yield from b.lines
        elif isinstance(b, Paragraph):
            yield b.text
        elif isinstance(b, BulletList):
            yield from b.items
        elif isinstance(b, Table):
            yield from (c for row in b.rows for c in row)
        elif isinstance(b, Callout):
            for p in b.body:
                yield from ([p.text] if isinstance(p, Paragraph) else p.items)


def plan_text(tmp_path, answers, lang="en"):
    return "\n".join(texts(plan_doc(tmp_path, answers, lang)))


def amount(cell: str) -> float:
    return float(re.sub(r"[^0-9.-]", "", cell.replace("\u202f", "").replace("\xa0", "")
                        .replace(",", "")))


@pytest.mark.parametrize("name", EXAMPLES)
def test_budget_table_adds_up(tmp_path, name):
    doc = plan_doc(tmp_path, example(name))
    table = next(b for b in doc.blocks if isinstance(b, Table) and b.header[0] == "Line")
    rows = [(r[0], [amount(c) for c in r[1:]]) for r in table.rows]
    names = [r[0] for r in rows]
    cost_at, fund_at = names.index("**Total cost**"), names.index("**Total funding**")
    gap = rows[names.index("**Gap**")][1]
    costs, funds = rows[:cost_at], rows[cost_at + 1:fund_at]
    for label, values in rows:  # each row: the years add up to the total
        assert abs(sum(values[:-1]) - values[-1]) <= len(values), label
    for col in range(4):
        assert abs(sum(v[col] for _, v in costs) - rows[cost_at][1][col]) <= len(costs)
        assert abs(sum(v[col] for _, v in funds) - rows[fund_at][1][col]) <= len(funds)
        assert abs(rows[cost_at][1][col] - rows[fund_at][1][col] - gap[col]) <= 2
    assert rows[cost_at][1][-1] > 0


def test_every_recommended_option_has_an_indicator_with_baseline_target_date(tmp_path,
                                                                               content):
    doc = plan_doc(tmp_path, example("poverty-network"))
    tables = [b for b in doc.blocks if isinstance(b, Table)
              and b.header == ("Indicator", "Baseline", "Target", "By")]
    items = analyse(content, example("poverty-network")).logic.items
    assert len(tables) == len(items)
    assert any("0 members measure poverty" in r[1] for t in tables for r in t.rows)


def test_examples_differ_in_priorities_timing_and_budget(content):
    seen = []
    for name in EXAMPLES:
        answers = example(name)
        a = analyse(content, answers)
        b = compose_budget(content, answers, a.logic)
        seen.append((tuple(i.id for i in a.logic.items[:3]),
                     tuple((i.id, i.start, i.end) for i in a.logic.items), round(sum(b.gap()))))
    for k in range(3):
        assert len({s[k] for s in seen}) == 3


def test_french_and_spanish_example_answers_are_in_their_language(content):
    for lang, words in (("fr", (" le ", " la ", " les ", " des ", " de ")),
                        ("es", (" el ", " la ", " las ", " los ", " de "))):
        for name in EXAMPLES:
            free = [v for k, v in example(name, lang).items()
                    if isinstance(v, str) and (k.endswith(":rationale") or k.endswith(":what"))]
            assert sum(any(w in f" {v.lower()} " for w in words) for v in free) >= 2, (lang, name)
            assert free != [v for k, v in example(name).items()
                            if isinstance(v, str) and (k.endswith(":rationale")
                                                       or k.endswith(":what"))]


def test_the_plan_prints_what_the_network_wrote(tmp_path, content):
    fields = all_fields(content)
    answers = {k: v for k, v in example("mature-network").items()
               if fields[k].type not in ("text", "multiline")}
    tokens = {}
    for n, (fid, f) in enumerate(sorted(fields.items())):
        if f.type in ("text", "multiline"):
            tokens[fid] = f"tok{n:04d}x"
    answers.update(tokens)
    text = plan_text(tmp_path, answers)
    found = [fid for fid, tok in tokens.items() if tok in text]
    missing = sorted(set(tokens) - set(found))
    assert len(found) / len(tokens) >= 0.9, missing


def test_worksheet_f_has_every_field_in_pdf_and_docx(release, content):
    from pipeline.forms.answers import read_filled

    want = {k for k, f in all_fields(content).items() if f.worksheet == "resources"}
    assert {"events:1:kind", "money:fees", "funding:4:ends", "assets:credit-bureau",
            "s-po-pilot:baseline"} <= want
    for fmt in ("pdf", "docx"):
        out = release / "es" / f"worksheet-resources-a4.{fmt}"
        assert set(read_filled(out)) == want, fmt


def test_cover_and_summary_fit_for_a_board_paper(tmp_path):
    answers = example("young-network")
    doc = plan_doc(tmp_path, answers)
    cover = next(b for b in doc.blocks if isinstance(b, Cover))
    for want in ("Lakeside Microfinance Association (fictional)", "Lakeland (fictional country)",
                 "Board meeting of 10 March 2026", "Plan period: April 2026 to March 2029",
                 "Participants: Board chair"):
        assert any(line.startswith(want) for line in cover.lines), want
    summary = dict(next(b for b in doc.blocks if isinstance(b, Table)
                        and b.rows[0][0] == "Network").rows)
    assert summary["Profile"] == "Client protection champion"
    assert summary["Top three priorities"].count(". ") >= 3
    assert "USD" in summary["Budget over three years"] and "USD" in summary["Gap to fund"]
    # The proposal due in July is among the next dated actions, after the first starts.
    assert "3." in summary["Next three dated actions"]
    assert "Draft the proposal" in summary["Next three dated actions"]
