"""The plan's budget: each option's cost structure priced with the network's unit costs,
by year and by funding source, the gap, and what happens when a grant ends."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline.compose.document import Value
from pipeline.compose.plan_logic import HORIZON, Item, Logic, month_of
from pipeline.content.model import Content, StrategyOption

YEARS = HORIZON // 12
UNITS = ("staff-day", "provider-day", "event", "service")


@dataclass(frozen=True)
class Line:
    """One budget row: a label key and one amount per year."""

    key: str  # a strategy option ID, or a funding row `funding:N`, or a special key
    label: str
    years: tuple[float, ...]

    @property
    def total(self) -> float:
        return sum(self.years)


@dataclass(frozen=True)
class Budget:
    costs: tuple[Line, ...]
    funding: tuple[Line, ...]
    missing_units: tuple[str, ...]  # unit-cost fields left empty
    grant_end: int | None  # plan month after which no grant money remains
    stopped: tuple[str, ...]  # options cut at the grant's end (scale-down or stop)
    recover: float  # yearly amount fees must bring once grants end (policy `recover`)
    staff_days: tuple[float, ...]  # network staff days needed per year

    def total_cost(self) -> tuple[float, ...]:
        return tuple(sum(ln.years[y] for ln in self.costs) for y in range(YEARS))

    def total_funding(self) -> tuple[float, ...]:
        return tuple(sum(ln.years[y] for ln in self.funding) for y in range(YEARS))

    def gap(self) -> tuple[float, ...]:
        return tuple(c - f for c, f in zip(self.total_cost(), self.total_funding(), strict=True))


def _num(answers: dict[str, Value], fid: str) -> float | None:
    v = answers.get(fid)
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None


def months_in_year(start: int, end: int, year: int) -> int:
    """Months of the window [start, end] that fall in plan year `year` (0-based)."""
    lo, hi = max(start, year * 12 + 1), min(end, year * 12 + 12)
    return max(0, hi - lo + 1)


def delivered(s: StrategyOption, item: Item, delivery: str) -> str:
    """Who delivers the option: `mixed` keeps starting steps in-house and brokers the rest."""
    if delivery == "mixed":
        return "in-house" if item.stage == "starting" else "brokered"
    return delivery


def reached(answers: dict[str, Value], logic: Logic, item: Item) -> float:
    """Members an option serves: the first phase until the consolidating stage, else all."""
    members = _num(answers, "network:members") or 0
    first = _num(answers, "assets:first-phase")
    if logic.reach == "first-phase" and item.stage != "consolidating" and first:
        return min(first, members) if members else first
    return members


def annual(s: StrategyOption, item: Item, logic: Logic, answers: dict[str, Value]
           ) -> tuple[float, float]:
    """Return (yearly cost, yearly network staff days) of one option."""
    if s.cost is None:
        return 0.0, 0.0
    unit = {u: _num(answers, f"money:{u}") or 0.0 for u in UNITS}
    effort = s.cost.in_house if delivered(s, item, logic.delivery) == "in-house" \
        else s.cost.brokered
    cost = effort.staff_days * unit["staff-day"] + effort.provider_days * unit["provider-day"]
    cost += s.cost.events * unit["event"]
    cost += s.cost.services * reached(answers, logic, item) * unit["service"]
    return cost, float(effort.staff_days)


def grant_end(answers: dict[str, Value], start: dt.date) -> int | None:
    """The plan month in which the last grant ends, when the network gave grants with ends."""
    ends = []
    for i in range(1, 41):
        if answers.get(f"funding:{i}:kind") == "grant" and answers.get(f"funding:{i}:ends"):
            ends.append(month_of(start, dt.date.fromisoformat(str(answers[f"funding:{i}:ends"]))))
    for i in range(1, 41):
        if answers.get(f"events:{i}:kind") == "grant-end" and answers.get(f"events:{i}:date"):
            ends.append(month_of(start, dt.date.fromisoformat(str(answers[f"events:{i}:date"]))))
    return max(ends) if ends else None


def compose_budget(c: Content, answers: dict[str, Value], logic: Logic) -> Budget:
    """Price every recommended option, add the funding, and apply the grant-end policy."""
    menu = {s.id: s for s in c.strategies.options}
    end = grant_end(answers, logic.start)
    refuse = answers.get("money:fees") == "no"
    funding: list[Line] = []
    for i in range(1, 41):
        amount = _num(answers, f"funding:{i}:amount")
        if amount is None:
            continue
        last = HORIZON
        if answers.get(f"funding:{i}:ends"):
            ends = dt.date.fromisoformat(str(answers[f"funding:{i}:ends"]))
            last = min(HORIZON, month_of(logic.start, ends))
        label = str(answers.get(f"funding:{i}:source") or answers.get(f"funding:{i}:kind", ""))
        funding.append(Line(f"funding:{i}", label, tuple(
            amount * months_in_year(1, last, y) / 12 for y in range(YEARS))))
    costs, stopped, days = [], [], [0.0] * YEARS
    # Under `scale-down` the options beyond the starting steps end with the grant, so the
    # budget drops them; under `stop` they stay costed, and the gap is what new funding
    # must cover for them to go on.
    cut = end if end is not None and 1 <= end < HORIZON else None
    for item in logic.items:
        s = menu[item.id]
        yearly, staff = annual(s, item, logic, answers)
        last = item.end
        if cut is not None and item.end > cut and (
                logic.after_grant == "stop" or (logic.after_grant == "scale-down"
                                                and item.stage != "starting")):
            stopped.append(item.id)
            if logic.after_grant == "scale-down":
                last = max(item.start - 1, cut)
        spans = [months_in_year(item.start, last, y) for y in range(YEARS)]
        costs.append(Line(item.id, s.title, tuple(yearly * m / 12 for m in spans)))
        for y, m in enumerate(spans):
            days[y] += staff * m / 12
    recover = 0.0
    if logic.after_grant == "recover" and cut is not None and not refuse:
        # Fees must fill what the grant leaves open after it ends, year by year.
        partial = Budget(tuple(costs), tuple(funding), (), cut, (), 0.0, ())
        gaps = partial.gap()
        years = tuple(max(0.0, gaps[y]) if y * 12 + 12 > cut else 0.0 for y in range(YEARS))
        if any(years):
            funding.append(Line("fees-to-recover", "", years))
            recover = max(years)
    missing = tuple(u for u in UNITS if _num(answers, f"money:{u}") is None)
    return Budget(tuple(costs), tuple(funding), missing, cut, tuple(stopped), recover,
                  tuple(days))
