"""Command-line interface: `spguide COMMAND` (also `python -m pipeline COMMAND`)."""

from __future__ import annotations

import argparse
import gc
import io
import sys
from pathlib import Path

# Importing the command modules registers their commands, in the order `--help` lists them.
from pipeline.cli import content, documents, forms, translate  # noqa: F401
from pipeline.cli.registry import COMMANDS
from pipeline.errors import InputErrors, PipelineError
from pipeline.project import Project


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; user errors print without a traceback and exit 1."""
    # A build is a short batch process in which WeasyPrint allocates millions of small
    # objects. Collecting garbage every 700 allocations (the default) cost 10 % of a guide's
    # render; every 10,000 costs 1 %, for 15 MB more memory (make bench SINGLE=1).
    gc.set_threshold(10_000, 10, 10)
    for stream in (sys.stdout, sys.stderr):
        # Under an ASCII-only locale (LANG=C without UTF-8 mode), a file name or a French
        # message must not crash the report: unencodable characters are shown as \u escapes.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
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
