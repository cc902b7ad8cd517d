"""HTML rendering with Jinja2: the document's blocks become print-ready HTML."""

from __future__ import annotations

import base64
import contextlib
import re
import textwrap
from pathlib import Path
from typing import Any

from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)
from jinja2.bccache import Bucket
from markupsafe import Markup, escape

from pipeline.compose.document import BarChart, Document, Figure
from pipeline.content.limits import control_char
from pipeline.content.text import MARK_CLOSE, MARK_OPEN, parse_inline, plain
from pipeline.errors import PipelineError
from pipeline.i18n.localefmt import tag
from pipeline.render.diagram import render as render_dot
from pipeline.render.flow import arrange, column_widths, landscape, whole

PAGE_SIZES = {"a4": "A4", "letter": "letter", "a2": "A2"}


def _unknown(block: Any) -> str:
    raise PipelineError(f"internal: no HTML for block type {type(block).__name__}")


class _BytecodeCache(FileSystemBytecodeCache):
    """Jinja's compiled-template cache; one that cannot be written only costs time."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        # A full disk is reported where the output itself is written.
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def environment(templates: Path, cache: Path) -> Environment:
    """Return the Jinja2 environment with the filters templates use."""
    # Compiled templates are cached (keyed by their source), which saves compiling them in
    # every process.
    (cache / "jinja").mkdir(parents=True, exist_ok=True)
    env = Environment(loader=FileSystemLoader(templates), autoescape=select_autoescape(
        default=True, default_for_string=True), undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"], trim_blocks=False,
        bytecode_cache=_BytecodeCache(str(cache / "jinja")))
    env.filters["runs"] = parse_inline
    env.filters["kind"] = lambda b: type(b).__name__  # also flow's Keep and ListPart
    env.filters["plain"] = plain
    env.filters["unknown_block"] = _unknown
    env.filters["langtag"] = tag

    def svg_uri(fig: Figure) -> str:
        svg = render_dot(fig.dot, "svg", cache)
        return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()

    env.filters["svg_uri"] = svg_uri
    env.filters["chart_uri"] = chart_uri
    env.filters["column_widths"] = lambda t: column_widths(t.header, t.rows)
    env.filters["whole"] = whole
    return env


def chart_svg(chart: BarChart) -> str:
    """Draw a horizontal bar chart as SVG: one bar per item on a 0..maximum scale.

    Long labels wrap onto several lines in the label column; they are never cut.
    """
    left, width, line = 210, 300, 13
    labels = [textwrap.wrap(plain(label), 32) or [""] for label, _v, _t in chart.bars]
    rows = [max(26, line * len(lines) + 10) for lines in labels]
    height = sum(rows) + 24
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 50}" '
             f'height="{height}" font-family="Noto Sans" font-size="11">']
    for tick in range(int(chart.maximum) + 1):
        x = left + width * tick / chart.maximum
        parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 18}" '
                     'stroke="#cccccc" stroke-width="0.6"/>')
        parts.append(f'<text x="{x:.1f}" y="{height - 4}" text-anchor="middle" '
                     f'fill="#555555">{tick}</text>')
    y = 4
    for lines, row, (_label, value, text) in zip(labels, rows, chart.bars, strict=True):
        w = width * max(0.0, min(value, chart.maximum)) / chart.maximum
        colour = "#c55a11" if value < chart.maximum * 0.625 else "#1f4e79"
        bar = y + (row - 26) / 2  # the bar sits in the middle of its (maybe taller) row
        first = bar + 14 - line * (len(lines) - 1) / 2
        spans = "".join(f'<tspan x="{left - 8}" y="{first + i * line:.1f}">{escape(t)}</tspan>'
                        for i, t in enumerate(lines))
        parts.append(f'<text text-anchor="end" fill="#222222">{spans}</text>')
        parts.append(f'<rect x="{left}" y="{bar:.1f}" width="{w:.1f}" height="18" '
                     f'fill="{colour}"/>')
        parts.append(f'<text x="{left + w + 5:.1f}" y="{bar + 14:.1f}" fill="#222222">'
                     f'{escape(text)}</text>')
        y += row
    parts.append("</svg>")
    return "".join(parts)


def chart_uri(chart: BarChart) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(chart_svg(chart).encode()).decode()


def css_string(text: str) -> str:
    """Quote text as a CSS string; hex escapes keep quotes, tags and line ends from breaking out.

    Control characters are dropped: CSS cannot show them, and \\r or \\f would end the string.
    """
    return '"' + "".join(f"\\{ord(c):x} " if c in '\\"<>\n' else c for c in plain(text)
                         if not control_char(c)) + '"'


def template_text(text: str) -> Markup:
    """Escape a translated template string; keep `%(name)s` placeholders, double other `%`."""
    return Markup(re.sub(r"%(?!\(\w+\)[sd])", "%%", str(escape(text))))


def render_html(doc: Document, paper: str, templates: Path, cache: Path,
                gettext: Any = None, duplex: bool = False) -> str:
    """Return the document as one HTML page for the given paper size."""
    env = environment(templates, cache)
    if gettext is not None:
        # Template strings are not run through inline markup, so drop preview marks here.
        # Jinja marks what gettext returns as safe and then applies `%`, so escape it here
        # like any other text, and double a translator's literal `%`.
        def plain(msgid: str) -> str:
            return template_text(gettext.gettext(msgid).strip(MARK_OPEN + MARK_CLOSE))

        def nplain(singular: str, plural: str, n: int) -> str:
            return template_text(gettext.ngettext(singular, plural, n))

        env.install_gettext_callables(plain, nplain, newstyle=True)
    else:
        env.install_null_translations(newstyle=True)
    size = PAGE_SIZES[paper] + (" landscape" if landscape(doc) else "")
    xref = css_string("\u00a0→\u00a0" + doc.meta.labels.get("page_abbr", "p.") + "\u00a0")
    page_css = Markup(f"@page {{ size: {size}; "
                      f"@top-right {{ content: {css_string(doc.meta.running_title)}; }} }} "
                      "@page cover { @top-right { content: none; } } "
                      f"a.xref::after {{ content: {xref} target-counter(attr(href), page); }}")

    return env.get_template("document.html").render(
        meta=doc.meta, blocks=arrange(doc.blocks), headings=doc.headings(), page_css=page_css,
        duplex=duplex)
