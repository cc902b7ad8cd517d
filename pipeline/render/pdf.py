"""PDF output through WeasyPrint, with a URL fetcher that cannot leave the project."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

from pypdf import PdfWriter
from pypdf.generic import NameObject
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

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


def write_pdf(html: str, out: Path, root: Path, templates: Path, forms: bool = False) -> int:
    """Render HTML to a PDF file; return the page count. WeasyPrint warnings fail the build."""
    check_fonts()
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        document = HTML(string=html, base_url=str(root), url_fetcher=ProjectFetcher(root)
                        ).render(stylesheets=[CSS(filename=str(templates / "print.css"))])
        ident = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
        document.write_pdf(out, pdf_variant="pdf/ua-1", pdf_identifier=ident,
                           pdf_forms=forms, custom_metadata=False)
    finally:
        logger.removeHandler(handler)
    if handler.messages:
        raise PipelineError("WeasyPrint reported problems:\n  " + "\n  ".join(handler.messages))
    if forms:
        fix_radio_groups(out)
    return len(document.pages)


def fix_radio_groups(path: Path) -> None:
    """Drop the /T that WeasyPrint also puts on radio buttons, so the group has one name.

    With it, readers see each button as a field "name.name" beside the group "name".
    """
    writer = PdfWriter(clone_from=path)
    for page in writer.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if "/Parent" in annot and "/T" in annot:
                del annot[NameObject("/T")]
    with path.open("wb") as fh:
        writer.write(fh)
