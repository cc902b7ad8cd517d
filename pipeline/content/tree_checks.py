"""Checks that every decision decides something and that every rule names real things."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pipeline.content.loader import Located
from pipeline.content.model import Condition, Content, Option
from pipeline.errors import Problem

SPECIAL = {"event", "urgent"}  # condition keys about dated events
LEVELS = {"low", "high"}


def _same(a: Option, b: Option) -> bool:
    """Two options lead to the same place and change the plan in the same way."""
    return a.next == b.next and a.effects == b.effects


def _referenced(c: Content) -> set[tuple[str, str]]:
    """(decision, option) pairs that a rule's condition names."""
    out = set()
    for r in c.decision_tree.rules:
        for cond in (r.when, r.unless):
            out |= {(k, v) for k, vals in cond.items() for v in vals}
    return out


def check_tree(c: Content, docs: dict[str, Located], fields: dict[str, set[str] | None]
               ) -> Iterator[Problem]:
    """Yield each decision that decides nothing, option that changes nothing, and bad rule.

    `fields` maps answer field IDs a condition may test to their allowed values (None: any).
    """
    tree, tdoc = c.decision_tree, docs["decision_tree.yaml"]
    used = _referenced(c)
    for i, d in enumerate(tree.decisions):
        named = {o.id for o in d.options if (d.id, o.id) in used}
        if all(_same(o, d.options[0]) for o in d.options) and not named:
            yield tdoc.problem(("decisions", i, "id"), f"decision {d.id} decides nothing: "
                               "every option leads to the same next step with the same "
                               "effects and no rule names it; give options different `next` "
                               "steps or `effects`, or remove the decision")
            continue
        for j, o in enumerate(d.options):
            twin = next((t for t in d.options if t is not o and _same(o, t)), None)
            if twin is not None and o.id not in named:
                yield tdoc.problem(("decisions", i, "options", j, "id"),
                                   f"option '{o.id}' of decision {d.id} changes nothing: it "
                                   f"leads where '{twin.id}' leads with the same effects; give "
                                   "it its own `next` or `effects`, or merge the two")
    strategies = {s.id for s in c.strategies.options}
    for i, d in enumerate(tree.decisions):
        for j, o in enumerate(d.options):
            for key in ("adds", "removes", "first"):
                for k, sid in enumerate(getattr(o.effects, key)):
                    if sid not in strategies:
                        yield tdoc.problem(("decisions", i, "options", j, "effects", key, k),
                                           f"unknown strategy option '{sid}' in the effects of "
                                           f"option '{o.id}' of decision {d.id}")
            if o.entry_point and o.entry_point not in {e.id for e in c.strategies.entry_points}:
                yield tdoc.problem(("decisions", i, "options", j, "entry_point"),
                                   f"unknown entry point '{o.entry_point}' in option '{o.id}'")
    seen: set[str] = set()
    for i, r in enumerate(tree.rules):
        if r.id in seen:
            yield tdoc.problem(("rules", i, "id"), f"duplicate rule ID '{r.id}'")
        seen.add(r.id)
        for key in ("when", "unless"):
            yield from _condition(c, tdoc, ("rules", i, key), getattr(r, key), fields, r.id)
        for key in ("adds", "removes", "first", "defers"):
            for k, sid in enumerate(getattr(r, key)):
                if sid not in strategies:
                    yield tdoc.problem(("rules", i, key, k), f"unknown strategy option '{sid}' "
                                       f"in rule '{r.id}'")
    sdoc = docs["strategies.yaml"]
    kinds = fields.get("events:1:kind") or set()
    for i, s in enumerate(c.strategies.options):
        for k, kind in enumerate(s.before):
            if kinds and kind not in kinds:
                yield sdoc.problem(("options", i, "before", k), f"unknown kind of event "
                                   f"'{kind}' in strategy option '{s.id}'; use one of: "
                                   f"{', '.join(sorted(kinds))}")


def _condition(c: Content, doc: Located, path: tuple[Any, ...], cond: Condition,
               fields: dict[str, set[str] | None], rule: str) -> Iterator[Problem]:
    """Every key of a condition must be a decision, a dimension, a field or an event key."""
    decisions = {d.id: {o.id for o in d.options} for d in c.decision_tree.decisions}
    dims = {d.id for d in c.assessment.dimensions}
    kinds = fields.get("events:1:kind") or set()
    for key, values in cond.items():
        if key in decisions:
            allowed: set[str] | None = decisions[key]
            what = f"option of decision {key}"
        elif key in dims:
            allowed, what = LEVELS, f"level of dimension {key} (low or high)"
        elif key == "includes":
            allowed = {s.id for s in c.strategies.options}
            what = "strategy option"
        elif key in SPECIAL:
            allowed, what = kinds or None, "kind of event"
        elif key in fields:
            allowed, what = fields[key], f"value of field {key}"
        else:
            yield doc.problem((*path, key), f"rule '{rule}' names unknown decision or field "
                              f"'{key}'; use a decision ID, a dimension ID, an answer field ID, "
                              "`event`, `urgent` or `includes`")
            continue
        for v in values:
            if allowed is not None and v not in allowed:
                yield doc.problem((*path, key), f"rule '{rule}' names unknown {what} '{v}'; "
                                  f"use one of: {', '.join(sorted(allowed))}")


def condition_fields(c: Content) -> dict[str, set[str] | None]:
    """Answer fields a condition may test, with their allowed values (None: any value)."""
    out: dict[str, set[str] | None] = {}
    for ws in c.worksheets.worksheets:
        for sec in ws.sections:
            if sec.per:
                continue
            for f in sec.fields:
                fid = f"{sec.id}:1:{f.id}" if sec.rows else f"{sec.id}:{f.id}"
                out[fid] = {ch.id for ch in f.choices} if f.type == "choice" else (
                    {"yes", "no"} if f.type == "checkbox" else None)
    return out


def check(c: Content, docs: dict[str, Located]) -> Iterator[Problem]:
    """The hook `validate` calls: the tree checks with the worksheets' fields."""
    yield from check_tree(c, docs, condition_fields(c))
