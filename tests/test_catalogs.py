"""update-po cycles on the real catalogs: nothing duplicated, nothing lost, nothing made fuzzy."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from pipeline.i18n.catalogs import po_path, update_language, update_template
from pipeline.i18n.translate import read_catalog
from pipeline.project import Project

ROOT = Path(__file__).resolve().parent.parent
REAL = Project.at(ROOT)
LANGS = ("fr", "es")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A writable copy of the real content and catalogs."""
    shutil.copytree(REAL.content, tmp_path / "content")
    shutil.copytree(REAL.locales, tmp_path / "locales")
    return Project(REAL.root, tmp_path / "content", REAL.templates, tmp_path / "locales",
                   tmp_path / "build")


def update_po(project: Project) -> None:
    """Run update-po, then require `msgfmt -c` to accept every catalog."""
    template, _ = update_template(project)
    for lang in LANGS:
        update_language(project, template, lang)
        proc = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po_path(project, lang))],
                              capture_output=True, text=True, check=False)
        assert proc.returncode == 0, proc.stderr


def entries(project: Project, lang: str) -> dict[tuple[str | None, str], tuple[str, bool]]:
    """Return every active entry as (msgstr, fuzzy) by (msgctxt, msgid)."""
    return {(m.context, m.id): (m.string, m.fuzzy)
            for m in read_catalog(po_path(project, lang), lang) if m.id}


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_remove_restore_cycle_gives_the_translation_back(project):
    glossary = project.content / "glossary.yaml"
    original = glossary.read_text(encoding="utf-8")
    entry = re.search(r"  - id: g-network\n(    .*\n)+", original)
    assert entry
    before = {lang: entries(project, lang) for lang in LANGS}
    for _ in range(2):  # a second cycle must not stack obsolete copies either
        glossary.write_text(original.replace(entry.group(0), ""), encoding="utf-8")
        update_po(project)
        assert ("g-network:term", "Network") not in entries(project, "fr")
        po = po_path(project, "fr").read_text(encoding="utf-8")
        assert '#~ msgctxt "g-network:term"' in po
        glossary.write_text(original, encoding="utf-8")
        update_po(project)
        for lang in LANGS:
            assert entries(project, lang) == before[lang]
            po = po_path(project, lang).read_text(encoding="utf-8")
            assert '#~ msgctxt "g-network:term"' not in po


def test_edit_revert_cycle_is_not_left_fuzzy(project):
    glossary = project.content / "glossary.yaml"
    before = {lang: entries(project, lang) for lang in LANGS}
    replace_in(glossary, "term: Network\n", "term: Member networks\n")
    update_po(project)
    edited = entries(project, "fr")[("g-network:term", "Member networks")]
    assert edited == (before["fr"][("g-network:term", "Network")][0], True)  # a suggestion
    replace_in(glossary, "term: Member networks\n", "term: Network\n")
    update_po(project)
    for lang in LANGS:
        assert entries(project, lang) == before[lang]


def test_a_catalog_damaged_by_older_versions_is_repaired(project):
    """An active fuzzy entry plus an obsolete real one (the old bug): the real one wins."""
    po = po_path(project, "fr")
    cat = read_catalog(po, "fr")
    msg = cat.get("Network", "g-network:term")
    good = msg.string
    cat.obsolete[("Network", "g-network:term")] = msg.clone()
    msg.string, msg.flags = "Date de la réunion", {"fuzzy"}
    with po.open("wb") as fh:
        write_po(fh, cat, ignore_obsolete=False)
    update_po(project)
    assert entries(project, "fr")[("g-network:term", "Network")] == (good, False)


def _template(msgs: dict[str, str]) -> Catalog:
    cat = Catalog(locale=None)
    for ctx, msgid in msgs.items():
        cat.add(msgid, None, [("content/x.yaml", 1)], context=ctx)
    return cat


def test_a_new_msgid_arrives_empty_unless_really_alike(tmp_path):
    project = Project(REAL.root, REAL.content, REAL.templates, tmp_path, tmp_path / "b")
    update_language(project, _template({"m:date": "Date of the meeting.",
                                        "s:intro": "How the network chose its entry point."}),
                    "fr")
    po = po_path(project, "fr")
    cat = read_catalog(po, "fr")
    for msg in cat:
        if msg.id:
            msg.string = "Date de la réunion." if "meeting" in msg.id else "Comment…"
    with po.open("wb") as fh:
        write_po(fh, cat)
    update_language(project, _template({"m:text": "Text of the section.",
                                        "s:intro": "How the network chose its entry points."}),
                    "fr")
    after = read_catalog(po, "fr")
    assert after.get("Text of the section.", "m:text").string == ""
    alike = after.get("How the network chose its entry points.", "s:intro")
    assert alike.string == "Comment…" and alike.fuzzy


def test_a_suggestion_for_one_language_does_not_leak_into_the_next(project):
    glossary = project.content / "glossary.yaml"
    before = {lang: entries(project, lang) for lang in LANGS}
    replace_in(glossary, "term: Network\n", "term: Member networks\n")
    update_po(project)
    for lang in LANGS:  # each language gets its own old translation as the suggestion
        suggested = entries(project, lang)[("g-network:term", "Member networks")]
        assert suggested == (before[lang][("g-network:term", "Network")][0], True)
