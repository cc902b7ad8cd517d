"""Decision-tree diagrams as graphviz DOT, built from the model (drawn by render.diagram).

Every decision is a box with its number (as in the text), its title and one cell per option;
each option's arrow leaves from its own cell, so no arrow carries a label and no line can
cross one. Profiles (outcomes) are double-bordered boxes headed "Profile".
"""

from __future__ import annotations

import textwrap
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from html import escape

from pipeline.content.model import DecisionTree
from pipeline.content.text import plain
from pipeline.i18n.translate import Translator

FONT = "Noto Sans"
MAX_NODES = 24  # without a measure: above this, split into an overview and its branches
Measure = Callable[[str], tuple[float, float]]  # DOT source -> drawn (width, height) in pt
Step = tuple[str, str]  # (decision ID, option ID)

BLUE, BLUE_FILL, GREEN, GREEN_FILL = "#1f4e79", "#dbe7f3", "#385723", "#e2efd9"
PATH, PATH_FILL, GREY, GREY_FILL = "#c55a11", "#fbe5d6", "#8c8c8c", "#f2f2f2"
LEFT = 'ALIGN="LEFT" BALIGN="LEFT" '


@dataclass(frozen=True)
class Look:
    """Type sizes (pt at print size) and line lengths of a diagram."""

    title: float = 10.0
    option: float = 9.0
    small: float = 8.0  # the "Profile" kicker and "continued" notes: never below 8 pt
    wrap: int = 26  # characters per line in a title
    option_wrap: int = 15
    per_row: int = 5  # more options than this are listed one under another

    def scaled(self, factor: float) -> Look:
        """The same look with every type size multiplied, e.g. for a poster."""
        return replace(self, title=self.title * factor, option=self.option * factor,
                       small=self.small * factor)


@dataclass(frozen=True)
class Words:
    """Translated words the diagram prints."""

    profile: str  # kicker above each outcome's title
    continued: str  # under an option whose branch is drawn apart, e.g. "see figure {n}"


# The area a guide or plan figure may take at print size, in pt: the A4 and Letter text
# areas' overlap in portrait, less room for the caption.
PAGE = (460.0, 600.0)


def fits_page(measure: Measure | None, page: tuple[float, float] = PAGE
              ) -> Callable[[str], bool] | None:
    """Turn a measure of drawn sizes into a test of whether a diagram fits `page` unscaled."""
    if measure is None:
        return None

    def fits(src: str) -> bool:
        width, height = measure(src)
        return width <= page[0] and height <= page[1]

    return fits


def words(tr: Translator) -> Words:
    """The diagram's words in the translator's language."""
    return Words(tr._("Profile"), tr._("see figure {n}"))


@dataclass(frozen=True)
class TreeFigure:
    """One diagram: its DOT source and the branch it shows ('' for the whole tree/overview)."""

    dot: str
    branch: str


def reachable(tree: DecisionTree, start: str, stop: frozenset[str] = frozenset()) -> list[str]:
    """Return node IDs reachable from `start`, breadth first, not going past `stop` nodes."""
    decisions = {d.id: d for d in tree.decisions}
    seen, queue, out = {start}, deque([start]), []
    while queue:
        node = queue.popleft()
        out.append(node)
        if node in stop:
            continue
        for opt in decisions[node].options if node in decisions else ():
            if opt.next not in seen:
                seen.add(opt.next)
                queue.append(opt.next)
    return out


def numbers(tree: DecisionTree) -> dict[str, int]:
    """Number the decisions in reading order, as the guide's text and worksheets do."""
    ids = {d.id for d in tree.decisions}
    return {n: i for i, n in enumerate((n for n in reachable(tree, tree.root) if n in ids), 1)}


def _lines(text: str, width: int) -> str:
    """Escape and wrap text for an HTML-like graphviz label."""
    lines = textwrap.wrap(plain(text), width, break_long_words=False) or [plain(text)]
    return "<BR/>".join(escape(line, quote=False) for line in lines)


def _font(text: str, size: float, colour: str, bold: bool = False) -> str:
    body = f"<B>{text}</B>" if bold else text
    return f'<FONT POINT-SIZE="{size:g}" COLOR="{colour}">{body}</FONT>'


