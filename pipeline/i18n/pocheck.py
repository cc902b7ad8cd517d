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


def readable(pattern: str) -> str:
    """Turn a terminology pattern into the words a translator should write."""
    text = re.sub(r"\\b", "", pattern.split("|")[0])
    text = re.sub(r"\([^()]*\)\?|.\?", "", text)  # optional parts: (es)? and s?
    text = re.sub(r"\(([^|()]*)(?:\|[^()]*)?\)", r"\1", text)  # (ón|ones) -> ón
    text = re.sub(r"\[(.)[^\]]*\]", r"\1", text)  # [’'] -> ’
    return text.replace("(?! ", "").strip()


def french_typography(text: str) -> str | None:
    """Return what is wrong with French spacing in `text`, or None."""
    if m := re.search(rf"(?<![{NNBSP}\d])[;:!?](?=\s|$)", text):
        return (f"French needs a narrow no-break space (U+202F) before '{m[0]}': write "
                f"'mot{NNBSP}{m[0]}' (make update-po does not add it for you)")
    if re.search(rf"«(?!{NNBSP})|(?<!{NNBSP})»", text):
        return "French guillemets need a narrow no-break space inside: «\u202fmot\u202f»"
    return None


def spanish_typography(text: str) -> str | None:
    """Return what is wrong with Spanish opening marks in `text`, or None."""
    for close, opening in (("?", "¿"), ("!", "¡")):
        if text.count(close) > text.count(opening):
            return (f"the translation has a closing '{close}' without the opening "
                    f"'{opening}'; Spanish writes {opening}…{close}")
    return None


#: How each language writes numbers (Babel's fr-FR and es-419, as the charts do), and the
#: forms that betray another convention.
NUMBER_MISTAKES = {
    "fr": ((re.compile(r"\d,\d{3}(?!\d)"), "write thousands with a narrow no-break space "
            "(50\u202f000), not a comma"),
           (re.compile(r"(?<![\d.])\d+\.\d(?![\d.])"), "write decimals with a comma (2,5)"),
           (re.compile(r"\d[ \u00a0]\d{3}(?!\d)"), "the space in a French number is a narrow "
            "no-break space (U+202F): 50\u202f000")),
    "es": ((re.compile(r"\d\.\d{3}(?!\d)"), "Latin American Spanish (es-419) writes thousands "
            "with a comma (50,000), as the charts do"),
           (re.compile(r"(?<![\d,])\d+,\d{1,2}(?!\d)"), "Latin American Spanish (es-419) "
            "writes decimals with a point (2.5), as the charts do")),
}


NOT_A_QUANTITY = re.compile(r"https?://\S+|\b[A-Z][A-Za-z]*\s\d+\.0\b")


def number_problems(lang: str, target: str) -> Iterator[str]:
    """Yield each number written in another language's convention."""
    # Addresses and versions in names ("Attribution 4.0", "CC BY 4.0") are not quantities.
    target = NOT_A_QUANTITY.sub(" ", target)
    for pattern, advice in NUMBER_MISTAKES.get(lang, ()):
        if m := pattern.search(target):
            yield f"the number '{m[0]}' is written the wrong way: {advice}"


TYPOGRAPHY = {"fr": french_typography, "es": spanish_typography}
_MARKS = (("**", "bold markup (**…**)"), ("*", "italic markup (*…*)"))
#: Characters that would change HTML attributes or Python formatting in a template string.
_TEMPLATE_UNSAFE = ("\"", "'", "%", "&", "`")


def _count(sig: list[str], token: str) -> int:
    return sum(1 for t in sig if t == token)


def markup_problems(source: str, target: str) -> list[str]:
    """Explain, in plain words, how the translation's markup differs from the English."""
    src, dst = markup_signature(source), markup_signature(target)
    if src == dst:
        return []
    out = []
    for token, name in _MARKS:
        have, want = _count(dst, token), _count(src, token)
        if have > want:
            out.append(f"the translation has {name} that the English does not have; remove it")
        elif have < want:
            out.append(f"the English has {name} that the translation lacks; keep it around "
                       "the same words")
    links = {t for t in src if t.startswith("link#")}
    out += [f"the English links to {t[4:]} as [words]({t[4:]}) but the translation does "
            "not; keep the link and its target exactly" for t in sorted(links - set(dst))]
    out += [f"the translation links to {t[4:]}, which the English does not; link targets "
            "are copied from the English exactly"
            for t in sorted({t for t in dst if t.startswith("link#")} - links)]
    holders = re.compile(r"\{[a-z_]+\}")
    have, want = holders.findall(target), holders.findall(source)
    out += [f"the placeholder {n} is missing; copy it from the English unchanged"
            for n in sorted(set(want) - set(have))]
    out += [f"the translation has the placeholder {n}, which the English does not have; "
            "placeholders are copied exactly, never translated"
            for n in sorted(set(have) - set(want))]
    if not out and sorted(have) != sorted(want):
        out.append("a placeholder appears a different number of times than in the English")
    if not out and (target.count("{"), target.count("}")) != (source.count("{"),
                                                               source.count("}")):
        out.append("the translation has a stray { or }; only placeholders use braces")
    if not out and (target.count("["), target.count("]")) != (source.count("["),
                                                               source.count("]")):
        out.append("the translation has a stray [ or ]; brackets are kept for links only")
    if not out:
        out.append("the translation has a stray *, which would turn text bold or italic")
    return out


def check_message(lang: str, source: str, target: str, terms: list[dict[str, re.Pattern[str]]],
                  template: bool = False) -> Iterator[str]:
    """Yield every problem with one translation, in plain words with what to do."""
    yield from markup_problems(source, target)
    if "<" in target or ">" in target:
        yield "the translation contains < or >, which would be read as HTML; write it without"
    quoted = set('"“”«»‘’') & set(source)
    if '"' in target and not quoted:
        yield ('the translation has quotation marks (") that the English does not have; '
               "remove them")
    if template:
        for ch in _TEMPLATE_UNSAFE:
            if ch in target and ch not in source and not (ch == '"' and not quoted):
                yield (f"the translation of this template string has '{ch}', which the "
                       "English does not have; these short labels must not contain it")
    if found := control_char(target):
        yield f"the translation contains the control character {found[1]}; delete it"
    words = re.sub(r"\{[a-z_]+\}", "", source)  # a placeholder's name is not a term
    for row in terms:
        if lang in row and (m := row["en"].search(words)) and not row[lang].search(target):
            yield (f"terminology: the English says '{m[0]}', so the translation must use the "
                   f"agreed term '{readable(row[lang].pattern)}' (locales/terminology.yaml)")
    if (rule := TYPOGRAPHY.get(lang)) and (problem := rule(target)):
        yield problem
    yield from number_problems(lang, target)


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
        template = any(f.startswith("templates/") for f, _n in msg.locations)
        where = f'msgctxt "{msg.context}", ' if msg.context else ""
        first = pairs[0][0]
        short = first if len(first) <= 50 else first[:47] + "…"
        for source, target in pairs:
            if target:
                problems += [Problem(str(path), msg.lineno or 1,
                                     f'{where}msgid "{short}": {text}')
                             for text in check_message(lang, source, target, terms, template)]
    return problems
