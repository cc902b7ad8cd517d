"""Load every content file, validate it against the model, and check cross-references.

Every check runs in one pass and all their problems are reported together, sorted by file and
line: a type error in one file never hides a broken reference in another. To add a check,
write a function `(ctx: Checks) -> Iterator[Problem]` and decorate it with `@check(...)`,
naming the content parts whose validated model it reads; it runs whenever those parts are
valid. Reference targets come from `ctx.ids`, which reads IDs from the raw YAML, so a
reference is checked even when the file it points into has errors of its own.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from pipeline.content import tree_checks
from pipeline.content.ids import check_local_ids
from pipeline.content.limits import describe_too_long
from pipeline.content.loader import Located, load_file
from pipeline.content.model import FILES, Content
from pipeline.content.references import check_citations
from pipeline.errors import InputErrors, Problem

# The runner ---------------------------------------------------------------


@dataclass
class Checks:
    """What a check sees: every loaded document and the models of the valid files."""

    docs: dict[str, Located]
    parts: dict[str, BaseModel] = field(default_factory=dict)

    def doc(self, part: str) -> Located:
        """The located document of a part (`tools` → tools.yaml)."""
        return self.docs[f"{part}.yaml"]

    def items(self, part: str, key: str) -> list[tuple[int, dict[str, Any]]]:
        """The raw entries of a top-level list (index, mapping), whatever their validity."""
        doc = self.docs.get(f"{part}.yaml")
        data = doc.data.get(key) if doc and isinstance(doc.data, dict) else None
        if not isinstance(data, list):
            return []
        return [(i, x) for i, x in enumerate(data) if isinstance(x, dict)]

    def ids(self, part: str, key: str) -> set[str]:
        """The IDs of a top-level list's entries, read from the raw YAML."""
        return {x["id"] for _, x in self.items(part, key) if isinstance(x.get("id"), str)}

    @property
    def content(self) -> Content:
        """All parts together; only for checks registered with every part (`ALL`)."""
        return Content(**self.parts)  # type: ignore[arg-type]


Check = Callable[[Checks], Iterator[Problem]]
#: Every check, with the parts it needs valid. Checks whose parts have errors are skipped.
CHECKS: list[tuple[Check, tuple[str, ...]]] = []
ALL = tuple(f.removesuffix(".yaml") for f in FILES)


def check(*needs: str) -> Callable[[Check], Check]:
    """Register a check that runs when the named parts validated."""
    def register(fn: Check) -> Check:
        CHECKS.append((fn, needs))
        return fn
    return register


def run_checks(ctx: Checks) -> list[Problem]:
    """Run every check whose parts are valid and return their problems together."""
    return [p for fn, needs in CHECKS if all(n in ctx.parts for n in needs) for p in fn(ctx)]


def display(path: Path) -> str:
    """Return `path` relative to the working folder when it is inside it, as editors see it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_content(content_dir: Path) -> tuple[Content, dict[str, Located]]:
    """Load and validate all content; raise InputErrors listing every problem found."""
    problems: list[Problem] = []
    ctx = Checks({})
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
        ctx.docs[fname] = doc
        model, errs = parse_model(doc, cls)
        problems.extend(errs)
        if model is not None:
            ctx.parts[fname.removesuffix(".yaml")] = model
    problems.extend(run_checks(ctx))
    if problems:
        raise InputErrors(problems)
    return ctx.content, ctx.docs


# Structure and types --------------------------------------------------------


def _field_names(cls: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Return the allowed keys of the model class reached by following `loc`."""
    import typing

    current: Any = cls
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        fld = current.model_fields.get(str(part))
        if fld is None:
            return []
        current = fld.annotation
        while typing.get_origin(current) in (list, typing.Union, typing.Annotated) or \
                type(current).__name__ == "UnionType":
            args = [a for a in typing.get_args(current) if a is not type(None)]
            current = args[0] if args else None
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def entry_path(data: Any, loc: tuple[Any, ...]) -> str:
    """Name a place by entry IDs where entries have them: `tools[t-ppi].owner`."""
    out, node = "", data
    for part in loc:
        child = None
        if isinstance(part, int):
            child = node[part] if isinstance(node, list) and part < len(node) else None
            ident = child.get("id") if isinstance(child, dict) else None
            out += f"[{ident}]" if isinstance(ident, str) and ident else f"[{part}]"
        else:
            child = node.get(part) if isinstance(node, dict) else None
            out += f".{part}" if out else str(part)
        node = child
    return out


