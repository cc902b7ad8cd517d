"""Find English and broken French typography in built French and Spanish PDFs.

Used by tests/test_leaks.py, and on its own after a full build:
`.venv/bin/python tests/leakcheck.py output/fr/guide-a4.pdf output/es/guide-a4.pdf …`.
Text comes from poppler's `pdftohtml -xml`, which keeps U+202F and U+00A0 (pdftotext turns
them into spaces) and reads a page 40 times faster than pypdf.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml
from babel import Locale

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.i18n.translate import read_catalog  # noqa: E402

NNBSP = "\u202f"
#: English function words that are not also French or Spanish words.
_FUNCTION_WORDS = (
    "the of and to is are was were with for that this these those which by from it its be been "
    "your their our what how who whom when where why through into about should would could "
    "will have had not they them we you she his him if each every other more most such only "
    "also between before after because while than then there do does did any all some")
ENGLISH = frozenset(_FUNCTION_WORDS.split())
MONTHS = re.compile(r"\b(January|February|March|April|June|July|August|September|October|"
                    r"November|December)\b")
WORD = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)*")
# An ASCII-ish token that is not prose: a URL, a file name, a field ID, an acronym.
# File names broken at a line end ("worksheet-decisions-") count as identifiers too.
# The end of a web address broken at a line end ("standards/") is not prose either.
NOT_PROSE = re.compile(r"\S*(?:[./:#@]\w|\w-\w+:|\w-\w+-|\d)\S*|\b[A-Z]{2,}\w*\b|\S+/(?=\s|$)")


@dataclass(frozen=True)
class Leak:
    """One problem found in one document."""

    document: str
    page: int
    kind: str
    text: str

    def __str__(self) -> str:
        return f"{self.document}, page {self.page}: {self.kind}: «{self.text}»"


def page_texts(pdf: Path) -> list[str]:
    """The text of each page in poppler's reading order (a table cell's lines stay together).

    A fragment that continues the previous one on the same line (a bold word, a list bullet,
    a link) joins it; any other fragment starts a new line.
    """
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-q", "-stdout", str(pdf)],
                         capture_output=True, text=True, check=True).stdout
    fragment = re.compile(r'<text top="(-?\d+)" left="(-?\d+)" width="(\d+)" '
                          r'height="(\d+)"[^>]*>(.*?)</text>', re.S)
    pages = []
    for page in re.findall(r"<page\b.*?</page>", xml, re.S):
        text, last = "", None
        for top, left, width, height, inner in fragment.findall(page):
            middle, x = int(top) + int(height) / 2, int(left)
            same_line = last is not None and abs(middle - last[0]) <= last[2] / 2 \
                and x >= last[1] - 3
            # On one line, a gap between fragments (table label and value) is a word break.
            gap = " " if same_line and x > last[1] + 2 else ""
            text += (gap if same_line or last is None else "\n") + \
                html.unescape(re.sub(r"<[^>]+>", "", inner))
            last = (middle, x + int(width), int(height))
        pages.append(text)
    return pages


def pdf_metadata(pdf: Path) -> dict[str, str]:
    """The document information (Title, Subject, Keywords, …) as `pdfinfo` prints it."""
    out = subprocess.run(["pdfinfo", "-enc", "UTF-8", str(pdf)], capture_output=True,
                         text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (ln.partition(":") for ln in out.splitlines())}


def allowed_phrases(root: Path = ROOT) -> list[str]:
    """Return the allow-list: the data file, case-study networks and the cited works."""
    data = yaml.safe_load((root / "locales" / "allowed-english.yaml").read_text("utf-8"))
    phrases = [str(p) for key in ("names", "titles") for p in data.get(key) or []]
    cases = yaml.safe_load((root / "content" / "case_studies.yaml").read_text("utf-8"))
    phrases += [str(c["network"]) for c in cases.get("cases", [])]
    # Cited works keep their authors, titles and publishers as published (References chapter
    # and the citation labels).
    refs = yaml.safe_load((root / "content" / "references.yaml").read_text("utf-8"))
    phrases += [str(w[k]) for w in refs.get("works", []) for k in ("author", "title", "publisher")
                if w.get(k)]
    return sorted(set(phrases), key=len, reverse=True)


def _phrase_pattern(phrases: list[str]) -> re.Pattern[str]:
    # Word by word, so line breaks, hyphenation, typeset spacing and quotes do not matter.
    parts = [r"\W*".join(re.escape(w) for w in re.findall(r"\w+", p)) for p in phrases]
    return re.compile("|".join(p for p in parts if p) or "(?!)")


def _words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def vocabulary(locales: Path, lang: str, allowed: re.Pattern[str]) -> tuple[set[str], set[str]]:
    """Return (English words of the msgids, words of the `lang` msgstrs without allowed names)."""
    english: set[str] = set()
    target: set[str] = set()
    for msg in read_catalog(locales / lang / "LC_MESSAGES" / "messages.po", lang):
        if not msg.id:
            continue
        ids = [msg.id] if isinstance(msg.id, str) else list(msg.id)
        strs = [msg.string] if isinstance(msg.string, str) else list(msg.string)
        english.update(w for s in ids for w in _words(allowed.sub(" ", s)))
        # A translation that is still English must not make its words count as French.
        target.update(w for s in strs if s not in ids and not _reads_english(s)
                      for w in _words(allowed.sub(" ", s)))
    return english, target


def _reads_english(text: str) -> bool:
    """Tell, from function words alone, whether a catalog string reads as English."""
    words = _words(text)
    hits = sum(w in ENGLISH for w in words)
    return hits >= 2 and hits * 4 >= len(words)


class Checker:
    """Checks the text of one language's documents."""

    def __init__(self, lang: str, locales: Path, extra_allowed: list[str] = ()) -> None:
        self.lang = lang
        self.allowed = _phrase_pattern(sorted([*allowed_phrases(), *extra_allowed], key=len,
                                              reverse=True))
        english, target = vocabulary(locales, lang, self.allowed)
        # Month names and abbreviations the plans print in this language ("may 2026" in es).
        months = Locale.parse(lang).months["format"]
        target |= {m.lower().strip(".") for width in ("wide", "abbreviated")
                   for m in months[width].values()}
        # A word is English when it is a function word, or a word of the English source that
        # no translation in this language uses.
        self.english_only = (english - target) | ENGLISH

    def english(self, segment: str) -> bool:
        """Tell whether a piece of text reads as English."""
        words = _words(NOT_PROSE.sub(" ", segment))
        hits = [w for w in words if w in self.english_only]
        if not words:
            return False
        return len(hits) * 2 >= len(words) and (len(hits) >= 2 or len(words) <= 3)

    def text_problems(self, text: str) -> list[tuple[str, str]]:
        """Return (kind, text) for each English passage and each French spacing mistake."""
        found = []
        text = re.sub(r"\u2010\n", "", text).replace("\u00ad", "")
        # A web address or compound broken after its hyphen continues on the next line.
        text = re.sub(r"(\S-)\n(?=[a-z])", r"\1", text)
        # Page references ("→ p. 34", "→ pág. 34") are interface marks, not sentences.
        text = re.sub(r"→\s*(?:p\.|pág\.)\s*\d*", " ", text)
        if self.lang == "fr":
            # \S never matches U+202F, so a mark after it is fine; a space or nothing is not.
            for m in re.finditer(r"\S ?[;:!?](?=\s|$)", text):
                found.append(("French punctuation without a narrow no-break space",
                              text[max(0, m.start() - 30):m.end() + 10].replace("\n", " ")))
        for m in MONTHS.finditer(self.allowed.sub(" ", text)):
            found.append(("English month name", m[0]))
        cleaned = self.allowed.sub(" ", text)
        for line in cleaned.split("\n"):
            for segment in re.split(r"(?<=[.;:!?])\s+|\s[•–—]\s", line):
                if self.english(segment):
                    found.append(("English sentence", segment.strip()))
        return found

    def metadata_problems(self, value: str) -> list[tuple[str, str]]:
        """Check a metadata value; keyword lists are checked one keyword at a time."""
        value = self.allowed.sub(" ", value)  # before splitting: names may hold commas
        return [p for item in value.split(",") for p in self.text_problems(item.strip())]

    def check_pdf(self, path: Path, name: str | None = None) -> list[Leak]:
        """Check every page and the metadata of one PDF."""
        name = name or str(path)
        leaks = []
        meta = pdf_metadata(path)
        for key in ("Title", "Subject", "Keywords"):
            if value := meta.get(key):
                leaks += [Leak(name, 0, f"{kind} in /{key}", text)
                          for kind, text in self.metadata_problems(value)]
        for number, text in enumerate(page_texts(path), 1):
            leaks += [Leak(name, number, kind, text)
                      for kind, text in self.text_problems(text)]
        return leaks


def main(paths: list[str]) -> int:
    """Check PDFs named on the command line; the language is their parent folder's name."""
    leaks: list[Leak] = []
    checkers: dict[str, Checker] = {}
    for p in map(Path, paths):
        lang = p.parent.name
        checker = checkers.setdefault(lang, Checker(lang, ROOT / "locales"))
        leaks += checker.check_pdf(p)
    for leak in leaks:
        print(leak)
    print(f"{len(leaks)} problem(s) in {len(paths)} document(s)")
    return 1 if leaks else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
