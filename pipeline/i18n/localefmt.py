"""Locale formatting through Babel: dates, lists, numbers and language names."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import unicodedata
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal


def build_date(root: Path | None = None) -> dt.date:
    """Return the build date: SOURCE_DATE_EPOCH, else the last commit, else 1 January 2026."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        try:
            epoch = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root or Path.cwd(),
                                   capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            epoch = ""
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    except ValueError:
        return dt.date(2026, 1, 1)


def epoch_of(date: dt.date) -> int:
    """Return the Unix time of midnight UTC on `date`."""
    return int(dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC).timestamp())


def long_date(date: dt.date, lang: str) -> str:
    """Format a date the way the language writes it in running text."""
    return format_date(date, format="long", locale="en_GB" if lang == "en" else lang)


def join(items: list[str], lang: str) -> str:
    """Join items as a natural-language list ("a, b and c")."""
    return format_list(items, locale=lang) if items else ""


def number(value: float, lang: str, digits: int = 1) -> str:
    """Format a number with the language's decimal separator."""
    return format_decimal(round(value, digits), format="#,##0." + "0" * digits, locale=lang)


def language_name(code: str, lang: str) -> str:
    """Return the name of language `code` in language `lang`."""
    name = Locale(lang).languages.get(code, code)
    return name[:1].upper() + name[1:] if lang == "en" else name


def sort_key(text: str) -> str:
    """Accent-insensitive key, so 'Éthique' sorts with 'E' in every language."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold())
                   if not unicodedata.combining(c))
