"""Releases and cleaning: bundles verify, nothing is overwritten, translations are kept."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from pipeline.build import Target, build
from pipeline.errors import PipelineError
from pipeline.project import Project
from pipeline.publish.release import bundle

ROOT = Path(__file__).resolve().parent.parent


def tree_hash(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file()}


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                          cwd=root, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def project(tmp_path, mini_project) -> Project:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "CHANGELOG.md").write_text("# Changelog\n\n## 1.2.3\n\n- Test release.\n")
    shutil.copytree(mini_project.locales, root / "locales")
    # A release refuses draft entries, so release the fixture content with its draft completed.
    shutil.copytree(mini_project.content, root / "content")
    cases = root / "content" / "case_studies.yaml"
    cases.write_text("".join(line for line in cases.read_text().splitlines(keepends=True)
                             if not line.lstrip().startswith(("status:", "draft_reason:"))))
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "release")
    return Project(root, root / "content", mini_project.templates, root / "locales",
                   tmp_path / "build")


def test_bundle_verifies_and_is_never_overwritten(project, mini_project, tmp_path):
    files = tmp_path / "files"
    for lang, fmt in (("en", "pdf"), ("fr", "docx")):
        build(mini_project, Target("guide", lang, "a4", fmt), files / lang / f"guide-a4.{fmt}",
              "1.2.3")
    before = tree_hash(project.locales)
    dest = tmp_path / "release" / "1.2.3"
    bundle(project, "1.2.3", files, dest, "2026-11-27")
    manifest = json.loads((dest / "manifest.json").read_text())
    entry = next(e for e in manifest["files"] if e["file"] == "en/guide-a4.pdf")
    assert entry["pages"] > 5 and entry["language"] == "en" and entry["paper"] == "a4"
    assert manifest["translation_coverage"]["fr"]["translated"] == 4
    assert manifest["commit"] == git(project.root, "rev-parse", "HEAD")
    assert manifest["allow_dirty"] is False
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=dest, capture_output=True,
                           text=True)
    assert check.returncode == 0, check.stdout
    summed = {line.split("  ")[1] for line in (dest / "SHA256SUMS").read_text().splitlines()}
    published = {str(p.relative_to(dest)) for p in dest.rglob("*") if p.is_file()}
    assert summed == published - {"SHA256SUMS"}
    assert {"spguide-1.2.3.zip", "README.txt", "CHANGELOG.md", "manifest.json"} <= summed
    with zipfile.ZipFile(dest / "spguide-1.2.3.zip") as z:
        names = set(z.namelist())
        assert {f"spguide-1.2.3/{n}" for n in ("en/guide-a4.pdf", "README.txt",
                                               "CHANGELOG.md", "SHA256SUMS")} <= names
        z.extractall(tmp_path / "unzipped")
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], capture_output=True, text=True,
                           cwd=tmp_path / "unzipped" / "spguide-1.2.3")
    assert check.returncode == 0, check.stdout
    with pytest.raises(PipelineError, match="already exists"):
        bundle(project, "1.2.3", files, dest, "2026-11-27")
    assert tree_hash(project.locales) == before


def test_release_refuses_uncommitted_changes_unless_allowed(project, tmp_path, mini_project):
    files = tmp_path / "files"
    build(mini_project, Target("guide", "en", "a4", "docx"), files / "en" / "guide-a4.docx",
          "1.2.3")
    (project.root / "CHANGELOG.md").write_text("# Changelog\n\n## 1.2.3\n\n- Edited.\n")
    with pytest.raises(PipelineError, match=r"uncommitted changes \(CHANGELOG.md\).*ALLOW_DIRTY"):
        bundle(project, "1.2.3", files, tmp_path / "r", "2026-11-27")
    assert not (tmp_path / "r").exists()
    bundle(project, "1.2.3", files, tmp_path / "r", "2026-11-27", allow_dirty=True)
    manifest = json.loads((tmp_path / "r" / "manifest.json").read_text())
    assert manifest["allow_dirty"] is True and manifest["commit"].endswith("+dirty")


def test_release_needs_a_changelog_entry_and_a_version(project, tmp_path):
    with pytest.raises(PipelineError, match="CHANGELOG.md has no entry for 2.0.0"):
        bundle(project, "2.0.0", tmp_path, tmp_path / "r", "2026-11-27")
    with pytest.raises(PipelineError, match="not of the form x.y.z"):
        bundle(project, "final", tmp_path, tmp_path / "r", "2026-11-27")


def test_make_clean_removes_build_products_only(tmp_path):
    repo = tmp_path / "repo"
    (repo / "locales" / "fr" / "LC_MESSAGES").mkdir(parents=True)
    po = repo / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    po.write_text('msgid "a"\nmsgstr "b"\n')
    shutil.copy(ROOT / "Makefile", repo / "Makefile")
    for f in ("build/cache/x.svg", "output/en/guide-a4.pdf", "output/examples/en/p.pdf"):
        (repo / f).parent.mkdir(parents=True, exist_ok=True)
        (repo / f).write_text("x")
    (repo / "output" / "notes.txt").write_text("keep")
    (repo / "output" / "README.md").write_text("the organisers' index, a build product")
    (repo / "content").mkdir()
    (repo / "content" / "worksheets.yaml").write_text("worksheets: []\n")
    subprocess.run(["make", "clean"], cwd=repo, check=True, capture_output=True)
    assert po.read_text() == 'msgid "a"\nmsgstr "b"\n'
    assert not (repo / "build").exists() and not (repo / "output" / "en").exists()
    assert (repo / "output" / "notes.txt").read_text() == "keep"
    assert not (repo / "output" / "README.md").exists()
