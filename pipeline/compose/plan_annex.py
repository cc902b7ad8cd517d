"""The plan's dated and practical sections: timeline, who to involve, tools, own actions."""

from __future__ import annotations

from pipeline.compose.document import Block, BulletList, Heading, Paragraph, Table
from pipeline.compose.plan_words import PlanWords
from pipeline.i18n import localefmt as lf


class AnnexSections(PlanWords):
    """Timeline, stakeholder map, tools and case studies, and the network's own action plan."""

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

    def next_actions(self) -> list[tuple[int, str]]:
        """Dated actions for the summary: the options starting in one month are one action."""
        _, out = self._, []
        starts: dict[int, list[str]] = {}
        for item in self.a.logic.items:
            starts.setdefault(item.start, []).append(self.menu[item.id].title)
        out = [(m, _("Start: {title}").format(title=lf.join(titles, self.ed.lang)))
               for m, titles in starts.items()]
        out += [(m, what) for m, what, _w in self.milestones()
                if not any(what == _("Start: {title}").format(title=t)
                           for ts in starts.values() for t in ts)]
        return sorted(out, key=lambda x: x[0])

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
        # A case whose sources support no lesson (AEMFI) is still listed, by name only.
        out.append(BulletList(tuple(
            f"**{k.network}** ({k.country})" + (f": {k.lessons[0]}" if k.lessons else "")
            for k in self.c.case_studies.cases if k.id in cases)))
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
