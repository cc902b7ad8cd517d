"""A strategy plan tailored to one network's answers: walk the tree, profile, recommend."""

from __future__ import annotations

from dataclasses import dataclass, field

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
from pipeline.compose.tree import MAX_NODES, reachable, to_dot
from pipeline.content.model import Content, Outcome
from pipeline.errors import PipelineError
from pipeline.i18n import localefmt as lf
from pipeline.i18n.translate import Translator

LOW = 2.5  # an average below this is a low score, as the assessment chapter explains
NAME_FIELDS = ("network:name", "record:name")


@dataclass(frozen=True)
class Walk:
    """The network's path through the tree and what it leaves open."""

    steps: tuple[tuple[str, str], ...]  # (decision ID, option ID)
    outcome: str | None
    missing: tuple[str, ...]  # field IDs needed to go on
    off_path: tuple[str, ...]  # decisions answered that the path does not reach


@dataclass(frozen=True)
class Profile:
    averages: dict[str, float]
    missing: tuple[str, ...]


@dataclass(frozen=True)
class Analysis:
    answers: dict[str, Value]
    walk: Walk
    profile: Profile
    tensions: tuple[tuple[str, str, str], ...] = field(default=())  # (dimension, decision, opt)

    @property
    def missing(self) -> tuple[str, ...]:
        return self.profile.missing + self.walk.missing


def walk(c: Content, answers: dict[str, Value]) -> Walk:
    """Follow the chosen options from the root until an outcome or a missing answer."""
    decisions = {d.id: d for d in c.decision_tree.decisions}
    node, steps = c.decision_tree.root, []
    while node in decisions:
        choice = answers.get(f"{node}:choice")
        if choice is None:
            break
        opt = next(o for o in decisions[node].options if o.id == choice)
        steps.append((node, opt.id))
        node = opt.next
    outcome = node if node not in decisions else None
    missing = () if outcome else (f"{node}:choice",)
    seen = {d for d, _ in steps}
    off = tuple(d for d in decisions if f"{d}:choice" in answers and d not in seen)
    return Walk(tuple(steps), outcome, missing, off)


def profile(c: Content, answers: dict[str, Value]) -> Profile:
    """Average each dimension's scores; list the questions not scored."""
    averages, missing = {}, []
    for dim in c.assessment.dimensions:
        scores = []
        for q in dim.questions:
            fid = f"{dim.id}:{q.id}"
            if fid in answers:
                scores.append(float(answers[fid]))  # type: ignore[arg-type]
            else:
                missing.append(fid)
        if scores:
            averages[dim.id] = sum(scores) / len(scores)
    return Profile(averages, tuple(missing))


def analyse(c: Content, answers: dict[str, Value]) -> Analysis:
    """Walk, profile, and find where the scores and the choices disagree."""
    w, p = walk(c, answers), profile(c, answers)
    chosen = dict(w.steps)
    tensions = []
    for dim in c.assessment.dimensions:
        avg = p.averages.get(dim.id)
        if avg is None:
            continue
        # Only low scores warn: a choice that asks more than the network can yet give.
        for s in dim.signals:
            if s.when == "low" and avg < LOW and s.decision in chosen \
                    and chosen[s.decision] != s.option:
                tensions.append((dim.id, s.decision, s.option))
    return Analysis(answers, w, p, tuple(tensions))


