"""Every size limit of the pipeline, in one place, so errors can name the limit they hit.

Each limit is far above what real content needs and is checked before the expensive work
(rendering, graphviz, WeasyPrint), so hostile or runaway input fails in a fraction of a second.
"""

from __future__ import annotations

import re
from typing import Any

#: Bytes in one YAML file (content or answers): stops pasted binary data before parsing.
MAX_FILE_BYTES = 4 * 1024 * 1024
#: Nesting of lists and mappings in a YAML file; content needs about six levels.
MAX_DEPTH = 32
#: Digits in a YAML integer; Python refuses to convert more than 4,300.
MAX_NUMBER_DIGITS = 30
#: Characters in an ID (it becomes an anchor, a field name and a file name).
MAX_ID_CHARS = 64
#: Characters in one translatable message: a title, label or sentence.
MAX_TEXT_CHARS = 2000
#: Characters in a field of paragraphs.
MAX_PROSE_CHARS = 20000
#: Characters in a proper name or a publisher; DOCX document properties hold at most 255.
MAX_NAME_CHARS = 255
#: Characters in one cited source (a reference or URL).
MAX_SOURCE_CHARS = 1000
#: Seconds an external program (dot, msgfmt, fc-match, git) may run before it is stopped.
TOOL_TIMEOUT_S = 120
#: SOURCE_DATE_EPOCH range: 1970 onwards; ZIP (and so DOCX) dates end in 2107.
MIN_EPOCH = 0
MAX_EPOCH = 4354819199  # 2107-12-31T23:59:59Z

#: Human names of the string limits, for error messages.
STRING_LIMITS = {MAX_ID_CHARS: "MAX_ID_CHARS", MAX_TEXT_CHARS: "MAX_TEXT_CHARS",
                 MAX_PROSE_CHARS: "MAX_PROSE_CHARS", MAX_NAME_CHARS: "MAX_NAME_CHARS",
                 MAX_SOURCE_CHARS: "MAX_SOURCE_CHARS"}

#: Characters no text may hold: C0 and C1 controls other than tab and line feed. They are
#: invisible, XML (and so DOCX) cannot store most of them, and \r or \f end a CSS string.
#: Lone surrogates and U+FFFE/U+FFFF cannot be written as UTF-8 or XML either.
#: One compiled class, because every content value and every translation is checked.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def control_char(text: str) -> tuple[int, str] | None:
    """Return (index, 'U+XXXX') of the first control character in `text`, or None."""
    if found := CONTROL.search(text):
        return found.start(), f"U+{ord(found.group()):04X}"
    return None


def describe_too_long(err: dict[str, Any]) -> str | None:
    """Word a pydantic `string_too_long` error with the value's length and the limit's name."""
    if err.get("type") != "string_too_long":
        return None
    limit = err.get("ctx", {}).get("max_length")
    where = ".".join(str(p) for p in err["loc"])
    return (f"{where}: {len(err.get('input', ''))} characters, over the limit of {limit} "
            f"({STRING_LIMITS.get(limit, 'max_length')}); shorten it")
