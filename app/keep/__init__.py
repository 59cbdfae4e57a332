"""Keeping answers, only when the person asks: a file on their device, or
encrypted on the server behind a resume code; and the result as a PDF.

Owns the first database table (saved_answers, see models.py) and the
`flask keep purge` command (alias: `flask saved purge`).
"""

from . import models  # noqa: F401  (the table must be known to Flask-Migrate)
from .views import bp, purge_at_startup, saved_group

__all__ = ["bp", "purge_at_startup", "saved_group"]
