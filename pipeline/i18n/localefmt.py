"""Locale formatting through Babel: dates, lists, numbers and language names."""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal

from pipeline.content.limits import MAX_EPOCH, MIN_EPOCH
from pipeline.errors import PipelineError
from pipeline.external import run_tool, text

#: The Babel locale of each edition. English is British (the text is British-spelled);
#: Spanish is Latin American (es-419): the readers are networks across Latin America,
#: the text uses usted and Latin American words, and es-419 writes 2.5 as the text does.
LOCALES = {"en": "en_GB", "fr": "fr_FR", "es": "es_419"}


def locale(lang: str) -> str:
    """Return the Babel locale of an edition language."""
    return LOCALES.get(lang, lang)


def tag(lang: str) -> str:
    """Return the BCP 47 tag that files carry (HTML lang, PDF /Lang, DOCX w:lang)."""
    return locale(lang).replace("_", "-")


def build_date(root: Path | None = None) -> dt.date:
    """Return the build date: SOURCE_DATE_EPOCH, else the last commit, else 1 January 2026."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return _epoch_date(epoch)
    try:
        proc = run_tool(["git", "log", "-1", "--format=%ct"], "git", cwd=root or Path.cwd())
    except PipelineError:  # no git, or a hung one: the build date is not worth failing for
        return dt.date(2026, 1, 1)
    out = text(proc.stdout).strip()
    return _epoch_date(out) if proc.returncode == 0 and out.isdigit() else dt.date(2026, 1, 1)


def _epoch_date(epoch: str) -> dt.date:
    """Turn a Unix time into a date, refusing what is not one or lies outside MIN/MAX_EPOCH."""
    value = int(epoch) if epoch.isdigit() and len(epoch) <= 12 else None
    if value is None or not MIN_EPOCH <= value <= MAX_EPOCH:
        raise PipelineError(f"SOURCE_DATE_EPOCH={epoch[:40]!r} is not a Unix time from "
                            f"{MIN_EPOCH} to {MAX_EPOCH} (MIN_EPOCH, MAX_EPOCH: 1970 to 2107); "
                            "set it to `git log -1 --format=%ct`, or unset it")
    return dt.datetime.fromtimestamp(value, dt.UTC).date()


def epoch_of(date: dt.date) -> int:
    """Return the Unix time of midnight UTC on `date`."""
    return int(dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC).timestamp())


def long_date(date: dt.date, lang: str) -> str:
    """Format a date the way the language writes it in running text."""
    return format_date(date, format="long", locale=locale(lang))


def join(items: list[str], lang: str) -> str:
    """Join items as a natural-language list ("a, b and c")."""
    return format_list(items, locale=locale(lang)) if items else ""


def number(value: float, lang: str, digits: int = 1) -> str:
    """Format a number with the language's decimal separator."""
    return format_decimal(round(value, digits), format="#,##0." + "0" * digits,
                          locale=locale(lang))


def language_name(code: str, lang: str) -> str:
    """Return the name of language `code` in language `lang`."""
    name = Locale.parse(locale(lang)).languages.get(code, code)
    return name[:1].upper() + name[1:] if lang == "en" else name


def sort_key(text: str) -> str:
    """Accent-insensitive key, so 'Éthique' sorts with 'E' in every language."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold())
                   if not unicodedata.combining(c))
