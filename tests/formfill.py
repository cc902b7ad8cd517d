"""Fill built worksheets the way a user does in a PDF reader or in Word, for the tests."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from lxml import etree
from pypdf import PdfWriter

from pipeline.forms.docx import W14, W, field_id

NS = {"w": W, "w14": W14}


def sample(f: Any) -> Any:
    """A plausible answer for a field of each type; multi-line answers have a line break."""
    return {"text": f"Text for {f.id}", "multiline": f"Line one of {f.id}\nLine two",
            "checkbox": True, "choice": f.choices[-1][0] if f.choices else "", "score": 3,
            "number": 12, "date": "2026-03-15"}[f.type]


def fill_pdf(src: Path, dst: Path, want: dict[str, Any], fields: dict[str, Any]) -> None:
    """Set field values as a reader does: radio groups and checkboxes by their state name."""
    writer = PdfWriter(clone_from=src)
    values = {}
    for k, v in want.items():
        f = fields[k]
        if f.type in ("choice", "score"):
            values[k] = f"/{v}"
        elif f.type == "checkbox":
            values[k] = "/on" if v else "/Off"
        else:
            values[k] = str(v)
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    writer.write(dst)


def _set_text(sdt: Any, text: str) -> None:
    """Replace a control's content with text, one w:br per line break, as Word does."""
    content = sdt.find("w:sdtContent", NS)
    for child in list(content):
        content.remove(child)
    run = etree.SubElement(content, f"{{{W}}}r")
    for i, line in enumerate(text.split("\n")):
        if i:
            etree.SubElement(run, f"{{{W}}}br")
        t = etree.SubElement(run, f"{{{W}}}t")
        t.text = line


def fill_docx(src: Path, dst: Path, want: dict[str, Any]) -> None:
    """Fill content controls the way Word does when a user types, picks or ticks."""
    with zipfile.ZipFile(src) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    for sdt in root.iter(f"{{{W}}}sdt"):
        name = field_id(sdt)
        if name not in want:
            continue
        pr = sdt.find("w:sdtPr", NS)
        value = want[name]
        box = pr.find("w14:checkbox/w14:checked", NS)
        if box is not None:
            box.set(f"{{{W14}}}val", "1" if value else "0")
            _set_text(sdt, "☒" if value else "☐")
            continue
        ph = pr.find("w:showingPlcHdr", NS)
        if ph is not None:
            pr.remove(ph)
        lst = pr.find("w:dropDownList", NS)
        if lst is not None:
            items = {i.get(f"{{{W}}}value"): i.get(f"{{{W}}}displayText")
                     for i in lst.findall("w:listItem", NS)}
            lst.set(f"{{{W}}}lastValue", str(value))
            _set_text(sdt, items[str(value)])
            continue
        _set_text(sdt, str(value))
    parts["word/document.xml"] = etree.tostring(root)
    with zipfile.ZipFile(dst, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
