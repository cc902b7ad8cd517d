"""Compose the fill-in worksheets from worksheets.yaml and the content they draw on."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from pipeline.compose.common import Edition, edition_line, labels, prose
from pipeline.compose.document import (
    Block,
    Document,
    Field,
    FormField,
    FormTable,
    Heading,
    Meta,
    Paragraph,
)
from pipeline.compose.tree import reachable
from pipeline.content.model import Content, Worksheet, WorksheetSection
from pipeline.content.model import FormField as FieldSpec
from pipeline.i18n.translate import Translator

SCORES = tuple((str(i), str(i)) for i in range(1, 5))


def make_field(spec: FieldSpec, fid: str, ws: str, label: str | None = None,
               choices: tuple[tuple[str, str], ...] | None = None) -> Field:
    """Turn a field template into a concrete field with its stable ID."""
    if choices is None:
        choices = SCORES if spec.type == "score" else tuple((c.id, c.label) for c in spec.choices)
    return Field(fid, spec.type, label or spec.label, spec.help or "", choices, ws)


class WorksheetComposer:
    """Builds one worksheet's blocks; field IDs depend only on content IDs, never on language."""

    def __init__(self, c: Content, tr: Translator, ed: Edition) -> None:
        self.c, self.tr, self.ed, self._ = c, tr, ed, tr._

    def compose(self, ws: Worksheet) -> Document:
        g = self.c.guide
        meta = Meta("worksheet", self.ed.lang, ws.title, g.title, g.publisher, self.ed.version,
                    self.ed.date_iso, self.ed.date_text, g.title, labels(self.tr),
                    self.ed.preview)
        blocks: list[Block] = [Heading(1, ws.title, ws.id), *prose(ws.purpose),
                               Paragraph(edition_line(self.tr, self.ed), "small")]
        for sec in ws.sections:
            blocks += [Heading(2, sec.title, f"{ws.id}-{sec.id}"), *prose(sec.intro)]
            blocks += list(self.section(ws, sec))
        return Document(meta, tuple(blocks))

    def section(self, ws: Worksheet, sec: WorksheetSection) -> Iterator[Block]:
        if sec.per == "question":
            yield from self.per_question(ws, sec)
        elif sec.per == "decision":
            yield from self.per_decision(ws, sec)
        elif sec.per == "tool":
            rows = tuple((t.name, *(make_field(f, f"{t.id}:{f.id}", ws.id,
                                                f"{t.name}: {f.label}") for f in sec.fields))
                         for t in self.c.tools.tools)
            yield FormTable((self._("Tool"), *(f.label for f in sec.fields)), rows,
                            (4, *(3 if f.type == "checkbox" else 6 for f in sec.fields)))
        elif sec.per == "option":
            yield from self.per_option(ws, sec)
        elif sec.rows:
            rows = tuple((str(i), *(make_field(f, f"{sec.id}:{i}:{f.id}", ws.id,
                                               f"{f.label} {i}") for f in sec.fields))
                         for i in range(1, sec.rows + 1))
            yield FormTable(("#", *(f.label for f in sec.fields)), rows,
                            (1, *(4 if f.type == "score" else 5 for f in sec.fields)))
        else:
            for f in sec.fields:
                yield FormField(make_field(f, f"{sec.id}:{f.id}", ws.id))

    def per_question(self, ws: Worksheet, sec: WorksheetSection) -> Iterator[Block]:
        a = self.c.assessment
        scale = "; ".join(f"{i + 1} = {s}" for i, s in enumerate(a.scale))
        yield Paragraph(self._("**Scale:** {scale}").format(scale=scale), "small")
        for dim in a.dimensions:
            yield Heading(3, dim.title, f"{ws.id}-{dim.id}", False)
            rows = tuple((str(n), q.text, *(make_field(f, f"{dim.id}:{q.id}", ws.id, q.text)
                                            for f in sec.fields))
                         for n, q in enumerate(dim.questions, 1))
            yield FormTable(("#", self._("Question"), *(f.label for f in sec.fields)), rows,
                            (1, 10, 5))
            scores = tuple(c.id for row in rows for c in row
                           if isinstance(c, Field) and c.type == "score")
            for f in sec.group_fields:
                field = make_field(f, f"{dim.id}:{f.id}", ws.id, f"{f.label} ({dim.title})")
                # A number beside a dimension's scores is their average, computed in the form.
                yield FormField(replace(field, average_of=scores) if f.type == "number"
                                else field)

    def per_option(self, ws: Worksheet, sec: WorksheetSection) -> Iterator[Block]:
        """One row per strategy option: its key indicator and the fields to fill."""
        pair = self._("{option}: {indicator}")
        rows = tuple((pair.format(option=s.title, indicator=s.indicators[0]),
                      *(make_field(f, f"{s.id}:{f.id}", ws.id, pair.format(
                          option=s.indicators[0], indicator=f.label))
                        for f in sec.fields))
                     for s in self.c.strategies.options)
        yield FormTable((self._("Strategy option and key indicator"),
                         *(f.label for f in sec.fields)), rows, (8, *(3 for _f in sec.fields)))

    def per_decision(self, ws: Worksheet, sec: WorksheetSection) -> Iterator[Block]:
        t = self.c.decision_tree
        decisions = {d.id: d for d in t.decisions}
        for num, did in enumerate([n for n in reachable(t, t.root) if n in decisions], 1):
            d = decisions[did]
            yield Heading(3, self._("Decision {n}: {title}").format(n=num, title=d.title),
                          f"{ws.id}-{d.id}", False)
            yield Paragraph(d.question, "question")
            for f in sec.fields:
                choices = tuple((o.id, o.label) for o in d.options) \
                    if f.type == "choice" and not f.choices else None
                yield FormField(make_field(f, f"{d.id}:{f.id}", ws.id, choices=choices))


def compose_worksheet(c: Content, tr: Translator, ed: Edition, ws_id: str) -> Document:
    """Return one worksheet for one language."""
    ws = next((w for w in c.worksheets.worksheets if w.id == ws_id), None)
    if ws is None:
        from pipeline.errors import PipelineError

        known = ", ".join(w.id for w in c.worksheets.worksheets)
        raise PipelineError(f"unknown worksheet '{ws_id}'; known worksheets: {known}")
    return WorksheetComposer(c, tr, ed).compose(ws)


def all_fields(c: Content, tr: Translator | None = None) -> dict[str, Field]:
    """Return every worksheet field by ID, labelled in `tr`'s language (IDs are the same)."""
    tr = tr or Translator("en")
    ed = Edition(tr.lang, "", "2026-01-01", "")
    composer = WorksheetComposer(c, tr, ed)
    return {f.id: f for ws in c.worksheets.worksheets for f in composer.compose(ws).fields()}
