"""Validation that every decision decides something and that rules name real things."""

from __future__ import annotations

from pathlib import Path

from contentedit import edit, problems

from pipeline.cli import main
from pipeline.content.validate import load_content

ROOT = Path(__file__).resolve().parent.parent


def test_a_decision_whose_options_all_lead_to_the_same_place_decides_nothing(mini_copy):
    edit(mini_copy, "decision_tree.yaml", "next: o-left", "next: o-right")
    found = problems(mini_copy)
    assert any(m.startswith("decision_tree.yaml:19: decision d-two decides nothing")
               for m in found), found


def test_effects_make_a_decision_decide(mini_copy):
    edit(mini_copy, "decision_tree.yaml", "you like right\n        next: o-right",
         "you like right\n        next: o-left")
    edit(mini_copy, "decision_tree.yaml", "you are careful\n        next: o-left",
         "you are careful\n        next: o-right\n        effects:\n          delivery: in-house")
    content, _ = load_content(mini_copy)
    assert content.decision_tree.decisions[1].options[0].effects.delivery == "in-house"


def test_an_option_that_changes_nothing(mini_copy):
    tree = mini_copy / "decision_tree.yaml"
    tree.write_text(tree.read_text().replace(
        "      - id: fast\n", "      - id: steady\n        label: Steady\n"
        "        choose_if: you are calm\n        next: o-right\n      - id: fast\n", 1))
    found = problems(mini_copy)
    assert any(m.startswith("decision_tree.yaml:") and "option 'steady' of decision d-two "
               "changes nothing" in m for m in found), found
    assert any("option 'fast' of decision d-two changes nothing" in m for m in found)


def test_rules_naming_unknown_decisions_and_options(mini_copy):
    tree = mini_copy / "decision_tree.yaml"
    tree.write_text(tree.read_text() + (
        "rules:\n"
        "  - id: r-one\n"
        "    when: {d-nine: [left]}\n"
        "    note: A rule.\n"
        "  - id: r-two\n"
        "    when: {d-one: [up]}\n"
        "    adds: [s-nine]\n"
        "    note: Another rule.\n"))
    found = problems(mini_copy)
    lines = tree.read_text().splitlines()
    at = {n + 1 for n, line in enumerate(lines) if "when:" in line or "adds:" in line}
    assert any("rule 'r-one' names unknown decision or field 'd-nine'" in m for m in found)
    assert any("rule 'r-two' names unknown option of decision d-one 'up'" in m for m in found)
    assert any("unknown strategy option 's-nine' in rule 'r-two'" in m for m in found)
    assert all(int(m.split(":")[1]) in at for m in found if "rule" in m), found


def test_make_check_reports_them_with_file_and_line(mini_copy, capsys):
    edit(mini_copy, "decision_tree.yaml", "next: o-left", "next: o-right")
    code = main(["--root", str(ROOT), "--content", str(mini_copy), "check"])
    err = capsys.readouterr().err
    assert code == 1 and "decision_tree.yaml:19: error: decision d-two decides nothing" in err


def test_the_real_tree_passes():
    content, _ = load_content(ROOT / "content")
    assert content.decision_tree.rules
