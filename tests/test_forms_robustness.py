"""Hostile and broken answers and filled forms: a located error, exit 1, no traceback.

Every case runs `spguide read-answers` (and some `spguide plan`) the way a network would, and
checks the message names the file and says what to do, and that nothing was written.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from formfill import fill_docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from pipeline.build import Target, build
from pipeline.cli import main
from pipeline.compose.worksheets import all_fields
from pipeline.content.validate import load_content
from pipeline.errors import InputErrors
from pipeline.forms.answers import MAX_ANSWER_CHARS, load_answers
from pipeline.forms.docx import MAX_CONTROLS, MAX_DOCX_XML, W
from pipeline.forms.pdf import MAX_KIDS_DEPTH, MAX_PDF_FIELDS

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
CORPUS = Path(__file__).parent / "corpus" / "answers"
CLI = ["--root", str(ROOT), "--content", str(MINI)]

# (corpus file, expected "file:line: error: …" fragment)
ANSWER_CASES = [
    ("list.yaml", r"list.yaml:2: error: field 'record:name' .*expected text, got a list"),
    ("mapping.yaml", r"mapping.yaml:2: error: field 'record:name' .*got a mapping"),
    ("nan.yaml", r"nan.yaml:2: error: field 'network:members' .*expected a number, got nan"),
    ("inf.yaml", r"inf.yaml:2: error: field 'network:members' .*got inf"),
    ("overflow.yaml", r"overflow.yaml:2: error: .*not infinity"),
    ("yes-as-score.yaml", r"yes-as-score.yaml:3: error: field 'a-one:q1' .*got yes/no; put "
     "the answer in quotes"),
    ("no-as-text.yaml", r"no-as-text.yaml:2: error: field 'network:name' .*got yes/no"),
    ("huge-integer.yaml", r"huge-integer.yaml:2: error: a number with 5000 digits, over the "
     r"limit of 30 \(MAX_NUMBER_DIGITS\); quote it"),
    ("huge-number-text.yaml", r"huge-number-text.yaml:2: error: .*a number of at most 30 "
     "characters"),
    ("impossible-date.yaml", r"impossible-date.yaml:2: error: '2026-02-30' is not a date that "
     "exists"),
    ("impossible-date-text.yaml", r"impossible-date-text.yaml:2: error: field 'record:date' "
     ".*expected a real date"),
    ("position-not-option.yaml", r"position-not-option.yaml:2: error: field 'd-one:choice' "
     ".*expected one of: left, right"),
]


def refused(capsys: pytest.CaptureFixture[str], args: list[str], pattern: str,
            out: Path) -> str:
    """Run the CLI; it must fail with the pattern, no traceback and no output file."""
    assert main([*CLI, *args, "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert re.search(pattern, err), err
    assert not list(out.parent.glob(out.name + "*"))
    return err


@pytest.mark.parametrize(("case", "pattern"), ANSWER_CASES)
def test_bad_answers_file(case, pattern, tmp_path, capsys):
    refused(capsys, ["read-answers", str(CORPUS / case)], pattern, tmp_path / "a.yaml")


def test_a_megabyte_answer_is_refused_before_the_plan(tmp_path, capsys):
    answers = tmp_path / "long.yaml"
    answers.write_text("answers:\n  network:name: " + "x" * 940_000 + "\n")
    refused(capsys, ["plan", str(answers), "--partial"],
            rf"long.yaml:2: error: field 'network:name' .*940000 characters long, over the "
            rf"limit of {MAX_ANSWER_CHARS}; shorten it", tmp_path / "plan")


@pytest.fixture(scope="module")
def fields(mini_project):
    return all_fields(load_content(mini_project.content)[0])


@pytest.fixture(scope="module")
def blank(mini_project, tmp_path_factory):
    folder = tmp_path_factory.mktemp("blank")
    out = {}
    for fmt in ("pdf", "docx"):
        out[fmt] = folder / f"worksheet-decisions-a4.{fmt}"
        build(mini_project, Target("worksheet-decisions", "en", "a4", fmt), out[fmt], "1")
    return out


def test_long_answer_typed_into_a_docx(blank, tmp_path, capsys):
    filled = tmp_path / "long.docx"
    fill_docx(blank["docx"], filled, {"record:name": "y" * (MAX_ANSWER_CHARS + 1)})
    refused(capsys, ["read-answers", str(filled)],
            rf"long.docx: error: field 'record:name' .*over the limit of {MAX_ANSWER_CHARS}",
            tmp_path / "a.yaml")


@pytest.mark.parametrize("user_password", ["", "secret"])
def test_aes256_encrypted_pdf(blank, tmp_path, capsys, user_password):
    locked = tmp_path / "locked.pdf"
    subprocess.run(["qpdf", "--encrypt", user_password, "owner", "256", "--",
                    str(blank["pdf"]), str(locked)], check=True)
    refused(capsys, ["read-answers", str(locked)],
            r"locked.pdf: error: the PDF is encrypted; save an unprotected copy",
            tmp_path / "a.yaml")


def _pdf_with_fields(blank: Path, out: Path, fields: ArrayObject) -> None:
    writer = PdfWriter(clone_from=blank)
    writer._root_object["/AcroForm"][NameObject("/Fields")] = fields
    writer.write(out)


def test_deeply_nested_kids(blank, tmp_path, capsys):
    writer = PdfWriter(clone_from=blank["pdf"])
    node = DictionaryObject({NameObject("/T"): TextStringObject("leaf")})
    for i in range(400):
        node = DictionaryObject({NameObject("/T"): TextStringObject(f"n{i}"),
                                 NameObject("/Kids"): ArrayObject([writer._add_object(node)])})
    writer._root_object["/AcroForm"][NameObject("/Fields")] = ArrayObject(
        [writer._add_object(node)])
    nested = tmp_path / "nested.pdf"
    writer.write(nested)
    refused(capsys, ["read-answers", str(nested)],
            rf"nested.pdf: error: form fields are nested more than {MAX_KIDS_DEPTH} levels "
            r"deep \(/Kids\)", tmp_path / "a.yaml")


def test_cyclic_kids(blank, tmp_path, capsys):
    writer = PdfWriter(clone_from=blank["pdf"])
    node = DictionaryObject({NameObject("/T"): TextStringObject("loop")})
    ref = writer._add_object(node)
    node[NameObject("/Kids")] = ArrayObject([ref])
    writer._root_object["/AcroForm"][NameObject("/Fields")] = ArrayObject([ref])
    cyclic = tmp_path / "cyclic.pdf"
    writer.write(cyclic)
    refused(capsys, ["read-answers", str(cyclic)], r"cyclic.pdf: error: (form fields are "
            r"nested|no worksheet fields found)", tmp_path / "a.yaml")


def test_too_many_pdf_fields(blank, tmp_path, capsys):
    many = tmp_path / "many.pdf"
    _pdf_with_fields(blank["pdf"], many, ArrayObject(
        DictionaryObject({NameObject("/T"): TextStringObject(f"f{i}")})
        for i in range(MAX_PDF_FIELDS + 1)))
    refused(capsys, ["read-answers", str(many)],
            rf"many.pdf: error: more than {MAX_PDF_FIELDS} form fields", tmp_path / "a.yaml")


def test_truncated_pdf(blank, tmp_path, capsys):
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(blank["pdf"].read_bytes()[:2000])
    refused(capsys, ["read-answers", str(cut)], r"cut.pdf: error: (cannot read the PDF form|no "
            "worksheet fields found)", tmp_path / "a.yaml")


def _docx(path: Path, document: bytes | None, level: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", level) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        if document is not None:
            z.writestr("word/document.xml", document)
    return path


def test_docx_of_empty_paragraphs_is_refused_unpacked(tmp_path, capsys):
    body = b"<w:p/>" * (MAX_DOCX_XML // 6 + 10)
    path = _docx(tmp_path / "paras.docx",
                 f'<w:document xmlns:w="{W}"><w:body>'.encode() + body + b"</w:body></w:document>")
    assert path.stat().st_size < 200_000
    refused(capsys, ["read-answers", str(path)], rf"paras.docx: error: the document text is "
            rf"\d+ bytes once unpacked, over the limit of {MAX_DOCX_XML} bytes",
            tmp_path / "a.yaml")


def test_zip_bomb(tmp_path, capsys):
    path = _docx(tmp_path / "bomb.docx", b"\0" * (64 * 1024 * 1024))
    refused(capsys, ["read-answers", str(path)], r"bomb.docx: error: the document text is .*"
            "over the limit", tmp_path / "a.yaml")


def test_too_many_content_controls(tmp_path, capsys):
    sdt = b'<w:sdt><w:sdtPr><w:tag w:val="x"/></w:sdtPr></w:sdt>'
    path = _docx(tmp_path / "controls.docx", f'<w:document xmlns:w="{W}"><w:body><w:p>'.encode()
                 + sdt * (MAX_CONTROLS + 1) + b"</w:p></w:body></w:document>")
    refused(capsys, ["read-answers", str(path)],
            rf"controls.docx: error: more than {MAX_CONTROLS} content controls",
            tmp_path / "a.yaml")


@pytest.mark.parametrize(("name", "document", "pattern"), [
    ("not-a-zip.docx", None, r"cannot read the DOCX"),
    ("no-document.docx", b"", r"not a Word document \(no word/document.xml\)"),
    ("bad-xml.docx", b"<w:document", r"the document text is not valid XML"),
    ("entities.docx", b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
     b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
     b"<d>&c;</d>", r"no worksheet fields found"),
])
def test_broken_docx(name, document, pattern, tmp_path, capsys):
    path = tmp_path / name
    if document is None:
        path.write_bytes(b"PK\3\4 not really a zip")
    elif document:
        _docx(path, document)
    else:
        _docx(path, None)
    refused(capsys, ["read-answers", str(path)], rf"{name}: error: {pattern}", tmp_path / "a.yaml")


def test_malformed_docx_option_groups(tmp_path, capsys):
    boxes = ('<w:sdt><w:sdtPr><w:tag w:val="d-one:choice"/></w:sdtPr><w:sdtContent/></w:sdt>')
    xml = (f'<w:document xmlns:w="{W}"><w:body><w:p><w:sdt><w:sdtPr><w:tag w:val="d-one:choice"/>'
           f'<w:group/></w:sdtPr><w:sdtContent>{boxes}</w:sdtContent></w:sdt></w:p></w:body>'
           "</w:document>")
    path = _docx(tmp_path / "group.docx", xml.encode())
    refused(capsys, ["read-answers", str(path)], r"group.docx: error: field 'd-one:choice': "
            "its option group is malformed", tmp_path / "a.yaml")


FUZZ = settings(max_examples=120, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


@FUZZ
@given(cut=st.integers(0, 10**9), junk=st.binary(max_size=40), mode=st.sampled_from(
    ["insert", "replace", "truncate"]))
def test_mutated_filled_forms_read_or_report(blank, tmp_path_factory, fields, cut, junk, mode):
    """Bytes spliced into a filled worksheet: read, or a located error; never a traceback."""
    folder = tmp_path_factory.mktemp("fuzz")
    filled = folder / "filled.docx"
    fill_docx(blank["docx"], filled, {"record:name": "North", "d-one:choice": "left"})
    with zipfile.ZipFile(filled) as z:
        xml = z.read("word/document.xml")
    for kind, data in (("docx", xml), ("pdf", blank["pdf"].read_bytes())):
        at = cut % (len(data) + 1)
        data = {"insert": data[:at] + junk + data[at:],
                "replace": data[:at] + junk + data[at + len(junk):],
                "truncate": data[:at]}[mode]
        path = folder / f"mutated.{kind}"
        if kind == "docx":
            _docx(path, data)
        else:
            path.write_bytes(data)
        try:
            load_answers([path], fields, partial=True)
        except InputErrors as exc:
            assert all(p.file == str(path) for p in exc.problems)
