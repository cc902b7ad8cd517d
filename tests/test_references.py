"""References: citations are checked with file:line, printed as links, listed in a References
chapter, and a release refuses draft entries."""

from __future__ import annotations

from pathlib import Path

import pytest
from contentedit import edit, problems

from pipeline.build import Target, compose
from pipeline.compose.document import Heading, Paragraph
from pipeline.compose.references import cite, short_author, years
from pipeline.content.model import Work
from pipeline.content.references import draft_problems, ensure_no_drafts
from pipeline.content.validate import load_content
from pipeline.errors import InputErrors, PipelineError
from pipeline.project import Project
from pipeline.publish.release import check_release

ROOT = Path(__file__).resolve().parent.parent


def test_every_case_and_tool_of_the_guide_cites_a_titled_dated_work():
    content, _ = load_content(ROOT / "content")
    works = {w.id: w for w in content.references.works}
    for item in [*content.case_studies.cases, *content.tools.tools]:
        cited = [works[s] for s in item.sources]
        assert any(w.year and w.title for w in cited), item.id
    assert sum(1 for w in works.values() if w.year) >= 25


def test_the_guide_has_no_draft_left():
    assert draft_problems(ROOT / "content") == []


def test_unknown_work_is_reported_with_file_and_line(mini_copy):
    edit(mini_copy, "tools.yaml", "sources: [r-fixture]", "sources: [r-fixtur]")
    assert problems(mini_copy) == [
        "tools.yaml:11: 't-one' cites no work with a title and a year; cite at least one "
        "dated work from content/references.yaml",
        "tools.yaml:11: 't-one' cites unknown work 'r-fixtur'; did you mean 'r-fixture'?"]


def test_a_case_citing_only_undated_works_is_reported(mini_copy):
    edit(mini_copy, "case_studies.yaml", "sources: [r-fixture]", "sources: [r-undated]")
    assert problems(mini_copy) == [
        "case_studies.yaml:9: 'c-one' cites no work with a title and a year; cite at least "
        "one dated work from content/references.yaml"]


def test_a_site_name_is_not_a_title(mini_copy):
    edit(mini_copy, "references.yaml", "title: An undated web page", "title: example.org")
    assert problems(mini_copy) == [
        "references.yaml:11: the title of 'r-undated' is a site name, not a work; give the "
        "title of the page or document"]


def test_a_link_in_prose_may_cite_a_work_but_not_an_unknown_one(mini_copy):
    edit(mini_copy, "case_studies.yaml", "context: A small network.",
         "context: A small network ([Doe 2010](#r-fixture)).")
    load_content(mini_copy)
    edit(mini_copy, "case_studies.yaml", "(#r-fixture)", "(#r-nothing)")
    [msg] = problems(mini_copy)
    assert msg.startswith("case_studies.yaml:5: link to unknown section '#r-nothing'")


def test_release_refuses_drafts_and_names_each_entry(mini_copy, tmp_path):
    with pytest.raises(InputErrors) as exc:
        ensure_no_drafts(mini_copy)
    [p] = exc.value.problems
    assert (p.file, p.line) == ("content/case_studies.yaml", 10)
    assert "'c-one' is still a draft" in p.message
    (tmp_path / "CHANGELOG.md").write_text("## 1.0.0\n")
    project = Project.at(tmp_path, mini_copy)
    with pytest.raises(PipelineError, match="'c-one' is still a draft"):
        check_release(project, "1.0.0", tmp_path / "out")
    edit(mini_copy, "case_studies.yaml", "    status: draft\n", "")
    check_release(project, "1.0.0", tmp_path / "out", allow_dirty=True)  # not a git clone


def test_labels_are_short_and_disambiguated():
    works = [Work(id="r-a", author="Knotts, K. E.", year=2013, title="One"),
             Work(id="r-b", author="Knotts, K. E.", year=2013, title="Two"),
             Work(id="r-c", author="Microfinance Centre (MFC)", title="Page"),
             Work(id="r-d", author="Isern, J. and Brown, M.", year=2007, title="Format")]
    assert short_author("CERISE and Imp-Act Consortium") == "CERISE and Imp-Act Consortium"
    assert years(works, str) == {"r-a": "2013a", "r-b": "2013b", "r-c": "n.d.", "r-d": "2007"}
    assert cite(works, ["r-d", "r-c", "r-b"], str) == (
        "[Isern et al. 2007](#r-d); [MFC n.d.](#r-c); [Knotts 2013b](#r-b)")


def test_the_guide_prints_citations_and_a_bookmarked_references_chapter(mini_project):
    doc, _ = compose(mini_project, Target("guide", "fr", "a4", "pdf"), "9.9.9")
    heads = {h.anchor: h for h in doc.blocks if isinstance(h, Heading)}
    assert heads["references"].level == 1 and heads["references"].bookmark
    paras = [b for b in doc.blocks if isinstance(b, Paragraph)]
    entries = [p for p in paras if p.anchor]
    assert [p.anchor for p in entries] == ["r-fixture", "r-undated"]
    assert "(2010). *A Fixture Report*. Fixture Press." in entries[0].text
    assert any("](#r-fixture)" in p.text and p.style == "small" for p in paras)
