"""No English and no broken French spacing in the built French and Spanish documents.

Reads the guide, every worksheet and the example plans in French and Spanish (A4 PDF, from
the test run's one `make files` build) back with poppler (tests/leakcheck.py). English is
allowed only where `locales/allowed-english.yaml` names it (proper names, quoted titles of
English works).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from leakcheck import Checker, Leak

from pipeline.build import Session, Target
from pipeline.content.validate import load_content
from pipeline.project import Project

ROOT = Path(__file__).resolve().parent.parent
REAL = Project.at(ROOT)
LANGS = ("fr", "es")


def example_answers(lang: str) -> tuple[list[Path], list[str]]:
    """Return the example answers for `lang`, and the free text to allow in their plans.

    A network's own free text is printed as the network wrote it; it counts as English only
    when the examples have no version in this language yet (examples/LANG/).
    """
    own = sorted((ROOT / "examples" / lang).glob("*.yaml"))
    if own:
        return own, []
    files = sorted((ROOT / "examples").glob("*.yaml"))
    free = [str(v) for f in files
            for v in (yaml.safe_load(f.read_text("utf-8")).get("answers") or {}).values()
            if isinstance(v, str)]
    return files, free


def built_files(release: Path, lang: str) -> list[tuple[Path, str]]:
    """One language's A4 guide, worksheets and example plans from the shared build."""
    content = load_content(REAL.content)[0]
    docs = ["guide", *(f"worksheet-{w.id}" for w in content.worksheets.worksheets)]
    found = [(release / lang / f"{doc}-a4.pdf", f"{lang}/{doc}") for doc in docs]
    found += [(release / "examples" / lang / f"plan-{answers.stem}.pdf",
               f"examples/{lang}/plan-{answers.stem}") for answers in example_answers(lang)[0]]
    missing = [str(path) for path, _ in found if not path.exists()]
    assert not missing, missing
    return found


def report(leaks: list[Leak]) -> str:
    return f"{len(leaks)} problem(s):\n" + "\n".join(f"  {leak}" for leak in leaks[:60])


@pytest.fixture(scope="module")
def built(release: Path) -> dict[str, list[tuple[Path, str]]]:
    return {lang: built_files(release, lang) for lang in LANGS}


@pytest.mark.parametrize("lang", LANGS)
def test_no_english_and_no_broken_spacing(built, lang):
    checker = Checker(lang, REAL.locales, example_answers(lang)[1])
    leaks = [leak for path, name in built[lang] for leak in checker.check_pdf(path, name)]
    assert len(built[lang]) >= 8
    assert not leaks, report(leaks)


def test_the_check_finds_an_english_sentence_put_back(tmp_path):
    """Put an English sentence into a French translation: the check must name it."""
    locales = tmp_path / "locales"
    shutil.copytree(REAL.locales, locales)
    po = locales / "fr" / "LC_MESSAGES" / "messages.po"
    text = po.read_text("utf-8")
    french = 'msgstr "Participants à la notation"'
    assert french in text
    po.write_text(text.replace(french, 'msgstr "Who took part in the scoring"'), "utf-8")
    project = Project(REAL.root, REAL.content, REAL.templates, locales, tmp_path / "build")
    out = tmp_path / "ws.pdf"
    Session(project, "1.0").build(Target("worksheet-assessment", "fr", "a4", "pdf"), out)
    leaks = Checker("fr", locales).check_pdf(out, "fr/worksheet-assessment")
    assert [str(leak) for leak in leaks] == [
        "fr/worksheet-assessment, page 1: English sentence: «Who took part in the scoring»"]


def test_the_check_finds_french_spacing_and_english_dates():
    checker = Checker("fr", REAL.locales)
    found = checker.text_problems(
        "Sources : note de juillet 2010; July 2010\nÀ qui s’adresse ce guide\u202f?")
    spacing = [text for kind, text in found if kind.startswith("French")]
    assert len(spacing) == 2 and "Sources :" in spacing[0] and "2010;" in spacing[1]
    assert ("English month name", "July") in found
    assert checker.metadata_problems("performance sociale, microfinance, networks") == [
        ("English sentence", "networks")]
    assert checker.text_problems("Ce que mesure l’outil\u202f: la pauvreté.") == []


@pytest.mark.parametrize("lang", LANGS)
def test_docx_properties_are_translated_and_tagged(tmp_path, lang):
    from docx import Document as open_docx

    from pipeline.i18n.localefmt import tag

    project = Project(REAL.root, REAL.content, REAL.templates, REAL.locales, tmp_path / "b")
    out = tmp_path / "ws.docx"
    Session(project, "1.0").build(Target("worksheet-decisions", lang, "a4", "docx"), out)
    props = open_docx(out).core_properties
    assert props.language == tag(lang)
    checker = Checker(lang, REAL.locales)
    for value in (props.title, props.subject, props.keywords, props.category):
        assert value and checker.metadata_problems(value) == [], value
