"""Translation workflow: extraction, merging without loss, fallback, thresholds and checks."""

from __future__ import annotations

import shutil
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.build import Target, compose
from pipeline.content.slots import content_slots
from pipeline.content.text import units
from pipeline.content.validate import load_content
from pipeline.i18n.catalogs import coverage, release_gate, update_language, update_template
from pipeline.i18n.pocheck import check_message, load_terms
from pipeline.i18n.translate import Translator, read_catalog
from pipeline.project import Project
from pipeline.render.html import render_html

ROOT = Path(__file__).resolve().parent.parent
REAL = Project.at(ROOT)


def pot_keys(path: Path) -> set[tuple[str | None, str]]:
    with path.open("rb") as fh:
        return {(m.context, m.id) for m in read_po(fh) if m.id}


def test_every_content_string_is_in_the_pot():
    content, _ = load_content(REAL.content)
    keys = pot_keys(REAL.locales / "messages.pot")
    missing = [(s.context, u) for s in content_slots(content) for u in units(s.value, s.prose)
               if (s.context, u) not in keys]
    assert missing == [], f"{len(missing)} strings missing; run `make update-po`"


class Recorder(Translator):
    """Records every lookup made while composing."""

    seen: set

    def lookup(self, msgid, context=None):
        self.seen.add((context, msgid))
        return super().lookup(msgid, context)


def test_every_label_used_is_in_the_pot(monkeypatch, tmp_path):
    seen: set = set()
    monkeypatch.setattr(Recorder, "seen", seen, raising=False)
    monkeypatch.setattr("pipeline.i18n.Translator", Recorder)
    import pipeline.build as b

    def load(locales, lang, preview=False):
        return Recorder(lang)

    monkeypatch.setattr(b, "load_translator", load)
    project = Project(REAL.root, REAL.content, REAL.templates, REAL.locales, tmp_path)
    for doc in ("guide", "worksheet-decisions", "worksheet-assessment"):
        compose(project, Target(doc, "fr", "a4", "pdf"), "1")
    compose(project, Target("plan", "fr", "a4", "pdf", (ROOT / "examples" / "fr" /
                                                          "young-network.yaml",)), "1")
    keys = pot_keys(REAL.locales / "messages.pot")
    missing = sorted(k for k in seen if k not in keys and k[1])
    assert missing == []


def test_update_po_is_idempotent(tmp_path):
    locales = tmp_path / "locales"
    shutil.copytree(REAL.locales, locales)
    project = Project(REAL.root, REAL.content, REAL.templates, locales, tmp_path / "b")
    template, _ = update_template(project)
    for lang in ("fr", "es"):
        update_language(project, template, lang)
    before = {p: p.read_bytes() for p in locales.rglob("*.po*")}
    template, changed = update_template(project)
    assert not changed
    assert not any(update_language(project, template, lang) for lang in ("fr", "es"))
    assert before == {p: p.read_bytes() for p in locales.rglob("*.po*")}


def _template(msgs: dict[str, str]) -> Catalog:
    cat = Catalog(locale=None)
    for ctx, msgid in msgs.items():
        cat.add(msgid, None, [("content/x.yaml", 1)], context=ctx)
    return cat


words = st.text(alphabet="abcdefghij ", min_size=3, max_size=40).map(str.strip).filter(bool)


@settings(max_examples=60, deadline=None)
@given(source=st.dictionaries(st.sampled_from([f"c{i}" for i in range(8)]), words, min_size=1),
       edits=st.lists(st.tuples(st.sampled_from(["change", "remove", "add"]),
                                st.sampled_from([f"c{i}" for i in range(10)]), words),
                      max_size=6))
def test_update_po_never_loses_a_translation(tmp_path_factory, source, edits):
    tmp = tmp_path_factory.mktemp("po")
    project = Project(REAL.root, REAL.content, REAL.templates, tmp, tmp / "b")
    update_language(project, _template(source), "fr")
    po = tmp / "fr" / "LC_MESSAGES" / "messages.po"
    cat = read_catalog(po, "fr")
    for msg in cat:
        if msg.id:
            msg.string = f"FR {msg.id}"
    from babel.messages.pofile import write_po
    with po.open("wb") as fh:
        write_po(fh, cat)
    translated = {f"FR {m}" for m in source.values()}
    edited = dict(source)
    for op, ctx, text in edits:
        if op == "remove":
            edited.pop(ctx, None)
        else:
            edited[ctx] = text + " x" if op == "change" else text
    if not edited:
        edited = {"zz": "new"}
    update_language(project, _template(edited), "fr")
    after = read_catalog(po, "fr")
    kept = {m.string for m in after if m.id} | {m.string for m in after.obsolete.values()}
    assert translated <= kept
    for msg in after:
        if msg.id and msg.string and msg.string != f"FR {msg.id}":
            assert msg.fuzzy, "a changed source must be fuzzy"


