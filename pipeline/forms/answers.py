"""Answers from YAML files and filled worksheets: typed, checked, merged and reported honestly."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pipeline.compose.document import Field, Value
from pipeline.content.loader import load_file
from pipeline.errors import InputErrors, Problem
from pipeline.forms.docx import read_docx
from pipeline.forms.pdf import read_pdf

# The longest answer a worksheet box can sensibly hold; a plan built from a megabyte-long
# answer took minutes, so longer answers are refused before any work is done on them.
MAX_ANSWER_CHARS = 10_000
MAX_NUMBER_CHARS = 30
KINDS = {"text": "text", "multiline": "text", "checkbox": "yes or no",
         "choice": "one of the options", "score": "a score from 1 to 4",
         "number": "a number", "date": "a date as YYYY-MM-DD"}


def read_filled(path: Path) -> dict[str, str | bool]:
    """Read a filled worksheet, PDF or DOCX, by its extension."""
    if path.suffix.lower() == ".pdf":
        return read_pdf(path)
    if path.suffix.lower() == ".docx":
        return read_docx(path)
    raise InputErrors([Problem(str(path), 0, "expected a .pdf or .docx worksheet, or a .yaml "
                               "answers file")])


def _number(text: str) -> int | float:
    if len(text) > MAX_NUMBER_CHARS:
        raise ValueError(f"expected a number of at most {MAX_NUMBER_CHARS} characters")
    try:
        num = float(text.replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
                    .replace(",", "."))
    except ValueError:
        raise ValueError("expected a number") from None
    if not math.isfinite(num):
        raise ValueError("expected a number, not infinity or 'not a number'")
    return int(num) if num.is_integer() and abs(num) < 2**53 else num


def coerce(f: Field, value: Any) -> Value:
    """Convert a raw value to the field's type; raise ValueError with a reason."""
    want = KINDS.get(f.type, "text")
    if isinstance(value, list | tuple | set | dict):
        kind = "mapping" if isinstance(value, dict) else "list"
        raise ValueError(f"expected {want}, got a {kind}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"expected {want}, got {value}")
    if isinstance(value, str) and len(value) > MAX_ANSWER_CHARS:
        raise ValueError(f"the answer is {len(value)} characters long, over the limit of "
                         f"{MAX_ANSWER_CHARS}; shorten it")
    if f.type == "checkbox":
        if isinstance(value, bool):
            return value
        if str(value).strip().lower() in ("yes", "true", "on", "1", "x"):
            return True
        if str(value).strip().lower() in ("no", "false", "off", "0", ""):
            return False
        raise ValueError("expected yes or no")
    if isinstance(value, bool):
        raise ValueError(f"expected {want}, got yes/no; put the answer in quotes")
    if isinstance(value, int) and abs(value) >= 10**MAX_NUMBER_CHARS:
        raise ValueError(f"expected {want}; the number is too long")
    if isinstance(value, dt.datetime):
        value = value.date()
    text = value.isoformat() if isinstance(value, dt.date) else str(value).strip()
    if f.type == "score":
        if text not in {"1", "2", "3", "4"}:
            raise ValueError("expected a score from 1 to 4")
        return int(text)
    if f.type == "number":
        return _number(text)
    if f.type == "date":
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError("expected a real date as YYYY-MM-DD") from None
    if f.type == "choice":
        values = [v for v, _ in f.choices]
        if text not in values:
            raise ValueError(f"expected one of: {', '.join(values)}")
        return text
    return text


def describe(f: Field) -> str:
    """How errors name a field: its ID, label and worksheet."""
    return f"field '{f.id}' ({f.label}, worksheet '{f.worksheet}')"


def check_answers(raw: dict[str, Any], fields: dict[str, Field], source: str,
                  line: Callable[[str], int] = lambda _name: 0
                  ) -> tuple[dict[str, Value], list[Problem]]:
    """Type every answer; unknown fields and bad values are problems naming the field."""
    answers: dict[str, Value] = {}
    problems = []
    for name, value in raw.items():
        f = fields.get(str(name))
        if f is None:
            problems.append(Problem(source, line(str(name)), f"unknown field '{name}'; it is "
                                    "not on any worksheet (check the spelling against the "
                                    "worksheet)"))
            continue
        if value is None or (isinstance(value, str) and not value.strip()
                             and f.type != "checkbox"):
            continue
        try:
            answers[str(name)] = coerce(f, value)
        except (ValueError, OverflowError) as exc:
            shown = repr(value) if len(repr(value)) < 60 else repr(value)[:57] + "…"
            got = "" if "got " in str(exc) else f"; got {shown}"
            problems.append(Problem(source, line(str(name)), f"{describe(f)}: {exc}{got}"))
    return answers, problems


@dataclass(frozen=True)
class Input:
    """The answers one file gave, and where each one is."""

    path: Path
    answers: dict[str, Value]
    line: Callable[[str], int]


def read_input(path: Path, fields: dict[str, Field], partial: bool) -> tuple[Input,
                                                                             list[Problem]]:
    """Read one answers YAML file or filled worksheet; it must hold worksheet answers."""
    if path.suffix.lower() in (".yaml", ".yml"):
        doc = load_file(path)
        data = doc.data.get("answers") if isinstance(doc.data, dict) else None
        if not isinstance(data, dict):
            raise InputErrors([Problem(str(path), 1, "expected a mapping `answers:` of field "
                                       "IDs to values")])

        def line(name: str) -> int:
            return doc.line(("answers", name))
        got, problems = check_answers(data, fields, str(path), line)
    else:
        raw = read_filled(path)
        if not any(name in fields for name in raw):
            raise InputErrors([Problem(str(path), 0, "no worksheet fields found: this is not "
                                       "a filled worksheet, or an editor dropped the field IDs; "
                                       "fill in a worksheet from output/LANG/worksheet-*")])

        def line(name: str) -> int:
            return 0
        got, problems = check_answers(raw, fields, str(path))
    if not problems and not partial and not any(v is not False for v in got.values()):
        problems.append(Problem(str(path), line(""), "no answers: every field is empty; fill "
                                "in the worksheet, or pass --partial (PARTIAL=1) to go on "
                                "without its answers"))
    return Input(path, got, line), problems


def merge(inputs: list[Input], fields: dict[str, Field], prefer: Path | None = None
          ) -> tuple[dict[str, Value], list[Problem]]:
    """Combine inputs; a field answered differently in two files is a problem naming both,
    unless the preferred file answers it."""
    given: dict[str, list[tuple[Value, Input]]] = {}
    for inp in inputs:
        for name, value in inp.answers.items():
            given.setdefault(name, []).append((value, inp))
    merged, problems = {}, []
    for name, answers in given.items():
        chosen = [(v, i) for v, i in answers if prefer is not None and _same(prefer, i.path)]
        first_value, first = (chosen or answers)[0]
        other = next(((v, i) for v, i in answers if v != first_value), None)
        if other is not None and not chosen:
            value, inp = other
            problems.append(Problem(str(inp.path), inp.line(name), (
                f"{describe(fields[name])} is {value!r} here but {first_value!r} in "
                f"{first.path}; make the files agree, or name the file that wins with "
                "--prefer FILE")))
        merged[name] = first_value
    return merged, problems


def _same(a: Path, b: Path) -> bool:
    return a.resolve() == b.resolve()


def fill_averages(answers: dict[str, Value], fields: dict[str, Field]) -> list[str]:
    """Compute the averages the form computes, where a file left them out; return their IDs."""
    added = []
    for f in fields.values():
        scores = [float(answers[s]) for s in f.average_of if s in answers]
        if f.average_of and f.id not in answers and scores:
            mean = round(sum(scores) / len(scores), 2)
            answers[f.id] = int(mean) if mean.is_integer() else mean
            added.append(f.id)
    return added


def load_answers(paths: list[Path], fields: dict[str, Field], partial: bool = False,
                 prefer: Path | None = None, averages: bool = True) -> dict[str, Value]:
    """Read, check and merge answers from YAML files and filled worksheets; with `averages`,
    compute the averages the files left out."""
    inputs, problems = [], []
    if prefer is not None and not any(_same(prefer, p) for p in paths):
        problems.append(Problem(str(prefer), 0, "--prefer names a file that is not among the "
                                "inputs; name one of them"))
    for path in paths:
        try:
            inp, probs = read_input(path, fields, partial)
        except InputErrors as exc:
            problems += exc.problems
            continue
        inputs.append(inp)
        problems += probs
    answers, probs = merge(inputs, fields, prefer)
    if problems + probs:
        raise InputErrors(problems + probs)
    if averages:
        fill_averages(answers, fields)
    return answers


def missing(answers: dict[str, Value], fields: dict[str, Field], needed: list[str]
            ) -> list[Field]:
    """Return the needed fields that have no answer."""
    return [fields[n] for n in needed if n in fields and n not in answers]


def sort_key(name: str) -> list[Any]:
    """Natural order for field IDs, so row 10 comes after row 9."""
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name)]


