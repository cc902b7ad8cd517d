"""Editors' commands: validate the content and write its JSON Schemas."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.cli.registry import command
from pipeline.project import Project


@command("check", "validate all content and report every problem with file:line")
def _check(ns: argparse.Namespace, project: Project) -> int:
    from pipeline.compose.anchors import load_checked

    load_checked(project.content)
    print(f"content OK: {project.content}")
    return 0


@command("schema", "write a JSON Schema for each content file",
         lambda p: p.add_argument("-o", "--output", type=Path, default=Path("build/schema")))
def _schema(ns: argparse.Namespace, project: Project) -> int:
    from pipeline.content.schema import write_schemas

    for path in write_schemas(ns.output):
        print(f"wrote {path}")
    return 0
