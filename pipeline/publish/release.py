"""Release bundles: every file, a manifest, checksums and one zip, refusing to overwrite."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

from pipeline.content.references import ensure_no_drafts
from pipeline.errors import PipelineError
from pipeline.fsutil import atomic_output, write_text
from pipeline.i18n.catalogs import TARGETS, coverage
from pipeline.project import Project
from pipeline.publish.report import pdf_pages, sha256

VERSION_RE = re.compile(r"^\d+\.\d+\.\d+([.-][0-9A-Za-z.]+)?$")


def _git(root: Path, *args: str) -> str | None:
    try:
        proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                              check=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout


def uncommitted(root: Path) -> list[str] | None:
    """The files that differ from the last commit (untracked ones too); None outside git."""
    out = _git(root, "status", "--porcelain", "--untracked-files=all")
    return None if out is None else [line[3:] for line in out.splitlines() if line.strip()]


def source_commit(root: Path) -> str:
    """The commit the outputs are built from, with `+dirty` if the tree differs from it."""
    head = (_git(root, "rev-parse", "HEAD") or "").strip()
    if not head:
        return "unknown"
    return head + ("+dirty" if uncommitted(root) else "")


def check_release(project: Project, version: str, dest: Path, allow_dirty: bool = False
                  ) -> None:
    """Refuse a bad version, a missing CHANGELOG entry, an existing release or a dirty tree."""
    if not VERSION_RE.match(version):
        raise PipelineError(f"version '{version}' is not of the form x.y.z; run "
                            "`make release VERSION=x.y.z`")
    changelog = project.root / "CHANGELOG.md"
    text = changelog.read_text(encoding="utf-8") if changelog.exists() else ""
    if not re.search(rf"^##\s*\[?{re.escape(version)}\]?", text, re.M):
        raise PipelineError(f"CHANGELOG.md has no entry for {version}; add a section "
                            f"'## {version}' that says what changed")
    if dest.exists():
        raise PipelineError(f"{dest} already exists; releases are never overwritten — "
                            "choose a new version")
    ensure_no_drafts(project.content)  # a release never carries editors' to-do notes
    if allow_dirty:
        return
    changed = uncommitted(project.root)
    if changed is None:
        raise PipelineError(f"{project.root} is not a git checkout, so the release cannot "
                            "record its commit; release from a clone, or set ALLOW_DIRTY=1")
    if changed:
        shown = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5
                                          else "")
        raise PipelineError(f"uncommitted changes ({shown}); commit them so the release "
                            "matches a commit, or set ALLOW_DIRTY=1 (recorded in the manifest)")


def describe(path: Path, files: Path, pages: int | None) -> dict[str, Any]:
    """Return the manifest entry of one built file (`pages`: a PDF's page count)."""
    rel = path.relative_to(files)
    lang = rel.parts[-2]
    stem = path.stem
    if stem.startswith("plan-"):
        doc, paper = stem, "a4"
    else:
        doc, _, paper = stem.rpartition("-")
    return {"file": str(rel), "document": doc, "language": lang, "format": path.suffix[1:],
            "paper": paper, "pages": pages,
            "bytes": path.stat().st_size, "sha256": sha256(path)}


def bundle(project: Project, version: str, files: Path, dest: Path, date_iso: str,
           allow_dirty: bool = False) -> Path:
    """Copy built files into `dest` with manifest, README, CHANGELOG, zip and SHA256SUMS.

    The zip holds everything but itself, with a SHA256SUMS of its contents; the folder's
    SHA256SUMS adds the zip, so every published file has its checksum beside it.
    """
    check_release(project, version, dest, allow_dirty)
    built = sorted(p for p in files.rglob("*") if p.suffix in (".pdf", ".docx"))
    if not built:
        raise PipelineError(f"nothing was built in {files}")
    tmp = dest.with_name(f".{dest.name}.part")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    entries = []
    for src in built:
        target = tmp / src.relative_to(files)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(src.read_bytes())
        # Pages are counted on the build's file, whose stamp may already hold the count.
        entries.append(describe(target, tmp, pdf_pages(src, project)
                                if src.suffix == ".pdf" else None))
    cov = {}
    for lang in TARGETS:
        c = coverage(project, lang)
        cov[lang] = {"messages": c.total, "translated": c.translated, "fuzzy": c.fuzzy,
                     "untranslated": c.untranslated,
                     "percent": round(c.percent(c.translated, c.total), 2)}
    manifest = {"version": version, "date": date_iso, "commit": source_commit(project.root),
                "allow_dirty": allow_dirty, "files": entries, "translation_coverage": cov}
    write_text(tmp / "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    write_text(tmp / "README.txt", readme(version, manifest))
    changelog = project.root / "CHANGELOG.md"
    if changelog.exists():
        shutil.copyfile(changelog, tmp / "CHANGELOG.md")
    extras = [n for n in ("manifest.json", "README.txt", "CHANGELOG.md") if (tmp / n).exists()]
    sums = "".join(f"{e['sha256']}  {e['file']}\n" for e in entries)
    sums += "".join(f"{sha256(tmp / n)}  {n}\n" for n in extras)
    write_text(tmp / "SHA256SUMS", sums)
    when = tuple(int(x) for x in date_iso.split("-")) + (0, 0, 0)
    name = f"spguide-{version}.zip"
    with atomic_output(tmp / name) as zpath, zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as z:
        for p in sorted(tmp.rglob("*")):
            if p.is_file() and p.name != name and not p.name.endswith(".part"):
                info = zipfile.ZipInfo(f"spguide-{version}/{p.relative_to(tmp)}", when)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                z.writestr(info, p.read_bytes())
    write_text(tmp / "SHA256SUMS", sums + f"{sha256(tmp / name)}  {name}\n")
    tmp.rename(dest)
    return dest


def readme(version: str, manifest: dict[str, Any]) -> str:
    """A short README for the release: what the files are and how to check them."""
    langs = sorted({e["language"] for e in manifest["files"]})
    docs = sorted({e["document"] for e in manifest["files"]})
    return (f"Social performance strategy guide for microfinance networks, release {version}\n"
            f"Built on {manifest['date']} from commit {manifest['commit']}.\n\n"
            f"Languages: {', '.join(langs)}. Documents: {', '.join(docs)}.\n"
            "Each language has its own folder, with PDF (A4 and US Letter) and DOCX files.\n"
            "manifest.json lists every file with its pages, size, checksum and translation\n"
            "coverage; CHANGELOG.md says what changed.\n\n"
            "Check the files with: sha256sum -c SHA256SUMS\n")
