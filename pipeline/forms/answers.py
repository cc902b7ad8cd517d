"""Read filled worksheets (PDF form values or DOCX content controls) into answers."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any

import yaml
from lxml import etree
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from pipeline.compose.document import Field, Value
from pipeline.content.loader import load_file
from pipeline.errors import InputErrors, PipelineError, Problem

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"


def read_pdf(path: Path) -> dict[str, Value]:
    """Return the raw values of every form field in a PDF."""
    try:
        fields = PdfReader(path).get_fields() or {}
    except (PdfReadError, OSError, ValueError) as exc:
        raise PipelineError(f"{path}: cannot read the PDF form ({exc})") from None
    out: dict[str, Value] = {}
    for name, f in fields.items():
        value = f.get("/V")
        if f.get("/FT") == "/Btn":
            opts = f.get("/Opt")
            if value in (None, "/Off", ""):
                out[name] = "" if opts else False
            elif opts:  # a radio group: the state is the index of the chosen option
                idx = str(value).lstrip("/")
                out[name] = str(opts[int(idx)]) if idx.isdigit() and int(idx) < len(opts) \
                    else idx
            else:
                out[name] = True
        else:
            out[name] = "" if value is None else str(value)
    return out


def read_docx(path: Path) -> dict[str, Value]:
    """Return the raw values of every content control in a DOCX, by tag."""
    try:
        with zipfile.ZipFile(path) as z:
            root = etree.fromstring(z.read("word/document.xml"))
    except (zipfile.BadZipFile, KeyError, OSError, etree.XMLSyntaxError) as exc:
        raise PipelineError(f"{path}: cannot read the DOCX ({exc})") from None
    ns = {"w": W, "w14": W14}
    out: dict[str, Value] = {}
    for sdt in root.iter(f"{{{W}}}sdt"):
        tag = sdt.find("w:sdtPr/w:tag", ns)
        if tag is None or "=" in (name := tag.get(f"{{{W}}}val", "")):
            continue
        pr = sdt.find("w:sdtPr", ns)
        if pr.find("w:group", ns) is not None:
            chosen = [c.find("w:sdtPr/w:tag", ns).get(f"{{{W}}}val").split("=", 1)[1]
                      for c in sdt.iter(f"{{{W}}}sdt")
                      if c is not sdt and _checked(c.find("w:sdtPr", ns)) is True]
            out[name] = chosen[0] if len(chosen) == 1 else ("|".join(chosen))
        elif (box := _checked(pr)) is not None:
            out[name] = box
        elif pr.find("w:showingPlcHdr", ns) is not None:
            out[name] = ""
        else:
            paras = ["".join(t.text or "" for t in p.iter(f"{{{W}}}t"))
                     for p in sdt.iter(f"{{{W}}}p")]
            text = "\n".join(paras) if paras else "".join(
                t.text or "" for t in sdt.iter(f"{{{W}}}t"))
            out[name] = text.strip()
    return out


def _checked(sdt_pr: Any) -> bool | None:
    """State of a checkbox content control, or None when the control is not a checkbox."""
    box = sdt_pr.find(f"{{{W14}}}checkbox/{{{W14}}}checked")
    return None if box is None else box.get(f"{{{W14}}}val") in ("1", "true")


def read_filled(path: Path) -> dict[str, Value]:
    """Read a filled worksheet, PDF or DOCX, by its extension."""
    if path.suffix.lower() == ".pdf":
        return read_pdf(path)
    if path.suffix.lower() == ".docx":
        return read_docx(path)
    raise PipelineError(f"{path}: expected a .pdf or .docx worksheet")


def coerce(f: Field, value: Value) -> Value:
    """Convert a raw value to the field's type; raise ValueError with a reason."""
    if f.type == "checkbox":
        if isinstance(value, bool):
            return value
        if str(value).strip().lower() in ("yes", "true", "on", "1", "x"):
            return True
        if str(value).strip().lower() in ("no", "false", "off", "0", ""):
            return False
        raise ValueError("expected yes or no")
    text = str(value).strip()
    if f.type == "score":
        if text not in {"1", "2", "3", "4"}:
            raise ValueError("expected a score from 1 to 4")
        return int(text)
    if f.type == "number":
        try:
            num = float(text.replace("\u202f", "").replace(" ", "").replace(",", "."))
        except ValueError:
            raise ValueError("expected a number") from None
        return int(num) if num.is_integer() else num
    if f.type == "date":
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError("expected a date as YYYY-MM-DD") from None
    if f.type == "choice":
        values = [v for v, _ in f.choices]
        if text not in values:
            raise ValueError(f"expected one of: {', '.join(values)}")
        return text
    return text


def check_answers(raw: dict[str, Any], fields: dict[str, Field], source: str
                  ) -> tuple[dict[str, Value], list[Problem]]:
    """Type every answer; unknown fields and bad values are problems naming the field."""
    answers: dict[str, Value] = {}
    problems = []
    for name, value in raw.items():
        f = fields.get(str(name))
        if f is None:
            problems.append(Problem(source, 1, f"unknown field '{name}'; it is not on any "
                                    "worksheet (check the spelling against the worksheet)"))
            continue
        if value is None or (isinstance(value, str) and not value.strip()
                             and f.type != "checkbox"):
            continue
        try:
            answers[str(name)] = coerce(f, value)
        except ValueError as exc:
            problems.append(Problem(source, 1, f"field '{name}' ({f.label}, worksheet "
                                    f"'{f.worksheet}'): {exc}; got {value!r}"))
    return answers, problems


def missing(answers: dict[str, Value], fields: dict[str, Field], needed: list[str]
            ) -> list[Field]:
    """Return the needed fields that have no answer."""
    return [fields[n] for n in needed if n in fields and n not in answers]


def sort_key(name: str) -> list[Any]:
    """Natural order for field IDs, so row 10 comes after row 9."""
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name)]


def load_answers(paths: list[Path], fields: dict[str, Field]) -> dict[str, Value]:
    """Read answers from YAML files and filled worksheets; later files win."""
    raw: dict[str, Any] = {}
    problems: list[Problem] = []
    for path in paths:
        if path.suffix.lower() in (".yaml", ".yml"):
            doc = load_file(path)
            data = doc.data.get("answers") if isinstance(doc.data, dict) else None
            if not isinstance(data, dict):
                raise InputErrors([Problem(str(path), 1, "expected a mapping `answers:` of "
                                           "field IDs to values")])
            got, probs = check_answers(data, fields, str(path))
            problems += [Problem(p.file, doc.line(("answers", _key(p.message))), p.message)
                         for p in probs]
        else:
            got, problems_ = check_answers(read_filled(path), fields, str(path))
            problems += problems_
        raw.update(got)
    if problems:
        raise InputErrors(problems)
    return raw


def _key(message: str) -> str:
    return message.split("'")[1] if "'" in message else ""


def answers_schema(fields: dict[str, Field]) -> dict[str, Any]:
    """JSON Schema for answers files, generated from the worksheet fields."""
    kinds = {"text": {"type": "string"}, "multiline": {"type": "string"},
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


def dump_answers(answers: dict[str, Value]) -> str:
    return yaml.safe_dump({"answers": answers}, allow_unicode=True, sort_keys=False)

