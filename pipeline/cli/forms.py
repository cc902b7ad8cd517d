"""Network commands: read filled worksheets and build strategy plans."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.cli.registry import command
from pipeline.project import Project


def _input_args(p: argparse.ArgumentParser) -> None:
    """Options shared by `read-answers` and `plan`: how strictly inputs are read."""
    p.add_argument("--partial", action="store_true",
                   help="go on when a worksheet is empty or answers are missing")
    p.add_argument("--prefer", type=Path, default=None, metavar="FILE",
                   help="when inputs answer a field differently, take FILE's answer")


def _read_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("worksheets", nargs="+", type=Path, metavar="worksheet",
                   help="filled worksheets (PDF, DOCX) and/or answers YAML files")
    p.add_argument("-o", "--output", type=Path, required=True)
    _input_args(p)


@command("read-answers", "read filled worksheets (PDF or DOCX) into an answers YAML file",
         _read_args)
def _read_answers(ns: argparse.Namespace, project: Project) -> int:
    from pipeline.compose.worksheets import all_fields
    from pipeline.content.validate import load_content
    from pipeline.forms.answers import dump_answers, fill_averages, load_answers
    from pipeline.fsutil import write_text

    content, _ = load_content(project.content)
    fields = all_fields(content)
    answers = load_answers(ns.worksheets, fields, ns.partial, ns.prefer, averages=False)
    on_sheet = {f.worksheet for f in fields.values() if f.id in answers}
    empty = [f for f in fields.values() if f.worksheet in on_sheet and f.id not in answers]
    computed = fill_averages(answers, fields)
    write_text(ns.output, dump_answers(answers, ns.worksheets))
    note = f" ({len(computed)} averages computed from the scores)" if computed else ""
    print(f"read {len(answers) - len(computed)} answers into {ns.output}; "
          f"{len(empty) - len(computed)} field(s) left empty{note}")
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
    _input_args(p)
    p.add_argument("--depfile", type=Path,
                   help="write a make depfile listing what the plan read")


@command("plan", "build a strategy plan tailored to a network's answers", _plan_args)
def _plan(ns: argparse.Namespace, project: Project) -> int:
    import time

    from pipeline.build import Target
    from pipeline.cli.documents import new_session

    start = time.time()
    outs = []
    with new_session(project, ns.version) as session:
        for fmt in ns.fmt or ["pdf", "docx"]:
            t = Target("plan", ns.lang, ns.paper, fmt, tuple(ns.answers), ns.partial,
                       ns.prefer)
            # The name is kept whole: `net.v2-fr` must not lose `.v2-fr` to a suffix change.
            base = ns.output.with_suffix("") if ns.output.suffix in (".pdf", ".docx") \
                else ns.output
            out = base.with_name(f"{base.name}.{fmt}")
            print(session.build(t, out).line(), flush=True)
            outs.append(out)
        if ns.depfile:
            session.write_depfile(ns.depfile, outs, start)
    return 0


@command("answers-schema", "write the JSON Schema of answers files",
         lambda p: p.add_argument("-o", "--output", type=Path, required=True))
def _answers_schema(ns: argparse.Namespace, project: Project) -> int:
    import json

    from pipeline.compose.worksheets import all_fields
    from pipeline.content.validate import load_content
    from pipeline.forms.answers import answers_schema
    from pipeline.fsutil import write_text

    content, _ = load_content(project.content)
    write_text(ns.output, json.dumps(answers_schema(all_fields(content)), indent=2) + "\n")
    print(f"wrote {ns.output}")
    return 0