class Drawer:
    """Writes the DOT of a set of nodes, optionally with a network's path highlighted."""

    def __init__(self, tree: DecisionTree, words: Words, look: Look = Look(),
                 path: tuple[Step, ...] = ()) -> None:
        self.tree, self.words, self.look = tree, words, look
        self.decisions = {d.id: d for d in tree.decisions}
        self.outcomes = {o.id: o for o in tree.outcomes}
        self.numbers = numbers(tree)
        self.chosen = set(path)
        self.on_path = {d for d, _ in path} | {
            o.next for d, oid in path for o in self.decisions[d].options if o.id == oid}
        self.dim = bool(path)

    def colours(self, node: str, line: str, fill: str) -> tuple[str, str, str]:
        """(border, fill, text) for a node: path nodes stand out, others fade."""
        if self.dim and node in self.on_path:
            return PATH, PATH_FILL, "#1a1a1a"
        if self.dim:
            return GREY, GREY_FILL, "#555555"
        return line, fill, "#1a1a1a"

    def decision(self, node: str, apart: dict[str, int]) -> str:
        """An HTML-like label: number and title, then one cell per option.

        `apart` maps next steps drawn in another figure to that figure's number.
        """
        d, lk = self.decisions[node], self.look
        line, fill, ink = self.colours(node, BLUE, BLUE_FILL)
        opts = d.options
        tall = self.tall(node)
        span = 1 if tall else len(opts)
        head = (f'<TD BGCOLOR="{line}" WIDTH="{lk.title * 2:g}">'
                f'{_font(str(self.numbers.get(node, "")), lk.title, "#ffffff", True)}</TD>'
                f'<TD COLSPAN="{span}" ALIGN="LEFT" BALIGN="LEFT">'
                f'{_font(_lines(d.title, lk.wrap), lk.title, ink, True)}</TD>')
        rows = [f"<TR>{head}</TR>"]
        nexts = {o.next for o in opts}
        shared = next(iter(nexts)) if len(nexts) == 1 and nexts <= set(apart) else ""
        cells = []
        for o in opts:
            picked = (node, o.id) in self.chosen
            colour = PATH if picked else ("#777777" if self.dim else line)
            text = _font(_lines(plain(o.label), lk.option_wrap), lk.option, ink, picked)
            if picked:  # Noto Sans has no check mark; its Symbols2 sibling does
                text = (f'<FONT FACE="Noto Sans Symbols2" POINT-SIZE="{lk.option:g}" '
                        f'COLOR="{PATH}">✓</FONT> ' + text)
            if o.next in apart and not self.dim and not shared:  # a plan shows its branch
                text += "<BR/>" + self.note(apart[o.next], lk.option_wrap, ink)
            cells.append(f'<TD PORT="{escape(o.id)}" BORDER="1" COLOR="{colour}" '
                         f'{LEFT if tall else ""}'
                         f'BGCOLOR="{"#ffffff" if not picked else PATH_FILL}">{text}</TD>')
        if tall:
            rows += [f"<TR><TD></TD>{cell}</TR>" for cell in cells]
        else:
            rows.append(f"<TR><TD></TD>{''.join(cells)}</TR>")
        if shared and not self.dim:  # one note for the whole box
            rows.append(f'<TR><TD></TD><TD COLSPAN="{span}">'
                        f"{self.note(apart[shared], lk.wrap * 2, ink)}</TD></TR>")
        table = (f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="2">'
                 f"{''.join(rows)}</TABLE>")
        pen = 2.4 if self.dim and node in self.on_path else 1.0
        return (f'  "{node}" [shape=box, style="rounded,filled", color="{line}", '
                f'fillcolor="{fill}", penwidth={pen}, margin=0.04, label=<{table}>];')

    def note(self, figure: int, wrap: int, ink: str) -> str:
        """Where a branch drawn apart goes on, e.g. "see figure 3"."""
        text = _lines(self.words.continued.format(n=figure), wrap)
        return _font(f"<I>{text}</I>", self.look.small, ink)

    def tall(self, node: str) -> bool:
        """Whether a decision lists its options one under another (too many for a row)."""
        return len(self.decisions[node].options) > self.look.per_row

    def outcome(self, node: str) -> str:
        """Profiles are double-bordered, with a kicker, so they never look like questions."""
        o, lk = self.outcomes[node], self.look
        line, fill, ink = self.colours(node, GREEN, GREEN_FILL)
        label = (f"{_font(escape(plain(self.words.profile).upper()), lk.small, line, True)}<BR/>"
                 f"{_font(_lines(o.title, lk.option_wrap + 2), lk.title, ink, True)}")
        pen = 2.4 if self.dim and node in self.on_path else 1.0
        return (f'  "{node}" [shape=box, style="rounded,filled", peripheries=2, '
                f'color="{line}", fillcolor="{fill}", penwidth={pen}, margin="0.12,0.06", '
                f"label=<{label}>];")

    def edges(self, node: str, keep: set[str]) -> list[str]:
        """One arrow per option from its cell; one arrow from the box if all share a target."""
        d = self.decisions[node]
        targets = {o.next for o in d.options}
        out = []
        for o in d.options:
            if o.next not in keep:
                continue
            picked = (node, o.id) in self.chosen
            look = f'color="{PATH}", penwidth=2.6' if picked else (
                f'color="{"#bbbbbb" if self.dim else "#555555"}"')
            if len(targets) == 1 and not self.chosen & {(node, x.id) for x in d.options}:
                out.append(f'  "{node}" -> "{o.next}" [{look}];')
                break
            if len(targets) == 1 and not picked:
                continue
            # Arrows leave a row of options downwards, a column of options to the right.
            side = "e" if self.tall(node) else "s"
            out.append(f'  "{node}":"{o.id}":{side} -> "{o.next}":n [{look}];')
        return out

    def dot(self, nodes: list[str], apart: dict[str, int] | None = None) -> str:
        """Return DOT for `nodes`; `apart` maps next steps drawn elsewhere to their figure."""
        apart = apart or {}
        keep = set(nodes)
        out = ["digraph tree {",
               f'  graph [rankdir=TB, nodesep=0.22, ranksep=0.28, fontname="{FONT}", '
               'bgcolor="transparent", pad=0.05];',
               f'  node [fontname="{FONT}"];',
               "  edge [arrowsize=0.7, penwidth=1.1];"]
        for n in nodes:
            if n in self.decisions:
                out.append(self.decision(n, apart))
            elif n in self.outcomes:
                out.append(self.outcome(n))
        for n in nodes:
            if n in self.decisions:
                out += self.edges(n, keep)
        out.append("}")
        return "\n".join(out) + "\n"