class PlanComposer:
    """Builds the plan document from the analysis; every recommendation cites its answers."""

    def __init__(self, c: Content, tr: Translator, ed: Edition, a: Analysis,
                 partial: bool) -> None:
        self.c, self.tr, self.ed, self.a, self.partial, self._ = c, tr, ed, a, partial, tr._
        self.decisions = {d.id: d for d in c.decision_tree.decisions}
        self.options = {(d.id, o.id): o for d in c.decision_tree.decisions for o in d.options}

    def network(self) -> str:
        for name in NAME_FIELDS:
            if self.a.answers.get(name):
                return str(self.a.answers[name])
        return self._("your network")

    def compose(self, fields: dict[str, Field]) -> Document:
        _, g = self._, self.c.guide
        title = _("Strategy plan for {network}").format(network=self.network())
        meta = Meta("plan", self.ed.lang, title, g.title, g.publisher, self.ed.version,
                    self.ed.date_iso, self.ed.date_text, title, labels(self.tr), self.ed.preview)
        blocks: list[Block] = [Cover(title, g.title, (self.ed.date_text,))]
        if self.a.missing:
            blocks.append(Callout("draft", _("Partial plan: some answers are missing"), (
                Paragraph(_("This plan is incomplete. Fill in these fields and build it again:")),
                BulletList(tuple(describe_field(self.c, m, fields)
                                 for m in self.a.missing)))))
        blocks += self.assessment() + self.path() + self.recommendations() + self.actions()
        blocks += self.next_steps()
        return Document(meta, tuple(blocks))


    def assessment(self) -> list[Block]:
        _, lang = self._, self.ed.lang
        out: list[Block] = [Heading(1, _("Your assessment profile"), "profile")]
        bars = tuple((d.title, self.a.profile.averages[d.id],
                      lf.number(self.a.profile.averages[d.id], lang))
                     for d in self.c.assessment.dimensions if d.id in self.a.profile.averages)
        if bars:
            out.append(BarChart(_("Average score per dimension (1 to 4)"), bars, 4.0))
            low = [d.title for d in self.c.assessment.dimensions
                   if self.a.profile.averages.get(d.id, 4) < LOW]
            out.append(Paragraph(_("Low scores (below 2.5): {dims}.").format(
                dims=lf.join(low, lang)) if low else _("No dimension scored below 2.5.")))
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
        rows = []
        for dec, opt in self.a.walk.steps:
            why = self.a.answers.get(f"{dec}:rationale", "")
            rows.append((self.decisions[dec].title, f"**{self.options[(dec, opt)].label}**",
                         str(why) or "–"))
        if rows:
            out.append(Table((_("Decision"), _("Your choice"), _("Your reasons")), tuple(rows),
                             (4, 4, 6)))
        if self.a.walk.off_path:
            names = lf.join([self.decisions[d].title for d in self.a.walk.off_path],
                            self.ed.lang)
            out.append(Callout("note", _("Answers not on your path"), (Paragraph(_(
                "You also answered {decisions}; your other choices do not lead there, so "
                "these answers were not used.").format(decisions=names)),)))
        return out

    def outcome(self) -> Outcome | None:
        return next((o for o in self.c.decision_tree.outcomes
                     if o.id == self.a.walk.outcome), None)

    def because(self) -> str:
        """The chain of choices that led to the outcome, as one phrase."""
        steps = [f"*{self.options[s].label}* ({self.decisions[s[0]].title})"
                 for s in self.a.walk.steps[-3:]]
        return lf.join(steps, self.ed.lang)

    def recommendations(self) -> list[Block]:
        _, lang = self._, self.ed.lang
        out: list[Block] = [Heading(1, _("Recommended strategy"), "recommended")]
        o = self.outcome()
        if o is None:
            out.append(Paragraph(_("Your answers stop before the end of the decision tree, so "
                                   "no strategy profile can be recommended yet.")))
            return out
        out += [Heading(2, o.title, o.id), *prose(o.summary)]
        pace = dict(self.a.walk.steps).get("d-pace", "")
        stages = ["starting", "building", "consolidating"]
        options = sorted((s for s in self.c.strategies.options if s.id in o.strategies),
                         key=lambda s: stages.index(s.stage))
        out.append(Heading(2, _("Strategy options for you"), "plan-options"))
        for s in options:
            reason = _("Recommended because you chose {choices}, which leads to the "
                       "profile “{profile}”.").format(choices=self.because(), profile=o.title)
            if s.stage == "starting":
                reason += " " + _("It is a starting option: begin with it.")
            elif pace and s.stage == "consolidating":
                reason += " " + _("It is a consolidating option: plan it once the first "
                                  "results are in.")
            weak = [d.title for d in self.c.assessment.dimensions
                    if self.a.profile.averages.get(d.id, 4) < LOW]
            if weak and s.stage != "starting":
                reason += " " + _("Your low scores on {dims} suggest building capacity "
                                  "first.").format(dims=lf.join(weak[:2], lang))
            out += [Heading(3, s.title, f"plan-{s.id}"), Paragraph(f"**{s.objective}**"),
                    Paragraph(reason), BulletList(tuple(s.activities[:4]))]
        tools = list(dict.fromkeys([*o.tools, *(t for s in options for t in s.tools)]))
        ticked = [t.id for t in self.c.tools.tools if self.a.answers.get(f"{t.id}:selected")]
        names = {t.id: t for t in self.c.tools.tools}
        out.append(Heading(2, _("Tools that match your entry point"), "plan-tools"))
        out.append(Table((_("Tool"), _("Purpose"), _("Your checklist")), tuple(
            (names[t].name, names[t].purpose, _("selected") if t in ticked else "–")
            for t in tools), (3, 8, 2)))
        entry = {s.entry_point for s in options}
        cases = list(dict.fromkeys([*o.cases, *(k.id for k in self.c.case_studies.cases
                                                 if k.entry_point in entry)]))
        out.append(Heading(2, _("Case studies to read"), "plan-cases"))
        out.append(BulletList(tuple(
            f"**{k.network}** ({k.country})" + (f": {k.lessons[0]}" if k.lessons else "")
            for k in self.c.case_studies.cases if k.id in cases)))
        return out

    def actions(self) -> list[Block]:
        _ = self._
        rows = []
        for i in range(1, 41):
            row = [str(self.a.answers.get(f"actions:{i}:{c}", "")) for c in
                   ("objective", "activities", "responsible", "timeline", "resources",
                    "indicator")]
            if any(row):
                rows.append(tuple(v or "–" for v in row))
        source = _("from your action plan worksheet")
        if not rows and (o := self.outcome()):
            source = _("drafted from the recommended options; adjust it with your team")
            when = {"starting": _("Months 1–6"), "building": _("Months 6–18"),
                    "consolidating": _("Months 18–36")}
            for s in self.c.strategies.options:
                if s.id in o.strategies:
                    rows.append((s.objective, "; ".join(s.activities[:2]), "–", when[s.stage],
                                 s.resources.staff, s.indicators[0]))
        out: list[Block] = [Heading(1, _("Draft action plan"), "actions"),
                            Paragraph(_("Action plan ({source}).").format(source=source))]
        if rows:
            out.append(Table((_("Objective"), _("Activities"), _("Responsible"), _("Timeline"),
                              _("Resources"), _("Indicator")), tuple(rows), (4, 4, 2, 2, 3, 3)))
        return out

    def next_steps(self) -> list[Block]:
        _ = self._
        items = [_("Share this plan with the board and agree on the recommended profile."),
                 _("Name the person responsible for each action and confirm the budget."),
                 _("Tell members what the network will do on social performance, and when."),
                 _("Review progress against the indicators every six months, and walk the "
                   "decision tree again when the context changes.")]
        if self.a.missing:
            items.insert(0, _("Complete the missing answers listed at the start of this plan."))
        return [Heading(1, _("Next steps"), "next-steps"), BulletList(tuple(items), True)]


def describe_field(c: Content, fid: str, fields: dict[str, Field]) -> str:
    """Name a field for a person: its ID, its label and the worksheet it is on."""
    f = fields.get(fid)
    if f is None:
        return fid
    ws = next((w.title for w in c.worksheets.worksheets if w.id == f.worksheet), f.worksheet)
    return f"{fid} — {f.label} ({ws})"


def compose_plan(c: Content, tr: Translator, ed: Edition, answers: dict[str, Value],
                 fields: dict[str, Field], partial: bool) -> Document:
    """Return the plan; without `partial`, missing answers are an error listing each field."""
    a = analyse(c, answers)
    if a.missing and not partial:
        raise PipelineError(f"{len(a.missing)} answer(s) missing; fill them in, or build a "
                            "partial plan with --partial (make plan PARTIAL=1):\n" +
                            "\n".join(f"  {describe_field(c, m, fields)}" for m in a.missing))
    return PlanComposer(c, tr, ed, a, partial).compose(fields)
