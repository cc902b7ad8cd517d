"""A strategy plan tailored to one network's answers, fit for a board paper.

The logic (what to do, when, how, why) is in `plan_logic`, the money in `budget`; this
module only words it. Every recommendation names the answers or rules that led to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from babel.dates import format_date

from pipeline.compose.budget import YEARS, compose_budget, delivered
from pipeline.compose.common import Edition, labels, prose
from pipeline.compose.document import (
    BarChart,
    Block,
    BulletList,
    Callout,
    Cover,
    Document,
    Field,
    Figure,
    Heading,
    Meta,
    Paragraph,
    Table,
    Value,
)
from pipeline.compose.plan_logic import (
    LOW,
    Item,
    Logic,
    Profile,
    Reason,
    Walk,
    month_date,
    plan_logic,
    profile,
    walk,
)
from pipeline.compose.tree import MAX_NODES, reachable, to_dot
from pipeline.content.model import Content, Outcome
from pipeline.errors import PipelineError
from pipeline.i18n import localefmt as lf
from pipeline.i18n.translate import Translator

NAME_FIELDS = ("network:name", "record:name")
BLANK = "________"

__all__ = ["Analysis", "LOW", "analyse", "compose_plan", "describe_field"]


@dataclass(frozen=True)
class Analysis:
    answers: dict[str, Value]
    walk: Walk
    profile: Profile
    logic: Logic
    tensions: tuple[tuple[str, str, str], ...] = field(default=())  # (dimension, decision, opt)

    @property
    def missing(self) -> tuple[str, ...]:
        return self.profile.missing + self.walk.missing


def analyse(c: Content, answers: dict[str, Value]) -> Analysis:
    """Walk, profile, plan, and find where the scores and the choices disagree."""
    w, p = walk(c, answers), profile(c, answers)
    chosen = dict(w.steps)
    tensions = []
    for dim in c.assessment.dimensions:
        # Only low scores warn: a choice that asks more than the network can yet give.
        if p.level(dim.id) == "low":
            tensions += [(dim.id, s.decision, s.option) for s in dim.signals
                         if s.when == "low" and s.decision in chosen
                         and chosen[s.decision] != s.option]
    return Analysis(answers, w, p, plan_logic(c, answers, w, p), tuple(tensions))


class PlanComposer:
    """Builds the plan document from the analysis."""

    def __init__(self, c: Content, tr: Translator, ed: Edition, a: Analysis) -> None:
        self.c, self.tr, self.ed, self.a, self._ = c, tr, ed, a, tr._
        self.decisions = {d.id: d for d in c.decision_tree.decisions}
        self.options = {(d.id, o.id): o for d in c.decision_tree.decisions for o in d.options}
        self.menu = {s.id: s for s in c.strategies.options}
        self.rules = {r.id: r for r in c.decision_tree.rules}
        self.fired = [r for r, _y in a.logic.rules]
        self.budget = compose_budget(c, a.answers, a.logic)
        self.ans = a.answers

    # Small helpers --------------------------------------------------------

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
        import datetime as dt

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

    def compose(self, fields: dict[str, Field]) -> Document:
        _, g = self._, self.c.guide
        title = _("Strategy plan for {network}").format(network=self.network())
        meta = Meta("plan", self.ed.lang, title, g.title, g.publisher, self.ed.version,
                    self.ed.date_iso, self.ed.date_text, title, labels(self.tr), self.ed.preview)
        blocks: list[Block] = [self.cover(title)]
        if self.a.missing:
            blocks.append(Callout("draft", _("Partial plan: some answers are missing"), (
                Paragraph(_("This plan is incomplete. Fill in these fields and build it again:")),
                BulletList(tuple(describe_field(self.c, m, fields)
                                 for m in self.a.missing)))))
        blocks += self.summary() + self.assessment() + self.path() + self.recommendations()
        blocks += self.timeline() + self.stakeholders() + self.money_section()
        blocks += self.tools_cases() + self.own_actions() + self.next_steps()
        return Document(meta, tuple(blocks))

    def cover(self, title: str) -> Cover:
        _ = self._
        lines = [self.network()]
        if self.text("network:country"):
            lines.append(self.text("network:country"))
        if self.text("record:date") or self.text("network:date"):
            lines.append(_("Board meeting of {date}").format(
                date=self.date(self.text("record:date") or self.text("network:date"))))
        if self.text("plan:period"):
            lines.append(_("Plan period: {period}").format(period=self.text("plan:period")))
        if self.text("network:participants"):
            lines.append(_("Participants: {names}").format(
                names=self.text("network:participants")))
        if self.text("plan:approved"):
            lines.append(_("Approved by the board on {date}").format(
                date=self.date(self.text("plan:approved"))))
        if self.text("record:name") and self.text("record:name") != self.network():
            lines.append(_("Decision record: {name}").format(name=self.text("record:name")))
        lines.append(_("Prepared on {date}").format(date=self.ed.date_text))
        return Cover(title, self.c.guide.title, tuple(lines))

    def outcome(self) -> Outcome | None:
        return next((o for o in self.c.decision_tree.outcomes
                     if o.id == self.a.walk.outcome), None)

    def summary(self) -> list[Block]:
        _, lang, b = self._, self.ed.lang, self.budget
        o = self.outcome()
        members = self.text("network:members")
        who = ", ".join(x for x in (self.network(), self.text("network:country"),
                                    _("{n} members").format(n=members) if members else "")
                        if x)
        top = [f"{self.menu[i.id].title} ({self.span(i.start, i.end)})"
               for i in self.a.logic.items[:3]]
        rows = [(_("Network"), who),
                (_("Profile"), o.title if o else _("not reached yet")),
                (_("Top three priorities"), lf.join([f"{n}. {t}" for n, t in
                                                      enumerate(top, 1)], lang) or "–"),
                (_("Budget over three years"), self.money(sum(b.total_cost()))),
                (_("Funding identified"), self.money(sum(b.total_funding()))),
                (_("Gap to fund"), self.gap_text(sum(b.gap())))]
        nxt = [_("{when}: {what}").format(when=self.month(m), what=what)
               for m, what, _w in self.milestones()[:3]]
        rows.append((_("Next three dated actions"), lf.join(nxt, lang) or "–"))
        if self.text("plan:period"):
            rows.insert(1, (_("Plan period"), self.text("plan:period")))
        return [Heading(1, _("Summary for the board"), "summary"),
                Table((_("Item"), ""), tuple(rows), (3, 9), style="keyvalue"),
                Paragraph(_("The board is asked to adopt the priorities, the timeline and the "
                            "budget below, and to decide how the gap will be funded."))]

    def assessment(self) -> list[Block]:
        _, lang = self._, self.ed.lang
        avg = self.a.profile.averages
        out: list[Block] = [Heading(1, _("Your assessment profile"), "profile")]
        bars = tuple((d.title, avg[d.id], lf.number(avg[d.id], lang))
                     for d in self.c.assessment.dimensions if d.id in avg)
        if bars:
            out.append(BarChart(_("Average score per dimension (1 to 4)"), bars, 4.0))
            low = [d.title for d in self.c.assessment.dimensions if avg.get(d.id, 4) < LOW]
            out.append(Paragraph(_("Low scores (below 2.5): {dims}.").format(
                dims=lf.join(low, lang)) if low else _("No dimension scored below 2.5.")))
        notes = [(d.title, self.text(f"{d.id}:notes")) for d in self.c.assessment.dimensions
                 if self.text(f"{d.id}:notes")]
        if notes:
            out.append(Table((_("Dimension"), _("Your notes and evidence")), tuple(notes),
                             (3, 9)))
        for dim_id, dec, opt in self.a.tensions:
            dim = next(d for d in self.c.assessment.dimensions if d.id == dim_id)
            out.append(Callout("note", _("Check this choice"), (Paragraph(_(
                "Your score on {dimension} points to *{option}* at decision {decision}, but you "
                "chose otherwise. Make sure the board agrees with the choice.").format(
                    dimension=dim.title, option=self.options[(dec, opt)].label,
                    decision=self.decisions[dec].title)),)))
        return out

    def path(self) -> list[Block]:
        _, t = self._, self.c.decision_tree
        nodes = reachable(t, t.root)
        if len(nodes) > MAX_NODES:  # a large tree: draw only the path and its outcome
            nodes = [d for d, _o in self.a.walk.steps] + [self.a.walk.outcome or ""]
        out: list[Block] = [Heading(1, _("Your path through the decision tree"), "path"),
                            Figure(to_dot(t, [n for n in nodes if n], path=list(
                                self.a.walk.steps)), _("Your path, highlighted"),
                                _("Decision tree with the network's choices highlighted."))]
        rows = [(self.decisions[dec].title, f"**{self.options[(dec, opt)].label}**",
                 self.text(f"{dec}:rationale") or "–", self.text(f"{dec}:consulted") or "–")
                for dec, opt in self.a.walk.steps]
        if rows:
            out.append(Table((_("Decision"), _("Your choice"), _("Your reasons"),
                              _("Consulted")), tuple(rows), (3, 3, 5, 3)))
        sec = [self.options[("d-entry", self.text(f))].label
               for f in ("secondary:first", "secondary:second")
               if ("d-entry", self.text(f)) in self.options]
        if sec:
            out.append(Paragraph(_("**Secondary entry points, in order:** {names}. "
                                   "{why}").format(names=lf.join(sec, self.ed.lang),
                                                   why=self.text("secondary:why"))))
        if self.a.walk.off_path:
            names = lf.join([self.decisions[d].title for d in self.a.walk.off_path],
                            self.ed.lang)
            notes = tuple(" – ".join(x for x in (f"**{self.decisions[d].title}**",
                                                 self.text(f"{d}:rationale"),
                                                 self.text(f"{d}:consulted")) if x)
                          for d in self.a.walk.off_path)
            out.append(Callout("note", _("Answers not on your path"), (Paragraph(_(
                "You also answered {decisions}; your other choices do not lead there, so "
                "these answers were not used.").format(decisions=names)), BulletList(notes))))
        return out

    def recommendations(self) -> list[Block]:
        _, lg = self._, self.a.logic
        out: list[Block] = [Heading(1, _("Recommended strategy"), "recommended")]
        o = self.outcome()
        if o is None:
            out.append(Paragraph(_("Your answers stop before the end of the decision tree, so "
                                   "no strategy profile can be recommended yet.")))
            return out
        out += [Heading(2, o.title, o.id), *prose(o.summary)]
        if lg.lead:
            out += [Heading(2, _("Partners and arguments to lead with"), "plan-lead"),
                    Paragraph(self.options[lg.lead].effects.lead or ""),
                    Paragraph(_("Because you chose {choice}.").format(
                        choice=self.choice(lg.lead)), "small")]
        if self.fired:
            items = []
            for n, (rid, yielded) in enumerate(lg.rules, 1):
                r = self.rules[rid]
                items.append(f"**{n}.** " + ((r.yields or r.note) if yielded else r.note))
            out += [Heading(2, _("Adjustments to your plan"), "plan-rules"),
                    Paragraph(_("These follow from combinations of your answers; each names "
                                "what it changed.")), BulletList(tuple(items))]
        out.append(Heading(2, _("Strategy options, in order"), "plan-options"))
        for n, item in enumerate(lg.items, 1):
            out += self.option(n, item)
        return out

    def option(self, n: int, item: Item) -> list[Block]:
        _, s = self._, self.menu[item.id]
        reasons = lf.join(list(dict.fromkeys(self.reason(r) for r in item.reasons)),
                          self.ed.lang)
        out: list[Block] = [
            Heading(3, f"{n}. {s.title}", f"plan-{s.id}"), Paragraph(f"**{s.objective}**"),
            Table((_("Item"), ""), (
                (_("When"), self.span(item.start, item.end)),
                (_("Delivered by"), self.who(item)),
                (_("Why"), _("Recommended because of {reasons}.").format(reasons=reasons)),
            ), (3, 9), style="keyvalue"),
            BulletList(tuple(s.activities[:4]))]
        if item.late:
            out.append(Callout("note", _("Tight deadline"), (Paragraph(_(
                "The date this option must be ready for is less than two months away: "
                "do the most urgent activity first and ask for help now.")),)))
        if s.ready_when:
            out.append(Paragraph(_("**Checkpoint:** {criterion}").format(
                criterion=s.ready_when)))
        sid = s.id
        by = self.text(f"{sid}:by")
        rows = [(s.indicators[0], self.text(f"{sid}:baseline") or BLANK,
                 self.text(f"{sid}:target") or BLANK, self.date(by) if by else BLANK)]
        rows += [(ind, BLANK, BLANK, BLANK) for ind in s.indicators[1:2]]
        out.append(Table((_("Indicator"), _("Baseline"), _("Target"), _("By")), tuple(rows),
                         (6, 2, 2, 2)))
        if self.a.logic.verification:
            v = self.a.logic.verification
            out.append(Paragraph(_("**How results are checked:** {how} (because you chose "
                                   "{choice})").format(how=self.options[v].effects.verification,
                                                       choice=self.choice(v)), "small"))
        return out

    def milestones(self) -> list[tuple[int, str, str]]:
        """Dated actions in order: option starts, checkpoints, events and what they need."""
        _, out = self._, []
        for item in self.a.logic.items:
            s = self.menu[item.id]
            why = _("ready before your date") if item.anchor else \
                _("{stage} step").format(stage=self.stage(item.stage))
            out.append((item.start, _("Start: {title}").format(title=s.title), why))
            if s.ready_when:
                out.append((item.end, _("Checkpoint: {criterion}").format(
                    criterion=s.ready_when), _("decide whether to move on")))
        for ev in self.a.logic.events:
            if ev.month < 1:
                continue
            what = ev.what or self.kind(ev.kind)
            out.append((ev.month, f"**{what}** ({self.date(ev.date)})", self.kind(ev.kind)))
            if ev.kind == "proposal":
                out.append((max(1, ev.month - 2), _("Draft the proposal from this plan's "
                                                    "budget and gap"),
                            _("due {date}").format(date=self.date(ev.date))))
            if ev.kind == "grant-end":
                out.append((max(1, ev.month - 6), _("Decide what continues after the grant, "
                                                    "as the budget section says"),
                            _("grant ends {date}").format(date=self.date(ev.date))))
        return sorted(out, key=lambda m: m[0])

    def stage(self, value: str) -> str:
        _ = self._
        return {"starting": _("Starting"), "building": _("Building"),
                "consolidating": _("Consolidating")}[value]

    def timeline(self) -> list[Block]:
        _ = self._
        rows = tuple((self.month(m), what, why) for m, what, why in self.milestones())
        out: list[Block] = [Heading(1, _("Timeline"), "timeline"), Paragraph(_(
            "Months count from {start}. The pace you chose sets the windows; your dates move "
            "the actions that must be ready for them.").format(
                start=self.month(1)))]
        if rows:
            out.append(Table((_("When"), _("Action or event"), _("Why then")), rows, (2, 7, 3)))
        undated = [self.text(f"events:{i}:what") for i in range(1, 41)
                   if self.text(f"events:{i}:what") and not (
                       self.text(f"events:{i}:date") and self.text(f"events:{i}:kind"))]
        if undated:
            out.append(Paragraph(_("**Events without a date or kind, not placed:** "
                                   "{events}").format(events=lf.join(undated, self.ed.lang))))
        return out

    def money_section(self) -> list[Block]:
        _, b = self._, self.budget
        out: list[Block] = [Heading(1, _("Budget and funding"), "budget"), Paragraph(_(
            "Each option's staff days, provider days, events and external services are the "
            "guide's planning assumptions; they are priced with the unit costs you entered. "
            "Adjust both before the board adopts the budget."))]
        if b.missing_units:
            out.append(Callout("note", _("Unit costs missing"), (Paragraph(_(
                "Some unit costs are empty, so those lines count as zero: {fields}. Fill them "
                "in on worksheet F.").format(fields=", ".join(f"money:{u}" for u in
                                                              b.missing_units))),)))
        head = (_("Line"), *(_("Year {n}").format(n=y + 1) for y in range(YEARS)), _("Total"))
        flag = _("(stops when the grant ends)") if self.a.logic.after_grant == "scale-down" \
            else _("(after the grant ends: only with new funding)")
        rows = [(ln.label + (f" {flag}" if ln.key in b.stopped else ""),
                 *(self.money(v) for v in ln.years), self.money(ln.total)) for ln in b.costs]
        total_cost, total_funding, gap = _("Total cost"), _("Total funding"), _("Gap")
        rows.append((f"**{total_cost}**", *(f"**{self.money(v)}**" for v in
                                                  b.total_cost()),
                     f"**{self.money(sum(b.total_cost()))}**"))
        for ln in b.funding:
            label = ln.label or _("Fees to recover from members")
            rows.append((label, *(self.money(v) for v in ln.years), self.money(ln.total)))
        rows.append((f"**{total_funding}**", *(f"**{self.money(v)}**" for v in
                                                     b.total_funding()),
                     f"**{self.money(sum(b.total_funding()))}**"))
        rows.append((f"**{gap}**", *(f"**{self.money(v)}**" for v in b.gap()),
                     f"**{self.money(sum(b.gap()))}**"))
        out.append(Table(head, tuple(rows), (5, 2, 2, 2, 2),
                         _("Budget by year and by funding source")))
        units = [(self.label("money", u), self.money(float(self.ans[f"money:{u}"])))
                 for u in ("staff-day", "provider-day", "event", "service")
                 if isinstance(self.ans.get(f"money:{u}"), int | float)]
        if units:
            out.append(Table((_("Your unit costs"), ""), tuple(units), (8, 4),
                             style="keyvalue"))
        unpriced = [self.text(f"funding:{i}:source") for i in range(1, 41)
                    if self.text(f"funding:{i}:source")
                    and not isinstance(self.ans.get(f"funding:{i}:amount"), int | float)]
        if unpriced:
            out.append(Paragraph(_("**Funding sources without an amount, not counted:** "
                                   "{sources}").format(sources=lf.join(unpriced,
                                                                       self.ed.lang))))
        out += self.after_grant()
        need, have = b.staff_days[0] if b.staff_days else 0, self.ans.get("money:staff-days")
        if isinstance(have, int | float) and not isinstance(have, bool):
            text = _("Year 1 needs about {need} days of network staff time; you said you can "
                     "give {have}.").format(need=lf.number(need, self.ed.lang, 0),
                                            have=lf.number(float(have), self.ed.lang, 0))
            if need > have:
                text += " " + _("Recruit, second staff from members, or move work to "
                                "providers before you start.")
            out.append(Paragraph(text))
        if self.text("money:fees-note"):
            out.append(Paragraph(_("**What members said about paying:** {text}").format(
                text=self.text("money:fees-note"))))
        return out

    def after_grant(self) -> list[Block]:
        _, b, lg = self._, self.budget, self.a.logic
        step = next((s for s in self.a.walk.steps if s[0] == "d-funding"), None)
        because: list[Block] = [Paragraph(_("Because you chose {choice}.").format(
            choice=self.choice(step)), "small")] if step else []
        if b.grant_end is None:
            return [Paragraph(_("No grant ends within the plan period.")), *because]
        when = self.month(b.grant_end)
        if lg.after_grant == "recover":
            if self.ans.get("money:fees") == "no":
                text = _("When the grant ends ({when}), the plan would recover costs through "
                         "fees, but your members refuse fees: this conflict must be settled "
                         "before the board adopts the plan.").format(when=when)
            else:
                text = _("When the grant ends ({when}), fees must cover the work: up to {sum} "
                         "a year, shown as fees to recover in the table.").format(
                             when=when, sum=self.money(b.recover))
        elif lg.after_grant == "scale-down":
            names = lf.join([self.menu[s].title for s in b.stopped], self.ed.lang) or "–"
            text = _("When the grant ends ({when}), the plan scales down to the starting steps "
                     "that dues can carry; these stop at that date: {names}.").format(
                         when=when, names=names)
        else:
            names = lf.join([self.menu[s].title for s in b.stopped], self.ed.lang) or "–"
            text = _("When the grant ends ({when}), the funded work stops unless its checkpoint "
                     "criteria are met and new funding is found. The budget keeps these options "
                     "costed, so the gap shows what new funding must cover: {names}.").format(
                         when=when, names=names)
        return [Heading(2, _("When the grant ends"), "grant-end"), Paragraph(text), *because]

    def stakeholders(self) -> list[Block]:
        _ = self._
        rows = []
        for i in range(1, 41):
            cells = [self.text(f"stakeholders:{i}:{k}") for k in
                     ("group", "interest", "influence", "expectations", "involve")]
            cells[1:3] = [str(self.ans.get(f"stakeholders:{i}:{k}", "")) for k in
                          ("interest", "influence")]
            if any(cells):
                rows.append(tuple(v or "–" for v in cells))
        out: list[Block] = [Heading(1, _("Who to involve and how"), "stakeholders")]
        if not rows:
            out.append(Paragraph(_("The stakeholder map (worksheet C) is empty; fill it in so "
                                   "that each action names who to involve.")))
            return out
        out.append(Paragraph(_("From your stakeholder map. Involve the groups with high "
                               "influence early in the actions of the timeline; those with "
                               "high influence and low interest need the most attention.")))
        out.append(Table((_("Group"), _("Interest"), _("Influence"), _("What they expect"),
                          _("How we will involve them")), tuple(rows), (3, 1, 1, 4, 4)))
        return out

    def tools_cases(self) -> list[Block]:
        _ = self._
        o = self.outcome()
        names = {t.id: t for t in self.c.tools.tools}
        matched = list(o.tools) if o else []
        matched += [t for i in self.a.logic.items for t in self.menu[i.id].tools]
        ticked = [t for t in names if self.ans.get(f"{t}:selected")]
        noted = [t for t in names if self.text(f"{t}:notes")]
        tools = list(dict.fromkeys([*ticked, *noted, *matched]))
        rows = tuple((names[t].name, names[t].purpose,
                      _("selected") if t in ticked else "–", self.text(f"{t}:notes") or "–")
                     for t in tools)
        out: list[Block] = [Heading(1, _("Tools"), "plan-tools"),
                            Table((_("Tool"), _("Purpose"), _("Your checklist"),
                                   _("Your notes")), rows, (3, 6, 2, 4))]
        if self.text("assets:other"):
            out.append(Paragraph(_("**What you already have:** {text}").format(
                text=self.text("assets:other"))))
        entries = {self.menu[i.id].entry_point for i in self.a.logic.items}
        cases = list(dict.fromkeys([*(o.cases if o else []),
                                    *(k.id for k in self.c.case_studies.cases
                                      if k.entry_point in entries)]))
        out.append(Heading(2, _("Case studies to read"), "plan-cases"))
        out.append(BulletList(tuple(
            f"**{k.network}** ({k.country}): {k.lessons[0]}" for k in self.c.case_studies.cases
            if k.id in cases)))
        return out

    def own_actions(self) -> list[Block]:
        _ = self._
        rows = []
        for i in range(1, 41):
            row = [self.text(f"actions:{i}:{c}") for c in
                   ("objective", "activities", "responsible", "timeline", "resources",
                    "indicator")]
            if any(row):
                rows.append(tuple(v or "–" for v in row))
        pair = _("{option}: {indicator}")
        others = tuple((pair.format(option=s.title, indicator=s.indicators[0]),
                        self.text(f"{s.id}:baseline") or "–",
                        self.text(f"{s.id}:target") or "–")
                       for s in self.c.strategies.options
                       if s.id not in {i.id for i in self.a.logic.items}
                       and (self.text(f"{s.id}:baseline") or self.text(f"{s.id}:target")))
        extra: list[Block] = [] if not others else [
            Heading(2, _("Other baselines you recorded"), "other-baselines"),
            Table((_("Indicator"), _("Baseline"), _("Target")), others, (8, 2, 2))]
        if not rows:
            return extra
        return [Heading(1, _("Your own action plan"), "actions"),
                Paragraph(_("As written on worksheet D; compare it with the timeline above.")),
                Table((_("Objective"), _("Activities"), _("Responsible"), _("Timeline"),
                       _("Resources"), _("Indicator")), tuple(rows), (4, 4, 2, 2, 3, 3)),
                *extra]

    def next_steps(self) -> list[Block]:
        _ = self._
        items = [_("Adopt the priorities and the timeline, or change them and build the plan "
                   "again."),
                 _("Decide how the gap will be funded, and who approaches which funder."),
                 _("Name the person responsible for each option and check the staff days."),
                 _("Fill in the blank baselines and targets before the first review."),
                 _("Review progress against the indicators every six months, and walk the "
                   "decision tree again when the context changes.")]
        if self.a.missing:
            items.insert(0, _("Complete the missing answers listed at the start of this plan."))
        return [Heading(1, _("Next steps for the board"), "next-steps"),
                BulletList(tuple(items), True)]


def describe_field(c: Content, fid: str, fields: dict[str, Field]) -> str:
    """Name a field for a person: its ID, its label and the worksheet it is on."""
    f = fields.get(fid)
    if f is None:
        return fid
    ws = next((w.title for w in c.worksheets.worksheets if w.id == f.worksheet), f.worksheet)
    return f"{fid} — {f.label} ({ws})"


def check_entries(answers: dict[str, Value]) -> list[str]:
    """Combinations of entry points that make no sense, as messages."""
    main, first, second = (answers.get(f) for f in ("d-entry:choice", "secondary:first",
                                                    "secondary:second"))
    out = []
    for fid, v in (("secondary:first", first), ("secondary:second", second)):
        if v and v == main:
            out.append(f"{fid}: '{v}' is already the main entry point (d-entry:choice); "
                       "choose another or leave it empty")
    if first and first == second:
        out.append(f"secondary:second: '{second}' repeats secondary:first; choose another or "
                   "leave it empty")
    if second and not first:
        out.append("secondary:second is filled but secondary:first is empty; fill in the "
                   "second entry point first")
    return out


def compose_plan(c: Content, tr: Translator, ed: Edition, answers: dict[str, Value],
                 fields: dict[str, Field], partial: bool) -> Document:
    """Return the plan; without `partial`, missing answers are an error listing each field."""
    if bad := check_entries(answers):
        raise PipelineError("the entry points do not fit together:\n" +
                            "\n".join(f"  {m}" for m in bad))
    a = analyse(c, answers)
    if a.missing and not partial:
        raise PipelineError(f"{len(a.missing)} answer(s) missing; fill them in, or build a "
                            "partial plan with --partial (make plan PARTIAL=1):\n" +
                            "\n".join(f"  {describe_field(c, m, fields)}" for m in a.missing))
    return PlanComposer(c, tr, ed, a).compose(fields)