# What to do about each kind of type error (pydantic's error type → advice).
_ADVICE = {
    "string_type": "write text; put it in quotes if it looks like a number, date or yes/no",
    "string_too_short": "write the text, or remove the key if it is optional",
    "string_too_long": "shorten it, or split it into sections",
    "string_pattern_mismatch": "IDs use lowercase letters, digits and hyphens, and start "
                               "with a letter",
    "literal_error": "use one of the values listed",
    "list_type": "write a list: one entry per line, each starting with '- '",
    "too_short": "add entries, or remove the key if it is optional",
    "too_long": "remove entries",
    "model_type": "write a mapping of 'key: value' lines, indented under this one",
    "dict_type": "write a mapping of 'key: value' lines, indented under this one",
    "int_type": "write a whole number, without quotes",
    "bool_type": "write true or false",
    "greater_than_equal": "use a larger number",
    "less_than_equal": "use a smaller number",
}


def describe(err: dict[str, Any], cls: type[BaseModel], data: Any) -> str:
    """One structural problem, naming entries by ID and saying what to do."""
    loc = tuple(err["loc"])
    kind = err["type"]
    if kind == "missing":
        parent = entry_path(data, loc[:-1]) or "the top level"
        return f"missing required field '{loc[-1]}' (in {parent}); add it"
    if kind == "extra_forbidden":
        allowed = _field_names(cls, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else (
            f"; allowed keys: {', '.join(allowed)}" if allowed else "")
        return f"unknown key '{loc[-1]}'{hint}"
    where = entry_path(data, loc) or "document"
    if too_long := describe_too_long(err):  # names the limit, e.g. MAX_NAME_CHARS
        return f"{where}: {too_long.split(': ', 1)[1]}"
    msg = err["msg"][0].lower() + err["msg"][1:]
    advice = _ADVICE.get(kind, "correct the value")
    return f"{where}: {msg} (got {type(err.get('input')).__name__}); {advice}"


def parse_model(doc: Located, cls: type[BaseModel]) -> tuple[BaseModel | None, list[Problem]]:
    """Validate one located document against `cls`, mapping every error to its line."""
    if not isinstance(doc.data, dict):
        return None, [Problem(doc.file, 1, "the file must hold a YAML mapping (key: value) at "
                              "the top level")]
    try:
        return cls.model_validate(doc.data), []
    except ValidationError as exc:
        return None, [doc.problem(tuple(e["loc"]), describe(e, cls, doc.data))
                      for e in exc.errors(include_url=False)]


# References -----------------------------------------------------------------


def _ref(doc: Located, path: tuple[Any, ...], value: str, valid: set[str] | dict[str, Any],
         what: str) -> Iterator[Problem]:
    if value not in valid:
        close = difflib.get_close_matches(value, list(valid), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else \
            "; use an existing ID or add the entry it names"
        yield doc.problem(path, f"unknown {what} '{value}'{hint}")


#: Lists whose entry IDs must be unique across all content: part, key, kind of entry.
ID_LISTS = (("decision_tree", "decisions", "decision"), ("decision_tree", "outcomes", "outcome"),
            ("strategies", "entry_points", "entry point"),
            ("strategies", "options", "strategy option"), ("tools", "tools", "tool"),
            ("case_studies", "cases", "case study"), ("practices", "practices", "practice"),
            ("assessment", "dimensions", "dimension"), ("glossary", "terms", "glossary term"),
            ("guide", "chapters", "chapter"))


@check()
def unique_ids(ctx: Checks) -> Iterator[Problem]:
    """Entry IDs are unique across all content (read from the raw YAML of every file)."""
    seen: dict[str, str] = {}
    for part, key, kind in ID_LISTS:
        for i, item in ctx.items(part, key):
            ident = item.get("id")
            if not isinstance(ident, str):
                continue
            if ident in seen:
                yield ctx.doc(part).problem((key, i, "id"), f"duplicate {kind} ID '{ident}' "
                                            f"(already used by a {seen[ident]}); IDs must be "
                                            "unique across all content")
            seen[ident] = kind


@check("decision_tree")
def tree_references(ctx: Checks) -> Iterator[Problem]:
    """Options lead to decisions or outcomes; outcomes name existing strategies, tools, cases."""
    tree, tdoc = ctx.parts["decision_tree"], ctx.doc("decision_tree")
    nodes = {d.id for d in tree.decisions} | {o.id for o in tree.outcomes}
    for i, d in enumerate(tree.decisions):
        local: set[str] = set()
        for j, opt in enumerate(d.options):
            if opt.id in local:
                yield tdoc.problem(("decisions", i, "options", j, "id"),
                                   f"duplicate option ID '{opt.id}' in decision '{d.id}'; "
                                   "give each option its own ID")
            local.add(opt.id)
            yield from _ref(tdoc, ("decisions", i, "options", j, "next"), opt.next, nodes,
                            f"next step from option '{opt.id}' of decision '{d.id}' "
                            "(expected a decision or an outcome ID):")
    targets = (("strategies", ctx.ids("strategies", "options"), "strategy option"),
               ("tools", ctx.ids("tools", "tools"), "tool"),
               ("cases", ctx.ids("case_studies", "cases"), "case study"))
    for i, o in enumerate(tree.outcomes):
        for fld, valid, what in targets:
            for j, ref in enumerate(getattr(o, fld)):
                yield from _ref(tdoc, ("outcomes", i, fld, j), ref, valid,
                                f"{what} in outcome '{o.id}':")


@check(*ALL)
def citations(ctx: Checks) -> Iterator[Problem]:
    """Cases and tools cite known, titled and dated works (content.references)."""
    yield from check_citations(ctx.content, ctx.docs)


@check(*ALL)
def local_ids(ctx: Checks) -> Iterator[Problem]:
    """IDs unique within their owner: sections, questions, fields, choices (content.ids)."""
    yield from check_local_ids(ctx.content, ctx.docs)


@check(*ALL)
def tree_decides(ctx: Checks) -> Iterator[Problem]:
    """Every decision and option changes the plan; rules name known answers (tree_checks)."""
    yield from tree_checks.check(ctx.content, ctx.docs)


@check("decision_tree")
def tree_shape(ctx: Checks) -> Iterator[Problem]:
    """One root, no cycles, every node reachable; every path then ends in an outcome."""
    tree, tdoc = ctx.parts["decision_tree"], ctx.doc("decision_tree")
    decisions = {d.id: d for d in tree.decisions}
    outcomes = {o.id for o in tree.outcomes}
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
    for key, ids in (("decisions", list(decisions)), ("outcomes", [o.id for o in
                                                                   tree.outcomes])):
        for i, ident in enumerate(ids):
            if ident not in state:
                yield tdoc.problem((key, i, "id"), f"{key[:-1]} '{ident}' cannot be reached "
                                   f"from the root '{tree.root}'; link an option to it or "
                                   "remove it")


@check("strategies")
def strategy_references(ctx: Checks) -> Iterator[Problem]:
    """Strategy options name an existing entry point and existing tools."""
    sdoc, entries = ctx.doc("strategies"), ctx.ids("strategies", "entry_points")
    tools = ctx.ids("tools", "tools")
    for i, s in enumerate(ctx.parts["strategies"].options):
        yield from _ref(sdoc, ("options", i, "entry_point"), s.entry_point, entries,
                        f"entry point in strategy option '{s.id}':")
        for j, t in enumerate(s.tools):
            yield from _ref(sdoc, ("options", i, "tools", j), t, tools,
                            f"tool in strategy option '{s.id}':")


@check("case_studies")
def case_references(ctx: Checks) -> Iterator[Problem]:
    """Case studies name an existing entry point."""
    cdoc, entries = ctx.doc("case_studies"), ctx.ids("strategies", "entry_points")
    for i, k in enumerate(ctx.parts["case_studies"].cases):
        if k.entry_point is not None:  # only where the sources support one
            yield from _ref(cdoc, ("cases", i, "entry_point"), k.entry_point, entries,
                            f"entry point in case study '{k.id}':")


@check("practices")
def practice_references(ctx: Checks) -> Iterator[Problem]:
    """Practices cite existing case studies."""
    pdoc, cases = ctx.doc("practices"), ctx.ids("case_studies", "cases")
    for i, p in enumerate(ctx.parts["practices"].practices):
        for j, ref in enumerate(p.cases):
            yield from _ref(pdoc, ("practices", i, "cases", j), ref, cases,
                            f"case study in practice '{p.id}':")


@check("assessment")
def signal_references(ctx: Checks) -> Iterator[Problem]:
    """Assessment signals point at an existing decision and one of its options."""
    adoc = ctx.doc("assessment")
    options = {d["id"]: {o.get("id") for o in d.get("options") or [] if isinstance(o, dict)}
               for _, d in ctx.items("decision_tree", "decisions") if isinstance(d.get("id"), str)}
    for i, dim in enumerate(ctx.parts["assessment"].dimensions):
        for j, sig in enumerate(dim.signals):
            path = ("dimensions", i, "signals", j)
            if sig.decision not in options:
                yield from _ref(adoc, (*path, "decision"), sig.decision, options,
                                f"decision in signal of dimension '{dim.id}':")
            else:
                yield from _ref(adoc, (*path, "option"), sig.option,
                                {o for o in options[sig.decision] if isinstance(o, str)},
                                f"option of decision '{sig.decision}' in dimension '{dim.id}':")


@check()
def draft_reasons(ctx: Checks) -> Iterator[Problem]:
    """A draft entry says what an editor must add."""
    for part, key in (("case_studies", "cases"), ("tools", "tools")):
        if part not in ctx.parts:
            continue
        for i, item in enumerate(getattr(ctx.parts[part], key)):
            if item.status == "draft" and not item.draft_reason:
                yield ctx.doc(part).problem((key, i, "status"), f"'{item.id}' is marked draft "
                                            "without a draft_reason; say what an editor must "
                                            "add")


@check("worksheets")
def worksheet_sections(ctx: Checks) -> Iterator[Problem]:
    """Section keys are unique across worksheets, so every field ID is unique."""
    wdoc = ctx.doc("worksheets")
    owners: dict[str, str] = {}
    for i, ws in enumerate(ctx.parts["worksheets"].worksheets):
        for j, sec in enumerate(ws.sections):
            # Field IDs are built from section IDs (or content IDs for `per` sections), so
            # these must be unique across worksheets for every field ID to be unique.
            key = f"per {sec.per}" if sec.per else sec.id
            if key in owners:
                yield wdoc.problem(("worksheets", i, "sections", j, "per" if sec.per else "id"),
                                   f"section '{key}' already used in worksheet "
                                   f"'{owners[key]}'; field IDs would clash; rename one")
            owners[key] = ws.id


@check()
def links(ctx: Checks) -> Iterator[Problem]:
    """Every `[label](#anchor)` in the text of a valid file points at a heading of the guide."""
    from pipeline.content.slots import slots

    anchors: set[str] = set()
    for _, ch in ctx.items("guide", "chapters"):
        anchors.add(str(ch.get("id")))
        sections = ch.get("sections") if isinstance(ch.get("sections"), list) else []
        anchors |= {f"{ch.get('id')}-{s.get('id')}" for s in sections if isinstance(s, dict)}
    for part, key in (("decision_tree", "decisions"), ("decision_tree", "outcomes"),
                      ("strategies", "options"), ("strategies", "entry_points"),
                      ("tools", "tools"), ("case_studies", "cases"),
                      ("practices", "practices"), ("assessment", "dimensions"),
                      ("references", "works")):
        anchors |= ctx.ids(part, key)
    for name, part in ctx.parts.items():
        for s in slots(part, name):
            for anchor in re.findall(r"\]\(#([a-z][a-z0-9-]*)\)", s.value):
                if anchor not in anchors:
                    yield ctx.doc(name).problem(s.path, f"link to unknown section '#{anchor}'; "
                                                "use the ID of a chapter, decision, outcome, "
                                                "option, tool or case")
