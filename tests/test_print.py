"""Print design: pagination groups, column widths, edition labels and the organisers' index."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfWriter

from pipeline.compose import document as d
from pipeline.compose.common import Edition, edition_label, is_release
from pipeline.compose.guide import compose_guide
from pipeline.content.validate import load_content
from pipeline.i18n.translate import Translator
from pipeline.publish.index import write_index
from pipeline.render.flow import Keep, ListPart, arrange, column_widths, guess_pages

ROOT = Path(__file__).resolve().parent.parent


def test_a_heading_keeps_three_lines_of_a_short_paragraph_and_a_list():
    blocks = (d.Heading(2, "Title", "t"), d.Paragraph("One short line."),
              d.BulletList(tuple(f"item {i} " * 12 for i in range(12))),
              d.Paragraph("After. " * 200))
    out = arrange(blocks)
    assert isinstance(out[0], Keep)
    kept = out[0].items
    assert kept[0] == blocks[0] and kept[1] == blocks[1]
    assert isinstance(kept[2], ListPart) and 0 < len(kept[2].items) < 12
    rest = out[1]
    assert isinstance(rest, ListPart) and rest.start == len(kept[2].items) + 1
    assert len(kept[2].items) + len(rest.items) == 12


def test_a_short_section_is_kept_whole():
    blocks = (d.Heading(2, "A", "a"), d.Paragraph("x " * 100),
              d.Heading(3, "B", "b"), d.Paragraph("y " * 50))
    assert arrange(blocks) == [Keep(blocks)]


def test_columns_are_sized_to_their_content():
    widths = column_widths(("#", "Question", "Score"),
                           (("1", "How many members have written social objectives? " * 3, ""),))
    assert abs(sum(widths) - 100) < 1e-6
    assert widths[1] > 5 * widths[0]
    assert widths[2] >= 100 * 7 / 112  # "Score" is never hyphenated


def test_page_guesses_start_chapters_on_new_pages():
    blocks = (d.Heading(1, "One", "one"), d.Paragraph("x"), d.Heading(1, "Two", "two"))
    pages = guess_pages(blocks, 45)
    assert pages == {"one": 1, "two": 2}


def test_a_working_build_never_says_dev():
    tr = Translator("en")
    assert not is_release("dev") and is_release("1.0") and is_release("2.1.3-rc1")
    assert edition_label(tr, Edition("en", "dev", "2026-01-01", "")) == "Working draft"
    assert edition_label(tr, Edition("en", "1.2", "2026-01-01", "")) == "Edition 1.2"
    content, _ = load_content(ROOT / "content")
    guide = compose_guide(content, tr, Edition("en", "dev", "2026-01-01", "1 January 2026"))
    cover = guide.blocks[0]
    assert isinstance(cover, d.Cover)
    assert "dev" not in " ".join([*cover.lines, cover.note, cover.title, cover.subtitle])
    colophon = guide.blocks[1]
    assert isinstance(colophon, d.Colophon)
    titles = [t for t, _ in colophon.sections]
    assert titles == ["Licence", "How to cite this guide", "Contact"]
    assert "CC BY 4.0" in colophon.sections[0][1]
    revised = compose_guide(content, tr, Edition("en", "1.0", "2026-01-01", "", commit="abc1234"))
    assert any("abc1234" in line for line in revised.blocks[1].lines)


def test_chapters_are_numbered():
    content, _ = load_content(ROOT / "content")
    guide = compose_guide(content, Translator("en"), Edition("en", "1.0", "2026-01-01", ""))
    numbers = [h.number for h in guide.headings() if h.level == 1]
    assert numbers == [str(i) for i in range(1, len(numbers) + 1)]


def test_index_lists_every_file_with_pages_and_what_to_print(tmp_path):
    content, _ = load_content(ROOT / "content")
    for rel, pages in (("en/guide-a4.pdf", 5), ("fr/worksheet-decisions-letter.pdf", 3),
                       ("examples/es/plan-young-network.pdf", 4)):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        writer = PdfWriter()
        for _ in range(pages):
            writer.add_blank_page(595, 842)
        writer.write(path)
    (tmp_path / "en" / "guide-a4.docx").write_bytes(b"")
    items = write_index(tmp_path, content)
    assert [i.path for i in items] == ["en/guide-a4.docx", "en/guide-a4.pdf",
                                       "examples/es/plan-young-network.pdf",
                                       "fr/worksheet-decisions-letter.pdf"]
    by = {i.path: i for i in items}
    assert by["en/guide-a4.pdf"].pages == 5 and "double-sided (3 sheets)" in \
        by["en/guide-a4.pdf"].to_print
    sheet = by["fr/worksheet-decisions-letter.pdf"]
    assert (sheet.language, sheet.paper, sheet.pages) == ("French", "US Letter", 3)
    assert "single-sided" in sheet.to_print and "Worksheet B" in sheet.purpose
    assert by["examples/es/plan-young-network.pdf"].language == "Spanish"
    html = (tmp_path / "index.html").read_text()
    readme = (tmp_path / "README.md").read_text()
    for i in items:
        assert f'href="{i.path}"' in html and f"]({i.path})" in readme
