"""Compose the guide: decide once what goes in it and in what order."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from pipeline.compose.common import (
    Edition,
    bold,
    edition_label,
    is_release,
    labels,
    link,
    prose,
)
from pipeline.compose.document import (
    Block,
    BulletList,
    Callout,
    Colophon,
    Cover,
    Document,
    Figure,
    Heading,
    Meta,
    PageBreak,
    Paragraph,
    Table,
    Toc,
)
from pipeline.compose.effects import changes
from pipeline.compose.references import bibliography, cite
from pipeline.compose.tree import Measure, fits_page, reachable, tree_figures, words
from pipeline.compose.worksheets import WorksheetComposer
from pipeline.content.model import Chapter, Content
from pipeline.content.text import split_prose
from pipeline.i18n import localefmt as lf
from pipeline.i18n.translate import Translator


class GuideComposer:
    """Builds the guide's block sequence from translated content."""

    def __init__(self, c: Content, tr: Translator, ed: Edition,
                 measure: Measure | None = None) -> None:
        self.c, self.tr, self.ed, self._ = c, tr, ed, tr._
        self.measure = measure  # drawn size of a diagram, to split the tree to fit a page
        self.names = self._anchor_names()

    def _anchor_names(self) -> dict[str, str]:
        c = self.c
        names = {d.id: d.title for d in c.decision_tree.decisions}
        names |= {o.id: o.title for o in c.decision_tree.outcomes}
        names |= {s.id: s.title for s in c.strategies.options}
        names |= {e.id: e.title for e in c.strategies.entry_points}
        names |= {t.id: t.name for t in c.tools.tools}
        names |= {k.id: k.network for k in c.case_studies.cases}
        names |= {p.id: p.title for p in c.practices.practices}
        names |= {ch.id: ch.title for ch in c.guide.chapters}
        return names

    def ref(self, anchor: str) -> str:
        """Inline link to any entry, labelled with its (translated) name."""
        return link(self.names[anchor], anchor)

    def refs(self, anchors: list[str]) -> str:
        return lf.join([self.ref(a) for a in anchors], self.ed.lang)

    def level(self, value: str) -> str:
        _ = self._
        return {"low": _("Low"), "medium": _("Medium"), "high": _("High")}[value]

    def stage(self, value: str) -> str:
        _ = self._
        return {"starting": _("Starting"), "building": _("Building"),
                "consolidating": _("Consolidating")}[value]

    def compose(self) -> Document:
        """Return the whole guide as a Document."""
        g, _ = self.c.guide, self._
        meta = Meta("guide", self.ed.lang, g.title, g.subtitle, g.publisher, self.ed.version,
                    self.ed.date_iso, self.ed.date_text, g.title, labels(self.tr),
                    self.ed.preview)
        language = lf.language_name(self.ed.lang, self.ed.lang)
        draft = "" if is_release(self.ed.version) else _(
            "The text may still change before the first edition is released.")
        blocks: list[Block] = [
            Cover(g.title, g.subtitle, (edition_label(self.tr, self.ed), self.ed.date_text,
                                        language[:1].upper() + language[1:]),
                  g.publisher, draft),
            self.colophon(),
            Toc(_("Contents")),
        ]
        for n, ch in enumerate(g.chapters, 1):
            blocks += [Heading(1, ch.title, ch.id, number=str(n)), *prose(ch.intro)]
            for sec in ch.sections:
                blocks += [Heading(2, sec.title, f"{ch.id}-{sec.id}"), *prose(sec.body)]
            blocks += list(self.kinds[ch.kind](self, ch))
        return Document(meta, tuple(blocks))

    def colophon(self) -> Colophon:
        _, c, ed = self._, self.c, self.ed
        drafts = [f"{x.network}: {x.draft_reason}" for x in c.case_studies.cases
                  if x.status == "draft"]
        drafts += [f"{x.name}: {x.draft_reason}" for x in c.tools.tools if x.status == "draft"]
        label = edition_label(self.tr, ed)
        lines = [c.guide.title, c.guide.subtitle, c.guide.publisher,
                 _("{edition}, {date}").format(edition=label, date=ed.date_text)]
        if ed.commit:
            lines.append(_("Source revision {revision}").format(revision=ed.commit))
        year = ed.date_iso[:4]
        sections = (
            (_("Licence"), _(
                "© {year} {publisher}. This guide is published under the Creative Commons "
                "Attribution 4.0 International licence (CC BY 4.0): you may copy, share and "
                "adapt it for any purpose, provided you credit the source and say what you "
                "changed. Licence text: https://creativecommons.org/licenses/by/4.0/").format(
                    year=year, publisher=c.guide.publisher)),
            (_("How to cite this guide"), _(
                "{publisher} ({year}). *{title}: {subtitle}*. {edition}.").format(
                    publisher=c.guide.publisher, year=year, title=c.guide.title,
                    subtitle=c.guide.subtitle, edition=label)),
            (_("Contact"), _(
                "Comments, corrections and accounts of how a network used the guide are "
                "welcome; send them to the publisher, {publisher}.").format(
                    publisher=c.guide.publisher)),
        )
        notes = [_("Facts about named organisations and tools are taken from the works cited "
                   "with each entry and listed under References.")]
        if drafts:
            # Editors' to-dos stay out of a release; a working draft lists them.
            notes.append(_("Some entries are still marked as drafts; they are flagged where "
                           "they appear.") if is_release(ed.version)
                         else _("Entries still in draft, to be completed by an editor:"))
            if not is_release(ed.version):
                notes += [f"• {d}" for d in drafts]
        else:
            notes.append(_("No entry in this edition is marked as draft."))
        return Colophon(tuple(lines), tuple(notes), sections)

    # Chapter kinds --------------------------------------------------------

    def prose_kind(self, ch: Chapter) -> Iterator[Block]:
        return iter(())

    def assessment(self, ch: Chapter) -> Iterator[Block]:
        _, a = self._, self.c.assessment
        decisions = {d.id: d for d in self.c.decision_tree.decisions}
        yield Heading(2, _("How to score"), f"{ch.id}-scoring")
        yield from prose(a.scoring)
        yield Table((_("Score"), _("Meaning")),
                    tuple((str(i + 1), s) for i, s in enumerate(a.scale)), (1, 5),
                    style="keyvalue")
        for dim in a.dimensions:
            yield Heading(2, dim.title, dim.id)
            yield from prose(dim.purpose)
            yield Table(("#", _("Question"), _("Score (1–4)")),
                        tuple((str(i + 1), q.text, "") for i, q in enumerate(dim.questions)),
                        (1, 12, 3))
            yield Table((_("Level"), _("What it looks like")),
                        tuple((f"{i + 1} · {a.scale[i]}", lv) for i, lv in enumerate(dim.levels)),
                        (3, 9), style="keyvalue")
            yield Paragraph(bold(_("Where your score points in the decision tree")))
            items = []
            for s in dim.signals:
                when = _("Low score (below 2.5)") if s.when == "low" else \
                    _("High score (2.5 or above)")
                opt = next(o for o in decisions[s.decision].options if o.id == s.option)
                items.append(_("{when}: {decision} › *{option}*. {note}").format(
                    when=when, decision=self.ref(s.decision), option=opt.label, note=s.note))
            yield BulletList(tuple(items))

    def practices(self, ch: Chapter) -> Iterator[Block]:
        _ = self._
        for p in self.c.practices.practices:
            yield Heading(2, p.title, p.id)
            yield from prose(p.summary)
            yield Heading(3, _("What it looks like in practice"), f"{p.id}-practice", False)
            yield BulletList(tuple(p.in_practice))
            yield Heading(3, _("Pitfalls"), f"{p.id}-pitfalls", False)
            yield BulletList(tuple(p.pitfalls))
            if p.cases:
                yield Paragraph(_("**Case studies:** {items}").format(items=self.refs(p.cases)))

    def tree(self, ch: Chapter) -> Iterator[Block]:
        _, t = self._, self.c.decision_tree
        decisions = {d.id: d for d in t.decisions}
        figures = tree_figures(t, words(self.tr), fits_page(self.measure))
        yield PageBreak()  # the diagram sits on pages of its own, at print size
        for i, fig in enumerate(figures, 1):
            caption = _("The decision tree") if not fig.branch else \
                _("Branch: {name}").format(name=decisions[fig.branch].title)
            yield Figure(fig.dot, _("Figure {n}. {caption}").format(n=i, caption=caption), _(
                "Diagram of the decision tree: decisions lead through options to strategy "
                "profiles."), f"figure-{i}")
        yield PageBreak()
        order = [n for n in reachable(t, t.root) if n in decisions]
        for num, did in enumerate(order, 1):
            d = decisions[did]
            yield Heading(2, _("Decision {n}: {title}").format(n=num, title=d.title), d.id)
            yield Paragraph(d.question, "question")
            yield Heading(3, _("Why it matters"), f"{d.id}-why", False)
            yield from prose(d.why)
            yield Heading(3, _("What to consider"), f"{d.id}-consider", False)
            yield BulletList(tuple(d.consider))
            yield Heading(3, _("Options"), f"{d.id}-options", False)
            yield Table((_("Option"), _("Choose this if…"), _("What it changes")),
                        tuple((f"**{o.label}**", o.choose_if, changes(self.c, self.tr, o,
                                                                      self.ref))
                              for o in d.options), (3, 5, 4))
        if t.rules:  # combinations of answers also change the plan; readers should see how
            yield Heading(2, _("Combinations of answers that change the plan"), "tree-rules")
            yield BulletList(tuple(r.note for r in t.rules))
        yield Heading(2, _("Outcomes: strategy profiles"), "outcomes")
        for o in t.outcomes:
            yield Heading(3, o.title, o.id)
            yield from prose(o.summary)
            yield Table((_("Recommended"), ""), (
                (_("Strategy options"), self.refs(o.strategies)),
                (_("Tools"), self.refs(o.tools)),
                (_("Case studies"), self.refs(o.cases))), (3, 9), style="keyvalue")

    def strategies(self, ch: Chapter) -> Iterator[Block]:
        _, m = self._, self.c.strategies
        stages = ("starting", "building", "consolidating")
        rows = []
        for e in m.entry_points:
            cells = [self.ref(e.id)]
            for st in stages:
                cells.append("; ".join(self.ref(s.id) for s in m.options
                                       if s.entry_point == e.id and s.stage == st) or "–")
            rows.append(tuple(cells))
        yield Table((_("Entry point"), *(self.stage(s) for s in stages)), tuple(rows),
                    (3, 4, 4, 4), _("Strategy options by entry point and stage"), "matrix")
        for e in m.entry_points:
            yield Heading(2, e.title, e.id)
            yield from prose(e.description)
            for s in sorted((s for s in m.options if s.entry_point == e.id),
                            key=lambda s: stages.index(s.stage)):
                yield Heading(3, s.title, s.id)
                yield Paragraph(_("**Objective:** {text}").format(text=s.objective))
                yield Paragraph(bold(_("Activities")))
                yield BulletList(tuple(s.activities))
                yield Table((_("Resources"), ""), (
                    (_("Stage"), self.stage(s.stage)),
                    (_("Staff"), s.resources.staff),
                    (_("Skills"), s.resources.skills),
                    (_("Budget level"), self.level(s.resources.budget)),
                    (_("Partners"), "; ".join(s.partners)),
                    (_("Related tools"), self.refs(s.tools) or "–")), (3, 9), style="keyvalue")
                yield Paragraph(bold(_("Progress indicators")))
                yield BulletList(tuple(s.indicators))

    def draft_note(self, status: str, reason: str | None) -> Iterator[Block]:
        if status == "draft":
            yield Callout("draft", self._("Draft entry"), (Paragraph(reason or ""),))

    def cases(self, ch: Chapter) -> Iterator[Block]:
        _ = self._
        for k in self.c.case_studies.cases:
            yield Heading(2, f"{k.network} ({k.country})", k.id)
            yield from self.draft_note(k.status, k.draft_reason)
            if k.entry_point:
                yield Paragraph(_("**Entry point:** {name}").format(
                    name=self.ref(k.entry_point)))
            yield Heading(3, _("Context"), f"{k.id}-context", False)
            yield from prose(k.context)
            yield Heading(3, _("What the network did on social performance"), f"{k.id}-work",
                          False)
            yield from prose(k.sp_work)
            if k.lessons:
                yield Heading(3, _("Lessons"), f"{k.id}-lessons", False)
                yield BulletList(tuple(k.lessons))
            yield self.sources(k.sources)

    def tools(self, ch: Chapter) -> Iterator[Block]:
        _, lang = self._, self.ed.lang
        tools = self.c.tools.tools
        yield Table((_("Tool"), _("Owner"), _("Stages"), _("Effort"), _("Cost"),
                     _("Languages")),
                    tuple((self.ref(t.id), t.owner, ", ".join(self.stage(s) for s in t.stages),
                           self.level(t.effort), self.level(t.cost),
                           self.languages(t.languages)) for t in tools),
                    (4, 4, 3, 2, 2, 3), _("Tool catalogue at a glance"))
        for t in tools:
            yield Heading(2, t.name, t.id)
            yield from self.draft_note(t.status, t.draft_reason)
            yield Table((_("Tool"), t.name), (
                (_("Owner"), t.owner), (_("Purpose"), t.purpose), (_("What it measures"),
                                                                 t.measures),
                (_("Stages"), lf.join([self.stage(s) for s in t.stages], lang)),
                (_("Effort"), self.level(t.effort)), (_("Cost"), self.level(t.cost)),
                (_("Languages"), self.languages(t.languages))), (3, 9), style="keyvalue")
            yield from prose(t.notes)
            yield self.sources(t.sources)

    def sources(self, ids: list[str]) -> Paragraph:
        """The sources line of a case or tool, each work linked to the References chapter."""
        works = self.c.references.works
        # The separator is translated: French puts a narrow no-break space before ";".
        items = cite(works, ids, self._, self._("; "))
        return Paragraph(self._("Sources: {items}").format(items=items),
                         "small")

    def references(self, ch: Chapter) -> Iterator[Block]:
        return bibliography(self.c.references.works, self._)

    def languages(self, codes: list[str]) -> str:
        if not codes:
            return self._("not documented")
        return lf.join([lf.language_name(c, self.ed.lang) for c in codes], self.ed.lang)

    def glossary(self, ch: Chapter) -> Iterator[Block]:
        _ = self._
        terms = sorted(self.c.glossary.terms, key=lambda t: lf.sort_key(t.term))
        yield Table((_("Term"), _("Definition")),
                    tuple((f"**{t.term}**", t.definition) for t in terms), (3, 9),
                    style="keyvalue")

    def worksheets(self, ch: Chapter) -> Iterator[Block]:
        _ = self._
        composer = WorksheetComposer(self.c, self.tr, self.ed)
        rows = []
        for ws in self.c.worksheets.worksheets:
            fields = composer.compose(ws).fields()
            rows.append((f"**{ws.title}**", split_prose(ws.purpose)[0].items[0],
                         str(len(fields)), f"worksheet-{ws.id}-a4.pdf, …-a4.docx"))
        yield Table((_("Worksheet"), _("What it is for"), _("Fields"), _("Files")),
                    tuple(rows), (4, 8, 2, 4), _("The worksheets at a glance"))

    kinds: dict[str, Callable[[GuideComposer, Chapter], Iterator[Block]]] = {
        "prose": prose_kind, "assessment": assessment, "practices": practices, "tree": tree,
        "strategies": strategies, "cases": cases, "tools": tools, "glossary": glossary,
        "references": references, "worksheets": worksheets,
    }


def compose_guide(c: Content, tr: Translator, ed: Edition, measure: Measure | None = None
                  ) -> Document:
    """Return the guide for one language; `measure` sizes diagrams so they fit a page."""
    return GuideComposer(c, tr, ed, measure).compose()


__all__ = ["Edition", "compose_guide", "PageBreak"]
