"""The plan's money section: budget by year and source, unit costs, staff time, grant end."""

from __future__ import annotations

from pipeline.compose.budget import YEARS
from pipeline.compose.document import Block, Callout, Heading, Paragraph, Table
from pipeline.compose.plan_words import PlanWords
from pipeline.i18n import localefmt as lf


class MoneySections(PlanWords):
    """The budget table and what happens when a grant ends."""

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
