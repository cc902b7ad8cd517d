"""Command-line interface: `spguide COMMAND` (also `python -m pipeline COMMAND`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from .errors import InputErrors, PipelineError
from .project import Project

Handler = Callable[[argparse.Namespace, Project], int]
COMMANDS: dict[str, tuple[str, Handler, Callable[[argparse.ArgumentParser], None]]] = {}


def command(name: str, help_: str, args: Callable[[argparse.ArgumentParser], None] = lambda p: None
            ) -> Callable[[Handler], Handler]:
    """Register a sub-command."""
    def wrap(fn: Handler) -> Handler:
        COMMANDS[name] = (help_, fn, args)
        return fn
    return wrap


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


@command("check", "validate all content and report every problem with file:line")
def _check(ns: argparse.Namespace, project: Project) -> int:
    from .validate import load_content

    load_content(project.content)
    print(f"content OK: {project.content}")
    return 0


@command("build", "build output files; content is loaded once for all of them", _target_args)
def _build(ns: argparse.Namespace, project: Project) -> int:
    from dataclasses import replace

    from .build import Session, Target

    outs = [*ns.outputs, *ns.more]
    if not outs:
        raise PipelineError("say which files to build, e.g. spguide build output/en/guide-a4.pdf")
    session = Session(project, ns.version, ns.preview)
    for out in outs:
        # The file name says what to build (LANG/DOC-PAPER.FMT); options override it, and a
        # name without a paper part is taken as the document's name.
        if all((ns.doc, ns.lang, ns.paper, ns.fmt)) or "-" not in out.stem:
            t = Target(out.stem, "en", "a4", "pdf")
        else:
            t = Target.from_path(out)
        t = replace(t, doc=ns.doc or t.doc, lang=ns.lang or t.lang, paper=ns.paper or t.paper,
                    fmt=ns.fmt or t.fmt)
        if t.doc == "guide":  # the long step: say it has started, so a user sees progress
            print(f"building {out} …", flush=True)
        print(session.build(t, out).line(), flush=True)
    return 0


@command("schema", "write a JSON Schema for each content file",
         lambda p: p.add_argument("-o", "--output", type=Path, default=Path("build/schema")))
def _schema(ns: argparse.Namespace, project: Project) -> int:
    from .schema import write_schemas

    for path in write_schemas(ns.output):
        print(f"wrote {path}")
    return 0


@command("summary", "print a table of built files: pages and size",
         lambda p: p.add_argument("files", nargs="*", type=Path))
def _summary(ns: argparse.Namespace, project: Project) -> int:
    from .report import summary_table

    print(summary_table(ns.files))
    return 0


@command("read-answers", "read a filled worksheet (PDF or DOCX) into an answers YAML file",
         lambda p: (p.add_argument("worksheet", type=Path),
                    p.add_argument("-o", "--output", type=Path, required=True)))
def _read_answers(ns: argparse.Namespace, project: Project) -> int:
    import yaml

    from .answers import check_answers, read_filled, sort_key
    from .fsutil import write_text
    from .validate import load_content
    from .worksheets import all_fields

    content, _ = load_content(project.content)
    fields = all_fields(content)
    answers, problems = check_answers(read_filled(ns.worksheet), fields, str(ns.worksheet))
    if problems:
        raise InputErrors(problems)
    ordered = {k: answers[k] for k in sorted(answers, key=sort_key)}
    write_text(ns.output, "# Answers read from " + ns.worksheet.name + "\n" +
               yaml.safe_dump({"answers": ordered}, allow_unicode=True, sort_keys=False))
    on_sheet = {f.worksheet for f in fields.values() if f.id in answers}
    empty = [f for f in fields.values() if f.worksheet in on_sheet and f.id not in answers]
    print(f"read {len(answers)} answers into {ns.output}; {len(empty)} field(s) left empty")
    return 0


def _plan_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("answers", nargs="+", type=Path,
                   help="answers YAML files and/or filled worksheets (PDF, DOCX)")
    p.add_argument("--lang", default="en")
    p.add_argument("--paper", default="a4", choices=["a4", "letter"])
    p.add_argument("--format", dest="fmt", action="append", choices=["pdf", "docx"])
    p.add_argument("-o", "--output", type=Path, required=True,
                   help="output file without extension, e.g. output/plans/mynet-fr")
    p.add_argument("--version", default="dev")
    p.add_argument("--partial", action="store_true",
                   help="build even if answers are missing, marked as partial")


@command("plan", "build a strategy plan tailored to a network's answers", _plan_args)
def _plan(ns: argparse.Namespace, project: Project) -> int:
    from .build import Session, Target

    session = Session(project, ns.version)
    for fmt in ns.fmt or ["pdf", "docx"]:
        t = Target("plan", ns.lang, ns.paper, fmt, tuple(ns.answers), ns.partial)
        print(session.build(t, ns.output.with_suffix(f".{fmt}")).line(), flush=True)
    return 0


@command("answers-schema", "write the JSON Schema of answers files",
         lambda p: p.add_argument("-o", "--output", type=Path, required=True))
def _answers_schema(ns: argparse.Namespace, project: Project) -> int:
    import json

    from .fsutil import write_text
    from .plan import answers_schema
    from .validate import load_content
    from .worksheets import all_fields

    content, _ = load_content(project.content)
    write_text(ns.output, json.dumps(answers_schema(all_fields(content)), indent=2) + "\n")
    print(f"wrote {ns.output}")
    return 0


def _release_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--version", required=True)
    p.add_argument("--files", type=Path, help="folder of built files to bundle")
    p.add_argument("--to", type=Path, help="release folder to create")


@command("release", "check (without --files) or bundle (with --files) a release", _release_args)
def _release(ns: argparse.Namespace, project: Project) -> int:
    from . import localefmt as lf
    from .release import bundle, check_release

    dest = ns.to or project.root / "output" / "release" / ns.version
    if ns.files is None:
        check_release(project, ns.version, dest)
        print(f"release {ns.version} can be built")
        return 0
    out = bundle(project, ns.version, ns.files, dest, lf.build_date(project.root).isoformat())
    print(f"released {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; user errors print without a traceback and exit 1."""
    # Importing the command modules registers their commands.
    from . import cli_i18n  # noqa: F401

    parser = argparse.ArgumentParser(prog="spguide", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder")
    parser.add_argument("--content", type=Path, default=None, help="content folder")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (help_, _fn, args) in COMMANDS.items():
        args(sub.add_parser(name, help=help_, description=help_))
    ns = parser.parse_args(argv)
    project = Project.at(ns.root, ns.content)
    try:
        return COMMANDS[ns.command][1](ns, project)
    except InputErrors as exc:
        for p in exc.problems:
            print(p, file=sys.stderr)
        print(f"{len(exc.problems)} error(s); nothing was written", file=sys.stderr)
        return 1
    except PipelineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; no partial output was left behind", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
