"""Keeping answers, only when the person asks: a file on their device, or
encrypted on the server behind a resume code; and the result as a PDF.

Owns the tables saved_answers and shared_answers (see models.py, sharing.py) and the
`flask keep purge` command (alias: `flask saved purge`).
"""

from . import (
    models,  # noqa: F401  (the table must be known to Flask-Migrate)
    share_views,  # noqa: F401  (share-code routes, on the same blueprint)
)
from .views import bp, saved_group

__all__ = ["bp", "saved_group"]
