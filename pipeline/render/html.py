"""HTML rendering with Jinja2: the document's blocks become print-ready HTML."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from pipeline.compose.document import BarChart, Document, Figure
from pipeline.content.limits import control_char
from pipeline.content.text import MARK_CLOSE, MARK_OPEN, parse_inline, plain
from pipeline.errors import PipelineError
from pipeline.render.diagram import render as render_dot

PAGE_SIZES = {"a4": "A4", "letter": "letter"}


def _unknown(block: Any) -> str:
    raise PipelineError(f"internal: no HTML for block type {type(block).__name__}")


def environment(templates: Path, cache: Path) -> Environment:
    """Return the Jinja2 environment with the filters templates use."""
    env = Environment(loader=FileSystemLoader(templates), autoescape=select_autoescape(
        default=True, default_for_string=True), undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"], trim_blocks=False)
    env.filters["runs"] = parse_inline
    env.filters["kind"] = lambda b: type(b).__name__
    env.filters["plain"] = plain
    env.filters["unknown_block"] = _unknown

    def svg_uri(fig: Figure) -> str:
        svg = render_dot(fig.dot, "svg", cache)
        return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()

    env.filters["svg_uri"] = svg_uri
    env.filters["chart_uri"] = chart_uri
    return env


def chart_svg(chart: BarChart) -> str:
    """Draw a horizontal bar chart as SVG: one bar per item on a 0..maximum scale."""
    row, left, width = 26, 190, 300
    height = row * len(chart.bars) + 24
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 50}" '
             f'height="{height}" font-family="Noto Sans" font-size="11">']
    for tick in range(int(chart.maximum) + 1):
        x = left + width * tick / chart.maximum
        parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 18}" '
                     'stroke="#cccccc" stroke-width="0.6"/>')
        parts.append(f'<text x="{x:.1f}" y="{height - 4}" text-anchor="middle" '
                     f'fill="#555555">{tick}</text>')
    for i, (label, value, text) in enumerate(chart.bars):
        y = i * row + 4
        w = width * max(0.0, min(value, chart.maximum)) / chart.maximum
        colour = "#c55a11" if value < chart.maximum * 0.625 else "#1f4e79"
        parts.append(f'<text x="{left - 8}" y="{y + 14}" text-anchor="end" fill="#222222">'
                     f'{escape(plain(label)[:34])}</text>')
        parts.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="18" fill="{colour}"/>')
        parts.append(f'<text x="{left + w + 5:.1f}" y="{y + 14}" fill="#222222">'
                     f'{escape(text)}</text>')
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


def render_html(doc: Document, paper: str, templates: Path, cache: Path,
                gettext: Any = None) -> str:
    """Return the document as one HTML page for the given paper size."""
    env = environment(templates, cache)
    if gettext is not None:
        # Template strings are not run through inline markup, so drop preview marks here.
        def plain(msgid: str) -> str:
            # Jinja applies `%` formatting to every newstyle gettext result, and the
            # templates pass no variables: a literal % (as in "100 %") must be doubled.
            return gettext.gettext(msgid).strip(MARK_OPEN + MARK_CLOSE).replace("%", "%%")

        env.install_gettext_callables(plain, gettext.ngettext, newstyle=True)
    else:
        env.install_null_translations(newstyle=True)
    page_css = Markup(f"@page {{ size: {PAGE_SIZES[paper]}; "
                      f"@top-right {{ content: {css_string(doc.meta.running_title)}; }} }} "
                      "@page cover { @top-right { content: none; } }")

    return env.get_template("document.html").render(
        meta=doc.meta, blocks=doc.blocks, headings=doc.headings(), page_css=page_css)
