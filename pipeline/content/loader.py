"""Safe YAML loading that keeps the file and line of every value and rejects risky input."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipeline.content.limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_NUMBER_DIGITS, control_char
from pipeline.errors import InputErrors, Problem

MAX_BYTES = MAX_FILE_BYTES
MAX_REPORTED = 20  # a binary file would give one problem per line; the first few say enough

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Located:
    """A parsed YAML document and the line of every value in it, keyed by path."""

    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, path: Path_) -> int:
        """Return the line of the value at `path`, or of its nearest known parent."""
        path = tuple(path)
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)

    def problem(self, path: Path_, message: str) -> Problem:
        """Return a Problem located at `path`."""
        return Problem(self.file, self.line(path), message)


def _decode(raw: bytes, name: str) -> str:
    if len(raw) > MAX_BYTES:
        raise InputErrors([Problem(name, 1, f"file is {len(raw)} bytes, over the {MAX_BYTES} "
                                   "byte limit; split it or remove pasted binary data")])
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # editors on Windows add a BOM; it carries no meaning
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputErrors([Problem(name, line, "bytes are not valid UTF-8; save the file "
                                   "as UTF-8 in your editor")]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _control_problems(text: str, name: str) -> list[Problem]:
    """Raw control characters (a NUL byte, a pasted escape code) are refused with their line."""
    out = []
    for no, line in enumerate(text.split("\n"), 1):
        if found := control_char(line):
            out.append(Problem(name, no, f"control character {found[1]} at column {found[0] + 1}; "
                               "delete it (it is invisible, and documents cannot hold it)"))
            if len(out) == MAX_REPORTED:
                break
    return out


def _tab_problems(text: str, name: str) -> list[Problem]:
    out = []
    for no, line in enumerate(text.split("\n"), 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            out.append(Problem(name, no, "tab used for indentation; YAML needs spaces"))
    return out


def _walk(node: yaml.Node, path: Path_, lines: dict[Path_, int], name: str,
          problems: list[Problem]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode) and (found := control_char(node.value)):
        problems.append(Problem(name, node.start_mark.line + 1, f"control character {found[1]} "
                                "in a quoted value (an escape such as \\r, \\0 or \\x07); "
                                "remove it, and write a line break as a new line"))
    elif isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                problems.append(Problem(name, key.start_mark.line + 1, "complex mapping keys "
                                        "are not allowed"))
                continue
            line = key.start_mark.line + 1
            if key.value in seen:
                problems.append(Problem(name, line, f"duplicate key '{key.value}' (first at "
                                        f"line {seen[key.value]}); remove one of them"))
            seen[key.value] = line
            _walk(value, (*path, key.value), lines, name, problems)
            lines[(*path, key.value)] = line
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*path, i), lines, name, problems)


class _Refused(Exception):
    """Input the loader refuses before building it, with the place it starts."""

    def __init__(self, mark: yaml.Mark, message: str) -> None:
        super().__init__(message)
        self.line, self.message = mark.line + 1, message


class _Checked:
    """Constructors that refuse giant numbers and impossible dates, with their place."""

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        digits = sum(c.isalnum() for c in node.value)
        if digits > MAX_NUMBER_DIGITS:
            raise _Refused(node.start_mark, f"a number with {digits} digits, over the limit of "
                           f"{MAX_NUMBER_DIGITS} (MAX_NUMBER_DIGITS); quote it if it is text")
        return super().construct_yaml_int(node)  # type: ignore[misc]

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)  # type: ignore[misc]
        except (ValueError, OverflowError):
            raise _Refused(node.start_mark, f"'{node.value}' is not a date that exists; write a "
                           "real date as YYYY-MM-DD, or put text in quotes") from None


class _NoAliasLoader(_Checked, yaml.SafeLoader):
    """SafeLoader that refuses aliases, deep nesting, impossible dates and giant numbers."""

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(None, None, "aliases (*name) are not allowed in content",
                                       event.start_mark)
        # The composer recurses once per level: stop long before Python's recursion limit.
        if self.depth >= MAX_DEPTH:
            raise _Refused(self.peek_event().start_mark, f"lists and mappings nested more than "
                           f"{MAX_DEPTH} levels deep (MAX_DEPTH); flatten the structure")
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


# libyaml parses content about ten times faster, which a one-document build notices. It is
# used only for documents it composes cleanly, without aliases and not too deep; anything
# else goes through the pure-Python loader, which says where and what the problem is.
_Fast: type | None = None
if hasattr(yaml, "CSafeLoader"):
    class _Fast(_Checked, yaml.CSafeLoader):  # type: ignore[no-redef]
        """libyaml's parser with the same checked constructors."""

for _loader in (_NoAliasLoader, *([_Fast] if _Fast else [])):
    _loader.add_constructor("tag:yaml.org,2002:int", _loader.construct_yaml_int)
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _loader.construct_yaml_timestamp)


def _plain(node: yaml.Node) -> bool:
    """Whether a composed document has no alias and nests at most MAX_DEPTH levels."""
    seen: set[int] = set()
    stack = [(node, 0)]
    while stack:
        item, depth = stack.pop()
        if id(item) in seen or depth > MAX_DEPTH:  # an alias is its anchor's node met again
            return False
        seen.add(id(item))
        if isinstance(item, yaml.MappingNode):
            stack += [(n, depth + 1) for pair in item.value for n in pair]
        elif isinstance(item, yaml.SequenceNode):
            stack += [(n, depth + 1) for n in item.value]
    return True


def _compose(text: str) -> tuple[Any, yaml.Node | None]:
    """Return a loader and the composed document: libyaml's when the document is plain."""
    if _Fast is not None:
        fast = _Fast(text)
        try:
            node = fast.get_single_node()
            if node is not None and _plain(node):
                return fast, node
        except yaml.YAMLError:
            pass  # the pure-Python loader reports it, with its line
        fast.dispose()
    loader = _NoAliasLoader(text)
    return loader, loader.get_single_node()


def parse(text: str, name: str) -> Located:
    """Parse YAML text into a Located document, or raise InputErrors."""
    problems = _control_problems(text, name) or _tab_problems(text, name)
    if problems:
        raise InputErrors(problems)
    loader: Any = None
    try:
        loader, node = _compose(text)
        if node is None:
            raise InputErrors([Problem(name, 1, "file is empty; it must hold a YAML mapping")])
        lines: dict[Path_, int] = {}
        _walk(node, (), lines, name, problems)
        if problems:
            raise InputErrors(problems)
        data = loader.construct_document(node)
    except _Refused as exc:
        raise InputErrors([Problem(name, exc.line, exc.message)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise InputErrors([Problem(name, line, f"YAML syntax: {what}; check indentation, "
                                   "colons and quotes on this line or the one before")]) from None
    except yaml.YAMLError as exc:
        raise InputErrors([Problem(name, 1, f"YAML error: {exc}")]) from None
    finally:
        if loader is not None:
            loader.dispose()
    return Located(name, data, lines)


def load_file(path: Path, name: str | None = None) -> Located:
    """Read and parse one YAML file; `name` is how errors refer to it."""
    name = name or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputErrors([Problem(name, 1, f"cannot read file: {exc.strerror}")]) from None
    return parse(_decode(raw, name), name)
