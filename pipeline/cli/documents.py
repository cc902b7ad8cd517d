"""Document commands: build output files, summarise them, and make releases."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.cli.registry import command
from pipeline.errors import PipelineError
from pipeline.project import Project

if TYPE_CHECKING:
    from pipeline.build import Session


def _target_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("outputs", nargs="*", type=Path,
                   help="files to build, named LANG/DOC-PAPER.FMT (e.g. output/fr/guide-a4.pdf)")
    p.add_argument("-o", "--output", dest="more", action="append", type=Path, default=[],
                   help="another file to build (same as a positional argument)")
    p.add_argument("--doc", help="document, if the file name does not say (guide, "
                   "worksheet-ID)")
    p.add_argument("--lang", help="language, if the folder name does not say")
    p.add_argument("--paper", choices=["a4", "letter"])
    p.add_argument("--format", dest="fmt", choices=["pdf", "docx"])
    p.add_argument("--version", default="dev")
    p.add_argument("--preview", action="store_true",
                   help="mark untranslated and fuzzy passages")
    p.add_argument("--depfile", type=Path,
                   help="write a make depfile listing what the outputs read")
    p.add_argument("--duplex", action="store_true",
                   help="for double-sided printing: blank versos so chapters open on the right")


@command("build", "build output files; content is loaded once for all of them", _target_args)
def _build(ns: argparse.Namespace, project: Project) -> int:
    import time
    from dataclasses import replace

    from pipeline.build import Target

    start = time.time()
    outs = [*ns.outputs, *ns.more]
    if not outs:
        raise PipelineError("say which files to build, e.g. spguide build output/en/guide-a4.pdf")
    with new_session(project, ns.version, ns.preview) as session:
        for out in outs:
            # The file name says what to build (LANG/DOC-PAPER.FMT); options override it,
            # and a name without a paper part is taken as the document's name.
            if all((ns.doc, ns.lang, ns.paper, ns.fmt)) or "-" not in out.stem:
                t = Target(out.stem, "en", "a4", "pdf")
            else:
                t = Target.from_path(out)
            t = replace(t, doc=ns.doc or t.doc, lang=ns.lang or t.lang,
                        paper=ns.paper or t.paper, fmt=ns.fmt or t.fmt, duplex=ns.duplex)
            if t.doc == "guide":  # the long step: say it has started, so a user sees progress
                print(f"building {out} …", flush=True)
            print(session.build(t, out).line(), flush=True)
        if ns.depfile:
            session.write_depfile(ns.depfile, outs, start)
    return 0


def new_session(project: Project, version: str, preview: bool = False) -> Session:
    """A build session; a release version also records the source commit in its outputs."""
    from pipeline.build import Session
    from pipeline.publish.release import source_commit

    commit = source_commit(project.root) if version != "dev" and not preview else ""
    return Session(project, version, preview, commit)


@command("summary", "print a table of built files: pages and size",
         lambda p: p.add_argument("files", nargs="*", type=Path))
def _summary(ns: argparse.Namespace, project: Project) -> int:
    from pipeline.publish.report import summary_table

    print(summary_table(ns.files, project))
    return 0


def _release_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--version", required=True)
    p.add_argument("--files", type=Path, help="folder of built files to bundle")
    p.add_argument("--to", type=Path, help="release folder to create")
    p.add_argument("--allow-dirty", action="store_true",
                   help="release from uncommitted changes (recorded in the manifest)")


@command("release", "check (without --files) or bundle (with --files) a release", _release_args)
def _release(ns: argparse.Namespace, project: Project) -> int:
    from pipeline.i18n import localefmt as lf
    from pipeline.publish.release import bundle, check_release

    dest = ns.to or project.root / "output" / "release" / ns.version
    if ns.files is None:
        check_release(project, ns.version, dest, ns.allow_dirty)
        # Only the version and folder are checked here; content and translations come next.
        print(f"release {ns.version}: version, changelog and release folder OK")
        return 0
    out = bundle(project, ns.version, ns.files, dest, lf.build_date(project.root).isoformat(),
                 ns.allow_dirty)
    print(f"released {out}")
    return 0


@command("index", "write index.html and README.md listing the built files for organisers",
         lambda p: p.add_argument("folder", type=Path, nargs="?", default=Path("output")))
def _index(ns: argparse.Namespace, project: Project) -> int:
    from pipeline.content.validate import load_content
    from pipeline.publish.index import write_index

    items = write_index(ns.folder, load_content(project.content)[0], project)
    print(f"wrote {ns.folder / 'index.html'} and {ns.folder / 'README.md'} ({len(items)} files)")
    return 0
