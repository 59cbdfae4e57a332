"""Read a served PDF as a person reads it: its text, whitespace folded (pypdf)."""

from __future__ import annotations

import io
import unicodedata

from pypdf import PdfReader


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def pdf_text(data: bytes) -> str:
    return flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))
