"""The plan's logic, free of wording: walk the tree, apply the content's effects and rules,
and place every recommended option in time. Each decision and rule comes from content."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pipeline.compose.document import Value
from pipeline.content.model import Content, Effects, Rule, Window

LOW = 2.5  # an average below this is a low score, as the assessment chapter explains
HORIZON = 36  # months the plan covers
STAGES = ("starting", "building", "consolidating")
#: The pace used when the tree has no answer on it (the phased roll-out of the content).
DEFAULT_SCHEDULE = {"starting": Window(start=1, end=6), "building": Window(start=7, end=18),
                    "consolidating": Window(start=19, end=36)}


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

    def level(self, dim: str) -> str | None:
        """Return 'low' or 'high' for a scored dimension."""
        avg = self.averages.get(dim)
        return None if avg is None else ("low" if avg < LOW else "high")


@dataclass(frozen=True)
class Event:
    """A dated external event the network entered, placed in the plan's months."""

    row: int
    date: str
    kind: str
    what: str
    month: int  # 1 = the plan's first month; may be <= 0 or beyond the horizon


# A reason: ("answer", decision, option) | ("rule", rule ID) | ("event", row) |
# ("secondary", entry option) | ("outcome", outcome ID)
Reason = tuple[str, ...]


@dataclass
class Item:
    """One recommended strategy option, with its window and why it is there."""

    id: str
    stage: str
    start: int
    end: int
    reasons: list[Reason] = field(default_factory=list)
    anchor: int | None = None  # row of the event it must be ready for
    secondary: int = 0  # 0 for the main entry point, 1 or 2 for secondary ones
    late: bool = False  # the event comes too soon for the whole window

    def key(self) -> tuple[str, int, int]:
        return (self.id, self.start, self.end)


@dataclass(frozen=True)
class Logic:
    """Everything the plan recommends, as data: what to do, when, how, and why."""

    items: tuple[Item, ...]
    delivery: str
    after_grant: str
    reach: str
    verification: tuple[str, str] | None  # (decision, option) whose text applies
    lead: tuple[str, str] | None
    rules: tuple[tuple[str, bool], ...]  # (rule ID, yielded)
    events: tuple[Event, ...]
    start: dt.date

    def signature(self) -> tuple[object, ...]:
        """What a board would see change: items in order with dates, and every setting."""
        return (tuple(i.key() for i in self.items), self.delivery, self.after_grant,
                self.reach, self.verification, self.lead, self.rules)


def walk(c: Content, answers: dict[str, Value]) -> Walk:
    """Follow the chosen options from the root until an outcome or a missing answer."""
    decisions = {d.id: d for d in c.decision_tree.decisions}
    node, steps = c.decision_tree.root, []
    while node in decisions:
        choice = answers.get(f"{node}:choice")
        opt = next((o for o in decisions[node].options if o.id == choice), None)
        if opt is None:
            break
        steps.append((node, opt.id))
        node = opt.next
    outcome = node if node not in decisions else None
    missing = () if outcome else (f"{node}:choice",)
    seen = {d for d, _ in steps}
    off = tuple(d for d in decisions if d not in seen and any(
        f"{d}:{k}" in answers for k in ("choice", "rationale", "consulted")))
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


def plan_start(answers: dict[str, Value]) -> dt.date:
    """The plan's first month: the one the network gave, else the meeting or assessment date."""
    for fid in ("plan:start", "record:date", "network:date"):
        if answers.get(fid):
            return dt.date.fromisoformat(str(answers[fid]))
    return dt.date(2026, 1, 1)


def month_of(start: dt.date, date: dt.date) -> int:
    """Return the plan month a date falls in (1 = the first month)."""
    return (date.year - start.year) * 12 + date.month - start.month + 1


