"""The result as a PDF, made with WeasyPrint from an HTML template.

Rendered in memory from text only: the fetcher refuses every URL, so making
a PDF never reads a file or the network, and nothing is written to disk.
WeasyPrint needs Debian's pango (see .ci/debian-packages.txt).
"""

from __future__ import annotations

from pathlib import Path

STYLESHEET = Path(__file__).with_name("pdf.css")


def render_pdf(html: str) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError("a Passage PDF loads nothing from anywhere")

    fetcher = NoFetching()
    stylesheet = CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=fetcher)
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[stylesheet])
