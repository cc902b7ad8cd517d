"""Quality checks on translations: markup, placeholders, terminology and typography."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog

from pipeline.content.limits import control_char
from pipeline.content.text import markup_signature
from pipeline.errors import Problem
from pipeline.i18n.catalogs import po_path
from pipeline.i18n.config import read_terms
from pipeline.i18n.translate import read_catalog
from pipeline.project import Project

NNBSP = "\u202f"


def load_terms(project: Project) -> list[dict[str, re.Pattern[str]]]:
    """Return the terminology table as compiled patterns per language."""
    return read_terms(project.locales / "terminology.yaml")


def french_typography(text: str) -> str | None:
    """Return what is wrong with French spacing in `text`, or None."""
    if re.search(rf"(?<![{NNBSP}\d])[;:!?](?=\s|$)", text):
        return (f"French needs a narrow no-break space (U+202F) before ; : ! ? — "
                f"write 'mot{NNBSP}:'")
    if re.search(rf"«(?!{NNBSP})|(?<!{NNBSP})»", text):
        return "French guillemets need a narrow no-break space inside: «\u202fmot\u202f»"
    return None


def spanish_typography(text: str) -> str | None:
    """Return what is wrong with Spanish opening marks in `text`, or None."""
    for close, opening in (("?", "¿"), ("!", "¡")):
        if text.count(close) > text.count(opening):
            return f"Spanish questions and exclamations need the opening '{opening}'"
    return None


TYPOGRAPHY = {"fr": french_typography, "es": spanish_typography}


def check_message(lang: str, source: str, target: str, terms: list[dict[str, re.Pattern[str]]]
                  ) -> Iterator[str]:
    """Yield every problem with one translation."""
    if markup_signature(source) != markup_signature(target):
        yield (f"markup or placeholders differ from the source: source has "
               f"{markup_signature(source) or 'none'}, translation has "
               f"{markup_signature(target) or 'none'}")
    if "<" in target or ">" in target:
        yield "the translation contains < or >; HTML is not allowed in translations"
    if found := control_char(target):
        yield f"the translation contains the control character {found[1]}; delete it"
    words = re.sub(r"\{[a-z_]+\}", "", source)  # a placeholder's name is not a term
    for row in terms:
        if lang in row and row["en"].search(words) and not row[lang].search(target):
            yield (f"terminology: the source uses '{row['en'].search(words).group(0)}', so "
                   f"the translation must use the agreed term /{row[lang].pattern}/")
    if (rule := TYPOGRAPHY.get(lang)) and (problem := rule(target)):
        yield problem


def check_catalog(project: Project, lang: str) -> list[Problem]:
    """Check one language's catalog; every problem carries the .po file and line."""
    path: Path = po_path(project, lang)
    terms = load_terms(project)
    problems = []
    catalog = read_catalog(path, lang)
    expected = Catalog(locale=lang).num_plurals
    try:
        declared = catalog.num_plurals
    except (ValueError, TypeError, SyntaxError):
        declared = -1
    if declared != expected:
        problems.append(Problem(str(path), 1, f"the Plural-Forms header declares {declared} "
                                f"forms but {lang} needs {expected}; restore the header "
                                "written by `make update-po`"))
    for msg in catalog:
        if not msg.id or msg.fuzzy:
            continue
        pairs = [(msg.id, msg.string)] if isinstance(msg.id, str) else \
            list(zip([msg.id[0]] + [msg.id[1]] * (len(msg.string) - 1), msg.string,
                     strict=False))
        for source, target in pairs:
            if target:
                problems += [Problem(str(path), msg.lineno or 1, text)
                             for text in check_message(lang, source, target, terms)]
    return problems
