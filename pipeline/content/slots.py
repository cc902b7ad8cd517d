"""The model's translatable text: every field marked Translatable, with its msgctxt."""

from __future__ import annotations

import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from pipeline.content.model import Translatable


@dataclass(frozen=True)
class Slot:
    """One translatable field value: where it is, its msgctxt, and whether it is prose."""

    path: tuple[str | int, ...]
    context: str
    value: str
    prose: bool


def _marker(tp: Any, metadata: list[Any]) -> tuple[str, bool] | None:
    """Classify a field type: ('text'|'list', prose?) for translatable strings, else None."""
    for m in metadata:
        if isinstance(m, Translatable):
            return "text", m.prose
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Annotated:
        return _marker(args[0], list(args[1:]))
    if origin is list and args:
        inner = _marker(args[0], [])
        return ("list", inner[1]) if inner and inner[0] == "text" else None
    if origin is typing.Union or type(tp).__name__ == "UnionType":
        for a in args:
            if a is not type(None) and (found := _marker(a, [])):
                return found
    return None


def _models(tp: Any) -> bool:
    args = typing.get_args(tp)
    return (isinstance(tp, type) and issubclass(tp, BaseModel)) or any(_models(a) for a in args)


def slots(obj: BaseModel, ctx: str, path: tuple[str | int, ...] = ()) -> Iterator[Slot]:
    """Yield every translatable value under `obj`; msgctxt is `owner-id:field`."""
    for name, info in type(obj).model_fields.items():
        value = getattr(obj, name)
        if value is None:
            continue
        kind = _marker(info.annotation, list(info.metadata))
        if kind and kind[0] == "text":
            yield Slot((*path, name), f"{ctx}:{name}", value, kind[1])
        elif kind:
            for i, item in enumerate(value):
                yield Slot((*path, name, i), f"{ctx}:{name}", item, kind[1])
        elif isinstance(value, BaseModel):
            yield from _sub(value, ctx, (*path, name), name)
        elif isinstance(value, list) and _models(info.annotation):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _sub(item, ctx, (*path, name, i), name)


def _sub(obj: BaseModel, ctx: str, path: tuple[str | int, ...], name: str) -> Iterator[Slot]:
    own = getattr(obj, "id", None)
    if own is None:
        yield from ((Slot(s.path, s.context.replace(":", f":{name}.", 1), s.value, s.prose))
                    for s in slots(obj, ctx, path))
    else:
        # Global IDs (decision, tool...) stand alone; local ones (option, question) need the owner.
        top = ":" not in ctx and "/" not in ctx and ctx in _FILE_CONTEXTS
        yield from slots(obj, own if top else f"{ctx}/{own}", path)


_FILE_CONTEXTS = {"guide", "decision_tree", "assessment", "practices", "strategies",
                  "case_studies", "tools", "glossary", "worksheets", "content"}


def content_slots(model: BaseModel) -> Iterator[Slot]:
    """Yield the slots of the whole content model, one file context per part."""
    for name in type(model).model_fields:
        part = getattr(model, name)
        yield from slots(part, name, (name,))
