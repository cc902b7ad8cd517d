"""PDF output through WeasyPrint, with a URL fetcher that cannot leave the project."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from pipeline.compose.document import Field
from pipeline.errors import PipelineError
from pipeline.render.fonts import check_fonts


class ProjectFetcher(URLFetcher):
    """Fetches only data: URIs and files inside the project; nothing from the network."""

    def __init__(self, root: Path) -> None:
        super().__init__(allowed_protocols={"file", "data"})
        self.root = root.resolve()

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.startswith("file:"):
            from urllib.parse import unquote, urlparse

            path = Path(unquote(urlparse(url).path)).resolve()
            if not path.is_relative_to(self.root):
                raise ValueError(f"refused to read {path}: outside the project")
        elif not url.startswith("data:"):
            raise ValueError(f"refused to fetch {url}: only project files may be used")
        return super().fetch(url, headers)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def write_pdf(html: str, out: Path, root: Path, templates: Path,
              forms: Sequence[Field] = (), kind: str = "") -> int:
    """Render HTML to a PDF file; return the page count. WeasyPrint warnings fail the build.

    With `forms`, the document's fields become an AcroForm that needs no /NeedAppearances.
    A document kind may have its own stylesheet after print.css, e.g. templates/poster.css.
    """
    check_fonts()
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        document = HTML(string=html, base_url=str(root), url_fetcher=ProjectFetcher(root)
                        ).render(stylesheets=[CSS(filename=str(css)) for css in (
                            templates / "print.css", templates / f"{kind}.css") if css.exists()])
        ident = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
        document.write_pdf(out, pdf_variant="pdf/ua-1", pdf_identifier=ident,
                           pdf_forms=bool(forms), custom_metadata=False)
    finally:
        logger.removeHandler(handler)
    if handler.messages:
        raise PipelineError("WeasyPrint reported problems:\n  " + "\n  ".join(handler.messages))
    if forms:
        # Imported here: pypdf takes a quarter of a second to load, and only forms need it.
        from pipeline.render.pdfforms import finish_form

        finish_form(out, forms)
    return len(document.pages)


