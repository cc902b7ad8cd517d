"""Say in words what choosing an option changes: where it leads, what it adds or removes."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.content.model import Content, Option
from pipeline.i18n import localefmt as lf
from pipeline.i18n.translate import Translator


def changes(c: Content, tr: Translator, o: Option, ref: Callable[[str], str]) -> str:
    """Return one line per change: leads to, adds, removes, puts first, and the settings."""
    _, e = tr._, o.effects
    names = lambda ids: lf.join([ref(i) for i in ids], tr.lang)  # noqa: E731
    out = [_("Leads to {next}.").format(next=ref(o.next))]
    if e.adds and set(e.adds) <= set(e.first):
        out.append(_("Adds {options} at the head of the plan.").format(options=names(e.adds)))
    elif e.adds:
        out.append(_("Adds {options}.").format(options=names(e.adds)))
    if e.removes:
        out.append(_("Removes {options}.").format(options=names(e.removes)))
    if rest := [i for i in e.first if i not in e.adds]:
        out.append(_("Puts {options} first.").format(options=names(rest)))
    if e.schedule:
        out.append(_("Sets the timeline: starting steps in months {a}–{b}, building steps in "
                     "months {c}–{d}, consolidating steps in months {e}–{f}.").format(
            a=e.schedule["starting"].start, b=e.schedule["starting"].end,
            c=e.schedule["building"].start, d=e.schedule["building"].end,
            e=e.schedule["consolidating"].start, f=e.schedule["consolidating"].end)
            if len(e.schedule) == 3 else _("Changes the timeline."))
    if e.delivery:
        out.append({"in-house": _("Network staff deliver every option."),
                    "brokered": _("Contracted providers deliver the options; network staff "
                                  "coordinate."),
                    "mixed": _("Network staff deliver the starting steps; providers deliver "
                               "the later ones.")}[e.delivery])
    if e.after_grant:
        out.append({"recover": _("When a grant ends, fees recover the costs."),
                    "scale-down": _("When a grant ends, the plan scales down to the starting "
                                    "steps."),
                    "stop": _("When a grant ends, the funded work stops unless new funding "
                              "is found.")}[e.after_grant])
    if e.verification:
        out.append(_("Indicator results: {how}").format(how=e.verification))
    if e.lead:
        out.append(e.lead)
    return " ".join(out)
