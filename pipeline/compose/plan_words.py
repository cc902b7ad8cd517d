"""The wording helpers every section of a strategy plan shares: answers, dates, money, reasons."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from pipeline.compose.budget import compose_budget, delivered
from pipeline.compose.common import Edition
from pipeline.compose.plan_logic import Analysis, Item, Reason, month_date
from pipeline.compose.tree import Measure
from pipeline.content.model import Content, Outcome
from pipeline.i18n import localefmt as lf
from pipeline.i18n.translate import Translator

NAME_FIELDS = ("network:name", "record:name")


class PlanWords:
    """Holds the analysis and budget, and words its parts in the plan's language."""

    def __init__(self, c: Content, tr: Translator, ed: Edition, a: Analysis,
                 measure: Measure | None = None) -> None:
        self.c, self.tr, self.ed, self.a, self._ = c, tr, ed, a, tr._
        self.measure = measure  # sizes diagrams, so the path figure fits the page
        self.decisions = {d.id: d for d in c.decision_tree.decisions}
        self.options = {(d.id, o.id): o for d in c.decision_tree.decisions for o in d.options}
        self.menu = {s.id: s for s in c.strategies.options}
        self.rules = {r.id: r for r in c.decision_tree.rules}
        self.fired = [r for r, _y in a.logic.rules]
        self.budget = compose_budget(c, a.answers, a.logic)
        self.ans = a.answers

    def text(self, fid: str) -> str:
        v = self.ans.get(fid)
        return "" if v is None or isinstance(v, bool) else str(v)

    def network(self) -> str:
        return next((self.text(n) for n in NAME_FIELDS if self.text(n)), self._("your network"))

    def month(self, m: int) -> str:
        return format_date(month_date(self.a.logic.start, m), "MMM y", locale=self.ed.lang)

    def span(self, start: int, end: int) -> str:
        return self._("{start} to {end}").format(start=self.month(start), end=self.month(end))

    def date(self, iso: str) -> str:
        return lf.long_date(dt.date.fromisoformat(iso), self.ed.lang)

    def money(self, v: float) -> str:
        cur = self.text("money:currency")
        num = lf.number(v, self.ed.lang, 0)
        return f"{num} {cur}".strip()

    def gap_text(self, gap: float) -> str:
        if gap > 0:
            return self.money(gap)
        return self._("none (surplus of {amount})").format(amount=self.money(-gap))

    def choice(self, step: tuple[str, str]) -> str:
        return f"*{self.options[step].label}* ({self.decisions[step[0]].title})"

    def reason(self, r: Reason) -> str:
        """Word one reason: an answer, a rule, an event, a secondary entry point."""
        _ = self._
        if r[0] == "answer":
            return self.choice((r[1], r[2]))
        if r[0] == "rule":
            return _("adjustment {n} above").format(n=self.fired.index(r[1]) + 1)
        if r[0] == "event":
            ev = next(e for e in self.a.logic.events if str(e.row) == r[1])
            return _("your date: {what} on {date}").format(what=ev.what or self.kind(ev.kind),
                                                           date=self.date(ev.date))
        if r[0] == "secondary":
            return _("your secondary entry point *{name}*").format(
                name=self.options[("d-entry", r[1])].label)
        o = next(o for o in self.c.decision_tree.outcomes if o.id == r[1])
        return _("the profile “{profile}” reached by {choices}").format(
            profile=o.title, choices=lf.join([self.choice(s) for s in self.a.walk.steps[-2:]],
                                             self.ed.lang))

    def label(self, section: str, fid: str) -> str:
        """The translated label of a worksheet field."""
        return next((f.label for ws in self.c.worksheets.worksheets for s in ws.sections
                     for f in s.fields if s.id == section and f.id == fid), fid)

    def kind(self, kind: str) -> str:
        f = next(f for ws in self.c.worksheets.worksheets for s in ws.sections
                 for f in s.fields if s.id == "events" and f.id == "kind")
        return next((ch.label for ch in f.choices if ch.id == kind), kind)

    def who(self, item: Item) -> str:
        _ = self._
        how = delivered(self.menu[item.id], item, self.a.logic.delivery)
        return _("network staff") if how == "in-house" else \
            _("contracted providers, coordinated by network staff")

    # The document ---------------------------------------------------------

    def outcome(self) -> Outcome | None:
        return next((o for o in self.c.decision_tree.outcomes
                     if o.id == self.a.walk.outcome), None)

    def stage(self, value: str) -> str:
        _ = self._
        return {"starting": _("Starting"), "building": _("Building"),
                "consolidating": _("Consolidating")}[value]
