"""Locale typography for reader-visible text: quotes, apostrophes and French spacing.

Content, catalogs and code keep plain ASCII quotes if they like; `typeset` runs once on
every composed document (see `compose.typeset`), so the rules live in one place. It is
idempotent: text that is already typeset comes back unchanged.
"""

from __future__ import annotations

import re

NNBSP = "\u202f"  # narrow no-break space: French high punctuation and guillemets
NBSP = "\u00a0"

#: Opening and closing double quotes per language. Latin American Spanish prints “ ”.
QUOTES = {"en": ("“", "”"), "fr": (f"«{NNBSP}", f"{NNBSP}»"), "es": ("“", "”")}

_OPENS_AFTER = r"(?:^|(?<=[\s(\[{/—–\u2010-]))"
_DOUBLE_OPEN = re.compile(_OPENS_AFTER + r'"')
_SINGLE_OPEN = re.compile(_OPENS_AFTER + r"'(?=\w)")
# French: a space (or none) before ; : ! ? becomes a narrow no-break space, when the mark
# ends a word (so 10:30, http://, ?q= and ratios are left alone).
_FR_HIGH = re.compile(rf"(?<=[^\s;:!?{NNBSP}])[ \t{NBSP}]?([;:!?])(?=[\s*)\]»”’\"]|$)")
_FR_OPEN_GUILLEMET = re.compile(rf"«[ {NBSP}]?(?!{NNBSP})")
_FR_CLOSE_GUILLEMET = re.compile(rf"(?<!{NNBSP})[ {NBSP}]?»")
_FR_PERCENT = re.compile(rf"(?<=\d)[ {NBSP}]?%")
# A question or exclamation: what follows the last sentence mark (or the opening mark) up to
# a "?" or "!" that ends a word.
_ES_MARKS = {"?": "¿", "!": "¡"}
_ES_SENTENCE = {close: re.compile(rf"([^.!?:;\n¿¡]*?)\{close}(?=[\s*)\]”»]|$)")
                for close in _ES_MARKS}
_LEAD = re.compile(r"^[\s*_(\[“«]*")


def quotes(text: str, lang: str) -> str:
    """Turn straight quotes and apostrophes into the language's typographic ones."""
    if '"' not in text and "'" not in text:
        return text
    opening, closing = QUOTES.get(lang, QUOTES["en"])
    text = _DOUBLE_OPEN.sub(opening, text).replace('"', closing)
    text = _SINGLE_OPEN.sub("‘", text)
    return text.replace("'", "’")


def french(text: str) -> str:
    """French spacing: a narrow no-break space before ; : ! ? % and inside « »."""
    text = _FR_HIGH.sub(lambda m: NNBSP + m[1], text)
    text = _FR_OPEN_GUILLEMET.sub(f"«{NNBSP}", text)
    text = _FR_CLOSE_GUILLEMET.sub(f"{NNBSP}»", text)
    return _FR_PERCENT.sub(f"{NNBSP}%", text)


def spanish(text: str) -> str:
    """Spanish questions and exclamations open with ¿ and ¡ where a string forgot them."""
    for close, opening in _ES_MARKS.items():
        if close not in text:
            continue

        def opened(m: re.Match[str], src: str = text, mark: str = opening) -> str:
            body = m[1]
            if not body.strip() or src[m.start() - 1:m.start()] == mark:
                return m[0]
            lead = _LEAD.match(body)
            cut = lead.end() if lead else 0
            return f"{body[:cut]}{mark}{body[cut:]}{m[0][-1]}"

        text = _ES_SENTENCE[close].sub(opened, text)
    return text


def typeset(text: str, lang: str) -> str:
    """Apply the language's typography to one reader-visible string."""
    if not text:
        return text
    text = quotes(text, lang)
    if lang == "fr":
        text = french(text)
    elif lang == "es":
        text = spanish(text)
    return text
