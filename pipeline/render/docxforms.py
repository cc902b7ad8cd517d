"""Word content controls for worksheet fields, named so that Word and LibreOffice keep the ID.

Each control carries its field ID twice:
- `w:tag`, Word's own identifier, which Word keeps and LibreOffice 7.4 drops;
- a `w:dataBinding` whose XPath names the ID (`…/sp:f[@id='ID']`), bound to a custom XML
  part that lists every field. LibreOffice keeps the binding on every control type (text,
  drop-down, date, checkbox) and rewrites the part's values; Word keeps the binding and
  the part in step with what the user types.
The alias (title) holds the readable label, which Word shows on the control.
Exclusive choices (decisions, 1-4 scores) are one drop-down list each, so only one value
can be chosen; its placeholder lists the options with boxes, to tick on paper.
Multi-line fields are rich-text controls: LibreOffice 7.4 loses the line breaks of a
multi-line plain-text control, but keeps those of a rich-text one. On a rich-text control
ECMA-376 (17.5.2.6) says `w:dataBinding` is ignored (Word 2013 binds rich text through a
separate `w15:dataBinding`), so Word reads it by its tag while LibreOffice keeps the binding.
Tested: LibreOffice 7.4 (tests/test_forms.py); Word's side follows the specification and
Microsoft's documentation, as no Word is available to the tests.
"""

from __future__ import annotations

import uuid
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

from pipeline.compose.document import Field

W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
ANSWERS_NS = "urn:spguide:answers"
# Fixed, so that builds stay byte-identical; any GUID works as long as it is the same in
# the binding and in the part's properties.
STORE_ID = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, ANSWERS_NS)).upper() + "}"
PROPS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
PROPS_CT = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
BLANK = "\u2002" * 3  # blank but clickable; nothing prints on paper


def binding_xpath(field_id: str) -> str:
    """The XPath of a field's node in the answers part; readers take the ID back from it."""
    return f"/sp:answers[1]/sp:f[@id='{field_id}'][1]"


def _el(tag: str, **attrs: str) -> Any:
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(key.replace("_", ":", 1)), value)
    return el


def _w14(tag: str, **attrs: str) -> Any:
    el = OxmlElement(f"w14:{tag}")
    for key, value in attrs.items():
        el.set(f"{{{W14}}}{key}", value)
    return el


def _run(text: str = "", br: bool = False) -> Any:
    run = OxmlElement("w:r")
    if br:
        run.append(OxmlElement("w:br"))
    if text:
        t = _el("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        run.append(t)
    return run


def answers_store(par: DocxParagraph) -> Any:
    """Return the root of the document's answers part, adding the part on first use."""
    part = par.part
    store = getattr(part, "_spguide_answers", None)
    if store is None:
        package = part.package
        root = parse_xml(f'<answers xmlns="{ANSWERS_NS}"/>')
        item = XmlPart(package.next_partname("/customXml/item%d.xml"), "application/xml",
                       root, package)
        props = parse_xml(f'<ds:datastoreItem xmlns:ds="{PROPS_NS}" ds:itemID="{STORE_ID}">'
                          f'<ds:schemaRefs><ds:schemaRef ds:uri="{ANSWERS_NS}"/>'
                          '</ds:schemaRefs></ds:datastoreItem>')
        name = item.partname.replace("/item", "/itemProps")
        item.relate_to(XmlPart(PackURI(name), PROPS_CT, props, package), RT.CUSTOM_XML_PROPS)
        part.relate_to(item, RT.CUSTOM_XML)
        store = part._spguide_answers = root
    return store


def content_control(f: Field, par: DocxParagraph) -> Any:
    """Return a run-level content control for a field, tagged and bound to its ID."""
    store = answers_store(par)
    node = parse_xml(f'<f xmlns="{ANSWERS_NS}"/>')
    node.set("id", f.id)
    store.append(node)
    sdt, pr, content = OxmlElement("w:sdt"), OxmlElement("w:sdtPr"), OxmlElement("w:sdtContent")
    pr.append(_el("w:alias", w_val=f.label[:255]))
    pr.append(_el("w:tag", w_val=f.id))
    pr.append(_el("w:dataBinding", w_prefixMappings=f"xmlns:sp='{ANSWERS_NS}'",
                  w_xpath=binding_xpath(f.id), w_storeItemID=STORE_ID))
    if f.type == "checkbox":
        node.text = "false"
        box = _w14("checkbox")
        box.append(_w14("checked", val="0"))
        box.append(_w14("checkedState", val="2612", font="MS Gothic"))
        box.append(_w14("uncheckedState", val="2610", font="MS Gothic"))
        pr.append(box)
        content.append(_run("☐"))
    elif f.type in ("choice", "score"):
        pr.append(_el("w:showingPlcHdr"))
        lst = OxmlElement("w:dropDownList")
        for value, label in f.choices:
            lst.append(_el("w:listItem", w_displayText=label, w_value=value))
        pr.append(lst)
        # The placeholder lists the options with boxes: tick one on paper, or click to choose.
        stacked = f.type == "choice"
        for i, (_value, label) in enumerate(f.choices):
            # Scores sit in narrow table cells: keep each box with its number.
            box = "☐ " if stacked else ("" if not i else " ") + "☐\u00a0"
            content.append(_run(box + label, br=stacked and i > 0))
    elif f.type == "date":
        pr.append(_el("w:showingPlcHdr"))
        date = OxmlElement("w:date")
        date.append(_el("w:dateFormat", w_val="yyyy-MM-dd"))
        pr.append(date)
        content.append(_run(BLANK))
    else:
        pr.append(_el("w:showingPlcHdr"))
        if f.type != "multiline":  # multi-line stays rich text, which keeps line breaks
            pr.append(_el("w:text"))
        content.append(_run(BLANK))
    sdt.append(pr)
    sdt.append(content)
    return sdt


def add_control(par: DocxParagraph, f: Field) -> None:
    """Add the content control of a field to a paragraph."""
    par._p.append(content_control(f, par))
