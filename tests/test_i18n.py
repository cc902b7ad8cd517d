"""Translation workflow: extraction, merging without loss, fallback, thresholds and checks."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.build import Target, compose
from pipeline.compose.worksheets import all_fields
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
    monkeypatch.setattr("pipeline.i18n.translate.Translator", Recorder)
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
    assert re.search(r"locales/fr/LC_MESSAGES/messages.po:\d+: untranslated: msgctxt", failures[0])
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
    # The preview note never covers the page number: their word boxes do not overlap.
    import subprocess

    xml = subprocess.run(["pdftotext", "-bbox", "-f", "3", "-l", "3", str(tmp_path / "p.pdf"),
                          "-"], capture_output=True, text=True, check=True).stdout
    words = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', xml)]
    foot = [w for w in words if w[1] > 780]
    number = [w for w in foot if w[4] in ("3", "iii")]
    note = [w for w in foot if w not in number]
    assert len(number) == 1 and note
    assert all(n[2] < number[0][0] or n[0] > number[0][2] for n in note)


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


def test_check_po_explains_each_problem_in_plain_words():
    terms = load_terms(REAL)

    def problems(src, dst, lang="fr", template=False):
        return " | ".join(check_message(lang, src, dst, terms, template))

    assert "the translation has bold markup (**…**) that the English does not have" in \
        problems("Save the file", "Enregistrer le **fichier**")
    assert "the English has italic markup (*…*) that the translation lacks" in \
        problems("Read *this*", "Lisez ceci")
    assert "the placeholder {n} is missing" in problems("Figure {n}", "Figure")
    assert "links to #tools" in problems("See [tools](#tools)", "Voir les outils")
    assert "quotation marks" in problems("Date", 'Date"')
    assert "template string has '%'" in problems("YYYY-MM-DD", "AAAA-MM-JJ %", template=True)
    assert "agreed term 'réseau'" in problems("The network", "L’association")
    assert "opening '¿'" in problems("Why?", "Por qué?", "es")
    assert "braces" not in problems("Edition {version}", "Édition {verison}")
    # Numbers follow the locale, as the charts do: fr-FR 50 000 and 2,5; es-419 50,000 and 2.5.
    assert "narrow no-break space (50\u202f000)" in problems("USD 50,000", "50,000 USD")
    assert "decimals with a comma" in problems("below 2.5", "moins de 2.5")
    assert "decimals with a point" in problems("below 2.5", "menos de 2,5", "es")
    assert "thousands with a comma" in problems("USD 50,000", "USD 50.000", "es")
    assert "number" not in problems("USD 1,240,100 and 2.5", "USD 1,240,100 y 2.5", "es")
    assert "number" not in problems("2.5 in SPI4", "2,5 dans SPI4 et 50\u202f000", "fr")
    assert "number" not in problems("CC BY 4.0", "licence Attribution 4.0 (CC BY 4.0)", "fr")
    # The terms agreed after the first review stay consistent.
    assert "agreed term 'autoévaluation'" in problems("Self-assessment", "Auto-évaluation")
    assert "agreed term 'étape'" in problems("Stage", "Phase")
    assert "agreed term 'régulateur'" in problems("The regulator", "L’autorité de régulation")
    assert "agreed term 'asesor de crédito'" in problems("Train loan officers",
                                                         "Capacitar a oficiales de crédito",
                                                         "es")


def test_template_strings_are_escaped(mini_project):
    from markupsafe import Markup

    from pipeline.render.html import template_text

    doc, _tr = compose(mini_project, Target("worksheet-decisions", "fr", "a4", "pdf"), "1")
    tr = Translator("fr", {(None, "YYYY-MM-DD"): 'AAAA" autofocus onfocus="x 100 %'})
    html = render_html(doc, "a4", mini_project.templates, mini_project.cache, tr)
    assert 'placeholder="AAAA&#34; autofocus onfocus=&#34;x 100 %"' in html
    assert 'onfocus="x' not in html
    assert template_text("%(n)s of 50 %") == Markup("%(n)s of 50 %%")


def test_typography_per_language():
    from pipeline.i18n.typography import NNBSP, typeset

    fr = typeset('Sources: a; b "c" l\'audit! 50 % http://x.org?a=1 10:30', "fr")
    assert fr == (f"Sources{NNBSP}: a{NNBSP}; b «{NNBSP}c{NNBSP}» l’audit{NNBSP}! "
                  f"50{NNBSP}% http://x.org?a=1 10:30")
    assert typeset(fr, "fr") == fr
    assert typeset("The network's \"seal\"", "en") == "The network’s “seal”"
    assert typeset("Decisión 3: Quién decide? ¿Ya?", "es") == "Decisión 3: ¿Quién decide? ¿Ya?"


def test_composed_documents_are_typeset(mini_project):
    from pipeline.compose.document import BulletList, Paragraph, Table
    from pipeline.i18n.typography import NNBSP

    doc, _tr = compose(mini_project, Target("guide", "fr", "a4", "pdf"), "1")
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    texts += [i for b in doc.blocks if isinstance(b, BulletList) for i in b.items]
    texts += [c for b in doc.blocks if isinstance(b, Table) for r in b.rows for c in r]
    assert any(f"{NNBSP}:" in t for t in texts)
    assert [t for t in texts if re.search(rf"[^{NNBSP}][;:!?](?=\s)", t)] == []
    assert not any("'" in t or '"' in t for t in texts)


def test_plan_errors_are_in_the_plan_language(tmp_path):
    from pipeline.errors import PipelineError

    answers = tmp_path / "a.yaml"
    answers.write_text("answers:\n  network:name: Test\n  d-drivers:choice: members\n")
    project = Project(REAL.root, REAL.content, REAL.templates, REAL.locales, tmp_path)
    en_fields = {f.label for f in all_fields(load_content(REAL.content)[0]).values()}
    for lang, head in (("fr", "réponses ; remplissez-les"), ("es", "respuestas; complételas")):
        with pytest.raises(PipelineError) as exc:
            compose(project, Target("plan", lang, "a4", "pdf", (answers,)), "1")
        text = str(exc.value)
        assert head.replace(" ;", "\u202f;") in text and "d-awareness:choice" in text
        lines = text.splitlines()[1:]
        assert lines and not [ln for ln in lines if any(f" {lb} (" in ln for lb in en_fields)]
        doc, _tr = compose(project, Target("plan", lang, "a4", "pdf", (answers,), True), "1")
        callout = next(b for b in doc.blocks if type(b).__name__ == "Callout")
        items = callout.body[1].items
        assert len(items) == len(lines)
        assert not [i for i in items if any(f" {lb} (" in i for lb in en_fields)]
