"""Decision-tree diagrams as graphviz DOT, built from the model (drawn by render.diagram)."""

from __future__ import annotations

import textwrap
from collections import deque

from pipeline.content.model import DecisionTree
from pipeline.content.text import plain

FONT = "Noto Sans"
MAX_NODES = 24  # above this, one A4 page gets unreadable: split into overview + branches


def _q(text: str) -> str:
    text = plain(text)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text


def reachable(tree: DecisionTree, start: str) -> list[str]:
    """Return node IDs reachable from `start`, breadth first."""
    decisions = {d.id: d for d in tree.decisions}
    seen, queue, out = {start}, deque([start]), []
    while queue:
        node = queue.popleft()
        out.append(node)
        for opt in decisions[node].options if node in decisions else ():
            if opt.next not in seen:
                seen.add(opt.next)
                queue.append(opt.next)
    return out


def to_dot(tree: DecisionTree, nodes: list[str], stubs: dict[str, str] | None = None,
           path: list[tuple[str, str]] | None = None) -> str:
    """Return DOT for the given nodes.

    `stubs` maps nodes drawn without their subtree to a note; `path` lists (decision, option)
    steps to highlight, as in a network's own plan.
    """
    stubs = stubs or {}
    chosen = {(n, opt) for n, opt in path or []}
    on_path = {n for n, _ in chosen} | {
        o.next for d in tree.decisions for o in d.options if (d.id, o.id) in chosen}
    dim = bool(path)
    decisions = {d.id: d for d in tree.decisions}
    outcomes = {o.id: o for o in tree.outcomes}
    keep = set(nodes)
    out = [
        "digraph tree {",
        f'  graph [rankdir=TB, nodesep=0.18, ranksep=0.3, fontname={_q(FONT)}, '
        'bgcolor="transparent"];',
        f'  node [fontname={_q(FONT)}, fontsize=10, shape=box, style="rounded,filled", '
        'penwidth=0.8, margin="0.12,0.06"];',
        f'  edge [fontname={_q(FONT)}, fontsize=8, color="#555555", arrowsize=0.6];',
    ]
    for n in nodes:
        if n in decisions:
            label = _wrap(decisions[n].title, 16)
            if n in stubs:
                label += "\n" + _wrap(stubs[n], 24)
            out.append(f'  {_q(n)} [label={_q(label)}, {_style(n, on_path, dim, "#dbe7f3")}];')
        elif n in outcomes:
            out.append(f'  {_q(n)} [label={_q(_wrap(outcomes[n].title, 14))}, '
                       f'{_style(n, on_path, dim, "#e2efd9")}];')
    stagger: dict[str, int] = {}
    for n in nodes:
        if n not in decisions or n in stubs:
            continue
        grouped: dict[str, list[str]] = {}
        taken: set[str] = set()
        for opt in decisions[n].options:
            grouped.setdefault(opt.next, []).append(opt.label)
            if (n, opt.id) in chosen:
                taken.add(opt.next)
                grouped[opt.next][-1] = f"» {opt.label}"
        for target, labels in grouped.items():
            if target in keep:
                # When every option leads on to the same step, the labels only add height:
                # the options are listed in the text next to the figure.
                if len(grouped) == 1:
                    label = next((lb for lb in labels if lb.startswith("» ")), "")
                else:
                    label = " / ".join(labels)
                look = ', color="#c55a11", penwidth=2.4, fontcolor="#c55a11"' \
                    if target in taken else (', color="#bbbbbb", fontcolor="#999999"'
                                             if dim else "")
                # Outcomes alternate between two rows so that a wide fan stays readable.
                if target in outcomes and len(decisions[n].options) > 1:
                    stagger[target] = stagger.get(target, len(stagger) % 2 + 1)
                    look += f", minlen={stagger[target]}"
                out.append(f"  {_q(n)} -> {_q(target)} [label={_q(_wrap(label, 16))}{look}];")
    out.append("}")
    return "\n".join(out) + "\n"


def _style(node: str, on_path: set[str], dim: bool, fill: str) -> str:
    if dim and node in on_path:
        return 'fillcolor="#fbe5d6", color="#c55a11", penwidth=2.4'
    if dim:
        return 'fillcolor="#f2f2f2", color="#bbbbbb", fontcolor="#777777"'
    return f'fillcolor="{fill}", color="{"#1f4e79" if fill == "#dbe7f3" else "#385723"}"'


def plan_figures(tree: DecisionTree, see: str) -> list[tuple[str, str]]:
    """Return (dot, branch-decision-ID or '') for the tree: one figure, or overview + branches.

    `see` is a label such as "continued in figure {n}" shown on the stubs of a split tree.
    """
    nodes = reachable(tree, tree.root)
    if len(nodes) <= MAX_NODES:
        return [(to_dot(tree, nodes), "")]
    decisions = {d.id: d for d in tree.decisions}
    # The hub is the first decision that fans out to three or more distinct next steps.
    hub = next((n for n in nodes if n in decisions
                and len({o.next for o in decisions[n].options}) >= 3), tree.root)
    trunk = _order_until(tree, hub)
    branches = list(dict.fromkeys(o.next for o in decisions[hub].options))
    stubs = {b: see.format(n=i + 2) for i, b in enumerate(branches) if b in decisions}
    figures = [(to_dot(tree, trunk + branches, stubs), "")]
    figures += [(to_dot(tree, reachable(tree, b)), b) for b in branches if b in decisions]
    return figures


def _order_until(tree: DecisionTree, hub: str) -> list[str]:
    """Nodes on the way from the root to the hub, the hub included."""
    decisions = {d.id: d for d in tree.decisions}
    out, node = [], tree.root
    while node != hub and node in decisions and node not in out:
        out.append(node)
        node = decisions[node].options[0].next
    return [*out, hub]
