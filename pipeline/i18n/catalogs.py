"""The translators' catalogs: write the template, merge it into each language, count coverage."""

from __future__ import annotations

import copy
import io
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import write_po

from pipeline import __version__
from pipeline.errors import InputErrors, Problem
from pipeline.fsutil import write_bytes
from pipeline.i18n.config import read_thresholds
from pipeline.i18n.extract import extract_catalog
from pipeline.i18n.translate import LANGUAGES, PO_STRING, SOURCE_LANG, read_catalog
from pipeline.project import Project

TARGETS = tuple(lang for lang in LANGUAGES if lang != SOURCE_LANG)
# Header lines Babel rewrites on every run; ignoring them keeps `update-po` free of date churn.
_VOLATILE = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date|Generated-By): .*\\n"\n',
                       re.M)


def po_path(project: Project, lang: str) -> Path:
    """Return the catalog file of one language."""
    return project.locales / lang / "LC_MESSAGES" / "messages.po"


def pot_path(project: Project) -> Path:
    return project.locales / "messages.pot"


def _render(catalog: Catalog, template: bool) -> bytes:
    buf = io.BytesIO()
    write_po(buf, catalog, width=76, include_previous=True, ignore_obsolete=False,
             sort_output=False, omit_header=False)
    return _fix_previous(buf.getvalue().decode("utf-8")).encode("utf-8")


_PREVIOUS = re.compile(r"(?:^#\| .*\n)+", re.M)


