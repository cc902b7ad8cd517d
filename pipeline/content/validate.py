"""Load every content file, validate it against the model, and check cross-references."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from pipeline.content.loader import Located, load_file
from pipeline.content.model import FILES, Content
from pipeline.content.references import check_citations
from pipeline.errors import InputErrors, Problem


def _field_names(cls: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Return the allowed keys of the model class reached by following `loc`."""
    import typing

    current: Any = cls
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get(str(part))
        if field is None:
            return []
        current = field.annotation
        while typing.get_origin(current) in (list, typing.Union, typing.Annotated) or \
                type(current).__name__ == "UnionType":
            args = [a for a in typing.get_args(current) if a is not type(None)]
            current = args[0] if args else None
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _describe(err: dict[str, Any], cls: type[BaseModel]) -> str:
    loc = tuple(err["loc"])
    where = ".".join(str(p) for p in loc) or "document"
    kind = err["type"]
    if kind == "missing":
        parent = ".".join(map(str, loc[:-1])) or "top level"
        return f"missing required field '{loc[-1]}' (in {parent})"
    if kind == "extra_forbidden":
        allowed = _field_names(cls, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else (
            f"; allowed keys: {', '.join(allowed)}" if allowed else "")
        return f"unknown key '{loc[-1]}'{hint}"
    return f"{where}: {err['msg'].lower()} (got {type(err.get('input')).__name__})"


def parse_model(doc: Located, cls: type[BaseModel]) -> tuple[BaseModel | None, list[Problem]]:
    """Validate one located document against `cls`, mapping every error to its line."""
    if not isinstance(doc.data, dict):
        return None, [Problem(doc.file, 1, "the file must hold a YAML mapping (key: value) at "
                              "the top level")]
    try:
        return cls.model_validate(doc.data), []
    except ValidationError as exc:
        return None, [doc.problem(tuple(e["loc"]), _describe(e, cls))
                      for e in exc.errors(include_url=False)]


def display(path: Path) -> str:
    """Return `path` relative to the working folder when it is inside it, as editors see it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_content(content_dir: Path) -> tuple[Content, dict[str, Located]]:
    """Load and validate all content; raise InputErrors listing every problem found."""
    problems: list[Problem] = []
    docs: dict[str, Located] = {}
    parts: dict[str, BaseModel] = {}
    for fname, cls in FILES.items():
        path = content_dir / fname
        rel = display(path)
        if not path.exists():
            problems.append(Problem(rel, 1, "file is missing; restore it from version control"))
            continue
        try:
            doc = load_file(path, rel)
        except InputErrors as exc:
            problems.extend(exc.problems)
            continue
        docs[fname] = doc
        model, errs = parse_model(doc, cls)
        problems.extend(errs)
        if model is not None:
            parts[fname.removesuffix(".yaml")] = model
    if problems:
        raise InputErrors(problems)
    content = Content(**parts)  # type: ignore[arg-type]
    problems = list(check_references(content, docs))
    if problems:
        raise InputErrors(problems)
    return content, docs


def _ids(doc: Located, items: list[Any], path: tuple[Any, ...], kind: str,
         seen: dict[str, str]) -> Iterator[Problem]:
    for i, item in enumerate(items):
        if item.id in seen:
            yield doc.problem((*path, i, "id"), f"duplicate {kind} ID '{item.id}' (already used "
                              f"by a {seen[item.id]}); IDs must be unique across all content")
        seen[item.id] = kind


def _ref(doc: Located, path: tuple[Any, ...], value: str, valid: set[str] | dict[str, Any],
         what: str) -> Iterator[Problem]:
    if value not in valid:
        close = difflib.get_close_matches(value, list(valid), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        yield doc.problem(path, f"unknown {what} '{value}'{hint}")


def check_references(c: Content, docs: dict[str, Located]) -> Iterator[Problem]:
    """Yield every duplicate ID, dangling reference and decision-tree shape problem."""
    tree, tdoc = c.decision_tree, docs["decision_tree.yaml"]
    seen: dict[str, str] = {}
    yield from _ids(tdoc, tree.decisions, ("decisions",), "decision", seen)
    yield from _ids(tdoc, tree.outcomes, ("outcomes",), "outcome", seen)
    yield from _ids(docs["strategies.yaml"], c.strategies.entry_points, ("entry_points",),
                    "entry point", seen)
    yield from _ids(docs["strategies.yaml"], c.strategies.options, ("options",),
                    "strategy option", seen)
    yield from _ids(docs["tools.yaml"], c.tools.tools, ("tools",), "tool", seen)
    yield from _ids(docs["case_studies.yaml"], c.case_studies.cases, ("cases",), "case study",
                    seen)
    yield from _ids(docs["practices.yaml"], c.practices.practices, ("practices",), "practice",
                    seen)
    yield from _ids(docs["assessment.yaml"], c.assessment.dimensions, ("dimensions",),
                    "dimension", seen)
    yield from _ids(docs["glossary.yaml"], c.glossary.terms, ("terms",), "glossary term", seen)
    yield from _ids(docs["guide.yaml"], c.guide.chapters, ("chapters",), "chapter", seen)

    decisions = {d.id: d for d in tree.decisions}
    outcomes = {o.id for o in tree.outcomes}
    strategies = {s.id for s in c.strategies.options}
    tools = {t.id for t in c.tools.tools}
    cases = {k.id for k in c.case_studies.cases}
    entries = {e.id for e in c.strategies.entry_points}

    for i, d in enumerate(tree.decisions):
        local: set[str] = set()
        for j, opt in enumerate(d.options):
            if opt.id in local:
                yield tdoc.problem(("decisions", i, "options", j, "id"),
                                   f"duplicate option ID '{opt.id}' in decision '{d.id}'")
            local.add(opt.id)
            yield from _ref(tdoc, ("decisions", i, "options", j, "next"), opt.next,
                            set(decisions) | outcomes, f"next step from option '{opt.id}' of "
                            f"decision '{d.id}' (expected a decision or an outcome ID):")
    for i, o in enumerate(tree.outcomes):
        for field, valid, what in (("strategies", strategies, "strategy option"),
                                   ("tools", tools, "tool"), ("cases", cases, "case study")):
            for j, ref in enumerate(getattr(o, field)):
                yield from _ref(tdoc, ("outcomes", i, field, j), ref, valid,
                                f"{what} in outcome '{o.id}':")
    yield from _tree_shape(c, tdoc, decisions, outcomes)

    sdoc = docs["strategies.yaml"]
    for i, s in enumerate(c.strategies.options):
        yield from _ref(sdoc, ("options", i, "entry_point"), s.entry_point, entries,
                        f"entry point in strategy option '{s.id}':")
        for j, t in enumerate(s.tools):
            yield from _ref(sdoc, ("options", i, "tools", j), t, tools,
                            f"tool in strategy option '{s.id}':")
    cdoc = docs["case_studies.yaml"]
    for i, k in enumerate(c.case_studies.cases):
        if k.entry_point is not None:
            yield from _ref(cdoc, ("cases", i, "entry_point"), k.entry_point, entries,
                            f"entry point in case study '{k.id}':")
    for fname, items, key in (("case_studies.yaml", c.case_studies.cases, "cases"),
                              ("tools.yaml", c.tools.tools, "tools")):
        for i, item in enumerate(items):
            if item.status == "draft" and not item.draft_reason:
                yield docs[fname].problem((key, i, "status"), f"'{item.id}' is marked draft "
                                          "without a draft_reason; say what an editor must add")
    wdoc = docs["worksheets.yaml"]
    owners: dict[str, str] = {}
    for i, ws in enumerate(c.worksheets.worksheets):
        for j, sec in enumerate(ws.sections):
            # Field IDs are built from section IDs (or content IDs for `per` sections), so
            # these must be unique across worksheets for every field ID to be unique.
            key = f"per {sec.per}" if sec.per else sec.id
            if key in owners:
                yield wdoc.problem(("worksheets", i, "sections", j, "per" if sec.per else "id"),
                                   f"section '{key}' already used in worksheet "
                                   f"'{owners[key]}'; field IDs would clash")
            owners[key] = ws.id
    yield from _links(c, docs)
    yield from check_citations(c, docs)
    pdoc = docs["practices.yaml"]
    for i, p in enumerate(c.practices.practices):
        for j, ref in enumerate(p.cases):
            yield from _ref(pdoc, ("practices", i, "cases", j), ref, cases,
                            f"case study in practice '{p.id}':")
    adoc = docs["assessment.yaml"]
    for i, dim in enumerate(c.assessment.dimensions):
        for j, sig in enumerate(dim.signals):
            path = ("dimensions", i, "signals", j)
            if sig.decision not in decisions:
                yield from _ref(adoc, (*path, "decision"), sig.decision, decisions,
                                f"decision in signal of dimension '{dim.id}':")
            else:
                yield from _ref(adoc, (*path, "option"), sig.option,
                                {o.id for o in decisions[sig.decision].options},
                                f"option of decision '{sig.decision}' in dimension '{dim.id}':")


def _links(c: Content, docs: dict[str, Located]) -> Iterator[Problem]:
    """Every `[label](#anchor)` in the text must point at a heading of the guide."""
    from pipeline.content.slots import slots

    anchors = {ch.id for ch in c.guide.chapters} | {w.id for w in c.references.works}
    anchors |= {f"{ch.id}-{sec.id}" for ch in c.guide.chapters for sec in ch.sections}
    for items in (c.decision_tree.decisions, c.decision_tree.outcomes, c.strategies.options,
                  c.strategies.entry_points, c.tools.tools, c.case_studies.cases,
                  c.practices.practices, c.assessment.dimensions):
        anchors |= {i.id for i in items}
    for name in type(c).model_fields:
        part = getattr(c, name)
        for s in slots(part, name):
            for anchor in re.findall(r"\]\(#([a-z][a-z0-9-]*)\)", s.value):
                if anchor not in anchors:
                    yield docs[f"{name}.yaml"].problem(s.path, f"link to unknown section "
                                                       f"'#{anchor}'; use the ID of a chapter, "
                                                       "decision, outcome, option, tool or case")


def _tree_shape(c: Content, tdoc: Located, decisions: dict[str, Any],
                outcomes: set[str]) -> Iterator[Problem]:
    """One root, no cycles, every node reachable; every path then ends in an outcome."""
    tree = c.decision_tree
    index = {d.id: i for i, d in enumerate(tree.decisions)}
    if tree.root not in decisions:
        yield from _ref(tdoc, ("root",), tree.root, decisions, "root decision")
        return
    targets = {o.next for d in tree.decisions for o in d.options}
    if tree.root in targets:
        yield tdoc.problem(("root",), f"root decision '{tree.root}' is also the next step of "
                           "an option; the root must have no incoming option")
    # Depth-first search with colours finds cycles and reachability in one pass.
    state: dict[str, int] = {}
    stack: list[tuple[str, int]] = [(tree.root, 0)]
    while stack:
        node, k = stack.pop()
        if node not in decisions:
            state[node] = 2
            continue
        if k == 0:
            state[node] = 1
        opts = decisions[node].options
        if k < len(opts):
            stack.append((node, k + 1))
            nxt = opts[k].next
            if state.get(nxt) == 1:
                yield tdoc.problem(("decisions", index[node], "options", k, "next"),
                                   f"cycle: option '{opts[k].id}' of '{node}' leads back to "
                                   f"'{nxt}'; every path must end in an outcome")
            elif nxt not in state and (nxt in decisions or nxt in outcomes):
                stack.append((nxt, 0))
        else:
            state[node] = 2
    for i, d in enumerate(tree.decisions):
        if d.id not in state:
            yield tdoc.problem(("decisions", i, "id"), f"decision '{d.id}' cannot be reached "
                               f"from the root '{tree.root}'; link an option to it or remove it")
    for i, o in enumerate(tree.outcomes):
        if o.id not in state:
            yield tdoc.problem(("outcomes", i, "id"), f"outcome '{o.id}' cannot be reached "
                               f"from the root '{tree.root}'; link an option to it or remove it")