def month_date(start: dt.date, month: int) -> dt.date:
    """Return the first day of plan month `month`."""
    n = start.year * 12 + start.month - 1 + month - 1
    return dt.date(n // 12, n % 12 + 1, 1)


def events(answers: dict[str, Value], start: dt.date) -> tuple[Event, ...]:
    """The dated events the network entered, in date order."""
    out = []
    for i in range(1, 41):
        date, kind = answers.get(f"events:{i}:date"), answers.get(f"events:{i}:kind")
        if date and kind:
            d = dt.date.fromisoformat(str(date))
            out.append(Event(i, d.isoformat(), str(kind), str(answers.get(f"events:{i}:what", "")),
                             month_of(start, d)))
    return tuple(sorted(out, key=lambda e: (e.date, e.row)))


def facts(c: Content, answers: dict[str, Value], chosen: dict[str, str], prof: Profile,
          evs: tuple[Event, ...]) -> dict[str, set[str]]:
    """What conditions can test: choices, dimension levels, answers, events, urgent events."""
    out: dict[str, set[str]] = {d: {o} for d, o in chosen.items()}
    for dim in c.assessment.dimensions:
        if (lv := prof.level(dim.id)) is not None:
            out[dim.id] = {lv}
    for fid, v in answers.items():
        out.setdefault(fid, set()).add(("yes" if v else "no") if isinstance(v, bool) else str(v))
    out["event"] = {e.kind for e in evs if e.month >= 1}
    out["urgent"] = {e.kind for e in evs if 1 <= e.month <= c.decision_tree.urgent_months}
    return out


def holds(cond: dict[str, list[str]], known: dict[str, set[str]]) -> bool:
    """True when every key of the condition has one of its listed values."""
    return all(known.get(k, set()) & set(v) for k, v in cond.items())


class Planner:
    """Applies the path's effects and the rules, in order, to the outcome's options."""

    def __init__(self, c: Content, answers: dict[str, Value], w: Walk, prof: Profile) -> None:
        self.c, self.answers, self.w = c, answers, w
        self.menu = {s.id: s for s in c.strategies.options}
        self.items: list[Item] = []
        self.first: list[str] = []
        self.start = plan_start(answers)
        self.events = events(answers, self.start)
        self.known = facts(c, answers, dict(w.steps), prof, self.events)
        self.schedule = dict(DEFAULT_SCHEDULE)

    def window(self, stage: str, shift: int = 0) -> tuple[int, int]:
        idx = min(STAGES.index(stage) + shift, len(STAGES) - 1)
        win = self.schedule[STAGES[idx]]
        return win.start, win.end

    def add(self, sid: str, reason: Reason, shift: int = 0, secondary: int = 0) -> None:
        found = next((i for i in self.items if i.id == sid), None)
        if found:
            found.reasons.append(reason)
            return
        stage = self.menu[sid].stage
        start, end = self.window(stage, shift)
        self.items.append(Item(sid, stage, start, end, [reason], secondary=secondary))

    def remove(self, sid: str) -> None:
        self.items = [i for i in self.items if i.id != sid]

    def apply(self, eff: Effects | Rule, reason: Reason) -> None:
        for sid in eff.removes:
            self.remove(sid)
        for sid in eff.adds:
            self.add(sid, reason)
        for sid in eff.first:
            if sid not in self.first:
                self.first.append(sid)
            if (found := next((i for i in self.items if i.id == sid), None)) is not None:
                found.reasons.append(reason)

    def run(self) -> Logic:
        c, w = self.c, self.w
        opts = {(d.id, o.id): o for d in c.decision_tree.decisions for o in d.options}
        path = [opts[s] for s in w.steps]
        for o in path:  # the pace first: it places everything else
            if o.effects.schedule:
                self.schedule.update(o.effects.schedule)
        outcome = next((o for o in c.decision_tree.outcomes if o.id == w.outcome), None)
        for sid in outcome.strategies if outcome else ():
            self.add(sid, ("outcome", outcome.id))
        self.secondaries(opts)
        settings: dict[str, object] = {}
        for step, o in zip(w.steps, path, strict=True):
            self.apply(o.effects, ("answer", *step))
            for key in ("delivery", "after_grant", "reach"):
                if getattr(o.effects, key):
                    settings[key] = getattr(o.effects, key)
            for key in ("verification", "lead"):
                if getattr(o.effects, key):
                    settings[key] = step
        fired = []
        for r in c.decision_tree.rules:
            self.known["includes"] = {i.id for i in self.items}
            if not holds(r.when, self.known):
                continue
            if r.unless and holds(r.unless, self.known):
                fired.append((r.id, True))
                continue
            fired.append((r.id, False))
            self.apply(r, ("rule", r.id))
            for i in self.items:
                if i.id in r.defers:
                    i.start, i.end = self.window("consolidating")
                    i.reasons.append(("rule", r.id))
            if r.delay:
                for i in self.items:
                    if i.stage != "starting":
                        i.start = max(1, i.start + r.delay)
                        i.end = min(HORIZON, max(i.start, i.end + r.delay))
                        i.reasons.append(("rule", r.id))
        self.anchor()
        order = {sid: n for n, sid in enumerate(self.first)}
        items = sorted(self.items, key=lambda i: (order.get(i.id, len(order)), i.start,
                                                  STAGES.index(i.stage), i.id))
        return Logic(tuple(items), str(settings.get("delivery", "mixed")),
                     str(settings.get("after_grant", "scale-down")),
                     str(settings.get("reach", "first-phase")),
                     settings.get("verification"), settings.get("lead"),  # type: ignore[arg-type]
                     tuple(fired), self.events, self.start)

    def secondaries(self, opts: dict) -> None:
        """Secondary entry points start one stage later (two for the third), in order; the
        third brings only its starting and building steps, which then share the last window."""
        entry = {o.id: o.entry_point for (d, _), o in opts.items() if o.entry_point}
        main = dict(self.w.steps).get("d-entry")
        for n, fid in enumerate(("secondary:first", "secondary:second"), 1):
            choice = str(self.answers.get(fid, ""))
            if not choice or choice == main or choice not in entry:
                continue
            for s in self.c.strategies.options:
                if s.entry_point == entry[choice] and s.stage in STAGES[:4 - n]:
                    self.add(s.id, ("secondary", choice), shift=n, secondary=n)

    def anchor(self) -> None:
        """Move each option that must be ready for an event so that it ends before it."""
        for i in self.items:
            kinds = set(self.menu[i.id].before)
            ev = next((e for e in self.events if e.kind in kinds and 1 <= e.month <= HORIZON),
                      None)
            if ev is None or i.end < ev.month:
                continue
            length = i.end - i.start
            i.end = max(1, ev.month - 1)
            i.start = max(1, i.end - length)
            i.late = ev.month <= 2
            i.anchor = ev.row
            i.reasons.append(("event", str(ev.row)))


def plan_logic(c: Content, answers: dict[str, Value], w: Walk, prof: Profile) -> Logic:
    """Return what the plan recommends for these answers."""
    return Planner(c, answers, w, prof).run()


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
