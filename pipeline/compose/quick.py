"""The quick decision tree: a short, fillable edition for a half-day board meeting.

Its fields are the worksheets' own (built by the worksheet composer from the same
specifications), so `spguide plan` reads a filled quick tree like the full worksheets.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.compose.common import Edition, edition_line, labels
from pipeline.compose.document import (
    Block,
    BulletList,
    Cover,
    Document,
    FormField,
    Heading,
    Meta,
    PageBreak,
    Paragraph,
    Table,
)
from pipeline.compose.tree import numbers, reachable
from pipeline.compose.worksheets import WorksheetComposer
from pipeline.content.model import Content, Worksheet, WorksheetSection
from pipeline.errors import PipelineError
from pipeline.i18n import localefmt as lf
from pipeline.i18n.translate import Translator

ACTIONS = "actions"  # the action-plan section the plan reads (actions:ROW:FIELD)
ACTION_FIELDS = ("objective", "responsible", "timeline")  # enough for a first draft
FIRST_ACTIONS = 3
MINUTES_PER_DECISION = 10


class QuickComposer:
    """Builds the quick edition from the tree, the assessment and the worksheets' fields."""

    def __init__(self, c: Content, tr: Translator, ed: Edition) -> None:
        self.c, self.tr, self.ed, self._ = c, tr, ed, tr._
        self.sheets = WorksheetComposer(c, tr, ed)
        self.num = numbers(c.decision_tree)

    def find(self, per: str) -> tuple[Worksheet, WorksheetSection]:
        """The worksheet section laid out once per question or per decision."""
        for ws in self.c.worksheets.worksheets:
            for sec in ws.sections:
                if sec.per == per:
                    return ws, sec
        raise PipelineError(f"content/worksheets.yaml: no section with `per: {per}`; the "
                            "quick decision tree takes its fields from it")

    def compose(self) -> Document:
        _, g = self._, self.c.guide
        title = _("Quick decision tree")
        meta = Meta("worksheet", self.ed.lang, title, g.title, g.publisher, self.ed.version,
                    self.ed.date_iso, self.ed.date_text, title, labels(self.tr),
                    self.ed.preview)
        blocks: list[Block] = [
            Cover(title, _("A half-day board meeting to draft your social performance "
                           "strategy"),
                  (g.title, edition_line(self.tr, self.ed), g.publisher)),
            *self.meeting(), *self.assessment(), *self.decisions(), *self.result()]
        return Document(meta, tuple(blocks))

    def meeting(self) -> Iterator[Block]:
        _ = self._
        ws, _sec = self.find("decision")
        yield Heading(1, _("The meeting"), "quick-meeting")
        yield Paragraph(_("The board answers the decisions of the tree in one meeting and "
                          "leaves with a strategy profile and its first three actions. The "
                          "guide explains each decision; this edition only records the "
                          "answers. Fill it in on screen or on paper. A filled file is read "
                          "like the full worksheets to draft the complete strategy plan."))
        for sec in ws.sections:
            if sec.per is None and not sec.rows and sec is ws.sections[0]:
                yield from self.sheets.section(ws, sec)  # network name and date
        yield Heading(2, _("Agenda"), "quick-agenda")
        yield Table((_("Time"), _("Minutes"), _("Item")), self.agenda(), (3, 2, 8))

    def agenda(self) -> tuple[tuple[str, str, str], ...]:
        """Timed items: the decisions get ten minutes for each one on the longest path."""
        _ = self._
        steps = _("Decisions 1 to {n}: walk the tree, one question at a time").format(
            n=len(self.num))
        items = [(15, _("Welcome, purpose of the meeting, how the tree works")),
                 (40, _("The assessment in brief: score each dimension together")),
                 (15, _("Break")),
                 (MINUTES_PER_DECISION * self.depth(), steps),
                 (30, _("The profile reached and the first three actions")),
                 (15, _("Who does what next; close"))]
        rows, start = [], 0
        for minutes, item in items:
            rows.append((f"{self.clock(start)}–{self.clock(start + minutes)}",
                         str(minutes), item))
            start += minutes
        return tuple(rows)

    def clock(self, minutes: int) -> str:
        """Time since the start of the meeting, as hours and minutes."""
        return self._("{h}:{mm}").format(h=minutes // 60, mm=f"{minutes % 60:02d}")

    def depth(self) -> int:
        """The number of decisions on the longest path from the root to a profile."""
        t = self.c.decision_tree
        decisions = {d.id: d for d in t.decisions}
        best: dict[str, int] = {}
        for node in reversed(reachable(t, t.root)):
            best[node] = 0 if node not in decisions else 1 + max(
                best.get(o.next, 0) for o in decisions[node].options)
        return best.get(t.root, 0)

    def assessment(self) -> Iterator[Block]:
        _ = self._
        ws, sec = self.find("question")
        yield PageBreak()
        yield Heading(1, _("The assessment in brief"), "quick-assessment")
        yield Paragraph(_("Score each question from 1 to 4 together. A dimension whose "
                          "average is below 2.5 has a low score; the guide says which "
                          "decisions it points to."))
        yield from self.sheets.per_question(ws, sec.model_copy(update={"group_fields": []}))

    def decisions(self) -> Iterator[Block]:
        _ = self._
        ws, sec = self.find("decision")
        choice = [f for f in sec.fields if f.type == "choice"]
        yield PageBreak()
        yield Heading(1, _("The decisions"), "quick-decisions")
        yield Paragraph(_("Start at decision 1. Tick one option for each decision on your "
                          "path, then go where the option leads."))
        t = self.c.decision_tree
        decisions = {d.id: d for d in t.decisions}
        outcomes = {o.id: o.title for o in t.outcomes}
        for block in self.sheets.per_decision(ws, sec.model_copy(update={"fields": choice})):
            yield block
            if isinstance(block, FormField):
                d = decisions[block.field.id.partition(":")[0]]
                yield Paragraph(self.routes(d.id, outcomes), "small")

    def routes(self, did: str, outcomes: dict[str, str]) -> str:
        """Where each option leads, in one line."""
        _ = self._
        d = next(x for x in self.c.decision_tree.decisions if x.id == did)

        def where(node: str) -> str:
            if node in self.num:
                return _("decision {n}").format(n=self.num[node])
            return _("Profile: {name}").format(name=outcomes[node])

        nexts = list(dict.fromkeys(o.next for o in d.options))
        if len(nexts) == 1:
            return _("Every option leads to {next}.").format(next=where(nexts[0]))
        return lf.join([_("{option} → {next}").format(option=f"*{o.label}*",
                                                      next=where(o.next))
                        for o in d.options], self.ed.lang) + "."

    def result(self) -> Iterator[Block]:
        _ = self._
        yield PageBreak()
        yield Heading(1, _("Your profile and first actions"), "quick-result")
        ws, sec = self.find("decision")
        after = ws.sections[ws.sections.index(sec) + 1:]
        for extra in after:  # e.g. the profile reached, as on the decision record
            yield from self.sheets.section(ws, extra)
        yield Paragraph(_("The strategy profiles:"), "small")
        yield BulletList(tuple(o.title for o in self.c.decision_tree.outcomes))
        for plan in self.c.worksheets.worksheets:
            for s in plan.sections:
                if s.id == ACTIONS and s.rows:
                    fields = [f for f in s.fields if f.id in ACTION_FIELDS] or s.fields
                    yield Heading(2, _("The first three actions"), "quick-actions")
                    yield from self.sheets.section(plan, s.model_copy(
                        update={"rows": FIRST_ACTIONS, "fields": fields}))


def compose_quick(c: Content, tr: Translator, ed: Edition) -> Document:
    """Return the quick decision tree for one language."""
    return QuickComposer(c, tr, ed).compose()
