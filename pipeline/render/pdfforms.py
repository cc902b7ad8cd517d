"""Finish the AcroForm WeasyPrint writes, so that every PDF reader shows and exports it alike.

WeasyPrint names radio states by position (/0, /1, …) with the option values in /Opt, gives
checkboxes and radio buttons an appearance only for "on", gives text fields none, and sets
/NeedAppearances so that readers draw the rest. Poppler-based viewers do not, so ticks and
dots went missing there. This pass:
- names each radio state by its option ID, so exported data holds IDs, not positions;
- gives every widget an appearance for each state (on and /Off; text fields a blank one),
  and drops /NeedAppearances;
- lists each radio group once in /Fields, named once, with the field's label as its title;
- adds a calculation script to fields that average others (Acrobat and pdf.js run it).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)

from pipeline.compose.document import Field

RADIO = 1 << 15


def _blank(writer: PdfWriter, rect: Any, content: bytes = b"") -> Any:
    """An appearance stream of the widget's size that draws `content` (nothing by default)."""
    width = abs(float(rect[2]) - float(rect[0]))
    height = abs(float(rect[3]) - float(rect[1]))
    stream = DecodedStreamObject()
    stream.set_data(content)
    stream.update({NameObject("/Type"): NameObject("/XObject"),
                   NameObject("/Subtype"): NameObject("/Form"),
                   NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0),
                                                     FloatObject(width), FloatObject(height)])})
    return writer._add_object(stream)


def _states(writer: PdfWriter, widget: DictionaryObject, on: str | None) -> None:
    """Give a button widget its on state (renamed to `on` if given) and an /Off state."""
    normal = widget["/AP"]["/N"]
    current = [k for k in normal if k != "/Off"]
    if on is not None and current and current[0] != f"/{on}":
        normal[NameObject(f"/{on}")] = normal.pop(current[0])
    if "/Off" not in normal:
        normal[NameObject("/Off")] = _blank(writer, widget["/Rect"])
    widget[NameObject("/AS")] = NameObject("/Off")


def average_script(ids: Sequence[str]) -> str:
    """JavaScript that sets the field to the mean of the answered fields in `ids`."""
    return (f"var ids = {json.dumps(list(ids))}, s = 0, n = 0;\n"
            "for (var i = 0; i < ids.length; i++) {\n"
            "  var f = this.getField(ids[i]);\n"
            "  var v = f ? String(f.value) : '';\n"
            "  if (v !== '' && v !== 'Off' && !isNaN(Number(v))) { s += Number(v); n++; }\n"
            "}\n"
            "event.value = n ? String(Math.round(s / n * 100) / 100) : '';\n")


def finish_form(path: Path, fields: Sequence[Field]) -> None:
    """Rewrite the PDF's form in place as described in the module docstring."""
    by_id = {f.id: f for f in fields}
    writer = PdfWriter(clone_from=path)
    acro = writer._root_object["/AcroForm"]
    acro.pop("/NeedAppearances", None)
    top, calculated = ArrayObject(), ArrayObject()
    for ref in acro["/Fields"]:
        node = ref.get_object()
        if "/Parent" in node:  # a radio button, listed again beside its group
            node.pop("/T", None)
            continue
        top.append(ref)
        f = by_id.get(str(node.get("/T", "")))
        if node.get("/FT") == "/Btn" and int(node.get("/Ff", 0)) & RADIO:
            opts = [str(o) for o in node.pop("/Opt", [])]
            for i, kid in enumerate(node["/Kids"]):
                _states(writer, kid.get_object(), opts[i] if i < len(opts) else None)
            node[NameObject("/V")] = NameObject("/Off")
        elif node.get("/FT") == "/Btn":
            _states(writer, node, None)
            node[NameObject("/V")] = NameObject("/Off")
        elif "/AP" not in node:
            node[NameObject("/AP")] = DictionaryObject(
                {NameObject("/N"): _blank(writer, node["/Rect"], b"/Tx BMC EMC")})
        if f is not None:
            node[NameObject("/TU")] = TextStringObject(f.label)
            if f.average_of:
                js = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                                       NameObject("/JS"): TextStringObject(
                                           average_script(f.average_of))})
                node[NameObject("/AA")] = DictionaryObject({NameObject("/C"): js})
                calculated.append(ref)
    acro[NameObject("/Fields")] = top
    if calculated:
        acro[NameObject("/CO")] = calculated
    with path.open("wb") as fh:
        writer.write(fh)
