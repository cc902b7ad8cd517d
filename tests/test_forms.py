"""Filled worksheets across editors and readers: IDs kept, exclusive choices, honest reading."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest
from formfill import fill_docx, fill_pdf, sample
from lxml import etree
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, NameObject, TextStringObject

from pipeline.build import Target, build
from pipeline.cli import main
from pipeline.compose.worksheets import all_fields
from pipeline.content.validate import load_content
from pipeline.errors import InputErrors
from pipeline.forms.answers import check_answers, load_answers, read_docx, read_pdf
from pipeline.forms.docx import NS, W14, W

ROOT = Path(__file__).resolve().parent.parent
SHEETS = ["assessment", "decisions", "stakeholders", "action-plan", "tool-checklist"]


@pytest.fixture(scope="module")
def fields(mini_project):
    content, _ = load_content(mini_project.content)
    return all_fields(content)


@pytest.fixture(scope="module")
def blanks(mini_project, tmp_path_factory):
    """Every worksheet, blank, as French A4 PDF and DOCX."""
    folder = tmp_path_factory.mktemp("blank")
    out = {}
    for sheet in SHEETS:
        for fmt in ("pdf", "docx"):
            path = folder / f"worksheet-{sheet}-a4.{fmt}"
            build(mini_project, Target(f"worksheet-{sheet}", "fr", "a4", fmt), path, "1.0")
            out[sheet, fmt] = path
    return out


def soffice(src: list[Path], outdir: Path, fmt: str, home: Path) -> None:
    """Open files in LibreOffice Writer and save them again, as a user of Writer does."""
    proc = subprocess.run(["soffice", "--headless", "--convert-to", fmt, "--outdir",
                           str(outdir), *map(str, src)], capture_output=True, text=True,
                          timeout=300, env={"HOME": str(home), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr


def test_docx_answers_survive_a_libreoffice_save(blanks, fields, tmp_path):
    filled, want = [], {}
    for sheet in SHEETS:
        mine = {k: sample(f) for k, f in fields.items() if f.worksheet == sheet}
        path = tmp_path / f"{sheet}.docx"
        fill_docx(blanks[sheet, "docx"], path, mine)
        filled.append(path)
        want.update(mine)
    saved = tmp_path / "saved"
    soffice(filled, saved, "docx:MS Word 2007 XML", tmp_path)
    got = {}
    for path in filled:
        root = etree.fromstring(zipfile.ZipFile(saved / path.name).read("word/document.xml"))
        assert root.find(".//w:sdtPr/w:tag", NS) is None  # LibreOffice 7 drops every tag…
        answers, problems = check_answers(read_docx(saved / path.name), fields, path.name)
        assert problems == []
        got.update(answers)
    assert got == want  # …and every answer comes back, line breaks included
    assert any("\n" in str(v) for v in got.values())


def test_exclusive_choices_are_single_drop_down_controls(blanks, fields):
    root = etree.fromstring(zipfile.ZipFile(blanks["assessment", "docx"])
                            .read("word/document.xml"))
    lists = root.findall(".//w:sdtPr/w:dropDownList", NS)
    scores = [f for f in fields.values() if f.worksheet == "assessment" and f.type == "score"]
    assert len(lists) == len(scores)
    assert root.find(".//w:sdtPr/w:group", NS) is None
    values = [i.get(f"{{{W}}}value") for i in lists[0].findall("w:listItem", NS)]
    assert values == ["1", "2", "3", "4"]


def legacy_docx(tmp_path: Path, ticked: list[str], tag: str = "d-one:choice") -> Path:
    """A DOCX with the option group of older worksheets: one tagged checkbox per option."""
    boxes = "".join(
        f'<w:sdt><w:sdtPr><w:tag w:val="{tag}={v}"/><w14:checkbox><w14:checked '
        f'w14:val="{int(v in ticked)}"/></w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:t>x'
        '</w:t></w:r></w:sdtContent></w:sdt>' for v in ("o-a", "o-b"))
    xml = (f'<w:document xmlns:w="{W}" xmlns:w14="{W14}"><w:body><w:p><w:sdt><w:sdtPr>'
           f'<w:tag w:val="d-one:choice"/><w:group/></w:sdtPr><w:sdtContent>{boxes}'
           '</w:sdtContent></w:sdt></w:p></w:body></w:document>')
    path = tmp_path / "old.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", xml)
    return path


def test_older_docx_option_groups_still_read(tmp_path):
    assert read_docx(legacy_docx(tmp_path, ["o-b"])) == {"d-one:choice": "o-b"}
    with pytest.raises(InputErrors, match=r"old.docx: error: field 'd-one:choice': 2 options "
                       r"are ticked \(o-a, o-b\); tick only one"):
        read_docx(legacy_docx(tmp_path, ["o-a", "o-b"]))
    with pytest.raises(InputErrors, match=r"field 'd-one:choice': its option group is "
                       "malformed"):
        read_docx(legacy_docx(tmp_path, [], tag="other"))


def test_pdf_states_are_option_ids_with_appearances_and_no_need_appearances(blanks, fields):
    for sheet in SHEETS:
        reader = PdfReader(blanks[sheet, "pdf"])
        acro = reader.trailer["/Root"]["/AcroForm"]
        assert "/NeedAppearances" not in acro
        for page in reader.pages:
            for annot in page.get("/Annots", []):
                w = annot.get_object()
                if w.get("/Subtype") != "/Widget":
                    continue
                assert "/N" in w["/AP"], w
                parent = w.get("/Parent")
                f = fields[str(parent.get_object()["/T"] if parent else w["/T"])]
                states = set(w["/AP"]["/N"]) if f.type != "text" else set()
                if f.type in ("choice", "score"):
                    on = states - {"/Off"}
                    assert "/Off" in states and len(on) == 1
                    assert on.pop()[1:] in {v for v, _ in f.choices}
                elif f.type == "checkbox":
                    assert states == {"/on", "/Off"}
    decisions = PdfReader(blanks["decisions", "pdf"]).get_fields()
    assert all("/Opt" not in f for f in decisions.values())


def test_pdf_averages_are_calculated_in_the_form_and_recomputed(blanks, fields, tmp_path):
    acro = PdfReader(blanks["assessment", "pdf"]).trailer["/Root"]["/AcroForm"]
    calculated = {str(r.get_object()["/T"]): r.get_object()["/AA"]["/C"]["/JS"]
                  for r in acro["/CO"]}
    totals = [f for f in fields.values() if f.average_of]
    assert set(calculated) == {f.id for f in totals} and totals
    for f in totals:
        assert all(f'"{q}"' in calculated[f.id] for q in f.average_of)
    first = totals[0]
    want = {first.average_of[0]: 2, first.average_of[1]: 3, "network:name": "Net"}
    filled = tmp_path / "scored.pdf"
    fill_pdf(blanks["assessment", "pdf"], filled, want, fields)
    answers = load_answers([filled], fields)
    assert answers[first.id] == 2.5


def test_multiline_pdf_answers_keep_line_breaks(blanks, fields, tmp_path):
    filled = tmp_path / "lines.pdf"
    fill_pdf(blanks["decisions", "pdf"], filled, {"d-one:rationale": "one\rtwo"}, fields)
    assert read_pdf(filled)["d-one:rationale"] == "one\ntwo"


def test_older_pdfs_with_positional_states_still_read(blanks, fields, tmp_path):
    """Worksheets built before option IDs named radio states /0, /1 … with an /Opt list."""
    writer = PdfWriter(clone_from=blanks["decisions", "pdf"])
    group = next(r.get_object() for r in writer._root_object["/AcroForm"]["/Fields"]
                 if r.get_object()["/T"] == "d-one:choice")
    ids = [v for v, _ in fields["d-one:choice"].choices]
    group[NameObject("/Opt")] = ArrayObject(TextStringObject(v) for v in ids)
    group[NameObject("/V")] = NameObject("/1")
    old = tmp_path / "old.pdf"
    writer.write(old)
    assert read_pdf(old)["d-one:choice"] == ids[1]


def test_read_answers_refuses_what_is_not_a_filled_worksheet(mini_pdf, blanks, tmp_path,
                                                             capsys):
    root = ["--root", str(ROOT), "--content", str(ROOT / "tests" / "fixtures" / "mini")]
    out = tmp_path / "a.yaml"
    assert main([*root, "read-answers", str(mini_pdf), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{mini_pdf}: error: no worksheet fields found" in err and "Traceback" not in err
    blank = blanks["decisions", "docx"]
    assert main([*root, "read-answers", str(blank), "-o", str(out)]) == 1
    assert f"{blank}: error: no answers: every field is empty" in capsys.readouterr().err
    assert not out.exists()
    assert main([*root, "read-answers", str(blank), "--partial", "-o", str(out)]) == 0
    assert "read 0 answers" in capsys.readouterr().out


def test_conflicting_inputs_name_the_field_both_files_and_values(blanks, fields, tmp_path):
    a, b = tmp_path / "a.docx", tmp_path / "b.yaml"
    fill_docx(blanks["decisions", "docx"], a, {"record:name": "North"})
    b.write_text("answers:\n  record:date: 2026-01-05\n  record:name: South\n")
    with pytest.raises(InputErrors) as exc:
        load_answers([a, b], fields)
    assert str(exc.value) == (
        f"{b}:3: error: field 'record:name' (Network name, worksheet 'decisions') is 'South' "
        f"here but 'North' in {a}; make the files agree, or name the file that wins with "
        "--prefer FILE")
    assert load_answers([a, b], fields, prefer=a)["record:name"] == "North"
    assert load_answers([a, b], fields, prefer=b)["record:name"] == "South"
    c = tmp_path / "c.yaml"
    c.write_text("answers:\n  record:name: East\n")
    assert load_answers([a, b, c], fields, prefer=c)["record:name"] == "East"
    with pytest.raises(InputErrors, match="--prefer names a file that is not among"):
        load_answers([a, b], fields, prefer=c)


def test_filled_ticks_and_dots_show_in_poppler(blanks, fields, tmp_path):
    """pdftoppm draws only appearance streams: ticks and dots must be there without help."""
    want = {k: sample(f) for k, f in fields.items() if f.worksheet == "tool-checklist"}
    want.update({k: sample(f) for k, f in fields.items() if f.worksheet == "decisions"})
    dark = {}
    for name, values in (("blank", {}), ("filled", want)):
        pdfs = []
        for sheet in ("tool-checklist", "decisions"):
            path = tmp_path / f"{name}-{sheet}.pdf"
            fill_pdf(blanks[sheet, "pdf"], path,
                     {k: v for k, v in values.items() if fields[k].worksheet == sheet}, fields)
            pdfs.append(path)
        dark[name] = sum(ink(p, tmp_path / name) for p in pdfs)
    assert dark["filled"] > dark["blank"] + 50


def ink(pdf: Path, prefix: Path) -> int:
    """Dark pixels inside the button widgets of the first page, as poppler renders it."""
    subprocess.run(["pdftoppm", "-png", "-r", "72", "-f", "1", "-l", "1", str(pdf),
                    str(prefix)], check=True)
    png = sorted(prefix.parent.glob(prefix.name + "*.png"))[-1]
    img = Image.open(png).convert("L")
    page = PdfReader(pdf).pages[0]
    height = float(page.mediabox.height)
    total = 0
    for annot in page.get("/Annots", []):
        w = annot.get_object()
        parent = w["/Parent"].get_object() if "/Parent" in w else {}
        if w.get("/FT", parent.get("/FT")) != "/Btn":
            continue
        x0, y0, x1, y1 = (float(v) for v in w["/Rect"])
        box = (int(min(x0, x1)), int(height - max(y0, y1)), int(max(x0, x1)),
               int(height - min(y0, y1)))
        total += sum(1 for p in img.crop(box).tobytes() if p < 100)
    png.unlink()
    return total



def test_read_answers_writes_a_file_that_reads_back_the_same(blanks, fields, tmp_path, capsys):
    want = {k: sample(f) for k, f in fields.items() if f.worksheet == "decisions"}
    filled = tmp_path / "filled.docx"
    fill_docx(blanks["decisions", "docx"], filled, want)
    out = tmp_path / "answers.yaml"
    root = ["--root", str(ROOT), "--content", str(ROOT / "tests" / "fixtures" / "mini")]
    assert main([*root, "read-answers", str(filled), "-o", str(out)]) == 0
    assert f"read {len(want)} answers" in capsys.readouterr().out
    assert "|-\n    Line one of d-one:rationale\n    Line two\n" in out.read_text()
    assert load_answers([out], fields) == want
