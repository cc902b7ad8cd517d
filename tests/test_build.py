"""Precise rebuilds: depfiles, unchanged outputs kept, stale parts swept, make variables checked."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from pipeline.build import Session, Target
from pipeline.cli import main
from pipeline.fsutil import sweep_parts
from pipeline.project import Project

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path, mini_project) -> Project:
    """The fixture content in a private project folder, so stamps and depfiles are its own."""
    root = tmp_path / "repo"
    shutil.copytree(mini_project.content, root / "content")
    return Project(root, root / "content", mini_project.templates, mini_project.locales,
                   root / "build")


def depends(project: Project, target: Target, name: str) -> list[str]:
    out = project.root / "output" / target.lang / name
    session = Session(project, "dev")
    session.build(target, out)
    dep = project.build / "deps" / "x.d"
    session.write_depfile(dep, [out], time.time() - 60)
    assert dep.stat().st_mtime < out.stat().st_mtime  # the outputs stay newer than the depfile
    head = dep.read_text().split("\n\n")[0]
    return [line.strip(" \\") for line in head.splitlines()[2:] if line.strip()]


def test_depfile_lists_only_what_the_document_reads(project):
    sheet = depends(project, Target("worksheet-decisions", "fr", "a4", "docx"),
                    "worksheet-decisions-a4.docx")
    assert "content/worksheets.yaml" in sheet and "content/decision_tree.yaml" in sheet
    assert "content/case_studies.yaml" not in sheet and "content/glossary.yaml" not in sheet
    assert any(d.endswith("locales/fr/LC_MESSAGES/messages.po") for d in sheet)
    assert any(d.endswith("templates/reference.docx") for d in sheet)
    assert not any(d.endswith("print.css") for d in sheet)
    assert any(d.endswith("pipeline/render/docx.py") for d in sheet)
    guide = depends(project, Target("guide", "en", "a4", "docx"), "guide-a4.docx")
    assert "content/case_studies.yaml" in guide
    assert not any("locales" in d for d in guide)  # English reads no catalog


def test_depfile_names_the_outputs_as_make_named_them(project):
    """An absolute OUT inside the project stays absolute, or make would not match the rule."""
    absolute = project.root / "output" / "en" / "guide-a4.docx"
    session = Session(project, "dev")
    session.build(Target("guide", "en", "a4", "docx"), absolute)
    dep = project.build / "deps" / "x.d"
    session.write_depfile(dep, [absolute, Path("output/en/guide-letter.docx")], time.time())
    assert dep.read_text().splitlines()[1] == f"{absolute} output/en/guide-letter.docx: \\"


def test_page_counts_come_from_the_stamp_while_the_file_is_the_one_built(project):
    from pypdf import PdfReader, PdfWriter

    from pipeline.publish.report import pdf_pages, stamp_path

    out = project.root / "output" / "en" / "worksheet-decisions-a4.pdf"
    Session(project, "dev").build(Target("worksheet-decisions", "en", "a4", "pdf"), out)
    stamp = stamp_path(project, out)
    key, sha, pages = json.loads(stamp.read_text())
    assert pages == len(PdfReader(out).pages) == pdf_pages(out, project) == pdf_pages(out)
    stamp.write_text(json.dumps([key, sha, 999]))  # the stamp is read, not the file
    assert pdf_pages(out, project) == 999
    writer = PdfWriter()
    for _ in range(pages + 2):
        writer.add_blank_page(595, 842)
    writer.write(out)  # another file now: counted again, the stamp is not trusted
    assert pdf_pages(out, project) == pages + 2


def test_unchanged_output_is_not_rewritten(project):
    out = project.root / "output" / "en" / "worksheet-decisions-a4.docx"
    target = Target("worksheet-decisions", "en", "a4", "docx")
    first = Session(project, "dev").build(target, out)
    inode, data = out.stat().st_ino, out.read_bytes()
    again = Session(project, "dev").build(target, out)
    assert not first.unchanged and again.unchanged
    assert out.stat().st_ino == inode and out.read_bytes() == data
    # A change the document shows is rebuilt; a damaged file is rebuilt too.
    wsy = project.content / "worksheets.yaml"
    wsy.write_text(wsy.read_text().replace("Worksheet B: Decision record", "Decision record"))
    assert not Session(project, "dev").build(target, out).unchanged
    out.write_bytes(b"damaged")
    assert not Session(project, "dev").build(target, out).unchanged
    assert out.read_bytes() != b"damaged"


def test_stale_parts_are_swept_and_live_ones_kept(tmp_path):
    dead = tmp_path / ".guide-a4.pdf.999999999.abcd1234.part"
    live = tmp_path / f".guide-a4.pdf.{os.getpid()}.efgh5678.part"
    old_style = tmp_path / ".guide-a4.pdf.ijkl9012.part"
    keep = tmp_path / "guide-a4.pdf"
    download = tmp_path / ".notes.txt.part"  # not a name the build makes
    for p in (dead, live, old_style, keep, download):
        p.write_text("x")
    assert sorted(sweep_parts(tmp_path)) == sorted([dead, old_style])
    assert live.exists() and keep.exists() and download.exists()


def test_plan_names_keep_dots_and_write_nothing_into_the_project(tmp_path):
    answers = tmp_path / "net.v2.yaml"
    shutil.copy(ROOT / "examples" / "en" / "young-network.yaml", answers)
    html = ROOT / "build" / "html" / "en" / "net.v2-en-letter.html"
    html.unlink(missing_ok=True)
    code = main(["--root", str(ROOT), "plan", str(answers), "--paper", "letter", "--format",
                 "docx", "-o", str(tmp_path / "elsewhere" / "net.v2-en-letter")])
    assert code == 0
    assert [p.name for p in (tmp_path / "elsewhere").iterdir()] == ["net.v2-en-letter.docx"]
    assert not html.exists()
    assert not list((ROOT / "build" / "stamps").rglob("net.v2*"))


# Make -----------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path) -> Path:
    """A project folder with the real Makefile and a stand-in for the build command."""
    repo = tmp_path / "repo"
    (repo / "content").mkdir(parents=True)
    shutil.copy(ROOT / "Makefile", repo / "Makefile")
    (repo / "content" / "worksheets.yaml").write_text("worksheets:\n  - id: decisions\n")
    for f in ("case_studies.yaml", "guide.yaml"):
        (repo / "content" / f).write_text("x: 1\n")
    (repo / "pyproject.toml").write_text("")
    (repo / "tools").mkdir()
    (repo / "tools" / "sysdeps.sh").write_text("")
    fake = repo / ".venv" / "bin" / "python"
    fake.parent.mkdir(parents=True)
    # The stand-in fails, after saying which files it was asked for.
    fake.write_text("#!/bin/sh\necho \"ran: $*\" >> \"$(dirname \"$0\")/../../ran.log\"\n"
                    "exit 1\n")
    fake.chmod(0o755)
    old = time.time() - 100
    for f in ("pyproject.toml", "tools/sysdeps.sh", *(f"content/{x}" for x in
                                                      ("worksheets.yaml", "case_studies.yaml",
                                                       "guide.yaml"))):
        os.utime(repo / f, (old, old))
    for f in (".venv/.installed", "build/.sysdeps"):
        (repo / f).parent.mkdir(parents=True, exist_ok=True)
        (repo / f).write_text("")
    return repo


def make(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL")}
    return subprocess.run(["make", "--no-print-directory", *args], cwd=repo, text=True,
                          capture_output=True, env={**env, "LANG": "C.UTF-8"}, timeout=60)


def test_case_study_edit_rebuilds_no_worksheet(repo):
    now = time.time()
    make(repo, "help")  # writes the edition file (version and date), dated before the outputs
    os.utime(repo / "build" / "deps" / "output.edition", (now - 50, now - 50))
    for lang in ("en", "fr", "es"):
        for fmt in ("pdf", "docx"):
            guide = [f"output/{lang}/guide-{p}.{fmt}" for p in ("a4", "letter")]
            sheet = [f"output/{lang}/worksheet-decisions-{p}.{fmt}" for p in ("a4", "letter")]
            quick = [f"output/{lang}/quick-tree-{p}.{fmt}" for p in ("a4", "letter")]
            groups = [("guide", guide, "content/guide.yaml content/case_studies.yaml"),
                      ("worksheets", sheet, "content/guide.yaml content/worksheets.yaml"),
                      ("quick", quick, "content/guide.yaml content/worksheets.yaml")]
            if fmt == "pdf":  # the poster is one A2 PDF
                groups.append(("poster", [f"output/{lang}/poster-a2.pdf"], "content/guide.yaml"))
            for group, files, reads in groups:
                dep = repo / "build" / "deps" / f"output_{lang}_{group}.{fmt}.d"
                dep.write_text(f"{' '.join(files)}: {reads}\n")
                os.utime(dep, (now - 50, now - 50))
                for f in files:
                    (repo / f).parent.mkdir(parents=True, exist_ok=True)
                    (repo / f).write_text("built")
    (repo / "output" / "index.html").write_text("index")  # the organisers' index, newest
    assert "Nothing to be done" in make(repo, "-n", "files").stdout
    (repo / "content" / "case_studies.yaml").write_text("x: 2\n")
    plan = make(repo, "-n", "files").stdout
    assert plan.count("pipeline build") == 6 and "guide-a4" in plan
    assert "worksheet" not in plan
    # A new version (or date) is printed in every output, so everything is rebuilt.
    # 3 languages x (guide, worksheets, quick tree: PDF and DOCX; the poster: PDF) = 21 jobs.
    assert make(repo, "-n", "files", "VERSION=2.0").stdout.count("pipeline build") == 21


def test_failed_job_deletes_no_file(repo):
    (repo / "output" / "en").mkdir(parents=True)
    for p in ("a4", "letter"):
        (repo / "output" / "en" / f"guide-{p}.pdf").write_text("good")
    result = make(repo, "output/en/guide-a4.pdf")
    assert result.returncode != 0 and "ran:" in (repo / "ran.log").read_text()
    for p in ("a4", "letter"):
        assert (repo / "output" / "en" / f"guide-{p}.pdf").read_text() == "good"


@pytest.mark.parametrize("args,valid", [
    (("preview", "LANG=de"), "en fr es"),
    (("plan", "ANSWERS=a.yaml", "LANG=pt"), "en fr es"),
    (("plan", "ANSWERS=a.yaml", "PAPER=a3"), "a4 letter"),
    (("plan", "ANSWERS=a.yaml", "FORMAT=odt"), "pdf docx"),
    (("preview", "PAPER=legal"), "a4 letter"),
])
def test_unknown_make_variables_stop_with_the_valid_values(repo, args, valid):
    result = make(repo, *args)
    assert result.returncode != 0 and f"use one of: {valid}" in result.stderr
    assert not (repo / "ran.log").exists()


def test_plan_takes_paper_name_and_format(repo):
    make(repo, "plan", "ANSWERS=examples/net.v2.yaml", "LANG=fr", "PAPER=letter",
         "FORMAT=pdf")
    make(repo, "plan", "ANSWERS=examples/net.v2.yaml", "LANG=es", "NAME=ours")
    ran = (repo / "ran.log").read_text().splitlines()
    assert "--lang fr --paper letter --format pdf" in ran[0]
    assert ran[0].endswith("-o output/plans/net.v2-fr-letter")
    assert ran[1].endswith("-o output/plans/ours-es-a4")


def test_environment_lang_is_not_taken_for_the_language(repo):
    result = subprocess.run(["make", "-n", "preview"], cwd=repo, text=True, capture_output=True,
                            env={**os.environ, "LANG": "de_DE.UTF-8"})
    assert result.returncode == 0 and "preview/fr/guide-a4.pdf" in result.stdout


@pytest.mark.parametrize("out", ["", "/", "/tmp", "..", "a/../..", "."])
def test_clean_refuses_a_dangerous_out(repo, out):
    (repo / "build" / "keep").write_text("x")
    result = make(repo, "clean", f"OUT={out}")
    assert result.returncode != 0 and "not a folder inside the project" in result.stderr
    assert (repo / "build" / "keep").exists()
