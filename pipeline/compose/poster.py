"""The tree poster (A2, for a workshop wall): a map of the tree, then one card per decision.

Each card holds the decision's number, title, question and options, and each option names
where it leads, so the poster works for any tree the content describes.
"""

from __future__ import annotations

from pipeline.compose.common import Edition, edition_line, labels
from pipeline.compose.document import (
    Block,
    BulletList,
    Callout,
    Document,
    Figure,
    Heading,
    Meta,
    Paragraph,
)
from pipeline.compose.tree import Look, Measure, numbers, outline, words
from pipeline.content.model import Content
from pipeline.i18n.translate import Translator

# Room for the map on the poster (pt), under the title; its type is as large as fits.
MAP = (1080.0, 430.0)
# Type-size factors tried, largest first; the last (16 pt) is used if none fits.
MAP_SIZES = (2.0, 1.8, 1.6)


def compose_poster(c: Content, tr: Translator, ed: Edition, measure: Measure | None = None
                   ) -> Document:
    """Return the poster for one language."""
    _, g, t = tr._, c.guide, c.decision_tree
    title = _("The decision tree at a glance")
    meta = Meta("poster", ed.lang, title, g.title, g.publisher, ed.version, ed.date_iso,
                ed.date_text, g.title, labels(tr), ed.preview)
    num = numbers(t)
    decisions = {d.id: d for d in t.decisions}
    outcomes = {o.id: o for o in t.outcomes}

    def target(node: str) -> str:
        if node in decisions:  # the number is enough: every card and map box shows it
            return _("decision {n}").format(n=num[node])
        return _("Profile: {name}").format(name=outcomes[node].title)

    blocks: list[Block] = [
        Heading(1, title, "poster"),
        Paragraph(_("Start at decision 1 and answer as a board. Go on to the next decision "
                    "unless your option sends you elsewhere (→). The map shows every path; "
                    "each ends at a strategy profile."), "lead"),
        Figure(_map(c, tr, measure), _("Map of the tree: numbered decisions lead to the "
                                      "strategy profiles."),
               _("Map of the decision tree: numbered decisions and the profiles they lead "
                 "to.")),
    ]
    for did in num:
        d = decisions[did]
        nexts = {o.next for o in d.options}
        body: tuple[Paragraph | BulletList, ...]
        if len(nexts) == 1:  # every option leads on to the same step: say it once, if needed
            then = nexts.pop()
            body = (Paragraph(d.question), BulletList(tuple(f"**{o.label}**" for o in d.options)))
            if num.get(then) != num[did] + 1:  # the next card needs no pointer
                body += (Paragraph(_("Then go to {next}.").format(next=target(then))),)
        else:
            body = (Paragraph(d.question), BulletList(tuple(
                _("{option} → {next}").format(option=f"**{o.label}**", next=target(o.next))
                for o in d.options)))
        blocks.append(Callout("decision", f"{num[did]}. {d.title}", body))
    blocks.append(Paragraph(f"{g.title} · {edition_line(tr, ed)} · {g.publisher}", "small"))
    return Document(meta, tuple(blocks))


def _map(c: Content, tr: Translator, measure: Measure | None) -> str:
    """The tree's outline at the largest type size that fits the room left for it."""
    dot = ""
    t = c.decision_tree
    for factor in MAP_SIZES:
        dot = outline(t, words(tr), Look().scaled(factor))
        if measure is None:
            return dot
        width, height = measure(dot)
        if width <= MAP[0] and height <= MAP[1]:
            return dot
    return dot
