"""Read the AcroForm fields of a filled PDF worksheet, within explicit limits.

The field tree is walked here, without recursion, rather than with pypdf's `get_fields`,
so that a hostile file with deeply nested or cyclic /Kids gives a located error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from pipeline.errors import InputErrors, Problem

MAX_PDF_FIELDS = 5000  # the largest worksheet has a few hundred
MAX_KIDS_DEPTH = 8  # worksheets use 2 levels: a radio group and its buttons
RADIO = 1 << 15

Raw = str | bool
_READ_ERRORS = (PyPdfError, DependencyError, OSError, ValueError, KeyError, TypeError,
                AttributeError, IndexError, RecursionError)


def _error(path: Path, message: str) -> InputErrors:
    return InputErrors([Problem(str(path), 0, message)])


def _too_many(path: Path) -> NoReturn:
    raise _error(path, f"more than {MAX_PDF_FIELDS} form fields, far more than any worksheet "
                 "has; use a worksheet from output/LANG/")


def _check_count(path: Path, refs: Any) -> None:
    """Refuse a field list longer than the limit before looking at its entries."""
    if not isinstance(refs, list | ArrayObject):
        raise _error(path, "the form's field list is malformed; use a worksheet from "
                     "output/LANG/")
    if len(refs) > MAX_PDF_FIELDS:
        _too_many(path)


def _open(path: Path) -> PdfReader:
    """Open a PDF; an encrypted one is an error saying how to get a readable copy."""
    try:
        reader = PdfReader(path)  # tries the empty password of an encrypted file at once
    except DependencyError:  # AES needs `cryptography`, which worksheets never need
        _encrypted(path)
    if reader.is_encrypted:
        try:
            ok = reader.decrypt("")
        except (DependencyError, NotImplementedError, FileNotDecryptedError, PyPdfError):
            ok = 0
        if not ok:
            _encrypted(path)
    return reader


def _encrypted(path: Path) -> NoReturn:
    raise _error(path, "the PDF is encrypted; save an unprotected copy (for example print it "
                 "to a new PDF after filling it in) and read that copy")


def _text(value: Any) -> str:
    """A text field's value with its line breaks as newlines."""
    if isinstance(value, ArrayObject):
        value = value[0] if value else ""
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _state(node: DictionaryObject, kids: list[DictionaryObject]) -> str:
    """The chosen state of a button field: its /V, else the /AS of a widget that is on."""
    value = node.get("/V")
    if value is None:
        value = next((k.get("/AS") for k in kids if k.get("/AS") not in (None, "/Off")), None)
    return "" if value is None else str(value).lstrip("/")


def _value(node: DictionaryObject, ft: str, flags: int, kids: list[DictionaryObject]) -> Raw:
    if ft == "/Btn":
        state = _state(node, kids)
        if not flags & RADIO:
            return state not in ("", "Off")
        if state in ("", "Off"):
            return ""
        opts = node.get("/Opt")  # worksheets before 2026-11 named states by position
        if opts is not None and state.isdigit() and int(state) < len(opts):
            return str(opts[int(state)])
        return state
    return _text(node.get("/V", ""))


def read_pdf(path: Path) -> dict[str, Raw]:
    """Return the raw value of every terminal form field of a PDF, by full name."""
    try:
        reader = _open(path)
        acro = reader.trailer["/Root"].get("/AcroForm")
        acro = acro.get_object() if acro is not None else None
        roots = acro.get("/Fields", []) if isinstance(acro, DictionaryObject) else []
        _check_count(path, roots)
        out: dict[str, Raw] = {}
        seen: set[int] = set()
        # (node, depth, parent name, inherited /FT, inherited /Ff)
        stack: list[tuple[Any, int, str, str, int]] = [(r, 1, "", "", 0) for r in roots]
        while stack:
            ref, depth, parent, ft, flags = stack.pop()
            if depth > MAX_KIDS_DEPTH:
                raise _error(path, f"form fields are nested more than {MAX_KIDS_DEPTH} levels "
                             "deep (/Kids); this is not a worksheet as built, use one from "
                             "output/LANG/")
            if isinstance(ref, IndirectObject):
                if ref.idnum in seen:
                    continue  # a field listed twice, or a cycle in /Kids
                seen.add(ref.idnum)
            node = ref.get_object()
            if not isinstance(node, DictionaryObject):
                continue
            name = str(node.get("/T", ""))
            full = f"{parent}.{name}" if parent and name else parent or name
            ft = str(node.get("/FT", ft))
            flags = int(node.get("/Ff", flags))
            _check_count(path, node.get("/Kids", []))
            if len(seen) > 4 * MAX_PDF_FIELDS:
                _too_many(path)
            kids = [k.get_object() for k in node.get("/Kids", [])]
            if any(isinstance(k, DictionaryObject) and "/T" in k for k in kids):
                stack += [(k, depth + 1, full, ft, flags) for k in node.get("/Kids", [])]
                continue
            if not full:
                continue  # a widget without a name: WeasyPrint lists radio buttons twice
            if len(out) >= MAX_PDF_FIELDS:
                _too_many(path)
            out[full] = _value(node, ft, flags, [k for k in kids
                                                 if isinstance(k, DictionaryObject)])
        return out
    except InputErrors:
        raise
    except _READ_ERRORS as exc:
        raise _error(path, f"cannot read the PDF form ({type(exc).__name__}: {exc}); "
                     "save it again from a PDF reader, or use a worksheet from "
                     "output/LANG/") from None
