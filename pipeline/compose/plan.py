"""A strategy plan tailored to one network's answers, fit for a board paper.

The logic (what to do, when, how, why) is in `plan_logic`, the money in `budget`; this
module only words it. Every recommendation names the answers or rules that led to it.
"""

from __future__ import annotations

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
from pipeline.compose.plan_annex import AnnexSections
from pipeline.compose.plan_logic import LOW, Analysis, Item, analyse
from pipeline.compose.plan_money import MoneySections
from pipeline.compose.tree import Measure, fits_page, tree_figures, words
from pipeline.content.model import Content
from pipeline.errors import PipelineError
from pipeline.i18n import localefmt as lf
from pipeline.i18n.translate import Translator

BLANK = "________"

__all__ = ["Analysis", "LOW", "analyse", "compose_plan", "describe_field"]


class PlanComposer(MoneySections, AnnexSections):
    """Builds the plan document from the analysis, section by section."""

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
        nxt = [f"{n}. " + _("{when}: {what}").format(when=self.month(m), what=what)
               for n, (m, what) in enumerate(self.next_actions()[:3], 1)]
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
        _ = self._
        # The same figures as the guide's (split to fit a page), only those the path crosses.
        figures = tree_figures(self.c.decision_tree, words(self.tr), fits_page(self.measure),
                               self.a.walk.steps)
        out: list[Block] = [Heading(1, _("Your path through the decision tree"), "path")]
        out += [Figure(f.dot, _("Your path, highlighted"),
                       _("Decision tree with the network's choices highlighted."))
                for f in figures]
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
                 fields: dict[str, Field], partial: bool, measure: Measure | None = None
                 ) -> Document:
    """Return the plan; without `partial`, missing answers are an error listing each field."""
    if bad := check_entries(answers):
        raise PipelineError("the entry points do not fit together:\n" +
                            "\n".join(f"  {m}" for m in bad))
    a = analyse(c, answers)
    if a.missing and not partial:
        # In the plan's language, like the plan: the reader of the error is the same person.
        head = tr.ngettext("{n} answer is missing; fill it in, or build a partial plan with "
                           "--partial (make plan PARTIAL=1):",
                           "{n} answers are missing; fill them in, or build a partial plan "
                           "with --partial (make plan PARTIAL=1):", len(a.missing))
        raise PipelineError(head.format(n=len(a.missing)) + "\n" +
                            "\n".join(f"  {describe_field(c, m, fields)}" for m in a.missing))
    return PlanComposer(c, tr, ed, a, measure).compose(fields)
