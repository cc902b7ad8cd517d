"""Read the content controls of a filled DOCX worksheet, within explicit size limits.

A control's field ID is its `w:tag` (kept by Word) or the ID in its `w:dataBinding` XPath
(kept by LibreOffice, which drops tags); see `pipeline/render/docxforms.py`.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from pipeline.errors import InputErrors, Problem

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
NS = {"w": W, "w14": W14}
# A filled worksheet's document.xml is well under 1 MiB; the limit stops zip bombs and
# files of millions of empty paragraphs before they are parsed.
MAX_DOCX_XML = 8 * 1024 * 1024
MAX_CONTROLS = 5000  # many times the largest worksheet
_BOUND_ID = re.compile(r"@id='([^']+)'")

Raw = str | bool


def _error(path: Path, message: str) -> InputErrors:
    return InputErrors([Problem(str(path), 0, message)])


def document_xml(path: Path) -> bytes:
    """Return word/document.xml, decompressed as a stream and refused past the limit."""
    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("word/document.xml")
            if info.file_size > MAX_DOCX_XML:
                raise _error(path, f"the document text is {info.file_size} bytes once "
                             f"unpacked, over the limit of {MAX_DOCX_XML} bytes for a "
                             "worksheet; use the worksheet as built, or copy the answers "
                             "into a fresh one")
            with z.open(info) as fh:  # the declared size may lie: read at most the limit
                data = fh.read(MAX_DOCX_XML + 1)
    except KeyError:
        raise _error(path, "not a Word document (no word/document.xml); save it as .docx "
                     "from Word or LibreOffice") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
            NotImplementedError) as exc:
        raise _error(path, f"cannot read the DOCX ({exc}); save it again as .docx from "
                     "Word or LibreOffice") from None
    if len(data) > MAX_DOCX_XML:
        raise _error(path, f"the document text is over the limit of {MAX_DOCX_XML} bytes "
                     "once unpacked; use the worksheet as built, or copy the answers into "
                     "a fresh one")
    return data


def field_id(sdt: Any) -> str:
    """The field ID a control carries in its tag or its data binding, or ''."""
    tag = sdt.find("w:sdtPr/w:tag", NS)
    name = tag.get(f"{{{W}}}val", "") if tag is not None else ""
    if name and "=" not in name:  # `ID=value` tags are the options of older worksheets
        return name
    bind = sdt.find("w:sdtPr/w:dataBinding", NS)
    match = _BOUND_ID.search(bind.get(f"{{{W}}}xpath", "")) if bind is not None else None
    return match.group(1) if match else ""


def control_text(sdt: Any) -> str:
    """The text a user sees in a control; line breaks and paragraphs become newlines."""
    out: list[str] = []
    first = True
    content = sdt.find("w:sdtContent", NS)
    if content is None:
        return ""
    for el in content.iter(f"{{{W}}}t", f"{{{W}}}br", f"{{{W}}}cr", f"{{{W}}}tab",
                           f"{{{W}}}p"):
        if el.tag == f"{{{W}}}t":
            out.append(el.text or "")
        elif el.tag == f"{{{W}}}tab":
            out.append("\t")
        elif el.tag == f"{{{W}}}p":
            out.append("" if first else "\n")
            first = False
        else:
            out.append("\n")
    return "".join(out).strip()


def _checked(pr: Any) -> bool | None:
    """State of a checkbox control, or None when the control is not a checkbox."""
    box = pr.find("w14:checkbox/w14:checked", NS)
    return None if box is None else box.get(f"{{{W14}}}val") in ("1", "true")


def control_value(sdt: Any) -> Raw:
    """The raw value of one control: a bool for a checkbox, else text."""
    pr = sdt.find("w:sdtPr", NS)
    if (box := _checked(pr)) is not None:
        return box
    if pr.find("w:showingPlcHdr", NS) is not None:
        return ""
    text = control_text(sdt)
    lst = pr.find("w:dropDownList", NS)
    if lst is None:
        lst = pr.find("w:comboBox", NS)
    if lst is not None:
        items = {i.get(f"{{{W}}}displayText", ""): i.get(f"{{{W}}}value", "")
                 for i in lst.findall("w:listItem", NS)}
        if text in items:
            return items[text]
        if "☐" in text:  # the placeholder list of options, left as built
            return ""
        return text
    date = pr.find("w:date", NS)
    if date is not None and (full := date.get(f"{{{W}}}fullDate", "")) and text:
        return full[:10]
    return text


def _typed(sdt: Any, fid: str) -> Any:
    """The control that holds the field's type: LibreOffice may wrap a checkbox or a list in
    a copy of the control (or the other way round), both bound to the same ID."""
    chain = [sdt, *(c for c in sdt.iter(f"{{{W}}}sdt") if c is not sdt and field_id(c) == fid)]
    kinds = ("w14:checkbox", "w:dropDownList", "w:comboBox", "w:date")
    return next((c for c in chain for k in kinds if c.find(f"w:sdtPr/{k}", NS) is not None),
                sdt)


def _legacy_group(path: Path, fid: str, sdt: Any) -> tuple[Raw, list[Problem]]:
    """Read an option group of older worksheets: one checkbox per option, tagged ID=value."""
    chosen, problems = [], []
    for box in sdt.iter(f"{{{W}}}sdt"):
        if box is sdt:
            continue
        tag = box.find("w:sdtPr/w:tag", NS)
        name, sep, value = (tag.get(f"{{{W}}}val", "") if tag is not None else "").partition("=")
        ticked = _checked(box.find("w:sdtPr", NS))
        if not sep or name != fid or not value or ticked is None:
            problems.append(Problem(str(path), 0, f"field '{fid}': its option group is "
                                    "malformed (an option has no ID or is not a checkbox); "
                                    "copy the answer into a current worksheet"))
            return "", problems
        if ticked:
            chosen.append(value)
    if len(chosen) > 1:
        problems.append(Problem(str(path), 0, f"field '{fid}': {len(chosen)} options are "
                                f"ticked ({', '.join(chosen)}); tick only one"))
        return "", problems
    return (chosen[0] if chosen else ""), problems


def read_docx(path: Path) -> dict[str, Raw]:
    """Return the raw value of every identified content control in a DOCX, by field ID."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(document_xml(path), parser)
    except etree.XMLSyntaxError as exc:
        raise _error(path, f"the document text is not valid XML ({exc}); save it again as "
                     ".docx from Word or LibreOffice") from None
    sdts = root.iter(f"{{{W}}}sdt")
    out: dict[str, Raw] = {}
    problems: list[Problem] = []
    for count, sdt in enumerate(sdts, 1):
        if count > MAX_CONTROLS:
            raise _error(path, f"more than {MAX_CONTROLS} content controls, far more than "
                         "any worksheet has; use the worksheet as built")
        fid = field_id(sdt)
        if not fid or any(field_id(a) == fid for a in sdt.iterancestors(f"{{{W}}}sdt")):
            continue  # LibreOffice nests a copy of some controls inside themselves
        if sdt.find("w:sdtPr/w:group", NS) is not None:
            value, probs = _legacy_group(path, fid, sdt)
            problems += probs
        else:
            value = control_value(_typed(sdt, fid))
        if fid in out and out[fid] != value and value not in ("", False):
            if out[fid] in ("", False):
                out[fid] = value
                continue
            problems.append(Problem(str(path), 0, f"field '{fid}' appears twice with "
                                    f"different values ({out[fid]!r} and {value!r}); "
                                    "keep one"))
        out.setdefault(fid, value)
    if problems:
        raise InputErrors(problems)
    return out
