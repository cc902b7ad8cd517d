"""Translation: find translatable strings in the model and swap in translations from .po files."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from gettext import c2py
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po, unescape
from pydantic import BaseModel

from pipeline.content.limits import MAX_PROSE_CHARS, MAX_TEXT_CHARS, control_char
from pipeline.content.slots import content_slots
from pipeline.content.text import MARK_CLOSE, MARK_OPEN, markup_signature, split_prose
from pipeline.errors import InputErrors, Problem
from pipeline.external import run_tool, text

LANGUAGES = ("en", "fr", "es")
SOURCE_LANG = "en"
#: One quoted PO string, its escapes kept: "a \"b\" c".
PO_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


@dataclass
class Translator:
    """Looks up translations; counts and (in preview) marks strings that fall back to English."""

    lang: str
    messages: dict[tuple[str | None, str], str] = field(default_factory=dict)
    preview: bool = False
    fallbacks: int = 0
    total: int = 0
    rejected: int = 0  # translations ignored because their markup or placeholders differ
    plural: Callable[[int], int] | None = None  # the catalog's Plural-Forms, as a function

    def lookup(self, msgid: str, context: str | None = None) -> str:
        """Return the translation of `msgid`, or the source text when there is none."""
        if self.lang == SOURCE_LANG:
            return msgid
        self.total += 1
        found = self.messages.get((context, msgid))
        if found:
            return found
        self.fallbacks += 1
        return f"{MARK_OPEN}{msgid}{MARK_CLOSE}" if self.preview else msgid

    def _(self, msgid: str) -> str:
        """Translate an interface label (no msgctxt)."""
        return self.lookup(msgid)

    gettext = _

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """Translate a label with a plural; catalogs store plurals by form."""
        key = (None, singular)
        forms = self.messages.get(key)  # plural forms are stored joined by NUL
        self.total += 1 if self.lang != SOURCE_LANG else 0
        if self.lang != SOURCE_LANG and forms:
            parts = forms.split("\0")
            index = self.plural(n) if self.plural else (0 if n == 1 else 1)
            return parts[min(index, len(parts) - 1)]
        if self.lang != SOURCE_LANG:
            self.fallbacks += 1
        return singular if n == 1 else plural


def gettext_syntax(path: Path) -> list[Problem]:
    """Check .po syntax with GNU msgfmt, which is strict where Babel's reader is lenient."""
    exe = shutil.which("msgfmt")
    if exe is None:
        return []
    proc = run_tool([exe, "-o", os.devnull, str(path)], "GNU msgfmt")
    if proc.returncode == 0:
        return []
    problems = []
    stderr = text(proc.stderr)
    for line in stderr.splitlines():
        m = re.match(r"^(.*?):(\d+):(?:\d+:)? (.*)$", line)
        if m and "fatal" not in m[3]:
            problems.append(Problem(str(path), int(m[2]), f"broken .po syntax: {m[3]}"))
    return problems or [Problem(str(path), 1, f"broken .po syntax: {stderr.strip()}")]


#: msgfmt's words for an entry that is both active and obsolete, which update-po repairs.
DUPLICATE = ("duplicate message definition", "location of the first definition")


def read_catalog(path: Path, locale: str | None = None, repair: bool = False) -> Catalog:
    """Read a .po file, turning syntax problems into located errors.

    With `repair`, duplicate definitions (left by older versions of update-po) are let
    through, so that update-po can merge them back into one entry.
    """
    problems = gettext_syntax(path)
    if repair:
        problems = [p for p in problems if not any(d in p.message for d in DUPLICATE)]
    if problems:
        raise InputErrors(problems)
    try:
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=locale, abort_invalid=True)
    except PoFileError as exc:
        line = getattr(exc, "lineno", 1) or 1
        raise InputErrors([Problem(str(path), line, f"broken .po syntax: {exc}; fix the "
                                   "entry or restore the file from version control")]) from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputErrors([Problem(str(path), 1, f"cannot read catalog: {exc}")]) from None
    for msg in catalog:
        _previous_from_comments(msg)
    return catalog


def _previous_from_comments(msg: Message) -> None:
    """Babel reads `#| msgid "…"` lines as user comments; make them the previous msgid again."""
    previous = [c[1:].strip() for c in msg.user_comments if c.startswith("|")]
    if not previous:
        return
    msg.user_comments = [c for c in msg.user_comments if not c.startswith("|")]
    joined = " ".join(previous)
    if joined.startswith("msgid "):
        msg.previous_id = ["".join(unescape(seg) for seg in PO_STRING.findall(joined))]


def load_translator(locales: Path, lang: str, preview: bool = False) -> Translator:
    """Load the translations of one language (fuzzy entries are not used)."""
    if lang not in LANGUAGES:
        raise InputErrors([Problem("LANG", 1, f"unknown language '{lang}'; choose one of "
                                   f"{', '.join(LANGUAGES)}")])
    tr = Translator(lang, preview=preview)
    if lang == SOURCE_LANG:
        return tr
    po = locales / lang / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        raise InputErrors([Problem(str(po), 1, f"no catalog for '{lang}'; run `make update-po` "
                                   "to create it")])
    catalog = read_catalog(po, lang)
    try:
        tr.plural = c2py(catalog.plural_expr)
    except (ValueError, SyntaxError):
        tr.plural = None  # a broken header is reported by check-po; fall back to one/other
    for msg in catalog:
        if not msg.id or msg.fuzzy:
            continue
        if isinstance(msg.id, tuple | list):
            strs = [s for s in msg.string if s]
            if len(strs) == len(msg.string):
                tr.messages[(msg.context, msg.id[0])] = "\0".join(strs)
        elif msg.string:
            # A translation that breaks markup or placeholders would break the build or the
            # layout; use the English instead (`make check-po` reports it with its line).
            if markup_signature(msg.string) != markup_signature(msg.id) or \
                    "<" in msg.string or ">" in msg.string or control_char(msg.string):
                tr.rejected += 1
                continue
            tr.messages[(msg.context, msg.id)] = msg.string
    return tr


def translate_prose(tr: Translator, text: str, context: str, prose: bool) -> str:
    """Translate one field, unit by unit, keeping the paragraph and list structure."""
    if not prose:
        return tr.lookup(text, context)
    out = []
    for block in split_prose(text):
        items = [tr.lookup(item, context) for item in block.items]
        out.append("\n".join(f"- {i}" for i in items) if block.kind == "list" else items[0])
    return "\n\n".join(out)


def translate(model: BaseModel, tr: Translator) -> BaseModel:
    """Return a copy of the content model with every translatable string translated."""
    if tr.lang == SOURCE_LANG:
        return model
    data = model.model_dump()
    for s in content_slots(model):
        target: Any = data
        for key in s.path[:-1]:
            target = target[key]
        value = translate_prose(tr, s.value, s.context, s.prose)
        if len(value) > (MAX_PROSE_CHARS if s.prose else MAX_TEXT_CHARS):
            tr.rejected += 1  # too long for the field's limit: keep the English text
            value = s.value
        target[s.path[-1]] = value
    return type(model).model_validate(data)
