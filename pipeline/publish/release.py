"""Release bundles: every file, a manifest, checksums and one zip, refusing to overwrite."""

from __future__ import annotations

import json
import re
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


def check_release(project: Project, version: str, dest: Path) -> None:
    """Refuse a bad version, a missing CHANGELOG entry or an existing release."""
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


def describe(path: Path, files: Path) -> dict[str, Any]:
    """Return the manifest entry of one built file."""
    rel = path.relative_to(files)
    lang = rel.parts[-2]
    stem = path.stem
    if stem.startswith("plan-"):
        doc, paper = stem, "a4"
    else:
        doc, _, paper = stem.rpartition("-")
    return {"file": str(rel), "document": doc, "language": lang, "format": path.suffix[1:],
            "paper": paper, "pages": pdf_pages(path) if path.suffix == ".pdf" else None,
            "bytes": path.stat().st_size, "sha256": sha256(path)}


def bundle(project: Project, version: str, files: Path, dest: Path, date_iso: str) -> Path:
    """Copy built files into `dest` with manifest.json, SHA256SUMS and one zip."""
    check_release(project, version, dest)
    built = sorted(p for p in files.rglob("*") if p.suffix in (".pdf", ".docx"))
    if not built:
        raise PipelineError(f"nothing was built in {files}")
    tmp = dest.with_name(f".{dest.name}.part")
    if tmp.exists():
        import shutil

        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    entries = []
    for src in built:
        target = tmp / src.relative_to(files)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(src.read_bytes())
        entries.append(describe(target, tmp))
    cov = {}
    for lang in TARGETS:
        c = coverage(project, lang)
        cov[lang] = {"messages": c.total, "translated": c.translated, "fuzzy": c.fuzzy,
                     "untranslated": c.untranslated,
                     "percent": round(c.percent(c.translated, c.total), 2)}
    manifest = {"version": version, "date": date_iso, "files": entries,
                "translation_coverage": cov}
    write_text(tmp / "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    sums = "".join(f"{e['sha256']}  {e['file']}\n" for e in entries)
    sums += f"{sha256(tmp / 'manifest.json')}  manifest.json\n"
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
    tmp.rename(dest)
    return dest