def _fix_previous(text: str) -> str:
    """Rewrite `#| msgid` blocks as valid PO lines.

    Babel wraps the previous msgid like a free-text comment, which splits its quoted
    strings across lines; GNU msgfmt then rejects the file.
    """
    def rewrite(m: re.Match[str]) -> str:
        joined = " ".join(line[3:] for line in m.group(0).splitlines())
        out = []
        for keyword in ("msgid_plural", "msgid"):
            if joined.startswith(keyword + " "):
                body = joined[len(keyword) + 1:]
                value = "".join(seg[1:-1] for seg in PO_STRING.findall(body))
                out.append(f"#| {keyword} \"{value}\"\n")
                break
        return "".join(out) or m.group(0)

    return _PREVIOUS.sub(rewrite, text)


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` unless the file already says the same apart from header dates."""
    if path.exists() and _VOLATILE.sub(b"", path.read_bytes()) == _VOLATILE.sub(b"", data):
        return False
    write_bytes(path, data)
    return True


def update_template(project: Project) -> tuple[Catalog, bool]:
    """Extract into locales/messages.pot; return the template and whether it changed."""
    template = extract_catalog(project)
    return template, write_if_changed(pot_path(project), _render(template, True))


#: Who translates each language, for the Language-Team and Last-Translator headers.
TEAMS = {"fr": "spguide French translators", "es": "spguide Spanish translators"}
BUGS_TO = "spguide translators (see TRANSLATING.md)"
#: How alike an old and a new English string must be (difflib ratio) before the old
#: translation is offered as a fuzzy suggestion: same msgctxt (an edited field) or any.
SIMILAR_SAME_CONTEXT = 0.6
SIMILAR_ANY_CONTEXT = 0.85


def _key(msg: Message) -> tuple[str | None, str]:
    return msg.context, msg.id if isinstance(msg.id, str) else msg.id[0]


def _translated(msg: Message) -> bool:
    strings = [msg.string] if isinstance(msg.string, str) else list(msg.string)
    return bool(msg.id) and not msg.fuzzy and all(strings)


def _revive_obsolete(catalog: Catalog) -> None:
    """Put `#~` entries back among the active ones, so a returning msgid finds its own work.

    Where a key is both active and obsolete (catalogs damaged by older versions), the
    translator's real translation wins over a fuzzy or empty one.
    """
    for old in list(catalog.obsolete.values()):
        current = catalog.get(old.id, old.context)
        if current is None or (_translated(old) and not _translated(current)):
            catalog.delete(old.id, old.context)
            catalog[old.id] = old
    catalog.obsolete.clear()


def similarity(a: str, b: str) -> float:
    """Return how alike two English strings are, from 0 to 1 (difflib's ratio)."""
    return SequenceMatcher(None, a.casefold(), b.casefold(), autojunk=False).ratio()


def _suggest(msg: Message, candidates: list[Message]) -> Message | None:
    """Return the removed translation most like a new msgid, if it is really alike."""
    best, best_score = None, 0.0
    for old in candidates:
        limit = SIMILAR_SAME_CONTEXT if old.context == msg.context else SIMILAR_ANY_CONTEXT
        score = similarity(_key(msg)[1], _key(old)[1])
        if score >= limit and score > best_score:
            best, best_score = old, score
    return best


def merge(catalog: Catalog, template: Catalog) -> None:
    """Merge the template into a language catalog without losing or duplicating anything.

    A msgid that is removed goes to `#~` with its translation; when it comes back it takes
    that translation back exactly. A new msgid stays empty unless a removed one is really
    alike, in which case it gets that translation as a fuzzy suggestion.
    """
    # Babel only records a previous msgid when the entry turns fuzzy in this run; keep the
    # ones from earlier runs until the translator clears the fuzzy flag.
    previous = {_key(m): m.previous_id for m in catalog if m.previous_id}
    _revive_obsolete(catalog)
    # Babel inserts the template's own Message objects for new msgids; a suggestion set on
    # them below would leak into the template and so into the next language's catalog.
    catalog.update(copy.deepcopy(template), no_fuzzy_matching=True,
                   update_header_comment=False, keep_user_comments=True)
    candidates = [m for m in catalog.obsolete.values() if _translated(m)
                  and isinstance(m.id, str)]
    for msg in catalog:
        if not msg.id or not isinstance(msg.id, str):
            continue
        if not msg.string and (old := _suggest(msg, candidates)):
            msg.string = old.string
            msg.flags.add("fuzzy")
            msg.previous_id = [old.id]
        elif msg.fuzzy and not msg.previous_id and _key(msg) in previous:
            msg.previous_id = previous[_key(msg)]


def fill_header(catalog: Catalog, lang: str) -> None:
    """Fill the header fields a translation tool shows: project, version, team, contact."""
    catalog.project, catalog.version = "spguide", __version__
    catalog.msgid_bugs_address = BUGS_TO
    catalog.language_team = TEAMS.get(lang, f"spguide {lang} translators")
    catalog.last_translator = catalog.language_team
    catalog.copyright_holder = "the spguide authors"
    catalog.header_comment = (f"# {Locale.parse(lang).english_name} translations for spguide."
                              "\n# Copyright (C) 2026 the spguide authors\n# This file is "
                              "distributed under the same license as the spguide project.\n#")


def update_language(project: Project, template: Catalog, lang: str) -> bool:
    """Merge the template into one language, keeping every translation; return if changed."""
    path = po_path(project, lang)
    if path.exists():
        catalog = read_catalog(path, lang, repair=True)
        merge(catalog, template)
    else:
        catalog = Catalog(locale=lang, charset="utf-8", creation_date=template.creation_date,
                          revision_date=template.creation_date, fuzzy=False)
        catalog.update(template)
    fill_header(catalog, lang)
    return write_if_changed(path, _render(catalog, False))


@dataclass(frozen=True)
class Coverage:
    lang: str
    translated: int
    fuzzy: int
    untranslated: int
    words_translated: int
    words_fuzzy: int
    words_untranslated: int
    missing: tuple[tuple[str, str], ...]  # (.po file:line, what) of entries to finish

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def words(self) -> int:
        return self.words_translated + self.words_fuzzy + self.words_untranslated

    def percent(self, n: int, of: int) -> float:
        return 100.0 * n / of if of else 100.0


def coverage(project: Project, lang: str) -> Coverage:
    """Count translated, fuzzy and untranslated entries (and their source words)."""
    path = po_path(project, lang)
    if not path.exists():
        raise InputErrors([Problem(str(path), 1, "catalog missing; run `make update-po`")])
    counts = {"t": [0, 0], "f": [0, 0], "u": [0, 0]}
    missing = []
    for msg in read_catalog(path, lang):
        if not msg.id:
            continue
        src = msg.id if isinstance(msg.id, str) else " ".join(msg.id)
        strings = [msg.string] if isinstance(msg.string, str) else list(msg.string)
        state = "f" if msg.fuzzy else ("t" if all(strings) else "u")
        counts[state][0] += 1
        counts[state][1] += len(src.split())
        if state != "t":
            ctx = f'msgctxt "{msg.context}" ' if msg.context else ""
            what = "fuzzy" if state == "f" else "untranslated"
            missing.append((f"{path}:{msg.lineno}", f'{what}: {ctx}msgid "{src[:60]}"'))
    return Coverage(lang, counts["t"][0], counts["f"][0], counts["u"][0], counts["t"][1],
                    counts["f"][1], counts["u"][1], tuple(missing))


def stats_table(covs: list[Coverage]) -> str:
    """Return the coverage table printed by `make stats`."""
    head = f"{'lang':<5} {'':<12} {'translated':>14} {'fuzzy':>12} {'untranslated':>14}"
    lines = [head, "-" * len(head)]
    for c in covs:
        for unit, vals, total in (("messages", (c.translated, c.fuzzy, c.untranslated), c.total),
                                  ("words", (c.words_translated, c.words_fuzzy,
                                             c.words_untranslated), c.words)):
            cells = [f"{v} ({c.percent(v, total):5.1f}%)" for v in vals]
            lines.append(f"{c.lang:<5} {unit:<12} {cells[0]:>14} {cells[1]:>12} {cells[2]:>14}")
    return "\n".join(lines)


def thresholds(project: Project) -> dict[str, float]:
    """Return the release threshold (percent of messages) per language; default 100."""
    return read_thresholds(project.locales / "thresholds.yaml", dict.fromkeys(TARGETS, 100.0))


def release_gate(project: Project, langs: list[str]) -> list[str]:
    """Return one message per language below its threshold, listing its missing entries."""
    limits = thresholds(project)
    failures = []
    for lang in langs:
        if lang == SOURCE_LANG:
            continue
        c = coverage(project, lang)
        pct = c.percent(c.translated, c.total)
        if pct + 1e-9 < limits.get(lang, 100.0):
            lines = [f"{lang}: {pct:.1f}% translated, below the release threshold of "
                     f"{limits[lang]:.0f}%; translate these entries and remove their fuzzy "
                     "flag:"]
            lines += [f"  {where}: {what}" for where, what in c.missing]
            failures.append("\n".join(lines))
    return failures
