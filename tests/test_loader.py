"""YAML loading: positions kept, risky or broken input refused with file:line."""

from __future__ import annotations

import pytest

from pipeline.content.loader import _decode, parse
from pipeline.errors import InputErrors


def errors_of(text: str) -> list[str]:
    with pytest.raises(InputErrors) as exc:
        parse(text, "content/x.yaml")
    return [str(p) for p in exc.value.problems]


def test_lines_are_kept_for_nested_values():
    doc = parse("a: 1\nb:\n  - x: 2\n    y: 3\n", "f.yaml")
    assert doc.line(("b", 0, "y")) == 4
    assert doc.line(("b", 0, "missing")) == 3


def test_duplicate_keys_are_an_error():
    errs = errors_of("a: 1\nb: 2\na: 3\n")
    assert errs == ["content/x.yaml:3: error: duplicate key 'a' (first at line 1); "
                    "remove one of them"]


def test_tab_indentation_names_the_line():
    assert errors_of("a:\n\tb: 1\n")[0].startswith("content/x.yaml:2: error: tab")


def test_syntax_error_names_the_line():
    errs = errors_of("a: 1\nb: [1, 2\nc: 3\n")
    assert errs[0].startswith("content/x.yaml:") and "YAML syntax" in errs[0]


def test_empty_file():
    assert "file is empty" in errors_of("")[0]


def test_aliases_are_refused():
    assert "aliases" in errors_of("a: &x [1]\nb: *x\n")[0]


def test_python_tags_are_refused():
    errs = errors_of("a: !!python/object/apply:os.system ['true']\n")
    assert "content/x.yaml:1" in errs[0]


def test_bom_and_crlf_are_accepted():
    text = _decode(b"\xef\xbb\xbfa: 1\r\nb: 2\r\n", "f.yaml")
    assert parse(text, "f.yaml").data == {"a": 1, "b": 2}


def test_non_utf8_names_the_line():
    with pytest.raises(InputErrors) as exc:
        _decode(b"a: 1\nb: caf\xe9\n", "content/x.yaml")
    assert str(exc.value.problems[0]).startswith("content/x.yaml:2: error: bytes are not")


def test_huge_file_is_refused():
    with pytest.raises(InputErrors) as exc:
        _decode(b"a: 1\n" * 1_000_000, "content/x.yaml")
    assert "limit" in str(exc.value)
