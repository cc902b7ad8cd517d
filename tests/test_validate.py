"""Validation: every kind of content error is reported with file:line, all in one run."""

from __future__ import annotations

from contentedit import edit, problems

from pipeline.content.validate import load_content


def test_fixture_is_valid(mini_copy):
    content, docs = load_content(mini_copy)
    assert len(content.decision_tree.decisions) == 2


def test_missing_field(mini_copy):
    edit(mini_copy, "tools.yaml", "    purpose: Measure things.\n", "")
    assert problems(mini_copy) == ["tools.yaml:2: missing required field 'purpose' "
                                   "(in tools[t-one]); add it"]


def test_wrong_type(mini_copy):
    edit(mini_copy, "tools.yaml", "effort: low", "effort: 3")
    [msg] = problems(mini_copy)
    assert msg.startswith("tools.yaml:8: tools[t-one].effort:")
    assert msg.endswith("; use one of the values listed")


def test_unknown_key_suggests_the_right_one(mini_copy):
    edit(mini_copy, "tools.yaml", "    owner:", "    ownr:")
    found = problems(mini_copy)
    assert "tools.yaml:4: unknown key 'ownr'; did you mean 'owner'?" in found


def test_duplicate_id(mini_copy):
    edit(mini_copy, "glossary.yaml", "id: g-two", "id: g-one")
    assert problems(mini_copy) == ["glossary.yaml:3: duplicate glossary term ID 'g-one' "
                                   "(already used by a glossary term); IDs must be unique "
                                   "across all content"]


def test_dangling_option_reference(mini_copy):
    edit(mini_copy, "decision_tree.yaml", "next: d-two", "next: d-too")
    found = problems(mini_copy)
    assert any(m.startswith("decision_tree.yaml:14: unknown next step from option 'left'")
               and "did you mean 'd-two'?" in m for m in found)


def test_dangling_outcome_references(mini_copy):
    edit(mini_copy, "decision_tree.yaml", "tools: [t-one]", "tools: [t-none]")
    found = problems(mini_copy)
    assert found == ["decision_tree.yaml:39: unknown tool in outcome 'o-left': 't-none'; "
                     "did you mean 't-one'?"]


def test_other_cross_references(mini_copy):
    edit(mini_copy, "strategies.yaml", "entry_point: ep-one", "entry_point: ep-two")
    edit(mini_copy, "practices.yaml", "cases: [c-one]", "cases: [c-two]")
    edit(mini_copy, "assessment.yaml", "option: left", "option: up")
    found = problems(mini_copy)
    assert len(found) == 3
    assert {f.split(":")[0] for f in found} == {"strategies.yaml", "practices.yaml",
                                                "assessment.yaml"}


def test_cycle(mini_copy):
    edit(mini_copy, "decision_tree.yaml", "next: o-left", "next: d-one")
    found = problems(mini_copy)
    assert any("cycle" in m and m.startswith("decision_tree.yaml:29") for m in found)


def test_unreachable_outcome(mini_copy):
    edit(mini_copy, "decision_tree.yaml", "next: o-left", "next: o-right")
    found = problems(mini_copy)
    assert "decision_tree.yaml:35: outcome 'o-left' cannot be reached from the root 'd-one'; " \
        "link an option to it or remove it" in found
    # Both options of d-two now lead to o-right: the decision decides nothing.
    assert any(m.startswith("decision_tree.yaml:19: decision d-two decides nothing")
               for m in found) and len(found) == 2


def test_draft_needs_a_reason(mini_copy):
    edit(mini_copy, "case_studies.yaml", "    draft_reason: Facts still to be checked.\n", "")
    assert "is marked draft without a draft_reason" in problems(mini_copy)[0]


def test_all_errors_in_one_run(mini_copy):
    edit(mini_copy, "tools.yaml", "    owner:", "    ownr:")
    edit(mini_copy, "glossary.yaml", "definition: A review.", "definition: [1]")
    (mini_copy / "practices.yaml").write_text("practices:\n  - id: [\n")
    files = {m.split(":")[0] for m in problems(mini_copy)}
    assert files == {"tools.yaml", "glossary.yaml", "practices.yaml"}


def test_missing_file(mini_copy):
    (mini_copy / "glossary.yaml").unlink()
    assert problems(mini_copy) == ["glossary.yaml:1: file is missing; restore it from version "
                                   "control"]


def test_type_error_and_broken_reference_in_two_files_reported_together(mini_copy):
    edit(mini_copy, "tools.yaml", "effort: low", "effort: 3")
    edit(mini_copy, "practices.yaml", "cases: [c-one]", "cases: [c-onne]")
    found = problems(mini_copy)
    assert len(found) == 2
    assert found[0].startswith("practices.yaml:") and "'c-onne'; did you mean 'c-one'?" in found[0]
    assert found[1].startswith("tools.yaml:8: tools[t-one].effort:")


def test_reference_into_a_file_with_errors_is_still_checked(mini_copy):
    edit(mini_copy, "tools.yaml", "effort: low", "effort: [low]")
    edit(mini_copy, "decision_tree.yaml", "tools: [t-one]", "tools: [t-none]")
    found = problems(mini_copy)
    assert any(m.startswith("decision_tree.yaml:39: unknown tool") for m in found)
    assert any(m.startswith("tools.yaml:8: tools[t-one].effort:") and "(got list)" in m
               for m in found)


def test_problems_are_sorted_by_file_and_line(mini_copy):
    edit(mini_copy, "tools.yaml", "    owner:", "    ownr:")
    edit(mini_copy, "glossary.yaml", "id: g-two", "id: g-one")
    edit(mini_copy, "decision_tree.yaml", "next: d-two", "next: d-too")
    found = problems(mini_copy)
    keys = [(m.split(":")[0], int(m.split(":")[1])) for m in found]
    assert keys == sorted(keys) and len({k[0] for k in keys}) == 3


def test_entry_path_names_entries_by_id():
    from pipeline.content.validate import entry_path

    data = {"tools": [{"id": "t-ppi", "owner": 1}, {"name": "x"}]}
    assert entry_path(data, ("tools", 0, "owner")) == "tools[t-ppi].owner"
    assert entry_path(data, ("tools", 1, "name")) == "tools[1].name"
    assert entry_path(data, ("tools", 7)) == "tools[7]"


def test_a_registered_check_runs_with_the_others(mini_copy, monkeypatch):
    from pipeline.content import validate
    from pipeline.errors import Problem

    def extra(ctx):
        yield Problem(ctx.doc("glossary").file, 1, "planted")

    monkeypatch.setattr(validate, "CHECKS", [*validate.CHECKS, (extra, ("glossary",))])
    edit(mini_copy, "tools.yaml", "effort: low", "effort: 3")
    found = problems(mini_copy)
    assert found[0] == "glossary.yaml:1: planted" and found[1].startswith("tools.yaml:8:")