def test_fallback_to_english_and_preview_marks(mini_project):
    doc, tr = compose(mini_project, Target("guide", "fr", "a4", "pdf"), "1", preview=True)
    assert 0 < tr.fallbacks < tr.total
    html = render_html(doc, "a4", mini_project.templates, mini_project.cache, tr)
    assert "Mini-guide" in html and "À propos" in html
    assert '<mark class="untranslated">Who it is for</mark>' in html
    doc, tr = compose(mini_project, Target("guide", "fr", "a4", "pdf"), "1")
    html = render_html(doc, "a4", mini_project.templates, mini_project.cache, tr)
    assert "<mark" not in html and "Who it is for" in html


def test_release_gate_lists_missing_entries(mini_project, tmp_path):
    failures = release_gate(mini_project, ["fr"])
    assert len(failures) == 1 and "below the release threshold of 100%" in failures[0]
    assert "tests/fixtures/mini/guide.yaml:" in failures[0]
    locales = tmp_path / "locales"
    shutil.copytree(mini_project.locales, locales)
    (locales / "thresholds.yaml").write_text("thresholds:\n  fr: 1\n  es: 0\n")
    relaxed = Project(mini_project.root, mini_project.content, mini_project.templates,
                      locales, tmp_path)
    assert release_gate(relaxed, ["fr", "es"]) == []
    assert coverage(relaxed, "fr").translated == 4


def test_checks_catch_broken_translations():
    terms = load_terms(REAL)

    def problems(lang, src, dst):
        return list(check_message(lang, src, dst, terms))

    assert problems("fr", "Edition {version}", "Édition {verison}")
    assert problems("fr", "A **bold** move", "Un mouvement gras")
    assert problems("fr", "See [tools](#tools)", "Voir [outils](#outil)")
    assert problems("fr", "Ask", "<b>Demander</b>")
    assert problems("fr", "Why it matters", "Pourquoi c'est important :")
    assert not problems("fr", "Why it matters", "Pourquoi c’est important\u202f:")
    assert problems("fr", "The network", "L'association")
    assert not problems("fr", "The network", "Le réseau")
    assert problems("es", "Why?", "Por qué?")
    assert not problems("es", "Why?", "¿Por qué?")
    assert problems("es", "client protection", "protección del consumidor")


def test_preview_pdf_builds_with_nested_marks(mini_project, tmp_path):
    from pipeline.build import build

    res = build(mini_project, Target("guide", "fr", "a4", "pdf"), tmp_path / "p.pdf", "1",
                preview=True)
    assert res.pages and res.fallbacks


def test_fuzzy_entries_keep_a_valid_previous_msgid(tmp_path):
    import subprocess

    from babel.messages.pofile import write_po

    project = Project(REAL.root, REAL.content, REAL.templates, tmp_path, tmp_path / "b")
    old = "An old paragraph that is long enough to be wrapped over several lines. " * 3
    update_language(project, _template({"c1": old}), "fr")
    po = tmp_path / "fr" / "LC_MESSAGES" / "messages.po"
    cat = read_catalog(po, "fr")
    for msg in cat:
        if msg.id:
            msg.string = "Un ancien paragraphe"
    with po.open("wb") as fh:
        write_po(fh, cat)
    new = old.replace("old", "new")
    update_language(project, _template({"c1": new}), "fr")
    first = po.read_text()
    assert "#| msgid" in first and "#, fuzzy" in first
    proc = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)], capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stderr
    msg = read_catalog(po, "fr").get(new, "c1")
    assert msg.fuzzy and msg.previous_id == [old] and msg.string == "Un ancien paragraphe"
    assert not update_language(project, _template({"c1": new}), "fr")  # idempotent
    assert po.read_text() == first