def _hub(tree: DecisionTree, nodes: list[str]) -> str | None:
    """The first decision (in reading order) that fans out to three or more next steps."""
    decisions = {d.id: d for d in tree.decisions}
    return next((n for n in nodes if n in decisions
                 and len({o.next for o in decisions[n].options}) >= 3), None)


def tree_figures(tree: DecisionTree, words: Words, fits: Callable[[str], bool] | None = None,
                 path: tuple[Step, ...] = (), look: Look = Look()) -> list[TreeFigure]:
    """Return the tree as one figure if it fits a page, else an overview plus one per branch.

    `fits` says whether a DOT source fits the page at print size; without it, the node count
    decides. Branches that still do not fit are split again at their own hub.
    """
    draw = Drawer(tree, words, look, path)
    fits = fits or (lambda src: src.count("label=<") <= MAX_NODES)
    specs: list[tuple[str, list[str], list[str]]] = []  # (branch, nodes, stubs)

    def add(start: str, branch: str) -> None:
        nodes = reachable(tree, start)
        hub = _hub(tree, nodes)
        if hub is None or fits(draw.dot(nodes)):
            specs.append((branch, nodes, []))
            return
        trunk = reachable(tree, start, frozenset({hub}))
        heads = list(dict.fromkeys(o.next for o in draw.decisions[hub].options))
        splits = [h for h in heads if h in draw.decisions and h not in trunk]
        top = [*trunk, *(h for h in heads if h not in splits + trunk)]
        if hub != start and not fits(draw.dot(top, dict.fromkeys(splits, 0))):
            # The trunk and the hub together are too big: the hub gets a figure of its own.
            specs.append((branch, [n for n in trunk if n != hub], [hub]))
            add(hub, hub)
            return
        specs.append((branch, top, splits))
        for h in splits:
            add(h, h)

    add(tree.root, "")
    # Options name the figure where their branch goes on, known once every split is made.
    where = {branch: i for i, (branch, _n, _s) in enumerate(specs, 1) if branch}
    figures = [TreeFigure(draw.dot(nodes, {s: where[s] for s in splits}), branch)
               for branch, nodes, splits in specs]
    if not path:
        return figures
    # A plan shows only the figures its path runs through.
    return [f for f in figures if any(f'"{n}" [' in f.dot for n in draw.on_path)]


def outline(tree: DecisionTree, words: Words, look: Look = Look()) -> str:
    """DOT of the whole tree as a map: numbered decisions, profiles, one arrow per step."""
    draw = Drawer(tree, words, look)
    nodes = reachable(tree, tree.root)
    out = ["digraph outline {",
           f'  graph [rankdir=LR, nodesep={0.03 * look.title / 10:.2f}, '
           f'ranksep={0.25 * look.title / 10:.2f}, bgcolor="transparent", pad=0.05];',
           f'  node [fontname="{FONT}", fontsize={look.title:g}, penwidth=1.2];',
           f'  edge [arrowsize={0.6 * look.title / 10:.2f}, penwidth=1.2, color="#555555"];']
    for n in nodes:
        if n in draw.decisions:
            out.append(f'  "{n}" [shape=box, style="rounded,filled", color="{BLUE}", '
                       f'fillcolor="{BLUE}", fontcolor="#ffffff", label=<<B>'
                       f"{draw.numbers[n]}</B>>];")
        elif n in draw.outcomes:
            out.append(f'  "{n}" [shape=box, style="rounded,filled", peripheries=2, '
                       f'margin="0.08,0.01", color="{GREEN}", fillcolor="{GREEN_FILL}", label=<<B>'
                       f"{_lines(draw.outcomes[n].title, 30)}</B>>];")
    for n in nodes:
        if n in draw.decisions:
            for target in dict.fromkeys(o.next for o in draw.decisions[n].options):
                out.append(f'  "{n}" -> "{target}";')
    out.append("}")
    return "\n".join(out) + "\n"
