"""Bad input, second round (issue 17): located errors, exit 1, no traceback, nothing changed.

Content and answers cases are files in `tests/corpus/` whose first line is
`# expect: REGEX`; the rest are edits of the fixture, its catalogs or the environment.
"""

from __future__ import annotations

import argparse
import errno
import hashlib
import os
import re
import resource
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pipeline.build import Target, build, compose
from pipeline.cli import main
from pipeline.cli.registry import COMMANDS
from pipeline.content import limits
from pipeline.errors import InputErrors, PipelineError
from pipeline.i18n.pocheck import check_catalog
from pipeline.project import Project
from pipeline.render import diagram, fonts
from pipeline.render.html import render_html

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
LOCALES = ROOT / "tests" / "fixtures" / "locales"
CORPUS = ROOT / "tests" / "corpus"


def expected(case: Path) -> str:
    first = case.read_bytes().split(b"\n", 1)[0].decode()
    return first.removeprefix("# expect: ")


def corpus(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if p.read_bytes().startswith(b"# expect:"))


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A project folder: fixture content and catalogs, and outputs of an earlier build."""
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    shutil.copytree(MINI, tmp_path / "content")
    shutil.copytree(LOCALES, tmp_path / "locales")
    for name in ("en/guide-a4.pdf", "en/guide-a4.docx", "fr/guide-a4.docx"):
        (tmp_path / "output" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "output" / name).write_bytes(b"previous good build")
    return tmp_path


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for folder in ("output", "locales") for p in (root / folder).rglob("*")
            if p.is_file()}


def run(root: Path, args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--root", str(root), "--content", str(root / "content"), *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def fails_cleanly(root: Path, args: list[str], pattern: str,
                  capsys: pytest.CaptureFixture[str]) -> str:
    """Run a command that must fail: exit 1, the located error, no traceback, nothing changed."""
    before = snapshot(root)
    code, text = run(root, args, capsys)
    assert code == 1, text
    assert re.search(pattern, text), text
    assert "Traceback" not in text
    assert snapshot(root) == before
    assert not list(root.rglob("*.part"))
    return text


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def set_msgstr(root: Path, msgid: str, msgstr: str, lang: str = "fr") -> Path:
    po = root / "locales" / lang / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    pattern = re.compile(rf'(msgid "{re.escape(msgid)}"\nmsgstr ")[^"]*(")')
    assert pattern.search(text), msgid
    po.write_text(pattern.sub(lambda m: m[1] + msgstr + m[2], text, count=1), encoding="utf-8")
    return po


def project(root: Path) -> Project:
    return Project(ROOT, root / "content", ROOT / "templates", root / "locales", root / "build")


# Content and answers files ---------------------------------------------------------------


@pytest.mark.parametrize("case", corpus(CORPUS), ids=lambda p: p.name)
def test_content_corpus(case: Path, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(case, root / "content" / (case.name.split(".")[-2] + ".yaml"))
    fails_cleanly(root, ["check"], expected(case), capsys)
    fails_cleanly(root, ["build", "output/en/guide-a4.pdf", "output/en/guide-a4.docx"],
                  expected(case), capsys)


@pytest.mark.parametrize("case", corpus(CORPUS / "answers"), ids=lambda p: p.name)
def test_answers_corpus(case: Path, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fails_cleanly(root, ["plan", str(case), "--partial", "-o", str(root / "output/en/plan")],
                  expected(case), capsys)


def test_anchor_collision_is_located_in_check(root: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    # A tool `about-who` makes the same anchor as the section `who` of chapter `about`.
    for name in ("tools.yaml", "strategies.yaml", "decision_tree.yaml"):
        path = root / "content" / name
        path.write_text(path.read_text().replace("t-one", "about-who"))
    text = fails_cleanly(root, ["check"], r"guide.yaml:14: error: anchor 'about-who' is made "
                         r"twice, by section 'who' of 'about' \(\S*guide.yaml:14\) and "
                         r"tool 'about-who' \(\S*tools.yaml:2\)", capsys)
    assert re.search(r"tools.yaml:2: error: anchor 'about-who'", text), text
    fails_cleanly(root, ["build", "output/en/guide-a4.pdf"], "tools.yaml:2: error", capsys)


def test_a_fixed_suffix_anchor_is_located(root: Path, capsys: pytest.CaptureFixture[str]
                                          ) -> None:
    # The heading "Why it matters" of decision d-one is anchored `d-one-why`.
    for name in ("tools.yaml", "strategies.yaml", "decision_tree.yaml"):
        path = root / "content" / name
        path.write_text(path.read_text().replace("t-one", "d-one-why"))
    fails_cleanly(root, ["check"], r"tools.yaml:2: error: anchor 'd-one-why' is made twice, by "
                  r"tool 'd-one-why' \(\S*tools.yaml:2\) and decision 'd-one'", capsys)


def test_a_huge_publisher_fails_before_rendering(root: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from pipeline.render import pdf

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("rendering started")

    monkeypatch.setattr(pdf, "write_pdf", never)
    edit(root / "content" / "guide.yaml", "publisher: Test Publisher",
         "publisher: " + "P" * 1_000_000)
    fails_cleanly(root, ["build", "output/en/guide-a4.pdf"], r"guide.yaml:3: error: publisher: "
                  r"1000000 characters, over the limit of 255 \(MAX_NAME_CHARS\)", capsys)


# Translations ----------------------------------------------------------------------------


@pytest.mark.parametrize(("msgstr", "problem"), [
    ("Mini\\rguide", "control character U+000D"),
    ("Mini\x01guide", "control character U+0001"),
])
def test_control_characters_in_a_translation(msgstr: str, problem: str, root: Path) -> None:
    set_msgstr(root, "Mini Guide", msgstr)
    assert any(problem in p.message for p in check_catalog(project(root), "fr"))
    res = build(project(root), Target("guide", "fr", "a4", "docx"), root / "g.docx", "1")
    assert res.rejected == 1  # the English title is used instead
    with zipfile.ZipFile(root / "g.docx") as z:
        assert b"Mini Guide" in z.read("docProps/core.xml")
    doc, tr = compose(project(root), Target("guide", "fr", "a4", "pdf"), "1")
    assert "@top-right { content: \"Mini Guide\"; }" in render_html(
        doc, "a4", ROOT / "templates", root / "build", tr)


def test_percent_in_template_and_content_translations(root: Path) -> None:
    set_msgstr(root, "YYYY-MM-DD", "AAAA-MM-JJ (100 %)")
    set_msgstr(root, "Mini Guide", "Mini-guide à 100 %")
    doc, tr = compose(project(root), Target("worksheet-assessment", "fr", "a4", "pdf"), "1")
    html = render_html(doc, "a4", ROOT / "templates", root / "build", tr)
    assert 'placeholder="AAAA-MM-JJ (100 %)"' in html
    doc, tr = compose(project(root), Target("guide", "fr", "a4", "pdf"), "1")
    # Content goes through French typography: a narrow no-break space before the %.
    assert "Mini-guide à 100\u202f%" in render_html(doc, "a4", ROOT / "templates",
                                                     root / "build", tr)


def test_a_translation_over_the_field_limit_falls_back(root: Path) -> None:
    set_msgstr(root, "Mini Guide", "M" * (limits.MAX_TEXT_CHARS + 1))
    doc, tr = compose(project(root), Target("guide", "fr", "a4", "pdf"), "1")
    assert doc.meta.title == "Mini Guide" and tr.rejected == 1


# Translators' settings files -------------------------------------------------------------


@pytest.mark.parametrize(("fname", "text", "command", "pattern"), [
    ("thresholds.yaml", "thresholds: {fr: [\n", "gate", r"thresholds.yaml:2: error: YAML syntax"),
    ("thresholds.yaml", "- fr\n- 90\n", "gate",
     r"thresholds.yaml:1: error: expected `thresholds:` holding a mapping"),
    ("thresholds.yaml", "thresholds:\n  fr: 90\n  es: lots\n", "gate",
     r"thresholds.yaml:3: error: threshold for 'es' must be a number from 0 to 100, not 'lots'"),
    ("terminology.yaml", "terms:\n  - en: [\n", "check-po",
     r"terminology.yaml:3: error: YAML syntax"),
    ("terminology.yaml", "terms:\n  - {en: 'social (perf', fr: x}\n", "check-po",
     r"terminology.yaml:2: error: pattern for 'en' is not a valid regular expression"),
    ("terminology.yaml", "terms:\n  - {fr: x}\n  - 5\n", "check-po",
     r"terminology.yaml:2: error: each term needs `en:`"),
])
def test_malformed_settings_files(fname: str, text: str, command: str, pattern: str,
                                  root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (root / "locales" / fname).write_text(text)
    fails_cleanly(root, [command], pattern, capsys)


# Environment and faults ------------------------------------------------------------------


@pytest.mark.parametrize("epoch", ["99999999999999999", "-99999999999999", "yesterday",
                                   str(limits.MAX_EPOCH + 1)])
def test_out_of_range_source_date_epoch(epoch: str, root: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    fails_cleanly(root, ["build", "output/en/guide-a4.docx"],
                  r"error: SOURCE_DATE_EPOCH='.*' is not a Unix time from 0 to \d+", capsys)


def _cli(root: Path, args: list[str], env: dict[str, str], fsize: int | None = None
         ) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        if fsize:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run([sys.executable, "-m", "pipeline", "--root", str(root), *args],
                          cwd=root, env={**os.environ, "PYTHONPATH": str(ROOT), **env},
                          capture_output=True, text=True, errors="replace", check=False,
                          preexec_fn=limit)


def test_ascii_only_locale(root: Path) -> None:
    env = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    proc = _cli(root, ["build", "output/fr/guide-a4.docx"], env)
    assert proc.returncode == 0, proc.stderr
    assert "building output/fr/guide-a4.docx \\u2026" in proc.stdout
    edit(root / "content" / "glossary.yaml", "definition: A review", "définition: A review")
    proc = _cli(root, ["check"], env)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "unknown key 'd\\xe9finition'" in proc.stderr, proc.stderr


def test_file_size_limit_during_a_build(root: Path) -> None:
    """A real kernel write error (EFBIG under RLIMIT_FSIZE), as on a full disk."""
    before = snapshot(root)
    proc = _cli(root, ["build", "output/en/guide-a4.pdf"], {}, fsize=30_000)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "output/en/guide-a4.pdf: cannot write it: File too large; free some disk " \
        "space" in proc.stderr
    assert snapshot(root) == before and not list(root.rglob("*.part"))


def _disk_full_after(monkeypatch: pytest.MonkeyPatch, writes: int, under: str = "") -> None:
    """Make every atomic write (in a folder named `under`) after the first `writes` fail."""
    real = Path.write_bytes
    count = [0]

    def write_bytes(self: Path, data: bytes) -> int:
        if self.name.endswith(".part") and under in self.parts[:-1] + ("",):
            count[0] += 1
            if count[0] > writes:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)


def test_disk_full_during_a_docx_build(root: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    _disk_full_after(monkeypatch, 0, under="output")
    fails_cleanly(root, ["build", "output/en/guide-a4.docx"], r"guide-a4.docx: cannot write it: "
                  "No space left on device; free some disk space", capsys)


def test_disk_full_during_update_po_changes_no_catalog(root: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    edit(root / "content" / "glossary.yaml", "definition: A review.", "definition: A check.")
    proj = project(root)
    update = COMMANDS["update-po"][1]
    before = snapshot(root)
    _disk_full_after(monkeypatch, 2)  # the template and French are written; Spanish fails
    with pytest.raises(PipelineError, match="es/LC_MESSAGES/messages.po: cannot write it: No "
                       "space left on device"):
        update(argparse.Namespace(lang=None), proj)
    assert snapshot(root) == before and not list(root.rglob("*.part"))
    monkeypatch.undo()
    assert update(argparse.Namespace(lang=None), proj) == 0
    changed = {k for k, v in snapshot(root).items() if before.get(k) != v}
    assert {"locales/messages.pot", "locales/fr/LC_MESSAGES/messages.po",
            "locales/es/LC_MESSAGES/messages.po"} <= changed


def _fake_dot(tmp: Path, script: str, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_ = tmp / "fakebin"
    bin_.mkdir()
    (bin_ / "dot").write_text("#!/bin/sh\n" + script)
    (bin_ / "dot").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_}:{os.environ['PATH']}")


def test_a_hanging_dot_is_stopped(root: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    _fake_dot(root, "sleep 300\n", monkeypatch)  # a child process too: it must be stopped
    monkeypatch.setattr(limits, "TOOL_TIMEOUT_S", 1)
    fails_cleanly(root, ["build", "output/en/guide-a4.docx"], r"error: graphviz \(dot\) .* did "
                  r"not finish within 1 s \(TOOL_TIMEOUT_S\) and was stopped", capsys)


def test_a_broken_dot_drawing_is_not_reused(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    src = 'digraph { a -> b; }\n'
    cache = tmp_path / "cache"
    with monkeypatch.context() as m:
        _fake_dot(tmp_path, 'cat >/dev/null; echo "<svg xmlns=\'http://www.w3.org/2000/svg\'/>"\n',
                  m)
        broken = diagram.render(src, "svg", cache)
    assert b"<svg" in broken and b"->" not in broken
    drawn = diagram.render(src, "svg", cache)  # the real dot: another version, a new key
    assert drawn != broken and b"<g id=\"node1\"" in drawn
    assert len(list(cache.iterdir())) == 2


def test_missing_fonts_fail_the_docx_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    monkeypatch.setattr(fonts, "matched", lambda family: ("DejaVu Sans", "/x/DejaVuSans.ttf"))
    proj = Project(ROOT, MINI, ROOT / "templates", LOCALES, tmp_path / "build")
    with pytest.raises(PipelineError, match="font.*not installed: Noto Sans; install"):
        build(proj, Target("guide", "en", "a4", "docx"), tmp_path / "g.docx", "1")
    assert not (tmp_path / "g.docx").exists()


def test_long_metadata_fits_the_docx_properties(root: Path) -> None:
    edit(root / "content" / "guide.yaml", "title: Mini Guide", "title: " + "T" * 300)
    answers = root / "answers.yaml"
    answers.write_text("answers:\n  network:name: " + "N" * 250 + "\n")
    out = root / "plan.docx"
    build(project(root), Target("plan", "en", "a4", "docx", (answers,), True), out, "1")
    with zipfile.ZipFile(out) as z:
        core = z.read("docProps/core.xml").decode()
    for tag in ("dc:title", "dc:subject"):
        value = re.search(rf"<{tag}>([^<]*)</{tag}>", core)
        assert value and len(value[1]) == limits.MAX_NAME_CHARS and value[1].endswith("…")


def test_every_limit_is_named_in_one_place() -> None:
    named = {k: v for k, v in vars(limits).items() if k.isupper() and isinstance(v, int)}
    assert {"MAX_FILE_BYTES", "MAX_DEPTH", "MAX_NUMBER_DIGITS", "MAX_TEXT_CHARS",
            "MAX_PROSE_CHARS", "MAX_NAME_CHARS", "MAX_SOURCE_CHARS", "TOOL_TIMEOUT_S"} <= set(named)
    with pytest.raises(InputErrors, match="MAX_DEPTH"):
        from pipeline.content.loader import parse

        parse("a: " + "[" * (limits.MAX_DEPTH + 1) + "]" * (limits.MAX_DEPTH + 1), "x.yaml")
