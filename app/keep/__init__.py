"""Keeping answers, only when the person asks: a file on their device, or
encrypted on the server behind a resume code; and the result as a PDF.

The tables saved_answers and shared_answers live in app/answer_store (shared with counsel);
this blueprint owns the `flask keep purge` command (alias: `flask saved purge`).
"""

from . import share_views  # noqa: F401  (share-code routes, on the same blueprint)
from .views import bp, saved_group

__all__ = ["bp", "saved_group"]
