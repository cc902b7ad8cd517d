"""Safe YAML loading that keeps the file and line of every value and rejects risky input."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import InputErrors, Problem

MAX_BYTES = 4 * 1024 * 1024  # far above any real content file; stops runaway input early

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


def _tab_problems(text: str, name: str) -> list[Problem]:
    out = []
    for no, line in enumerate(text.split("\n"), 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            out.append(Problem(name, no, "tab used for indentation; YAML needs spaces"))
    return out


def _walk(node: yaml.Node, path: Path_, lines: dict[Path_, int], name: str,
          problems: list[Problem], nodes: set[int] | None = None) -> None:
    lines[path] = node.start_mark.line + 1
    # An alias (*name) is the node of its anchor met a second time: libyaml composed it.
    nodes = set() if nodes is None else nodes
    if id(node) in nodes:
        raise _AliasSeen
    nodes.add(id(node))
    if isinstance(node, yaml.MappingNode):
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
            _walk(value, (*path, key.value), lines, name, problems, nodes)
            lines[(*path, key.value)] = line
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*path, i), lines, name, problems, nodes)


class _AliasSeen(Exception):
    """libyaml composed an alias; the pure-Python loader then says where it is."""


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases, which content never needs."""

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(None, None, "aliases (*name) are not allowed in content",
                                       event.start_mark)
        return super().compose_node(parent, index)

    def construct_yaml_timestamp(self, node: yaml.Node, values: Any = None) -> Any:
        return self._located(super().construct_yaml_timestamp, node, "not a real date")

    def construct_yaml_int(self, node: yaml.Node) -> Any:
        return self._located(super().construct_yaml_int, node, "not a usable integer")

    @staticmethod
    def _located(construct: Any, node: yaml.Node, what: str) -> Any:
        """Turn a value PyYAML recognises but cannot build (2026-02-30, 5,000 digits) into a
        located error instead of a traceback."""
        try:
            return construct(node)
        except (ValueError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"{what} ({str(exc)[:80]}); put it in quotes if it is text",
                node.start_mark) from None


_NoAliasLoader.add_constructor("tag:yaml.org,2002:timestamp",
                               _NoAliasLoader.construct_yaml_timestamp)
_NoAliasLoader.add_constructor("tag:yaml.org,2002:int", _NoAliasLoader.construct_yaml_int)


def parse(text: str, name: str) -> Located:
    """Parse YAML text into a Located document, or raise InputErrors."""
    problems = _tab_problems(text, name)
    if problems:
        raise InputErrors(problems)
    # libyaml parses about seven times faster than the pure-Python parser when it is there.
    try:
        return _parse(text, name, fast=yaml.__with_libyaml__)
    except _AliasSeen:
        return _parse(text, name, fast=False)


def _parse(text: str, name: str, fast: bool) -> Located:
    problems: list[Problem] = []
    loader = yaml.CSafeLoader(text) if fast else _NoAliasLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputErrors([Problem(name, 1, "file is empty; it must hold a YAML mapping")])
        lines: dict[Path_, int] = {}
        _walk(node, (), lines, name, problems)
        if problems:
            raise InputErrors(problems)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise InputErrors([Problem(name, line, f"YAML syntax: {what}; check indentation, "
                                   "colons and quotes on this line or the one before")]) from None
    except yaml.YAMLError as exc:
        raise InputErrors([Problem(name, 1, f"YAML error: {exc}")]) from None
    finally:
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