def answers_schema(fields: dict[str, Field]) -> dict[str, Any]:
    """JSON Schema for answers files, generated from the worksheet fields."""
    kinds = {"text": {"type": "string", "maxLength": MAX_ANSWER_CHARS},
             "multiline": {"type": "string", "maxLength": MAX_ANSWER_CHARS},
             "checkbox": {"type": "boolean"}, "number": {"type": "number"},
             "date": {"type": "string", "format": "date"},
             "score": {"type": "integer", "minimum": 1, "maximum": 4}}
    props = {}
    for f in fields.values():
        spec = dict(kinds.get(f.type, {"type": "string"}))
        if f.type == "choice":
            spec = {"type": "string", "enum": [v for v, _ in f.choices]}
        spec["description"] = f"{f.label} (worksheet {f.worksheet})"
        props[f.id] = spec
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "answers",
            "type": "object", "additionalProperties": False, "required": ["answers"],
            "properties": {"answers": {"type": "object", "additionalProperties": False,
                                       "properties": props}}}


class _Dumper(yaml.SafeDumper):
    """Writes multi-line answers as literal blocks, so they read as they were typed."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value and value == value.strip() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump_answers(answers: dict[str, Value], sources: list[Path]) -> str:
    """The answers as an answers YAML file, in the worksheets' order."""
    ordered = {k: answers[k] for k in sorted(answers, key=sort_key)}
    head = "".join(f"# Answers read from {p.name}\n" for p in sources)
    return head + yaml.dump({"answers": ordered}, Dumper=_Dumper, allow_unicode=True,
                            sort_keys=False)
