"""Bad input of every kind: a clear located error, exit 1, no traceback, nothing lost."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from pipeline.build import Target, build
from pipeline.cli import main
from pipeline.errors import PipelineError
from pipeline.project import Project
from pipeline.render import fonts

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).parent / "corpus"
MINI = ROOT / "tests" / "fixtures" / "mini"
LOCALES = ROOT / "tests" / "fixtures" / "locales"

# (corpus file, content file it replaces, expected "file:line: error: ..." fragment)
CONTENT_CASES = [
    ("syntax.practices.yaml", "practices.yaml", r"practices.yaml:\d+: error: YAML syntax"),
    ("tabs.practices.yaml", "practices.yaml", r"practices.yaml:3: error: tab used"),
    ("duplicate-key.glossary.yaml", "glossary.yaml",
     r"glossary.yaml:4: error: duplicate key 'term'"),
    ("wrong-type.glossary.yaml", "glossary.yaml", r"glossary.yaml:3: error: terms\[g-one\].term:"),
    ("unknown-key.glossary.yaml", "glossary.yaml",
     r"glossary.yaml:4: error: unknown key 'defintion'; did you mean 'definition'"),
    ("empty.glossary.yaml", "glossary.yaml", r"glossary.yaml:1: error: file is empty"),
    ("not-utf8.glossary.yaml", "glossary.yaml", r"glossary.yaml:3: error: bytes are not valid"),
    ("alias.glossary.yaml", "glossary.yaml", r"glossary.yaml:5: error: .*aliases"),
    ("python-tag.glossary.yaml", "glossary.yaml", r"glossary.yaml:1: error: YAML syntax"),
    ("not-a-mapping.glossary.yaml", "glossary.yaml",
     r"glossary.yaml:1: error: the file must hold a YAML mapping"),
]
# (content file, text to replace, replacement, expected fragment)
EDIT_CASES = [
    ("decision_tree.yaml", "next: d-two", "next: d-nowhere",
     r"decision_tree.yaml:14: error: unknown next step"),
    ("decision_tree.yaml", "next: o-left", "next: d-one", r"decision_tree.yaml:29: error: cycle"),
    ("decision_tree.yaml", "next: o-left", "next: o-right",
     r"decision_tree.yaml:35: error: outcome 'o-left' cannot be reached"),
    ("decision_tree.yaml", "root: d-one", "root: d-two",
     r"decision_tree.yaml:\d+: error: decision 'd-one' cannot be reached"),
    ("strategies.yaml", "tools: [t-one]", "tools: [t-two]",
     r"strategies.yaml:15: error: unknown tool in strategy option"),
    ("guide.yaml", "kind: glossary", "kind: glosary",
     r"guide.yaml:37: error: chapters\[glossary\].kind"),
    ("worksheets.yaml", "type: number", "type: integer", r"worksheets.yaml:\d+: error: "),
]


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def outdir(tmp_path):
    out = tmp_path / "output"
    (out / "en").mkdir(parents=True)
    (out / "en" / "guide-a4.pdf").write_bytes(b"%PDF previous good build")
    return out


def run_cli(args, capsys):
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def assert_clean_failure(code, text, pattern, before, outdir):
    assert code == 1, text
    assert re.search(pattern, text), text
    assert "Traceback" not in text
    assert snapshot(outdir) == before


@pytest.mark.parametrize(("case", "target", "pattern"), CONTENT_CASES)
def test_bad_content_file(case, target, pattern, tmp_path, outdir, capsys):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    shutil.copy(CORPUS / case, content / target)
    before = snapshot(outdir)
    code, text = run_cli(["--root", str(ROOT), "--content", str(content), "build", "-o",
                          str(outdir / "en" / "guide-a4.pdf")], capsys)
    assert_clean_failure(code, text, pattern, before, outdir)


@pytest.mark.parametrize(("target", "old", "new", "pattern"), EDIT_CASES)
def test_bad_content_edit(target, old, new, pattern, tmp_path, outdir, capsys):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    text = (content / target).read_text()
    assert old in text
    (content / target).write_text(text.replace(old, new, 1))
    before = snapshot(outdir)
    code, out = run_cli(["--root", str(ROOT), "--content", str(content), "check"], capsys)
    assert_clean_failure(code, out, pattern, before, outdir)


def test_huge_file(tmp_path, capsys):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    (content / "glossary.yaml").write_text("terms:\n" + "  - {id: g-x, term: a, definition: b}\n"
                                           * 150_000)
    code, text = run_cli(["--root", str(ROOT), "--content", str(content), "check"], capsys)
    assert code == 1 and "byte limit" in text and "Traceback" not in text


def test_bom_and_windows_line_endings_are_accepted(tmp_path, capsys):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    for f in content.glob("*.yaml"):
        f.write_bytes(b"\xef\xbb\xbf" + f.read_bytes().replace(b"\n", b"\r\n"))
    code, text = run_cli(["--root", str(ROOT), "--content", str(content), "check"], capsys)
    assert code == 0, text


def po_project(tmp_path, edit) -> Project:
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales)
    po = locales / "fr" / "LC_MESSAGES" / "messages.po"
    po.write_text(edit(po.read_text()))
    return Project(ROOT, MINI, ROOT / "templates", locales, tmp_path / "build")


def set_msgstr(text: str, msgid: str, msgstr: str) -> str:
    pattern = f'msgid "{msgid}"\nmsgstr ""'
    assert pattern in text, msgid
    return text.replace(pattern, f'msgid "{msgid}"\nmsgstr "{msgstr}"', 1)


@pytest.mark.parametrize(("name", "edit", "pattern"), [
    ("syntax", lambda t: t.replace('msgid "Contents"', 'msgid "Contents\nmsgstr', 1),
     r"messages.po:\d+: error: broken .po syntax"),
    ("placeholder", lambda t: set_msgstr(t, "Edition {version}", "Édition {verison}"),
     r"messages.po:\d+: error: msgid \"Edition \{version\}\": the placeholder \{version\} "
     r"is missing"),
    ("markup", lambda t: t.replace('msgstr "Mini-guide"', 'msgstr "**Mini-guide"'),
     r"messages.po:\d+: error: msgctxt \"guide:title\", .*stray \*"),
    ("html", lambda t: t.replace('msgstr "Sommaire"', 'msgstr "<script>x</script>"'),
     r"messages.po:\d+: error: .*the translation contains < or >"),
    ("plural", lambda t: re.sub(r'"Plural-Forms: [^"]*"\n("[^"]*"\n)?',
                                '"Plural-Forms: nplurals=2; plural=(n > 1);\\\\n"\n', t),
     r"messages.po:1: error: the Plural-Forms header declares 2 forms"),
])
def test_bad_translations_are_reported_and_never_break_the_build(name, edit, pattern, tmp_path):
    from pipeline.errors import InputErrors
    from pipeline.i18n.pocheck import check_catalog

    project = po_project(tmp_path, edit)
    with pytest.raises(InputErrors) as exc:
        problems = check_catalog(project, "fr")
        if problems:
            raise InputErrors(problems)
    assert re.search(pattern, str(exc.value)), str(exc.value)
    out = tmp_path / "guide.pdf"
    if name == "syntax":
        with pytest.raises(InputErrors):
            build(project, Target("guide", "fr", "a4", "pdf"), out, "1")
        assert not out.exists()
    else:
        res = build(project, Target("guide", "fr", "a4", "docx"), out.with_suffix(".docx"),
                    "1")
        assert res.rejected == (0 if name == "plural" else 1)


def test_unknown_language(tmp_path, capsys):
    code, text = run_cli(["--root", str(ROOT), "--content", str(MINI), "build", "--lang", "de",
                          "-o", str(tmp_path / "x.pdf")], capsys)
    assert code == 1 and "unknown language 'de'" in text and "Traceback" not in text


def test_missing_graphviz(monkeypatch, tmp_path):
    import pipeline.render.diagram as diagram

    monkeypatch.setattr(diagram.shutil, "which", lambda name: None)
    project = Project(ROOT, MINI, ROOT / "templates", LOCALES, tmp_path / "fresh-build")
    with pytest.raises(PipelineError, match="graphviz is not installed"):
        build(project, Target("guide", "en", "a4", "pdf"), tmp_path / "g.pdf", "1")
    assert not (tmp_path / "g.pdf").exists()


def test_missing_font(monkeypatch, tmp_path):
    monkeypatch.setattr(fonts, "FONTS", ("Noto Sans", "No Such Font Family"))
    project = Project(ROOT, MINI, ROOT / "templates", LOCALES, tmp_path / "b")
    with pytest.raises(PipelineError, match="font.*not installed.*fonts-noto-core"):
        build(project, Target("guide", "en", "a4", "pdf"), tmp_path / "g.pdf", "1")


def test_output_folder_that_cannot_be_written(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    code, text = run_cli(["--root", str(ROOT), "--content", str(MINI), "build", "--format",
                          "docx", "-o", str(blocker / "guide.docx")], capsys)
    assert code == 1 and "cannot write here" in text and "Traceback" not in text
